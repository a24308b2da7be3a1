import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { InputError, resolveSettings } from '../core/index.ts';
import {
  ARTICLE_TYPES,
  articleFromFetch,
  createFetcher,
  FEED_TYPES,
  type WatchEvent,
  watchFeeds,
} from '../ingest/index.ts';
import { openLedger } from '../ledger/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { connectPool, INGEST_JOBS, openPostgresQueue } from '../queue/index.ts';
import { openStore, parseStoreTarget } from '../store/index.ts';
import type { LedgerEnvironment } from './ledger-commands.ts';

async function feedList(urls: readonly string[], file: string | undefined): Promise<string[]> {
  const listed = file
    ? (
        await readFile(file, 'utf8').catch(() => {
          throw new InputError(
            'not-found',
            `cannot read the feed list ${file}; give a file with one feed URL per line`,
          );
        })
      )
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean)
    : [];
  const all = [...urls, ...listed];
  for (const url of all) {
    if (!/^https?:\/\//i.test(url))
      throw new InputError('invalid-url', `not a feed URL: ${url}; give http(s) URLs`);
  }
  if (all.length === 0) throw new InputError('no-feeds', 'no feeds to watch; give feed URLs or --feeds FILE');
  return all;
}

function describe(event: WatchEvent): string | null {
  switch (event.type) {
    case 'stored':
      return `stored ${event.url}`;
    case 'article-failed':
      return `could not store ${event.url}: ${event.error}`;
    case 'feed-failed':
      return `feed ${event.feed} failed (${event.error}); retrying in ${Math.round(event.retryInMs / 1000)} s`;
    case 'polled':
      return event.notModified ? null : `polled ${event.feed}: ${event.fresh} new of ${event.items}`;
  }
}

/** `claimtrail watch`: polls feeds until SIGINT or SIGTERM, storing each new article in the ledger. */
export function registerWatchCommand(
  program: Command,
  environment: LedgerEnvironment,
  configure: (command: Command, helpCommand: string) => Command,
): void {
  configure(
    program
      .command('watch')
      .description(
        'poll RSS, Atom or JSON feeds until stopped; analyze and store each new article (with a PostgreSQL --db: queue the polls for `claimtrail worker` and return)',
      )
      .argument('[feeds...]', 'feed URLs')
      .option('--feeds <file>', 'a file with one feed URL per line (# starts a comment)')
      .addOption(
        new Option('--interval <minutes>', 'minutes between polls of each feed')
          .default(15)
          .argParser(Number),
      )
      .addOption(
        new Option('--db <path>', 'the ledger database (default: claimtrail.db, env CLAIMTRAIL_DB)'),
      ),
    'claimtrail watch --help',
  ).action(async (urls: string[], options: { feeds?: string; interval: number; db?: string }) => {
    if (!(options.interval > 0))
      throw new InputError(
        'invalid-interval',
        `--interval must be a positive number of minutes, got ${options.interval}`,
      );
    const feeds = await feedList(urls, options.feeds);
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    if (parseStoreTarget(settings.database).dialect === 'postgres') {
      // A PostgreSQL ledger has a job queue: the feeds become poll jobs that `claimtrail worker` runs.
      const pool = connectPool(settings.database);
      try {
        const queue = await openPostgresQueue(pool);
        for (const url of feeds) {
          await queue.enqueue(
            INGEST_JOBS.pollFeed,
            { url, intervalMs: options.interval * 60_000 },
            { dedupeKey: `feed:${url}`, maxAttempts: 3 },
          );
        }
      } finally {
        await pool.end();
      }
      environment.stderr(
        `queued ${feeds.length} feed${feeds.length === 1 ? '' : 's'} for polling every ${options.interval} min; \`claimtrail worker\` processes poll them\n`,
      );
      return;
    }
    const fetchOptions = {
      allowPrivate: settings.allowPrivateAddresses,
      timeoutMs: settings.fetchTimeoutMs,
      maxBytes: settings.maxInputBytes,
    };
    const store = await openStore(settings.database);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const ledger = await openLedger({
        store,
        pipeline: createPipeline({ settings, models: loadModels() }),
      });
      environment.stderr(`watching ${feeds.length} feed${feeds.length === 1 ? '' : 's'}; stop with Ctrl-C\n`);
      await watchFeeds({
        feeds: feeds.map((url) => ({ url, intervalMs: options.interval * 60_000 })),
        feedFetcher: createFetcher({ ...fetchOptions, accept: FEED_TYPES }),
        articleFetcher: createFetcher({ ...fetchOptions, accept: ARTICLE_TYPES }),
        isKnown: async (url) => (await store.findArticles({ url })).length > 0,
        store: async (article) => {
          await ledger.ingest(articleFromFetch(article, { maxBytes: settings.maxInputBytes }));
        },
        onEvent: (event) => {
          const line = describe(event);
          if (line) environment.stderr(`${line}\n`);
        },
        signal: controller.signal,
      });
      environment.stderr('stopped\n');
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await store.close();
    }
  });
}
