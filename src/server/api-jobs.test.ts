import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../../test/support/postgres.ts';
import { resolveSettings } from '../core/index.ts';
import { openLedger } from '../ledger/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { INGEST_JOBS, type JobQueue, openPostgresQueue } from '../queue/index.ts';
import { createApiToken } from '../review/index.ts';
import { openStore, type Role, type Store } from '../store/index.ts';
import { createApp } from './app.ts';
import { bearer, openTestDesk } from './test-helpers.ts';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`skipping the API job queue tests: ${unavailable}`);

describe('the job queue through the API, on a SQLite ledger', () => {
  it('answers 409 no-queue: only a PostgreSQL ledger queues work', async () => {
    const desk = await openTestDesk();
    try {
      const response = await desk.app.request('/api/jobs', { headers: bearer(desk.secrets.reviewer) });
      expect(response.status).toBe(409);
      expect((await response.json()).error.code).toBe('no-queue');
    } finally {
      await desk.close();
    }
  });
});

describe.skipIf(unavailable !== null)('the job queue through the API, on a PostgreSQL ledger', () => {
  let schema: TestSchema;
  let store: Store;
  let queue: JobQueue;
  let app: ReturnType<typeof createApp>;
  const secrets = {} as Record<Role, string>;

  beforeAll(async () => {
    schema = await createTestSchema();
    store = await openStore(schema.url);
    queue = await openPostgresQueue(schema.pool);
    const settings = resolveSettings({}, {});
    const ledger = await openLedger({ store, pipeline: createPipeline({ settings }) });
    for (const role of ['viewer', 'reviewer', 'admin'] as const) {
      secrets[role] = (await createApiToken(store, { name: `${role} tester`, role })).secret;
    }
    app = createApp({ store, ledger, settings, queue });
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('queues a submitted article for the workers (202) instead of analyzing it in the request', async () => {
    const response = await app.request('/api/articles', {
      method: 'POST',
      headers: bearer(secrets.reviewer, true),
      body: JSON.stringify({
        text: 'The harbour board approved a 40 million euro dredging contract, its chair said on Monday.',
        url: 'https://harbour.example/dredging',
        publisher: 'Harbour News',
      }),
    });
    expect(response.status).toBe(202);
    const { job } = await response.json();
    expect(job).toMatchObject({ kind: INGEST_JOBS.ingestArticle, state: 'queued' });
    expect(job.payload).toMatchObject({ url: 'https://harbour.example/dredging', publisher: 'Harbour News' });
    expect((await store.listArticles()).total).toBe(0);

    const byUrl = await app.request('/api/articles', {
      method: 'POST',
      headers: bearer(secrets.reviewer, true),
      body: JSON.stringify({ url: 'https://harbour.example/other' }),
    });
    expect(byUrl.status).toBe(202);
    expect((await byUrl.json()).job).toMatchObject({ kind: INGEST_JOBS.ingestUrl });
  });

  it('lists jobs with their counts to reviewers, shows dead letters, and lets an admin retry one', async () => {
    const dead = await queue.enqueue('ingest-url', { url: 'https://gone.example/' }, { maxAttempts: 1 });
    for (
      let lease = await queue.claim('api-test', [], 10_000);
      lease;
      lease = await queue.claim('api-test', [], 10_000)
    ) {
      await queue.fail(lease, lease.job.id === dead.id ? 'fetch-status: 404' : 'not run in this test', {
        permanent: true,
      });
    }
    expect((await app.request('/api/jobs')).status).toBe(401);
    expect((await app.request('/api/jobs', { headers: bearer(secrets.viewer) })).status).toBe(403);
    const listed = await app.request('/api/jobs?state=dead', { headers: bearer(secrets.reviewer) });
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body.counts).toMatchObject({ queued: 0, running: 0, dead: 3 });
    expect(body.items.find((job: { id: string }) => job.id === dead.id)).toMatchObject({
      state: 'dead',
      lastError: 'fetch-status: 404',
    });
    expect((await app.request('/api/jobs?state=lost', { headers: bearer(secrets.reviewer) })).status).toBe(
      400,
    );

    const path = `/api/jobs/${dead.id}/retry`;
    expect((await app.request(path, { method: 'POST', headers: bearer(secrets.reviewer) })).status).toBe(403);
    const retried = await app.request(path, { method: 'POST', headers: bearer(secrets.admin) });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: dead.id, state: 'queued', attempts: 0 });
    const again = await app.request(path, { method: 'POST', headers: bearer(secrets.admin) });
    expect(again.status).toBe(409);
  });
});
