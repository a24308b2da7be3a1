import { hostname } from 'node:os';
import { type Command, Option } from 'commander';
import { UsageError } from '../core/errors.ts';
import { resolveSettings } from '../core/index.ts';
import { ARTICLE_TYPES, createFetcher, FEED_TYPES } from '../ingest/index.ts';
import { openLedger } from '../ledger/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import {
  connectPool,
  createIngestHandlers,
  JOB_STATES,
  type Job,
  type JobState,
  openPostgresQueue,
  runWorker,
  type WorkerEvent,
} from '../queue/index.ts';
import { alertsAfterArticle } from '../review/index.ts';
import { openStore } from '../store/index.ts';
import type { LedgerEnvironment } from './ledger-commands.ts';

type Configure = (command: Command, helpCommand: string) => Command;

const dbOption = () =>
  new Option(
    '--db <url>',
    'the PostgreSQL ledger, postgres://HOST/DATABASE[?schema=NAME] (env CLAIMTRAIL_DB)',
  );

function positiveNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new UsageError(`${flag} takes a positive number, got "${raw}"`);
    return value;
  };
}

function describeEvent(event: WorkerEvent): string | null {
  switch (event.type) {
    case 'done':
      return null;
    case 'failed':
      return `job ${event.job.id} (${event.job.kind}) failed: ${event.error}${event.willRetry ? '; will retry' : '; moved to the dead letters'}`;
    case 'lease-lost':
      return `job ${event.job.id} (${event.job.kind}) ran past its lease; another worker has it`;
    case 'reclaimed':
      return `${event.count} job${event.count === 1 ? '' : 's'} of stopped workers put back in the queue`;
  }
}

function jobLine(job: Job): string {
  const error = job.lastError ? `  ${job.lastError}` : '';
  return `${job.id}\t${job.state}\t${job.kind}\tattempts ${job.attempts}/${job.maxAttempts}\t${job.runAt}${error}`;
}

/** `worker` runs queued jobs; `jobs` lists them and retries dead ones. Both need a PostgreSQL ledger. */
export function registerWorkerCommands(
  program: Command,
  environment: LedgerEnvironment,
  configure: Configure,
): void {
  configure(
    program
      .command('worker')
      .description(
        'run queued jobs (feed polls, fetches, analysis, matching) from a PostgreSQL ledger until stopped',
      )
      .addOption(dbOption())
      .addOption(
        new Option('--concurrency <n>', 'jobs run at once by this process')
          .default(2)
          .argParser(positiveNumber('--concurrency')),
      )
      .addOption(
        new Option(
          '--lease <seconds>',
          "how long a job stays this worker's without renewal; a killed worker's jobs run again after it",
        )
          .default(30)
          .argParser(positiveNumber('--lease')),
      ),
    'claimtrail worker --help',
  ).action(async (options: { db?: string; concurrency: number; lease: number }) => {
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    const pool = connectPool(settings.database, { max: Math.ceil(options.concurrency) + 2 });
    const store = await openStore(settings.database);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const queue = await openPostgresQueue(pool);
      const ledger = await openLedger({
        store,
        pipeline: createPipeline({ settings, models: loadModels() }),
      });
      const fetchOptions = {
        allowPrivate: settings.allowPrivateAddresses,
        timeoutMs: settings.fetchTimeoutMs,
        maxBytes: settings.maxInputBytes,
      };
      const workerId = `${hostname()}:${process.pid}`;
      let done = 0;
      environment.stderr(`worker ${workerId} running ${options.concurrency} at a time; stop with Ctrl-C\n`);
      await runWorker({
        queue,
        workerId,
        concurrency: Math.ceil(options.concurrency),
        leaseMs: options.lease * 1000,
        signal: controller.signal,
        handlers: createIngestHandlers({
          queue,
          ingest: async (article) => {
            const outcome = await ledger.ingest(article);
            // Watched clusters this article joined may call for an alert (a new outlet, hedging gone).
            await alertsAfterArticle(store, outcome);
            return outcome;
          },
          isKnown: async (url) => (await store.findArticles({ url })).length > 0,
          feedFetcher: createFetcher({ ...fetchOptions, accept: FEED_TYPES }),
          articleFetcher: createFetcher({ ...fetchOptions, accept: ARTICLE_TYPES }),
          maxBytes: settings.maxInputBytes,
        }),
        onEvent: (event) => {
          if (event.type === 'done') done += 1;
          const line = describeEvent(event);
          if (line) environment.stderr(`${line}\n`);
        },
      });
      environment.stderr(`stopped after ${done} job${done === 1 ? '' : 's'}\n`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await store.close();
      await pool.end();
    }
  });

  const jobs = configure(
    program
      .command('jobs')
      .description('list queued, running, done or dead jobs of a PostgreSQL ledger; retry dead ones')
      .addOption(dbOption())
      .addOption(new Option('--state <state>', 'only jobs in this state').choices([...JOB_STATES]))
      .addOption(
        new Option('--limit <n>', 'at most this many, newest first')
          .default(50)
          .argParser(positiveNumber('--limit')),
      )
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
    'claimtrail jobs --help',
  );
  jobs.action(async (options: { db?: string; state?: JobState; limit: number; format: 'text' | 'json' }) => {
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    const pool = connectPool(settings.database);
    try {
      const queue = await openPostgresQueue(pool);
      const counts = await queue.counts();
      const list = await queue.list({
        limit: Math.floor(options.limit),
        ...(options.state ? { state: options.state } : {}),
      });
      if (options.format === 'json') {
        environment.stdout(`${JSON.stringify({ counts, jobs: list }, null, 2)}\n`);
        return;
      }
      environment.stdout(
        `${counts.queued} queued, ${counts.running} running, ${counts.done} done, ${counts.dead} dead\n${list.map((job) => `${jobLine(job)}\n`).join('')}`,
      );
    } finally {
      await pool.end();
    }
  });
  configure(
    jobs
      .command('retry')
      .description('put a dead job back in the queue')
      .argument('<id>', 'the job id')
      .addOption(dbOption()),
    'claimtrail jobs retry --help',
  ).action(async (id: string, options: { db?: string }) => {
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    const pool = connectPool(settings.database);
    try {
      const job = await (await openPostgresQueue(pool)).retry(id);
      environment.stdout(`${jobLine(job)}\n`);
    } finally {
      await pool.end();
    }
  });
}
