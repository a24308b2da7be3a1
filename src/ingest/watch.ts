import { parseFeed } from './feed.ts';
import type { Fetcher, FetchResult } from './fetch.ts';

export interface WatchedFeed {
  url: string;
  /** How often to poll this feed; defaults to the watcher's interval. */
  intervalMs?: number;
}

/** What the watcher remembers of a feed between polls. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Consecutive failed polls; drives the backoff. */
  failures: number;
  nextPollAt: number;
  lastError?: string;
}

export type WatchEvent =
  | { type: 'polled'; feed: string; items: number; fresh: number; notModified: boolean }
  | { type: 'stored'; feed: string; url: string }
  | { type: 'article-failed'; feed: string; url: string; error: string }
  | { type: 'feed-failed'; feed: string; error: string; retryInMs: number };

export interface WatchOptions {
  feeds: readonly WatchedFeed[];
  /** Fetches feeds (accepting feed media types). */
  feedFetcher: Fetcher;
  /** Fetches articles (accepting article media types). */
  articleFetcher: Fetcher;
  /** True when the article at this URL is already stored: it is not fetched again. */
  isKnown(url: string): Promise<boolean>;
  /** Analyzes and stores one fetched article. The watcher waits for it, even when asked to stop. */
  store(article: FetchResult, feed: string): Promise<void>;
  /** Loaded before the first poll and saved after each, so a restart resumes with ETags and backoff. */
  loadState?(feed: string): Promise<FeedState | undefined>;
  saveState?(feed: string, state: FeedState): Promise<void>;
  intervalMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  /** Waits, returning early when the signal aborts. */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  onEvent?: (event: WatchEvent) => void;
  signal: AbortSignal;
}

/** Waits, resolving early (never rejecting) when the signal aborts. */
export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Exponential backoff from the feed's interval, doubling per failure, capped. */
export function backoffDelay(intervalMs: number, failures: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Polls feeds until `signal` aborts: each feed on its own interval, with conditional requests
 * (ETag, Last-Modified) and exponential backoff after failures. New items are fetched and handed to
 * `store` one at a time; a stop request never interrupts an article between fetch and store, and no
 * new fetch starts after it. A failing feed is reported and retried later; the others go on.
 */
export async function watchFeeds(options: WatchOptions): Promise<void> {
  const {
    feeds,
    feedFetcher,
    articleFetcher,
    isKnown,
    store,
    intervalMs = 15 * 60_000,
    maxBackoffMs = 6 * 60 * 60_000,
    now = Date.now,
    sleep = abortableSleep,
    onEvent = () => undefined,
    signal,
  } = options;
  const states = new Map<string, FeedState>();
  for (const feed of feeds) {
    states.set(feed.url, (await options.loadState?.(feed.url)) ?? { failures: 0, nextPollAt: now() });
  }

  async function poll(feed: WatchedFeed, state: FeedState): Promise<FeedState> {
    const interval = feed.intervalMs ?? intervalMs;
    try {
      const response = await feedFetcher.fetch(feed.url, {
        ...(state.etag ? { etag: state.etag } : {}),
        ...(state.lastModified ? { lastModified: state.lastModified } : {}),
      });
      const next: FeedState = {
        ...(response.etag ? { etag: response.etag } : state.etag ? { etag: state.etag } : {}),
        ...(response.lastModified
          ? { lastModified: response.lastModified }
          : state.lastModified
            ? { lastModified: state.lastModified }
            : {}),
        failures: 0,
        nextPollAt: now() + interval,
      };
      if (response.notModified) {
        onEvent({ type: 'polled', feed: feed.url, items: 0, fresh: 0, notModified: true });
        return next;
      }
      const parsed = parseFeed(Buffer.from(response.body).toString('utf8'), { url: response.url });
      let fresh = 0;
      for (const item of parsed.items) {
        if (signal.aborted) break;
        if (await isKnown(item.url)) continue;
        fresh += 1;
        try {
          const article = await articleFetcher.fetch(item.url);
          await store(article, feed.url);
          onEvent({ type: 'stored', feed: feed.url, url: item.url });
        } catch (error) {
          onEvent({ type: 'article-failed', feed: feed.url, url: item.url, error: (error as Error).message });
        }
      }
      onEvent({ type: 'polled', feed: feed.url, items: parsed.items.length, fresh, notModified: false });
      return next;
    } catch (error) {
      const failures = state.failures + 1;
      const retryInMs = backoffDelay(interval, failures, maxBackoffMs);
      const message = (error as Error).message;
      onEvent({ type: 'feed-failed', feed: feed.url, error: message, retryInMs });
      return { ...state, failures, nextPollAt: now() + retryInMs, lastError: message };
    }
  }

  while (!signal.aborted && feeds.length > 0) {
    const due = [...feeds].sort(
      (a, b) => (states.get(a.url)?.nextPollAt ?? 0) - (states.get(b.url)?.nextPollAt ?? 0),
    )[0] as WatchedFeed;
    const state = states.get(due.url) as FeedState;
    const wait = state.nextPollAt - now();
    if (wait > 0) {
      await sleep(wait, signal);
      continue;
    }
    const next = await poll(due, state);
    states.set(due.url, next);
    await options.saveState?.(due.url, next);
  }
}
