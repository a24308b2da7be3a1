import type pg from 'pg';
import { ClaimtrailError } from '../core/errors.ts';
import type { Job, JobPayload, JobQueue, JobState, QueueCounts } from './types.ts';

/*
 * Why a table with SELECT ... FOR UPDATE SKIP LOCKED and not pg-boss or graphile-worker.
 *
 * Both are well kept, but their current releases need Node 22 (claimtrail runs on Node 20), and
 * claimtrail needs little of what they add (cron, pub/sub, batching). What it does need is a queue in
 * the ledger's own database and schema, so that `migrate`, backups and a test's throwaway schema
 * carry the jobs with the articles, and a lease that fences a worker which lost its job: `complete`
 * and `fail` only apply to the attempt that claimed the job, so a worker that stalled past its lease
 * cannot mark a job that another worker is now running. The whole queue is the one table below.
 */

/** A queue-level failure: an unknown job id, a job that cannot be retried. */
export class QueueError extends ClaimtrailError {
  constructor(code: string, message: string, status = 400) {
    super(code, message, { status, exitCode: status >= 500 ? 1 : 2 });
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS claimtrail_jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,
  payload JSONB NOT NULL,
  dedupe_key TEXT,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_at TIMESTAMPTZ NOT NULL,
  locked_by TEXT,
  locked_until TIMESTAMPTZ,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ
);
-- The claim query reads only due queued jobs, oldest first.
CREATE INDEX IF NOT EXISTS claimtrail_jobs_due ON claimtrail_jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS claimtrail_jobs_leases ON claimtrail_jobs (locked_until) WHERE state = 'running';
CREATE INDEX IF NOT EXISTS claimtrail_jobs_state ON claimtrail_jobs (state, id);
-- One waiting job per key. A running job's key may be queued again: a feed poll schedules its next poll
-- under its own key while it runs.
CREATE UNIQUE INDEX IF NOT EXISTS claimtrail_jobs_queued_key ON claimtrail_jobs (dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state = 'queued';
`;

/** A stable lock key for creating the queue table: two workers starting at once do not race. */
const SCHEMA_LOCK = 0x636c_7471;

export interface PostgresQueueOptions {
  /** Milliseconds to wait before attempt n + 1 after n failed; default 2 s doubling to at most 10 min. */
  backoff?: (failedAttempts: number) => number;
}

/** Waits 2 s after the first failure, then doubles up to ten minutes. */
export function defaultBackoff(failedAttempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, failedAttempts - 1), 600_000);
}

interface JobRow {
  id: string;
  kind: string;
  payload: JobPayload;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

function toJob(row: JobRow): Job {
  return {
    id: String(row.id),
    kind: row.kind,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at.toISOString(),
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

function jobId(id: string): string {
  if (!/^\d{1,18}$/.test(id))
    throw new QueueError('invalid-job-id', `job id must be a whole number, got "${id}"`);
  return id;
}

/**
 * Opens the job queue in the database (and schema, through the pool's search_path) that `pool`
 * connects to, creating its table when absent. The pool stays the caller's to end.
 *
 * @example
 * const queue = await openPostgresQueue(pool);
 * await queue.enqueue('ingest-url', { url }, { dedupeKey: url });
 */
export async function openPostgresQueue(
  pool: pg.Pool,
  options: PostgresQueueOptions = {},
): Promise<JobQueue> {
  const { backoff = defaultBackoff } = options;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }

  async function rows(sql: string, values: unknown[] = []): Promise<JobRow[]> {
    return (await pool.query<JobRow>(sql, values)).rows;
  }

  async function get(id: string): Promise<Job> {
    const [row] = await rows('SELECT * FROM claimtrail_jobs WHERE id = $1', [jobId(id)]);
    if (!row) throw new QueueError('not-found', `no job "${id}" in the queue`, 404);
    return toJob(row);
  }

  return {
    async enqueue(kind, payload, enqueueOptions = {}) {
      const { dedupeKey = null, maxAttempts = 5, runAt = new Date() } = enqueueOptions;
      if (kind.trim() === '') throw new QueueError('invalid-job', 'a job needs a kind');
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new QueueError('invalid-job', `maxAttempts must be a whole number from 1, got ${maxAttempts}`);
      }
      // Insert, or read the waiting job with the key; it may be claimed between the two statements, so loop.
      for (;;) {
        const inserted = await rows(
          `INSERT INTO claimtrail_jobs (kind, payload, dedupe_key, max_attempts, run_at, created_at)
           VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND state = 'queued' DO NOTHING
           RETURNING *`,
          [kind, JSON.stringify(payload), dedupeKey, maxAttempts, runAt],
        );
        if (inserted[0]) return toJob(inserted[0]);
        const [pending] = await rows(
          `SELECT * FROM claimtrail_jobs WHERE dedupe_key = $1 AND state = 'queued'`,
          [dedupeKey],
        );
        if (pending) return toJob(pending);
      }
    },

    async claim(workerId, kinds, leaseMs) {
      const [row] = await rows(
        `UPDATE claimtrail_jobs
            SET state = 'running', attempts = attempts + 1, locked_by = $1,
                locked_until = now() + $2 * interval '1 millisecond'
          WHERE id = (
            SELECT id FROM claimtrail_jobs
             WHERE state = 'queued' AND run_at <= now() AND (cardinality($3::text[]) = 0 OR kind = ANY ($3))
             ORDER BY run_at, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
        RETURNING *`,
        [workerId, leaseMs, kinds],
      );
      return row ? { job: toJob(row), attempt: row.attempts, workerId } : null;
    },

    async renew(lease, leaseMs) {
      const updated = await rows(
        `UPDATE claimtrail_jobs SET locked_until = now() + $3 * interval '1 millisecond'
          WHERE id = $1 AND attempts = $2 AND state = 'running' RETURNING id`,
        [lease.job.id, lease.attempt, leaseMs],
      );
      return updated.length === 1;
    },

    async complete(lease) {
      const updated = await rows(
        `UPDATE claimtrail_jobs
            SET state = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND attempts = $2 AND state = 'running' RETURNING id`,
        [lease.job.id, lease.attempt],
      );
      return updated.length === 1;
    },

    async fail(lease, error, failOptions = {}) {
      const giveUp = failOptions.permanent === true || lease.attempt >= lease.job.maxAttempts;
      const updated = await rows(
        `UPDATE claimtrail_jobs
            SET state = $3, last_error = $4, locked_by = NULL, locked_until = NULL,
                run_at = CASE WHEN $3 = 'queued' THEN now() + $5 * interval '1 millisecond' ELSE run_at END,
                finished_at = CASE WHEN $3 = 'dead' THEN now() ELSE NULL END
          WHERE id = $1 AND attempts = $2 AND state = 'running' RETURNING id`,
        [
          lease.job.id,
          lease.attempt,
          giveUp ? 'dead' : 'queued',
          error.slice(0, 4000),
          backoff(lease.attempt),
        ],
      );
      return updated.length === 1;
    },

    async reclaimExpired() {
      const updated = await rows(
        `UPDATE claimtrail_jobs
            SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
                last_error = coalesce(last_error || '; ', '') || 'lease of ' || coalesce(locked_by, 'a worker') || ' ran out',
                locked_by = NULL, locked_until = NULL, run_at = now()
          WHERE id IN (
            SELECT id FROM claimtrail_jobs WHERE state = 'running' AND locked_until < now()
               FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      );
      return updated.length;
    },

    async retry(id) {
      const [row] = await rows(
        `UPDATE claimtrail_jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL
          WHERE id = $1 AND state = 'dead' RETURNING *`,
        [jobId(id)],
      );
      if (row) return toJob(row);
      const job = await get(id);
      throw new QueueError('not-dead', `job ${id} is ${job.state}; only dead jobs can be retried`, 409);
    },

    get,

    async list(listOptions = {}) {
      const { state = null, kind = null, limit = 50 } = listOptions;
      return (
        await rows(
          `SELECT * FROM claimtrail_jobs
            WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)
            ORDER BY id DESC LIMIT $3`,
          [state, kind, Math.max(1, Math.min(limit, 500))],
        )
      ).map(toJob);
    },

    async counts() {
      const result = await pool.query<{ state: JobState; count: string }>(
        'SELECT state, count(*) AS count FROM claimtrail_jobs GROUP BY state',
      );
      const counts: QueueCounts = { queued: 0, running: 0, done: 0, dead: 0 };
      for (const row of result.rows) counts[row.state] = Number(row.count);
      return counts;
    },

    async close() {
      // The pool belongs to the caller.
    },
  };
}
