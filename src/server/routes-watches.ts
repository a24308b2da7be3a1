import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ALERT_KINDS, MAX_PAGE_LIMIT } from '../store/index.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { pageOf } from './pagination.ts';
import { errorResponses } from './responses.ts';
import { idParams, pageQuery, pageSchema } from './schemas.ts';

const watchSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    hedgingThreshold: z.number().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Watch');

const alertSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    kind: z.enum(ALERT_KINDS),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    deliveryAttempts: z.number().int(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('Alert');

const watchRoute = createRoute({
  method: 'put',
  path: '/api/claims/{id}/watch',
  tags: ['watches'],
  summary:
    'Watch a cluster: alert on new outlets, status changes and, with a threshold, hedging falling below it',
  security: [{ bearer: [] }],
  request: {
    params: idParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({
              hedgingThreshold: z.number().min(0).max(1).nullable().optional().openapi({
                description: 'alert when the share of hedged appearances falls below this (0..1)',
              }),
            })
            .openapi('WatchInput'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'the watch (watching again updates its threshold)',
      content: { 'application/json': { schema: watchSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

const unwatchRoute = createRoute({
  method: 'delete',
  path: '/api/claims/{id}/watch',
  tags: ['watches'],
  summary: 'Stop watching a cluster',
  security: [{ bearer: [] }],
  request: { params: idParams },
  responses: { 204: { description: 'no longer watched' }, ...errorResponses(401, 403, 404, 429) },
});

const listWatches = createRoute({
  method: 'get',
  path: '/api/watches',
  tags: ['watches'],
  summary: 'Watched clusters',
  request: { query: pageQuery },
  responses: {
    200: {
      description: 'a page of watches',
      content: { 'application/json': { schema: pageSchema(watchSchema, 'WatchPage') } },
    },
    ...errorResponses(400, 401),
  },
});

const listAlerts = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['watches'],
  summary: 'Alerts on watched clusters, newest first',
  request: { query: pageQuery.extend({ clusterId: z.string().min(1).optional() }) },
  responses: {
    200: {
      description: 'a page of alerts',
      content: { 'application/json': { schema: pageSchema(alertSchema, 'AlertPage') } },
    },
    ...errorResponses(400, 401),
  },
});

/** Watches on clusters and the alerts they raise. */
export function registerWatchRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;

  app.openapi(watchRoute, async (c) => {
    const author = requireRole(c, 'reviewer');
    const { id } = c.req.valid('param');
    // The body is optional: a bare PUT watches without a hedging threshold.
    const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? {};
    await store.getCluster(id);
    const watch = await store.watchCluster({
      clusterId: id,
      hedgingThreshold: body.hedgingThreshold ?? null,
      createdBy: author.name,
    });
    return c.json(watch, 200);
  });

  app.openapi(unwatchRoute, async (c) => {
    requireRole(c, 'reviewer');
    const { id } = c.req.valid('param');
    await store.getCluster(id);
    await store.unwatchCluster(id);
    return c.body(null, 204);
  });

  app.openapi(listWatches, async (c) => c.json(pageOf(await store.listWatches(), c.req.valid('query')), 200));

  app.openapi(listAlerts, async (c) => {
    const { clusterId, ...page } = c.req.valid('query');
    // The store lists the newest alerts only; older ones are not paged beyond this window.
    const alerts = await store.listAlerts({ limit: MAX_PAGE_LIMIT, ...(clusterId ? { clusterId } : {}) });
    return c.json(pageOf(alerts, page), 200);
  });
}
