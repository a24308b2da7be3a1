import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { claimReviewForCluster, claimReviewsFromJsonLd, storeClaimReviews } from '../review/index.ts';
import type { Store } from '../store/index.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { errorResponses } from './responses.ts';
import { idParams, importedReviewSchema } from './schemas.ts';

/** Who is named as the author of exported reviews unless the app is told otherwise. */
export const DEFAULT_PUBLISHER = 'claimtrail review desk';
const MAX_IMPORT = 500;

const claimReviewDocument = z.record(z.string(), z.unknown()).openapi('ClaimReview', {
  description: 'schema.org ClaimReview JSON-LD',
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/claims/{id}/claim-review',
  tags: ['claim-review'],
  summary: "The cluster's current verdict as ClaimReview JSON-LD",
  request: { params: idParams },
  responses: {
    // Declared without a content schema: the body is JSON-LD written as it is, not a typed JSON reply.
    200: { description: 'schema.org ClaimReview JSON-LD (application/ld+json), as a download' },
    ...errorResponses(401, 404),
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/claim-reviews',
  tags: ['claim-review'],
  summary: 'Import fact-checks published elsewhere as ClaimReview JSON-LD (one object, an array, or @graph)',
  description:
    "Needs a reviewer token. Each review is matched to the cluster whose claim it checks, as an article's claim would be.",
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.union([claimReviewDocument, z.array(claimReviewDocument)]) },
      },
    },
  },
  responses: {
    200: {
      description: 'what was imported',
      content: {
        'application/json': {
          schema: z
            .object({
              items: z.array(
                z.object({ status: z.enum(['created', 'unchanged']), review: importedReviewSchema }),
              ),
              total: z.number().int(),
              nextCursor: z.null(),
            })
            .openapi('ImportResult'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 429),
  },
});

/**
 * The ClaimReview of a cluster's current verdict (404 without one). A verdict published nowhere else
 * is reviewed on this desk's dossier page, so that page is the review's `url`.
 */
export function exportClaimReview(
  store: Store,
  clusterId: string,
  publisher: string | undefined,
  origin: string,
) {
  return claimReviewForCluster(store, clusterId, {
    publisher: publisher ?? DEFAULT_PUBLISHER,
    url: new URL(`/claims/${encodeURIComponent(clusterId)}`, origin).href,
  });
}

/** ClaimReview out (a cluster's verdict) and in (fact-checks from elsewhere). */
export function registerClaimReviewRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store, publisherName } = deps;

  app.openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const document = await exportClaimReview(store, id, publisherName, new URL(c.req.url).origin);
    c.header(
      'Content-Disposition',
      `attachment; filename="claim-${id.replace(/[^\w-]/g, '')}-claimreview.json"`,
    );
    return c.body(JSON.stringify(document, null, 2), 200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
    });
  });

  app.openapi(importRoute, async (c) => {
    requireRole(c, 'reviewer');
    // Every review is read before any is stored, so one bad object imports none of them.
    const reviews = claimReviewsFromJsonLd(c.req.valid('json'), { source: 'the request body' });
    if (reviews.length > MAX_IMPORT) {
      throw new ApiError(
        'too-many',
        `${reviews.length} reviews in one request; send at most ${MAX_IMPORT}`,
        400,
      );
    }
    const items = await storeClaimReviews(store, reviews);
    return c.json({ items, total: items.length, nextCursor: null }, 200);
  });
}
