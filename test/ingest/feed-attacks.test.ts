import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTICLE_TYPES,
  createFetcher,
  FEED_TYPES,
  FeedError,
  type FetchResult,
  type ParsedFeed,
  parseFeed,
  type WatchEvent,
  watchFeeds,
} from '../../src/ingest/index.ts';
import { type LocalServer, startServer } from './local-server.ts';

/** Nine levels of ten references each: a billion `a`s if a parser expands them. */
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "aaaaaaaaaa">${Array.from(
  { length: 9 },
  (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
).join('')}]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>/laughs/1</link><description>&lol9;</description></item>
</channel></rss>`;

/** No nesting, so no depth limit helps: one 9 kB entity used 20,000 times, 180 MB expanded. */
const QUADRATIC = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(9000)}">]>
<rss version="2.0"><channel><title>Q</title>${Array.from(
  { length: 200 },
  (_, index) =>
    `<item><title>${'&big;'.repeat(50)}</title><link>/quadratic/${index}</link><description>${'&big;'.repeat(50)}</description></item>`,
).join('')}</channel></rss>`;

/** An external entity: a parser that reads it leaks a local file into a title. */
const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>&secret;</title><item><title>&secret;</title><link>/external/1</link></item></channel></rss>`;

const MALFORMED = '<rss version="2.0"><channel><title>Broken<item><title>x</item></channel>';

const GOOD = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>${[1, 2, 3]
  .map((number) => `<item><title>Good story ${number}</title><link>/story/${number}</link></item>`)
  .join('')}</channel></rss>`;

const FEEDS: Record<string, string> = {
  '/laughs.xml': BILLION_LAUGHS,
  '/quadratic.xml': QUADRATIC,
  '/external.xml': EXTERNAL_ENTITY,
  '/malformed.xml': MALFORMED,
  '/good.xml': GOOD,
};

describe('watching hostile and broken feeds over HTTP', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      const path = request.url ?? '/';
      const feed = FEEDS[path];
      if (feed !== undefined) {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        return response.end(feed);
      }
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<html><body><p>Article at ${path}.</p></body></html>`);
    });
  });
  afterAll(() => server.close());

  it('reads no entity expansion, reports each bad feed, and stores the good feed in full', async () => {
    const stored: string[] = [];
    const events: WatchEvent[] = [];
    const controller = new AbortController();
    let clock = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    await watchFeeds({
      // The good feed comes last: it is polled only if every hostile feed before it let the watcher go on.
      feeds: Object.keys(FEEDS).map((path) => ({ url: `${server.base}${path}` })),
      feedFetcher: createFetcher({ allowPrivate: true, accept: FEED_TYPES, respectRobots: false }),
      articleFetcher: createFetcher({ allowPrivate: true, accept: ARTICLE_TYPES, respectRobots: false }),
      isKnown: async (url) => stored.includes(url),
      store: async (article: FetchResult) => {
        stored.push(article.url);
      },
      intervalMs: 60_000,
      now: () => clock,
      sleep: async (milliseconds) => {
        clock += milliseconds;
        controller.abort();
      },
      onEvent: (event) => events.push(event),
      signal: controller.signal,
    });
    const elapsed = performance.now() - started;

    // A hostile feed read without expansion may hand over its own links too; nothing else comes.
    expect(stored.filter((url) => url.includes('/story/'))).toEqual(
      [1, 2, 3].map((number) => `${server.base}/story/${number}`),
    );
    expect(stored.every((url) => /\/(story|laughs|quadratic|external)\/\d+$/.test(url))).toBe(true);
    expect(new Set(stored).size).toBe(stored.length);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'polled', feed: `${server.base}/good.xml`, items: 3, fresh: 3 }),
    );
    const failed = events.filter((event) => event.type === 'feed-failed').map((event) => event.feed);
    expect(failed).toContain(`${server.base}/malformed.xml`);
    const polled = events.flatMap((event) => (event.type === 'polled' ? [event.feed] : []));
    for (const path of Object.keys(FEEDS)) {
      // Every feed had its turn, and each hostile one was refused or read: none stopped the watcher.
      expect([...failed, ...polled], path).toContain(`${server.base}${path}`);
    }
    // An entity expanded anywhere would take seconds and hundreds of megabytes.
    expect(elapsed).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    for (const event of events) {
      if (event.type === 'feed-failed') expect(event.error).not.toContain('\n');
    }
  });

  it.each(['/laughs.xml', '/quadratic.xml', '/external.xml'])(
    'refuses %s or reads it without expanding an entity',
    async (path) => {
      const fetcher = createFetcher({ allowPrivate: true, accept: FEED_TYPES, respectRobots: false });
      const url = `${server.base}${path}`;
      const response = await fetcher.fetch(url);
      const started = performance.now();
      let feed: ParsedFeed | undefined;
      try {
        feed = parseFeed(Buffer.from(response.body).toString('utf8'), { url });
      } catch (error) {
        expect(error).toBeInstanceOf(FeedError);
        expect((error as Error).message).toContain(url);
      }
      expect(performance.now() - started).toBeLessThan(2000);
      const machine = hostname();
      for (const text of [
        feed?.title,
        ...(feed?.items ?? []).flatMap((item) => [item.title, item.summary]),
      ]) {
        expect((text ?? '').length).toBeLessThan(1000);
        expect(text ?? '').not.toContain(machine);
      }
    },
  );
});
