import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { JOB_STATES, type JobQueue } from '../queue/index.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { errorResponses } from './responses.ts';
import { idParams } from './schemas.ts';

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    payload: z.record(z.string(), z.unknown()),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.string(),
    lockedBy: z.string().nullable(),
    lockedUntil: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

const countsSchema = z
  .object({
    queued: z.number().int(),
    running: z.number().int(),
    done: z.number().int(),
    dead: z.number().int(),
  })
  .openapi('JobCounts');

const listJobs = createRoute({
  method: 'get',
  path: '/api/jobs',
  tags: ['jobs'],
  summary: 'Queued, running, done and dead (failed for good) jobs, newest first; reviewer or admin',
  description: 'Only a PostgreSQL ledger has a job queue; with SQLite this answers 409 no-queue.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      state: z.enum(JOB_STATES).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: {
      description: 'counts per state and the newest jobs',
      content: {
        'application/json': {
          schema: z.object({ counts: countsSchema, items: z.array(jobSchema) }).openapi('JobList'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 409),
  },
});

const retryJob = createRoute({
  method: 'post',
  path: '/api/jobs/{id}/retry',
  tags: ['jobs'],
  summary: 'Put a dead job back in the queue; admin only',
  security: [{ bearer: [] }],
  request: { params: idParams },
  responses: {
    200: { description: 'queued again', content: { 'application/json': { schema: jobSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** The queue, or a 409 saying why there is none. */
export function queueOf(deps: AppDependencies): JobQueue {
  if (!deps.queue) {
    throw new ApiError(
      'no-queue',
      'this ledger has no job queue: only a PostgreSQL ledger (serve --db postgres://...) queues work for workers',
      409,
    );
  }
  return deps.queue;
}

/** `/api/jobs`: what the workers are doing and what failed for good (the dead letters). */
export function registerJobRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  app.openapi(listJobs, async (c) => {
    requireRole(c, 'reviewer');
    const queue = queueOf(deps);
    const { state, limit } = c.req.valid('query');
    const items = await queue.list({ limit, ...(state ? { state } : {}) });
    return c.json({ counts: await queue.counts(), items }, 200);
  });
  app.openapi(retryJob, async (c) => {
    requireRole(c, 'admin');
    return c.json(await queueOf(deps).retry(c.req.valid('param').id), 200);
  });
}
