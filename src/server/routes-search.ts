import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDependencies, AppEnv } from './context.ts';
import { errorResponses } from './responses.ts';
import { appearanceSchema, clusterSchema, pageQuery, sourceSchema } from './schemas.ts';

const searchRoute = createRoute({
  method: 'get',
  path: '/api/search',
  tags: ['search'],
  summary: 'Search everything: clusters, claim appearances and sources',
  request: {
    query: pageQuery.extend({
      q: z.string().min(1).max(500).openapi({ description: 'the words to look for' }),
    }),
  },
  responses: {
    200: {
      description: 'matches of each kind; `limit` and `cursor` page the appearances',
      content: {
        'application/json': {
          schema: z
            .object({
              clusters: z.array(z.object({ cluster: clusterSchema, matchedText: z.string() })),
              appearances: z.object({
                items: z.array(appearanceSchema),
                total: z.number().int(),
                nextCursor: z.string().nullable(),
              }),
              sources: z.array(sourceSchema),
            })
            .openapi('SearchResult'),
        },
      },
    },
    ...errorResponses(400, 401),
  },
});

/** `/api/search`: one query over clusters, appearances and sources. */
export function registerSearchRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;
  app.openapi(searchRoute, async (c) => {
    const { q, limit, cursor } = c.req.valid('query');
    const [clusters, appearances, sources] = await Promise.all([
      store.searchClusters(q, { match: 'any', limit: 20 }),
      store.searchClaims(q, { limit, ...(cursor ? { cursor } : {}), match: 'any' }),
      store.listSources({ search: q, limit: 20 }),
    ]);
    return c.json({ clusters, appearances, sources: sources.items }, 200);
  });
}
