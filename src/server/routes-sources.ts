import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { SOURCE_KINDS, type SourceKind } from '../core/index.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { errorResponses } from './responses.ts';
import { clusterSchema, pageQuery, pageSchema, sourceSchema } from './schemas.ts';

const sourceClusterSchema = z
  .object({ cluster: clusterSchema, appearances: z.number().int() })
  .openapi('SourceCluster');

const listSources = createRoute({
  method: 'get',
  path: '/api/sources',
  tags: ['sources'],
  summary: 'Claimants, those in the most clusters first',
  request: {
    query: pageQuery.extend({
      search: z.string().min(1).max(200).optional().openapi({ description: 'name contains (any case)' }),
      kind: z
        .string()
        .optional()
        .openapi({ description: `comma-separated kinds: ${SOURCE_KINDS.join(', ')}` }),
    }),
  },
  responses: {
    200: {
      description: 'a page of sources',
      content: { 'application/json': { schema: pageSchema(sourceSchema, 'SourcePage') } },
    },
    ...errorResponses(400, 401),
  },
});

const sourceClaims = createRoute({
  method: 'get',
  path: '/api/sources/{name}/claims',
  tags: ['sources'],
  summary: 'Every claim cluster attributed to one claimant, most appearances first',
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .openapi({ param: { name: 'name', in: 'path' } }),
    }),
    query: pageQuery,
  },
  responses: {
    200: {
      description: 'a page of clusters',
      content: { 'application/json': { schema: pageSchema(sourceClusterSchema, 'SourceClusterPage') } },
    },
    ...errorResponses(400, 401, 404),
  },
});

function parseKinds(raw: string | undefined): SourceKind[] | undefined {
  if (!raw) return undefined;
  return raw.split(',').map((part) => {
    const kind = part.trim();
    if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
      throw new ApiError('invalid-request', `kind "${kind}" is not one of ${SOURCE_KINDS.join(', ')}`, 400);
    }
    return kind as SourceKind;
  });
}

/** `/api/sources`: claimants and the claims attributed to them. */
export function registerSourceRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;

  app.openapi(listSources, async (c) => {
    const { limit, cursor, search, kind } = c.req.valid('query');
    const kinds = parseKinds(kind);
    const page = await store.listSources({
      limit,
      ...(cursor ? { cursor } : {}),
      ...(search ? { search } : {}),
      ...(kinds ? { kinds } : {}),
    });
    return c.json(page, 200);
  });

  app.openapi(sourceClaims, async (c) => {
    const { name } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const page = await store.sourceClusters(name, { limit, ...(cursor ? { cursor } : {}) });
    if (page.total === 0) {
      throw new ApiError(
        'not-found',
        `no claim is attributed to "${name}"; see /api/sources for the names`,
        404,
      );
    }
    return c.json(page, 200);
  });
}
