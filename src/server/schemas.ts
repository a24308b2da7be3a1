import { z } from '@hono/zod-openapi';
import { SIGNAL_TYPES, SOURCE_KINDS } from '../core/index.ts';
import {
  CLAIM_STATUSES,
  CLUSTER_SORTS,
  COPY_KINDS,
  EVIDENCE_KINDS,
  EVIDENCE_RELATIONS,
  MAX_PAGE_LIMIT,
  ROLES,
} from '../store/index.ts';

/*
 * The API's data, once: requests are validated against these schemas and the OpenAPI document is
 * generated from them, so the two cannot drift apart.
 */

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

export const idParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(50)
    .openapi({ description: 'items per page' }),
  cursor: z.string().min(1).optional().openapi({ description: 'the nextCursor of the previous page' }),
});

/** `{ items, total, nextCursor }` around a schema. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() })
    .openapi(name);
}

const isoTime = z.string().openapi({ example: '2026-03-02T09:30:00.000Z' });
const copyOf = z.object({ articleId: z.string(), kind: z.enum(COPY_KINDS) }).nullable();
export const claimStatusSchema = z.enum(CLAIM_STATUSES);

export const clusterSchema = z
  .object({
    id: z.string(),
    key: z.string().nullable(),
    representative: z.string(),
    createdAt: isoTime,
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    appearances: z.number().int(),
    articles: z.number().int(),
    outlets: z.number().int(),
    originalArticles: z.number().int(),
    claimants: z.number().int(),
    hedged: z.number().int(),
    status: claimStatusSchema,
  })
  .openapi('Cluster');

const signalSchema = z.object({
  type: z.enum(SIGNAL_TYPES),
  text: z.string(),
  start: z.number(),
  end: z.number(),
});

export const appearanceSchema = z
  .object({
    claimId: z.string(),
    clusterId: z.string(),
    articleId: z.string(),
    url: z.string().nullable(),
    publisher: z.string().nullable(),
    publishedAt: isoTime,
    publishedEstimated: z.boolean(),
    title: z.string().nullable(),
    copyOf,
    text: z.string(),
    sentenceIndex: z.number().int(),
    claimant: z.string().nullable(),
    claimantKind: z.enum(SOURCE_KINDS).nullable(),
    certainty: z.number(),
    hedged: z.boolean(),
    signals: z.array(signalSchema),
  })
  .openapi('Appearance');

export const articleSchema = z
  .object({
    id: z.string(),
    url: z.string().nullable(),
    publisher: z.string().nullable(),
    publishedAt: isoTime,
    publishedEstimated: z.boolean(),
    firstSeenAt: isoTime,
    title: z.string().nullable(),
    byline: z.string().nullable(),
    contentHash: z.string(),
    version: z.number().int(),
    copyOf,
  })
  .openapi('Article');

export const storedClaimSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    versionNumber: z.number().int(),
    clusterId: z.string(),
    current: z.boolean(),
    analysisClaimId: z.string(),
    sentenceIndex: z.number().int(),
    text: z.string(),
    start: z.number(),
    end: z.number(),
    claimant: z.string().nullable(),
    claimantKind: z.enum(SOURCE_KINDS).nullable(),
    certainty: z.number(),
    checkworthiness: z.number(),
    signals: z.array(signalSchema),
    hedged: z.boolean(),
  })
  .openapi('ArticleClaim');

export const articleInputSchema = z
  .object({
    text: z.string().min(1).optional().openapi({ description: 'the article as plain text or Markdown' }),
    html: z.string().min(1).optional().openapi({ description: 'the article page as HTML' }),
    url: z
      .string()
      .url()
      .optional()
      .openapi({ description: 'where it was published; fetched when no text or html is given' }),
    title: z.string().optional(),
    publisher: z.string().optional(),
    published: z.string().optional().openapi({ description: 'publication date, ISO 8601 preferred' }),
  })
  .refine((body) => body.text !== undefined || body.html !== undefined || body.url !== undefined, {
    message: 'give text, html or url',
  })
  .openapi('ArticleInput');

export const ingestOutcomeSchema = z
  .object({
    status: z.enum(['created', 'new-version', 'unchanged']),
    articleId: z.string(),
    claims: z.number().int(),
    joined: z.number().int(),
    started: z.number().int(),
    copyOf: z.string().nullable(),
  })
  .openapi('IngestOutcome');

export const evidenceSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    url: z.string().nullable(),
    reference: z.string().nullable(),
    quote: z.string().nullable(),
    relation: z.enum(EVIDENCE_RELATIONS),
    kind: z.enum(EVIDENCE_KINDS),
    note: z.string().nullable(),
    addedBy: z.string(),
    addedAt: isoTime,
  })
  .openapi('Evidence');

export const evidenceInputSchema = z
  .object({
    url: z.string().url().optional(),
    reference: z.string().min(1).max(2000).optional(),
    quote: z.string().max(10_000).optional(),
    relation: z.enum(EVIDENCE_RELATIONS),
    kind: z.enum(EVIDENCE_KINDS),
    note: z.string().max(10_000).optional(),
  })
  .refine((body) => body.url !== undefined || body.reference !== undefined, {
    message: 'give url or reference: where the evidence can be read',
  })
  .openapi('EvidenceInput');

export const statusEventSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    status: claimStatusSchema,
    previousStatus: claimStatusSchema,
    occurredAt: isoTime,
    recordedAt: isoTime,
    note: z.string().nullable(),
    author: z.string(),
    evidenceIds: z.array(z.string()),
    reply: z
      .object({ party: z.string(), url: z.string().nullable(), quote: z.string().nullable() })
      .nullable(),
  })
  .openapi('StatusEvent');

export const statusInputSchema = z
  .object({
    status: claimStatusSchema,
    occurredAt: z.string().datetime({ offset: true }).optional(),
    note: z.string().max(10_000).optional(),
    evidenceIds: z.array(z.string()).max(100).optional(),
    reply: z
      .object({ party: z.string().min(1), url: z.string().url().optional(), quote: z.string().optional() })
      .optional(),
  })
  .openapi('StatusInput');

export const verdictSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    rating: z.number(),
    ratingLabel: z.string(),
    rationale: z.string(),
    author: z.string(),
    claimReviewed: z.string(),
    url: z.string().nullable(),
    publishedAt: isoTime,
  })
  .openapi('Verdict');

export const verdictInputSchema = z
  .object({
    rating: z
      .number()
      .int()
      .min(1)
      .max(5)
      .openapi({ description: '1 false, 2 mostly false, 3 mixture, 4 mostly true, 5 true' }),
    rationale: z.string().min(1).max(20_000),
    claimReviewed: z.string().min(1).optional(),
    url: z.string().url().optional(),
  })
  .openapi('VerdictInput');

export const importedReviewSchema = z
  .object({
    id: z.string(),
    claimReviewed: z.string(),
    url: z.string(),
    reviewer: z.string().nullable(),
    datePublished: z.string().nullable(),
    ratingName: z.string().nullable(),
    ratingValue: z.number().nullable(),
    bestRating: z.number().nullable(),
    worstRating: z.number().nullable(),
    claimant: z.string().nullable(),
    appearanceUrls: z.array(z.string()),
    clusterId: z.string().nullable(),
    matchScore: z.number().nullable(),
    raw: z.string(),
    importedAt: isoTime,
  })
  .openapi('ImportedReview');

export const sourceSchema = z
  .object({
    name: z.string(),
    kinds: z.array(z.enum(SOURCE_KINDS)),
    appearances: z.number().int(),
    clusters: z.number().int(),
    articles: z.number().int(),
    outlets: z.number().int(),
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
  })
  .openapi('Source');

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
  })
  .openapi('Token');

export const clusterListQuery = pageQuery.extend({
  search: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .openapi({ description: 'only clusters with a claim containing these words' }),
  sort: z.enum(CLUSTER_SORTS).default('traction'),
  status: z
    .string()
    .optional()
    .openapi({ description: `comma-separated statuses: ${CLAIM_STATUSES.join(', ')}` }),
});
