import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { analysisSchema } from '../core/index.ts';
import { INGEST_JOBS } from '../queue/index.ts';
import { alertsAfterArticle } from '../review/index.ts';
import { readSubmission } from './article-input.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { errorResponses } from './responses.ts';
import { jobSchema } from './routes-jobs.ts';
import {
  articleInputSchema,
  articleSchema,
  idParams,
  ingestOutcomeSchema,
  pageQuery,
  pageSchema,
  storedClaimSchema,
} from './schemas.ts';

const articleDetailSchema = z
  .object({
    article: articleSchema,
    text: z.string(),
    analysis: analysisSchema,
    claims: z.array(storedClaimSchema),
  })
  .openapi('ArticleDetail');

const listArticles = createRoute({
  method: 'get',
  path: '/api/articles',
  tags: ['articles'],
  summary: 'Stored articles, the most recently seen first',
  request: { query: pageQuery },
  responses: {
    200: {
      description: 'a page of articles',
      content: { 'application/json': { schema: pageSchema(articleSchema, 'ArticlePage') } },
    },
    ...errorResponses(400, 401),
  },
});

const getArticle = createRoute({
  method: 'get',
  path: '/api/articles/{id}',
  tags: ['articles'],
  summary: "An article's current version: text, analysis and claims",
  request: { params: idParams },
  responses: {
    200: { description: 'the article', content: { 'application/json': { schema: articleDetailSchema } } },
    ...errorResponses(401, 404),
  },
});

const postArticle = createRoute({
  method: 'post',
  path: '/api/articles',
  tags: ['articles'],
  summary: 'Analyze an article (text, HTML or URL) and store it in the ledger',
  description:
    'Needs a reviewer token. 201 when stored (new or a new version), 200 when it was already stored as it is. ' +
    'On a PostgreSQL ledger with workers the article is queued instead: 202 with the job.',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: articleInputSchema } } } },
  responses: {
    200: { description: 'already stored', content: { 'application/json': { schema: ingestOutcomeSchema } } },
    201: { description: 'stored', content: { 'application/json': { schema: ingestOutcomeSchema } } },
    202: {
      description: 'queued for a worker',
      content: { 'application/json': { schema: z.object({ job: jobSchema }).openapi('QueuedArticle') } },
    },
    ...errorResponses(400, 401, 403, 413, 429),
  },
});

/** `/api/articles`: list, read, and submit articles. */
export function registerArticleRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store, ledger, settings } = deps;

  app.openapi(listArticles, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await store.listArticles({ limit, ...(cursor ? { cursor } : {}) }), 200);
  });

  app.openapi(getArticle, async (c) => {
    const { id } = c.req.valid('param');
    const article = await store.getArticle(id);
    const version = await store.getArticleVersion(id);
    const claims = await store.articleClaims(id);
    return c.json({ article, text: version.text, analysis: version.analysis, claims }, 200);
  });

  app.openapi(postArticle, async (c) => {
    requireRole(c, 'reviewer');
    const submission = c.req.valid('json');
    if (deps.queue) {
      const { text, html, url, title, publisher, published } = submission;
      const job =
        text === undefined && html === undefined
          ? await deps.queue.enqueue(INGEST_JOBS.ingestUrl, { url }, { dedupeKey: `url:${url}` })
          : await deps.queue.enqueue(INGEST_JOBS.ingestArticle, {
              ...(text !== undefined ? { text } : {}),
              ...(html !== undefined ? { html } : {}),
              ...(url ? { url } : {}),
              ...(title ? { title } : {}),
              ...(publisher ? { publisher } : {}),
              ...(published ? { published } : {}),
            });
      return c.json({ job }, 202);
    }
    const outcome = await ledger.ingest(await readSubmission(submission, settings));
    // Watched clusters this article joined may now call for an alert (a new outlet, hedging gone).
    await alertsAfterArticle(store, outcome);
    return c.json(outcome, outcome.status === 'unchanged' ? 200 : 201);
  });
}
