import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFromRecord } from '../../src/ingest/index.ts';
import { openLedger } from '../../src/ledger/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { INGEST_JOBS, type JobQueue, openPostgresQueue } from '../../src/queue/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { articleRecords } from '../ledger/crash-articles.ts';
import { allArticles, allClaims, textsInSeveralClusters } from '../support/ledger-reads.ts';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../support/postgres.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'claimtrail.js');
const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`skipping the worker tests: ${unavailable}`);

/** New claims, each told twice in other words, by two outlets at the same moment. */
const PARAPHRASES = [
  {
    subject: 'port authority',
    first:
      'The port authority overcharged shipping firms by 12 million dollars, auditor Lena Fisk said on Monday.',
    second:
      'Auditor Lena Fisk said on Monday that the port authority had overcharged shipping firms by 12 million dollars.',
  },
  {
    subject: 'school board',
    first: 'The school board spent 3 million dollars on consultants it never hired, trustee Omar Reyes said.',
    second:
      'Trustee Omar Reyes said the school board spent 3 million dollars on consultants that it never hired.',
  },
  {
    subject: 'water utility',
    first: 'The water utility hid 40 lead test failures from regulators, engineer Priya Nair told reporters.',
    second:
      'Engineer Priya Nair told reporters that the water utility hid 40 lead test failures from regulators.',
  },
  {
    subject: 'airport operator',
    first: 'The airport operator cancelled 900 flights to cut fuel costs, union leader Tom Berg claimed.',
    second:
      'Union leader Tom Berg claimed that the airport operator cancelled 900 flights to cut its fuel costs.',
  },
];

function paraphraseRecords() {
  return PARAPHRASES.flatMap((pair, index) => [
    {
      url: `https://first.example/${index}`,
      publisher: 'First Post',
      published: '2026-05-04T08:00:00Z',
      text: `${pair.first} The ${pair.subject} did not respond to questions.`,
    },
    {
      url: `https://second.example/${index}`,
      publisher: 'Second Herald',
      published: '2026-05-04T08:00:00Z',
      text: `${pair.second} Officials declined to comment on Monday.`,
    },
  ]);
}

function startWorker(url: string, concurrency = 2): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    [CLI, 'worker', '--db', url, '--concurrency', String(concurrency), '--lease', '2'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(unavailable !== null)('worker processes sharing a PostgreSQL ledger', () => {
  let schema: TestSchema;
  let store: Store;
  let queue: JobQueue;

  beforeAll(async () => {
    schema = await createTestSchema();
    store = await openStore(schema.url);
    queue = await openPostgresQueue(schema.pool);
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('runs 1,000 ingest jobs on three workers, one killed halfway, storing each article once', async () => {
    const records = articleRecords(1000, 11);
    for (const record of records) {
      await queue.enqueue(INGEST_JOBS.ingestArticle, record, { dedupeKey: record.url });
    }
    const workers = [startWorker(schema.url), startWorker(schema.url), startWorker(schema.url)];
    const logs = async () =>
      `${JSON.stringify(await queue.counts())}\n${workers.map((worker) => worker.output()).join('\n')}`;
    try {
      await waitFor(async () => (await queue.counts()).done >= 400, 240_000, logs);
      const victim = workers[0] as (typeof workers)[number];
      const victimId = `:${victim.child.pid}`;
      victim.child.kill('SIGKILL');
      await exited(victim.child);
      await waitFor(
        async () => {
          const counts = await queue.counts();
          return counts.queued === 0 && counts.running === 0;
        },
        240_000,
        logs,
      );

      expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 1000, dead: 0 });
      // Its leases ran out and other workers finished its jobs.
      const reclaimed = await schema.pool.query<{ state: string; attempts: number }>(
        'SELECT state, attempts FROM claimtrail_jobs WHERE last_error LIKE $1',
        [`%lease of %${victimId} ran out%`],
      );
      expect(reclaimed.rows.length).toBeGreaterThan(0);
      for (const job of reclaimed.rows) expect(job).toMatchObject({ state: 'done', attempts: 2 });

      const articles = await allArticles(store);
      expect(articles).toHaveLength(1000);
      expect(new Set(articles.map((article) => article.url)).size).toBe(1000);
      expect(articles.every((article) => article.version === 1)).toBe(true);
      expect(await store.checkIntegrity()).toEqual([]);

      // The same sentence told by outlets that different workers stored lands in one cluster.
      const claims = await allClaims(store);
      expect(claims.length).toBeGreaterThan(1000);
      expect(textsInSeveralClusters(claims)).toEqual([]);
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => exited(worker.child)));
    }
  }, 600_000);

  it('joins two paraphrases of one new claim stored by different workers at the same moment', async () => {
    // The matcher joins each pair when one process stores them one after the other...
    const sequential = await openStore(':memory:');
    const ledger = await openLedger({
      store: sequential,
      pipeline: createPipeline({ models: loadModels() }),
    });
    for (const record of paraphraseRecords()) {
      await ledger.ingest(articleFromRecord(record, { maxBytes: 1_000_000, label: record.url }));
    }
    const joinedAlone = (await sequential.listClusters({ limit: 500 })).items.filter(
      (cluster) => cluster.outlets === 2,
    );
    expect(joinedAlone).toHaveLength(PARAPHRASES.length);
    await sequential.close();

    // ...and must when four ingests run at once in two worker processes.
    const schemaOfTest = await createTestSchema();
    const shared = await openStore(schemaOfTest.url);
    try {
      const jobs = await openPostgresQueue(schemaOfTest.pool);
      const workers = [startWorker(schemaOfTest.url, 4), startWorker(schemaOfTest.url, 4)];
      try {
        // Both workers have loaded their models and wait on an empty queue before the jobs arrive.
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        await Promise.all(
          paraphraseRecords().map((record) => jobs.enqueue(INGEST_JOBS.ingestArticle, record)),
        );
        await waitFor(
          async () => (await jobs.counts()).done === PARAPHRASES.length * 2,
          120_000,
          async () =>
            `${JSON.stringify(await jobs.counts())}\n${workers.map((worker) => worker.output()).join('\n')}`,
        );
      } finally {
        for (const worker of workers) worker.child.kill('SIGTERM');
        await Promise.all(workers.map((worker) => exited(worker.child)));
      }
      const clusters = (await shared.listClusters({ limit: 500 })).items;
      for (const pair of PARAPHRASES) {
        const carrying = clusters.filter((cluster) => cluster.representative.includes(pair.subject));
        expect(
          carrying.map((cluster) => cluster.outlets),
          pair.subject,
        ).toEqual([2]);
      }
      expect(await shared.checkIntegrity()).toEqual([]);
    } finally {
      await shared.close();
      await schemaOfTest.drop();
    }
  }, 300_000);
});
