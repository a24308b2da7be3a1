import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_TYPES, createFetcher, FEED_TYPES, type FetchResult } from './fetch.ts';
import { backoffDelay, type FeedState, type WatchEvent, watchFeeds } from './watch.ts';

describe('watchFeeds against a local server', () => {
  let feedRequests = 0;
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/feed.xml') {
      feedRequests += 1;
      if (request.headers['if-none-match'] === '"f1"') {
        response.writeHead(304);
        return response.end();
      }
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"f1"' });
      return response.end(
        `<rss version="2.0"><channel><title>F</title>${[1, 2, 3]
          .map((n) => `<item><title>Story ${n}</title><link>/story/${n}</link></item>`)
          .join('')}</channel></rss>`,
      );
    }
    if (path === '/broken.xml') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      return response.end('<rss><channel><item><title>x</item></rss>');
    }
    if (path.startsWith('/story/')) {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(`<html><body><p>Story ${path.slice(7)} text.</p></body></html>`);
    }
    response.writeHead(404);
    response.end();
  });
  let base = '';
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server.listen(0, '127.0.0.1', () => {
          base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          resolve();
        });
      }),
  );
  afterAll(() => {
    server.close();
  });

  it('stores new items once, sends ETags, and keeps polling other feeds when one is malformed', async () => {
    const stored: string[] = [];
    const events: WatchEvent[] = [];
    const states = new Map<string, FeedState>();
    const controller = new AbortController();
    let clock = 0;
    await watchFeeds({
      feeds: [{ url: `${base}/broken.xml` }, { url: `${base}/feed.xml` }],
      feedFetcher: createFetcher({ allowPrivate: true, accept: FEED_TYPES, respectRobots: false }),
      articleFetcher: createFetcher({ allowPrivate: true, accept: ARTICLE_TYPES, respectRobots: false }),
      isKnown: async (url) => stored.includes(url),
      store: async (article: FetchResult) => {
        stored.push(article.url);
      },
      saveState: async (feed, state) => {
        states.set(feed, state);
      },
      intervalMs: 1000,
      now: () => clock,
      sleep: async (milliseconds) => {
        clock += milliseconds;
        // Three polling rounds of simulated time, then stop.
        if (clock >= 2500) controller.abort();
      },
      onEvent: (event) => events.push(event),
      signal: controller.signal,
    });
    expect(stored).toEqual([1, 2, 3].map((n) => `${base}/story/${n}`));
    expect(feedRequests).toBeGreaterThanOrEqual(2);
    expect(events.some((event) => event.type === 'polled' && event.notModified)).toBe(true);
    const failure = events.find((event) => event.type === 'feed-failed');
    expect(failure).toMatchObject({ feed: `${base}/broken.xml` });
    expect(states.get(`${base}/broken.xml`)?.failures).toBeGreaterThanOrEqual(1);
    expect(states.get(`${base}/feed.xml`)).toMatchObject({ etag: '"f1"', failures: 0 });
  });

  it('finishes storing a fetched article when asked to stop, and fetches nothing after', async () => {
    const controller = new AbortController();
    const stored: string[] = [];
    await watchFeeds({
      feeds: [{ url: `${base}/feed.xml` }],
      feedFetcher: createFetcher({ allowPrivate: true, accept: FEED_TYPES, respectRobots: false }),
      articleFetcher: createFetcher({ allowPrivate: true, respectRobots: false }),
      isKnown: async () => false,
      store: async (article) => {
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored.push(article.url);
      },
      signal: controller.signal,
    });
    expect(stored).toEqual([`${base}/story/1`]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the interval and stops at the cap', () => {
    expect([1, 2, 3, 10].map((failures) => backoffDelay(1000, failures, 5000))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
  });
});
