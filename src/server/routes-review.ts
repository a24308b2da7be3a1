import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { changeStatus } from '../review/index.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { pageOf } from './pagination.ts';
import { errorResponses } from './responses.ts';
import {
  evidenceInputSchema,
  evidenceSchema,
  idParams,
  pageQuery,
  pageSchema,
  statusEventSchema,
  statusInputSchema,
  verdictInputSchema,
  verdictSchema,
} from './schemas.ts';

/** A list and an add route for one kind of review record on a cluster. */
function reviewRoutes<Item extends z.ZodType, Input extends z.ZodType>(
  segment: string,
  item: Item,
  input: Input,
  names: { page: string; list: string; add: string },
) {
  const list = createRoute({
    method: 'get',
    path: `/api/claims/{id}/${segment}`,
    tags: ['review'],
    summary: names.list,
    request: { params: idParams, query: pageQuery },
    responses: {
      200: {
        description: names.list,
        content: { 'application/json': { schema: pageSchema(item, names.page) } },
      },
      ...errorResponses(400, 401, 404),
    },
  });
  const add = createRoute({
    method: 'post',
    path: `/api/claims/{id}/${segment}`,
    tags: ['review'],
    summary: names.add,
    description: 'Needs a reviewer token; the token name is recorded as the author.',
    security: [{ bearer: [] }],
    request: {
      params: idParams,
      body: { required: true, content: { 'application/json': { schema: input } } },
    },
    responses: {
      201: { description: 'recorded', content: { 'application/json': { schema: item } } },
      ...errorResponses(400, 401, 403, 404, 429),
    },
  });
  return { list, add };
}

const evidence = reviewRoutes('evidence', evidenceSchema, evidenceInputSchema, {
  page: 'EvidencePage',
  list: "A cluster's evidence, oldest first",
  add: 'Add evidence for or against the claim',
});
const status = reviewRoutes('status', statusEventSchema, statusInputSchema, {
  page: 'StatusEventPage',
  list: "A cluster's status history, oldest first",
  add: 'Record a status event (corroborated, denied, retracted...)',
});
const verdicts = reviewRoutes('verdicts', verdictSchema, verdictInputSchema, {
  page: 'VerdictPage',
  list: "A cluster's verdicts, newest (current) first",
  add: 'Give a verdict on the claim',
});

/** Evidence, status events and verdicts on a cluster. */
export function registerReviewRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;

  app.openapi(evidence.list, async (c) => {
    const { id } = c.req.valid('param');
    await store.getCluster(id);
    return c.json(pageOf(await store.listEvidence(id), c.req.valid('query')), 200);
  });
  app.openapi(evidence.add, async (c) => {
    const author = requireRole(c, 'reviewer');
    const body = c.req.valid('json');
    const record = await store.addEvidence({
      clusterId: c.req.valid('param').id,
      url: body.url ?? null,
      reference: body.reference ?? null,
      quote: body.quote ?? null,
      relation: body.relation,
      kind: body.kind,
      note: body.note ?? null,
      addedBy: author.name,
    });
    return c.json(record, 201);
  });

  app.openapi(status.list, async (c) => {
    const { id } = c.req.valid('param');
    await store.getCluster(id);
    return c.json(pageOf(await store.statusHistory(id), c.req.valid('query')), 200);
  });
  app.openapi(status.add, async (c) => {
    const author = requireRole(c, 'reviewer');
    const body = c.req.valid('json');
    // Through changeStatus, so that a watched cluster raises its status-change alert.
    const { event } = await changeStatus(store, {
      clusterId: c.req.valid('param').id,
      status: body.status,
      ...(body.occurredAt ? { occurredAt: body.occurredAt } : {}),
      note: body.note ?? null,
      author: author.name,
      evidenceIds: body.evidenceIds ?? [],
      reply: body.reply
        ? { party: body.reply.party, url: body.reply.url ?? null, quote: body.reply.quote ?? null }
        : null,
    });
    return c.json(event, 201);
  });

  app.openapi(verdicts.list, async (c) => {
    const { id } = c.req.valid('param');
    await store.getCluster(id);
    return c.json(pageOf(await store.listVerdicts(id), c.req.valid('query')), 200);
  });
  app.openapi(verdicts.add, async (c) => {
    const author = requireRole(c, 'reviewer');
    const body = c.req.valid('json');
    const verdict = await store.recordVerdict({
      clusterId: c.req.valid('param').id,
      rating: body.rating,
      rationale: body.rationale,
      author: author.name,
      claimReviewed: body.claimReviewed ?? null,
      url: body.url ?? null,
    });
    return c.json(verdict, 201);
  });
}
