import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedError, type ParsedFeed, parseFeed } from '../../src/ingest/index.ts';

const FUZZ = { seed: 20261127, numRuns: 150 } as const;
const FEED_URL = 'https://harbour.example/feed.xml';

/** Parses, or returns the FeedError it threw; any other error fails the test. */
function parseOrRefusal(body: string, maxItems?: number): ParsedFeed | FeedError {
  try {
    return parseFeed(body, { url: FEED_URL, ...(maxItems === undefined ? {} : { maxItems }) });
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).status).toBe(422);
    expect((error as FeedError).exitCode).toBe(2);
    expect((error as FeedError).message).toContain(FEED_URL);
    return error as FeedError;
  }
}

/** What every parsed feed promises: http(s) links, each once, at most `maxItems`. */
function expectSaneFeed(feed: ParsedFeed, maxItems = 10_000): void {
  expect(feed.items.length).toBeLessThanOrEqual(maxItems);
  const urls = feed.items.map((item) => item.url);
  expect(new Set(urls).size).toBe(urls.length);
  for (const url of urls) expect(new URL(url).protocol).toMatch(/^https?:$/);
  for (const item of feed.items) {
    for (const field of [item.title, item.summary, item.published]) {
      if (field !== undefined) expect(typeof field).toBe('string');
    }
  }
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Link values a hostile feed might carry. */
const linkValue = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    '/relative/story',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<p>x</p>',
    '//evil.example/x',
    'http://[::1]/',
    '',
    ' ',
    'https://news.example/\u202e\u200b',
  ),
  fc.string({ maxLength: 30 }).map((path) => `/${path}`),
);

const itemText = fc.string({ unit: 'grapheme', maxLength: 40 });

describe('parseFeed on generated and hostile feeds', () => {
  it('either reads any string as a feed or refuses it with a FeedError, never another error', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            '<rss>',
            '<channel>',
            '<item>',
            '</item>',
            '<link>',
            '</link>',
            '<![CDATA[',
            ']]>',
            '<!DOCTYPE x [',
            '<!ENTITY a "b">',
            ']>',
            '&a;',
            '{',
            '}',
            '[',
            ']',
            '"items":',
            '"url":',
            ',',
          ),
          { maxLength: 40 },
        )
        .map((parts) => parts.join('')),
      fc.json({ maxDepth: 6 }),
    );
    fc.assert(
      fc.property(junk, (body) => {
        const result = parseOrRefusal(body);
        if (!(result instanceof FeedError)) expectSaneFeed(result);
      }),
      FUZZ,
    );
  });

  it('reads every RSS item with a usable link, once, in feed order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: itemText, link: linkValue }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (entries, maxItems) => {
          const items = entries
            .map(
              ({ title, link }) =>
                `<item><title>${xmlEscape(title)}</title><link>${xmlEscape(link)}</link></item>`,
            )
            .join('');
          const result = parseOrRefusal(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`,
            maxItems,
          );
          expect(result).not.toBeInstanceOf(FeedError);
          const feed = result as ParsedFeed;
          expectSaneFeed(feed, maxItems);
          // The links a browser would open, resolved against the feed, first occurrence only.
          const expected: string[] = [];
          for (const { link } of entries) {
            let url: URL;
            try {
              url = new URL(link.trim(), FEED_URL);
            } catch {
              continue;
            }
            if (link.trim() === '' || !/^https?:$/.test(url.protocol) || expected.includes(url.href))
              continue;
            expected.push(url.href);
          }
          expect(feed.items.map((item) => item.url)).toEqual(expected.slice(0, maxItems));
        },
      ),
      { ...FUZZ, numRuns: 100 },
    );
  });

  it('reads JSON Feed items whatever types their fields have, and __proto__ keys pollute nothing', () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ url: fc.oneof(linkValue, anyValue), title: anyValue, summary: anyValue }), {
          maxLength: 20,
        }),
        (items) => {
          const withProto = items.map(
            (item) => `{"__proto__":{"polluted":"yes"},${JSON.stringify(item).slice(1)}`,
          );
          const body = `{"version":"https://jsonfeed.org/version/1.1","__proto__":{"polluted":"yes"},"title":"J","items":[${withProto.join(',')}]}`;
          const result = parseOrRefusal(body);
          if (!(result instanceof FeedError)) expectSaneFeed(result);
          expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        },
      ),
      FUZZ,
    );
  });
});

describe('parseFeed on the extreme feeds', { timeout: 30_000 }, () => {
  it('reads the first 10,000 of 100,000 items, and all of them when asked', () => {
    const items = Array.from(
      { length: 100_000 },
      (_, index) =>
        `<item><title>Story ${index}</title><link>https://harbour.example/story/${index}</link></item>`,
    ).join('');
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`;
    const feed = parseFeed(body, { url: FEED_URL });
    expect(feed.items).toHaveLength(10_000);
    expect(feed.items.at(-1)?.url).toBe('https://harbour.example/story/9999');
    expect(parseFeed(body, { url: FEED_URL, maxItems: 100_000 }).items).toHaveLength(100_000);
  });

  it('never reads a local file through an external entity, in any form', () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:';
    const attacks = [
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><link>https://a.example/1</link></item></channel></rss>',
      '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe PUBLIC "-//x//y" "file:///etc/passwd">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title><entry><title>&xxe;</title><link href="https://a.example/1"/></entry></feed>',
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % xxe SYSTEM "file:///etc/passwd"> %xxe;]><rss version="2.0"><channel><title>x</title><item><link>https://a.example/1</link></item></channel></rss>',
      '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss version="2.0"><channel><title>x</title><item><link>https://a.example/1</link></item></channel></rss>',
      '<?xml version="1.0"?><rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title><xi:include href="file:///etc/passwd" parse="text"/></title><item><link>https://a.example/1</link></item></channel></rss>',
    ];
    for (const body of attacks) {
      const result = parseOrRefusal(body);
      expect(JSON.stringify(result instanceof FeedError ? result.message : result)).not.toContain(passwd);
    }
  });

  it('refuses XML nested 100,000 levels, and JSON nested a million, with a FeedError', () => {
    const xml = `<rss version="2.0"><channel>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</channel></rss>`;
    expect(parseOrRefusal(xml)).toBeInstanceOf(FeedError);
    const json = `{"items":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const result = parseOrRefusal(json);
    if (!(result instanceof FeedError)) expect(result.items).toEqual([]);
    expect(parseOrRefusal(`{"items":${'['.repeat(1_000_000)}`)).toBeInstanceOf(FeedError);
  });

  it('refuses XML elements and attributes named __proto__ or constructor, polluting nothing', () => {
    const body =
      '<rss version="2.0"><channel><__proto__><polluted>yes</polluted></__proto__><item constructor="x"><link>https://a.example/1</link></item></channel></rss>';
    parseOrRefusal(body);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps a title made of a 5 MB run of one entity without blowing up', () => {
    const body = `<rss version="2.0"><channel><title>${'&amp;'.repeat(1_000_000)}</title><item><title>${'&#8220;'.repeat(500_000)}</title><link>https://a.example/1</link></item></channel></rss>`;
    const result = parseOrRefusal(body);
    if (!(result instanceof FeedError)) expectSaneFeed(result);
  });
});
