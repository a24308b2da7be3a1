import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { readClusterProfile } from '../ledger/index.ts';
import { CLAIM_STATUSES, type ClaimStatus } from '../store/index.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { errorResponses } from './responses.ts';
import {
  appearanceSchema,
  clusterListQuery,
  clusterSchema,
  evidenceSchema,
  idParams,
  importedReviewSchema,
  pageQuery,
  pageSchema,
  statusEventSchema,
  verdictSchema,
} from './schemas.ts';

const outletSchema = z.object({
  publisher: z.string(),
  appearances: z.number().int(),
  articles: z.number().int(),
  hedged: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});

const dossierSchema = z
  .object({
    cluster: clusterSchema,
    outlets: z.array(outletSchema),
    traction: z.object({
      firstAppearance: z.string().nullable(),
      lastAppearance: z.string().nullable(),
      days: z.array(
        z.object({
          day: z.string(),
          appearances: z.number().int(),
          outlets: z.number().int(),
          hedgedShare: z.number(),
          attributedShare: z.number(),
          statedShare: z.number(),
        }),
      ),
      growth: z.object({ recent: z.number().int(), previous: z.number().int() }),
    }),
    independence: z.object({
      appearances: z.number().int(),
      outlets: z.number().int(),
      independentOutlets: z.number().int(),
      originalSources: z.array(z.string()),
      deniedBy: z.array(z.string()),
      documentsCited: z.array(z.string()),
      verdict: z.string(),
    }),
    evidence: z.array(evidenceSchema),
    statusHistory: z.array(statusEventSchema),
    verdicts: z.array(verdictSchema),
    importedReviews: z.array(importedReviewSchema),
  })
  .openapi('Dossier');

const listClaims = createRoute({
  method: 'get',
  path: '/api/claims',
  tags: ['claims'],
  summary: 'Claim clusters by traction, appearances or recency; filter by words and status',
  request: { query: clusterListQuery },
  responses: {
    200: {
      description: 'a page of clusters',
      content: { 'application/json': { schema: pageSchema(clusterSchema, 'ClusterPage') } },
    },
    ...errorResponses(400, 401),
  },
});

const getClaim = createRoute({
  method: 'get',
  path: '/api/claims/{id}',
  tags: ['claims'],
  summary: 'One claim cluster with its counts and status',
  request: { params: idParams },
  responses: {
    200: { description: 'the cluster', content: { 'application/json': { schema: clusterSchema } } },
    ...errorResponses(401, 404),
  },
});

const getDossier = createRoute({
  method: 'get',
  path: '/api/claims/{id}/dossier',
  tags: ['claims'],
  summary: "A cluster's dossier: outlets, traction, source independence, evidence, status history, verdicts",
  description: 'The appearances themselves are paged at /api/claims/{id}/appearances.',
  request: { params: idParams },
  responses: {
    200: { description: 'the dossier', content: { 'application/json': { schema: dossierSchema } } },
    ...errorResponses(401, 404),
  },
});

const listAppearances = createRoute({
  method: 'get',
  path: '/api/claims/{id}/appearances',
  tags: ['claims'],
  summary: 'Where the claim appeared, oldest publication first',
  request: { params: idParams, query: pageQuery },
  responses: {
    200: {
      description: 'a page of appearances',
      content: { 'application/json': { schema: pageSchema(appearanceSchema, 'AppearancePage') } },
    },
    ...errorResponses(400, 401, 404),
  },
});

/** `status=denied,disputed` -> the statuses, or a 400 naming the unknown one. */
export function parseStatuses(raw: string | undefined): ClaimStatus[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((part) => {
    const status = part.trim();
    if (!(CLAIM_STATUSES as readonly string[]).includes(status)) {
      throw new ApiError(
        'invalid-request',
        `status "${status}" is not one of ${CLAIM_STATUSES.join(', ')}`,
        400,
      );
    }
    return status as ClaimStatus;
  });
}

/** `/api/claims`: clusters, dossiers and appearances. */
export function registerClaimRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;

  app.openapi(listClaims, async (c) => {
    const { limit, cursor, search, sort, status } = c.req.valid('query');
    const statuses = parseStatuses(status);
    const page = await store.listClusters({
      limit,
      sort,
      ...(cursor ? { cursor } : {}),
      ...(search ? { search } : {}),
      ...(statuses ? { statuses } : {}),
    });
    return c.json(page, 200);
  });

  app.openapi(getClaim, async (c) => c.json(await store.getCluster(c.req.valid('param').id), 200));

  app.openapi(getDossier, async (c) => {
    const { id } = c.req.valid('param');
    const dossier = await readClusterProfile(store, id);
    const [evidence, statusHistory, verdicts, importedReviews] = await Promise.all([
      store.listEvidence(id),
      store.statusHistory(id),
      store.listVerdicts(id),
      store.clusterImportedReviews(id),
    ]);
    return c.json(
      {
        cluster: dossier.cluster,
        outlets: dossier.outlets,
        traction: dossier.traction,
        independence: dossier.independence,
        evidence,
        statusHistory,
        verdicts,
        importedReviews,
      },
      200,
    );
  });

  app.openapi(listAppearances, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    await store.getCluster(id);
    return c.json(await store.clusterAppearances(id, { limit, ...(cursor ? { cursor } : {}) }), 200);
  });
}
