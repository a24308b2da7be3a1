import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import {
  articleFromFetch,
  articleFromRecord,
  articleRecordSchema,
  type Fetcher,
  type FetchResult,
  parseFeed,
} from '../ingest/index.ts';
import type { IngestOutcome, LedgerArticle } from '../ledger/index.ts';
import type { JobQueue } from './types.ts';
import type { JobHandler } from './worker.ts';

/** The kinds of job the ingest workers run. */
export const INGEST_JOBS = {
  /** Poll one feed, queue its new items, and schedule the next poll. */
  pollFeed: 'poll-feed',
  /** Fetch one article URL, analyze it, match its claims and store it. */
  ingestUrl: 'ingest-url',
  /** Analyze, match and store an article given whole: a record as `claimtrail ingest` reads them. */
  ingestArticle: 'ingest-article',
} as const;

const pollFeedPayload = z.object({
  url: z.string().url(),
  intervalMs: z.number().int().positive(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  failures: z.number().int().nonnegative().optional(),
});
export type PollFeedPayload = z.infer<typeof pollFeedPayload>;

const ingestUrlPayload = z.object({ url: z.string().url(), feed: z.string().optional() });

function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      'invalid-job',
      `a ${kind} job's payload is not valid (${issue?.path.join('.') || 'payload'}: ${issue?.message}); enqueue it again with a valid one`,
    );
  }
  return parsed.data;
}

export interface IngestJobsOptions {
  queue: JobQueue;
  /** Analyzes, matches and stores one article. */
  ingest(article: LedgerArticle): Promise<IngestOutcome>;
  /** True when an article with this URL is stored: a feed item already in the ledger is not queued. */
  isKnown(url: string): Promise<boolean>;
  feedFetcher: Fetcher;
  articleFetcher: Fetcher;
  maxBytes: number;
  /** Longest wait between polls of a failing feed; default 6 hours. */
  maxBackoffMs?: number;
  now?: () => number;
}

/**
 * The handlers for feed polls, URL fetches and whole articles. Each is safe to run twice: storing
 * the same article again changes nothing, and a poll that ran twice queues each item once (its URL
 * is the job's dedupe key) and schedules one next poll (the feed URL is the poll's key).
 */
export function createIngestHandlers(options: IngestJobsOptions): Record<string, JobHandler> {
  const { queue, ingest, isKnown, feedFetcher, articleFetcher, maxBytes } = options;
  const { maxBackoffMs = 6 * 60 * 60_000, now = Date.now } = options;

  async function schedulePoll(poll: PollFeedPayload, delayMs: number): Promise<void> {
    await queue.enqueue(INGEST_JOBS.pollFeed, poll, {
      dedupeKey: `feed:${poll.url}`,
      runAt: new Date(now() + delayMs),
      // A poll's failures are counted in its payload and retried by scheduling; the job itself never dies.
      maxAttempts: 3,
    });
  }

  return {
    async [INGEST_JOBS.pollFeed](payload) {
      const poll = parsePayload(pollFeedPayload, payload, INGEST_JOBS.pollFeed);
      let response: FetchResult;
      try {
        response = await feedFetcher.fetch(poll.url, {
          ...(poll.etag ? { etag: poll.etag } : {}),
          ...(poll.lastModified ? { lastModified: poll.lastModified } : {}),
        });
      } catch (error) {
        const failures = (poll.failures ?? 0) + 1;
        const delay = Math.min(maxBackoffMs, poll.intervalMs * 2 ** (failures - 1));
        await schedulePoll({ ...poll, failures }, delay);
        throw error;
      }
      const next: PollFeedPayload = {
        url: poll.url,
        intervalMs: poll.intervalMs,
        ...((response.etag ?? poll.etag) ? { etag: response.etag ?? poll.etag } : {}),
        ...((response.lastModified ?? poll.lastModified)
          ? { lastModified: response.lastModified ?? poll.lastModified }
          : {}),
      };
      if (!response.notModified) {
        const parsed = parseFeed(Buffer.from(response.body).toString('utf8'), { url: response.url });
        for (const item of parsed.items) {
          if (await isKnown(item.url)) continue;
          await queue.enqueue(
            INGEST_JOBS.ingestUrl,
            { url: item.url, feed: poll.url },
            { dedupeKey: `url:${item.url}` },
          );
        }
      }
      await schedulePoll(next, poll.intervalMs);
    },

    async [INGEST_JOBS.ingestUrl](payload) {
      const { url } = parsePayload(ingestUrlPayload, payload, INGEST_JOBS.ingestUrl);
      if (await isKnown(url)) return;
      await ingest(articleFromFetch(await articleFetcher.fetch(url), { maxBytes }));
    },

    async [INGEST_JOBS.ingestArticle](payload, job) {
      const record = parsePayload(articleRecordSchema, payload, INGEST_JOBS.ingestArticle);
      await ingest(articleFromRecord(record, { maxBytes, label: record.url ?? `job ${job.id}` }));
    },
  };
}
