import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { polnearLedgerArticles } from '../scripts/eval/polnear-articles.ts';
import { openLedger } from '../src/ledger/index.ts';
import { loadModels } from '../src/models/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { INGEST_JOBS, openPostgresQueue } from '../src/queue/index.ts';
import { openStore } from '../src/store/index.ts';
import { createTestSchema, postgresUnavailable } from '../test/support/postgres.ts';

export interface WorkerRun {
  workers: number;
  articlesPerSecond: number;
  seconds: number;
}

export interface WorkersBench {
  articles: number;
  /** One process ingesting into a SQLite file: the baseline. */
  sqlitePerSecond: number;
  runs: WorkerRun[];
  /** Why PostgreSQL runs are missing, when they are. */
  skipped: string | null;
}

const CLI = join(import.meta.dirname, '..', 'bin', 'claimtrail.js');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Ingest throughput with 1, 2 and 4 `claimtrail worker` processes sharing a PostgreSQL ledger and its
 * queue, next to one process ingesting the same articles into SQLite in the same run. The clock for a
 * worker run starts when the first job is claimed (after the workers have loaded their models) and
 * stops when the queue is empty.
 */
export async function runWorkersBench(
  sharedData: string,
  options: { limit?: number; workerCounts?: readonly number[] } = {},
): Promise<WorkersBench> {
  const { limit = 200, workerCounts = [1, 2, 4] } = options;
  const articles = polnearLedgerArticles(sharedData, limit);

  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-bench-workers-'));
  let sqlitePerSecond = 0;
  try {
    const store = await openStore(join(folder, 'ledger.db'));
    const ledger = await openLedger({ store, pipeline: createPipeline({ models: loadModels() }) });
    const started = performance.now();
    for (const article of articles) await ledger.ingest(article);
    sqlitePerSecond = articles.length / ((performance.now() - started) / 1000);
    await store.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const unavailable = await postgresUnavailable();
  if (unavailable) return { articles: articles.length, sqlitePerSecond, runs: [], skipped: unavailable };

  const runs: WorkerRun[] = [];
  for (const workers of workerCounts) {
    const schema = await createTestSchema();
    try {
      await (await openStore(schema.url)).close();
      const queue = await openPostgresQueue(schema.pool);
      for (const article of articles) {
        await queue.enqueue(INGEST_JOBS.ingestArticle, {
          text: article.text,
          ...(article.url ? { url: article.url } : {}),
          ...(article.publisher ? { publisher: article.publisher } : {}),
          ...(article.published ? { published: article.published } : {}),
        });
      }
      const children = Array.from({ length: workers }, () =>
        spawn(process.execPath, [CLI, 'worker', '--db', schema.url, '--concurrency', '1'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      );
      let errors = '';
      for (const child of children) child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      let started = 0;
      const deadline = Date.now() + 30 * 60_000;
      for (;;) {
        const counts = await queue.counts();
        if (!started && counts.queued < articles.length) started = performance.now();
        if (counts.queued === 0 && counts.running === 0) break;
        if (Date.now() > deadline)
          throw new Error(`workers did not finish: ${JSON.stringify(counts)}\n${errors}`);
        await sleep(50);
      }
      const seconds = (performance.now() - started) / 1000;
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
      const dead = (await queue.counts()).dead;
      if (dead > 0) throw new Error(`${dead} jobs failed in the ${workers}-worker run:\n${errors}`);
      runs.push({ workers, seconds, articlesPerSecond: articles.length / seconds });
    } finally {
      await schema.drop();
    }
  }
  return { articles: articles.length, sqlitePerSecond, runs, skipped: null };
}

export function formatWorkersBench(bench: WorkersBench): string {
  const lines = [
    `(h) ingest with workers, ${bench.articles} PolNeAR articles: one process on SQLite ${bench.sqlitePerSecond.toFixed(1)} articles/s (baseline)`,
  ];
  if (bench.skipped) lines.push(`    PostgreSQL workers not measured: ${bench.skipped}`);
  for (const run of bench.runs) {
    lines.push(
      `    ${run.workers} worker${run.workers === 1 ? ' ' : 's'} on PostgreSQL: ${run.articlesPerSecond.toFixed(1)} articles/s = ` +
        `${((run.articlesPerSecond / bench.sqlitePerSecond) * 100).toFixed(0)}% of SQLite (${run.seconds.toFixed(1)} s)`,
    );
  }
  return lines.join('\n');
}
