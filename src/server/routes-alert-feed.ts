import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { alertsAtomFeed } from '../review/index.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { errorResponses } from './responses.ts';

const feedRoute = createRoute({
  method: 'get',
  path: '/api/alerts.atom',
  tags: ['watches'],
  summary: 'Alerts on watched clusters as an Atom feed, newest first',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      clusterId: z.string().min(1).optional(),
    }),
  },
  responses: {
    // Declared without a content schema: the body is Atom XML.
    200: { description: 'Atom feed (application/atom+xml)' },
    ...errorResponses(400, 401),
  },
});

/** `/api/alerts.atom`: the alerts for feed readers. */
export function registerAlertFeedRoute(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;
  app.openapi(feedRoute, async (c) => {
    const { limit, clusterId } = c.req.valid('query');
    const alerts = await store.listAlerts({ limit, ...(clusterId ? { clusterId } : {}) });
    const origin = new URL(c.req.url).origin;
    const xml = alertsAtomFeed(alerts, {
      selfUrl: new URL(c.req.path + (clusterId ? `?clusterId=${encodeURIComponent(clusterId)}` : ''), origin)
        .href,
      title: clusterId ? `claimtrail alerts on claim ${clusterId}` : 'claimtrail alerts',
      linkFor: (alert) => new URL(`/claims/${encodeURIComponent(alert.clusterId)}#watch`, origin).href,
    });
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });
}
