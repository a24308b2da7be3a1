import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../../test/support/postgres.ts';
import { openPostgresQueue } from './postgres-queue.ts';
import type { JobQueue } from './types.ts';
import { runWorker, type WorkerEvent } from './worker.ts';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`skipping the PostgreSQL job queue tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('PostgreSQL job queue', () => {
  let schema: TestSchema;
  let queue: JobQueue;

  beforeAll(async () => {
    schema = await createTestSchema();
    // No backoff, so a failed job is due again at once.
    queue = await openPostgresQueue(schema.pool, { backoff: () => 0 });
  });
  afterAll(async () => {
    await schema?.drop();
  });

  async function clear(): Promise<void> {
    await schema.pool.query('DELETE FROM claimtrail_jobs');
  }

  it('hands each job to one claimer, oldest first, and only jobs of the kinds asked for', async () => {
    await clear();
    const first = await queue.enqueue('fetch', { url: 'https://a.example/1' });
    const second = await queue.enqueue('fetch', { url: 'https://a.example/2' });
    await queue.enqueue('poll', { feed: 'https://a.example/feed' });
    const claims = await Promise.all([
      queue.claim('w1', ['fetch'], 10_000),
      queue.claim('w2', ['fetch'], 10_000),
      queue.claim('w3', ['fetch'], 10_000),
    ]);
    const ids = claims.map((lease) => lease?.job.id ?? null);
    expect(ids.filter((id) => id !== null).sort()).toEqual([first.id, second.id].sort());
    expect(ids.filter((id) => id === null)).toHaveLength(1);
    const poll = await queue.claim('w1', [], 10_000);
    expect(poll?.job.kind).toBe('poll');
    expect(poll?.job.payload).toEqual({ feed: 'https://a.example/feed' });
    expect(await queue.counts()).toEqual({ queued: 0, running: 3, done: 0, dead: 0 });
  });

  it('keeps one waiting job per dedupe key, and frees the key once the job runs', async () => {
    await clear();
    const job = await queue.enqueue('fetch', { url: 'u' }, { dedupeKey: 'u' });
    const again = await queue.enqueue('fetch', { url: 'u' }, { dedupeKey: 'u' });
    expect(again.id).toBe(job.id);
    const lease = await queue.claim('w', [], 10_000);
    expect(lease?.job.id).toBe(job.id);
    const next = await queue.enqueue('fetch', { url: 'u' }, { dedupeKey: 'u' });
    expect(next.id).not.toBe(job.id);
    expect(await queue.counts()).toMatchObject({ queued: 1, running: 1 });
  });

  it('retries a failed job and moves it to the dead letters after its last attempt', async () => {
    await clear();
    const job = await queue.enqueue('fetch', {}, { maxAttempts: 2 });
    const first = await queue.claim('w', [], 10_000);
    expect(first && (await queue.fail(first, 'timeout'))).toBe(true);
    expect((await queue.get(job.id)).state).toBe('queued');
    const second = await queue.claim('w', [], 10_000);
    expect(second?.attempt).toBe(2);
    expect(second && (await queue.fail(second, 'timeout again'))).toBe(true);
    const dead = await queue.get(job.id);
    expect(dead).toMatchObject({ state: 'dead', attempts: 2, lastError: 'timeout again' });
    expect((await queue.list({ state: 'dead' })).map((item) => item.id)).toEqual([job.id]);
    expect(await queue.claim('w', [], 10_000)).toBeNull();

    const retried = await queue.retry(job.id);
    expect(retried).toMatchObject({ state: 'queued', attempts: 0 });
    await expect(queue.retry(job.id)).rejects.toMatchObject({ code: 'not-dead', status: 409 });
    await expect(queue.get('12345678')).rejects.toMatchObject({ code: 'not-found', status: 404 });
    await expect(queue.get('1; DROP TABLE x')).rejects.toMatchObject({ code: 'invalid-job-id' });
  });

  it('gives a job whose lease ran out to another worker, and fences the first one out', async () => {
    await clear();
    const job = await queue.enqueue('fetch', {});
    const stale = await queue.claim('dead-worker', [], 1);
    expect(stale).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await queue.reclaimExpired()).toBe(1);
    const fresh = await queue.claim('live-worker', [], 10_000);
    expect(fresh?.job.id).toBe(job.id);
    expect(fresh?.attempt).toBe(2);
    if (!stale || !fresh) return;
    expect(await queue.complete(stale)).toBe(false);
    expect(await queue.fail(stale, 'late')).toBe(false);
    expect(await queue.renew(stale, 10_000)).toBe(false);
    expect(await queue.complete(fresh)).toBe(true);
    expect((await queue.get(job.id)).state).toBe('done');
    expect((await queue.get(job.id)).lastError).toMatch(/lease of dead-worker ran out/);
  });

  it('runs jobs through handlers, fails input errors for good, and stops cleanly when aborted', async () => {
    await clear();
    const seen: string[] = [];
    for (let index = 0; index < 20; index += 1) await queue.enqueue('echo', { index });
    const bad = await queue.enqueue('echo', { index: -1 });
    const events: WorkerEvent[] = [];
    const controller = new AbortController();
    const { InputError } = await import('../core/errors.ts');
    const running = runWorker({
      queue,
      workerId: 'test-worker',
      concurrency: 3,
      idleMs: 10,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        const counts = events.filter((item) => item.type === 'done' || item.type === 'failed').length;
        if (counts === 21) controller.abort();
      },
      handlers: {
        async echo(payload) {
          if (payload.index === -1) throw new InputError('bad-payload', 'index -1 names nothing');
          seen.push(String(payload.index));
        },
      },
    });
    await running;
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, index) => String(index)).sort());
    expect(await queue.get(bad.id)).toMatchObject({ state: 'dead', attempts: 1 });
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 20, dead: 1 });
  });
});
