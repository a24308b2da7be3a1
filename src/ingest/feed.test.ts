import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from './feed.ts';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour &amp; Co</title>
<item><title>Council &#8220;raises&#8221; fares &amp;amp; more</title><link>/news/fares</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Fares rise&lt;/p&gt;</description></item>
<item><title>Duplicate</title><link>https://harbour.example/news/fares</link></item>
<item><title>No link</title></item>
<item><title>Script</title><link>javascript:alert(1)</link></item>
</channel></rss>`;

describe('parseFeed', () => {
  it('reads RSS items with absolute links, decoded titles and ISO dates', () => {
    const feed = parseFeed(RSS, { url: 'https://harbour.example/rss' });
    expect(feed.title).toBe('Harbour & Co');
    expect(feed.items).toEqual([
      {
        url: 'https://harbour.example/news/fares',
        title: 'Council “raises” fares & more',
        published: '2026-03-03T10:00:00.000Z',
        summary: 'Fares rise',
      },
    ]);
  });

  it('reads Atom and JSON Feed', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><title>One</title><link href="https://a.example/1"/><id>1</id><updated>2026-01-02T00:00:00Z</updated></entry></feed>`;
    expect(parseFeed(atom, { url: 'https://a.example/feed' }).items[0]?.url).toBe('https://a.example/1');
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [{ id: '1', url: 'https://j.example/a', title: 'T' }],
    });
    expect(parseFeed(json, { url: 'https://j.example/feed.json' }).items).toEqual([
      { url: 'https://j.example/a', title: 'T' },
    ]);
  });

  it('does not expand an entity bomb and refuses external entities', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, index) => `<!ENTITY e${index + 1} "${`&${index === 0 ? 'a' : `e${index}`};`.repeat(10)}">`).join('')}]>
      <rss version="2.0"><channel><title>&e9;</title><item><title>&e9;</title><link>https://b.example/1</link></item></channel></rss>`;
    const started = performance.now();
    const feed = parseFeed(lol, { url: 'https://b.example/rss' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((feed.items[0]?.title ?? '').length).toBeLessThan(100);
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>`;
    expect(() => parseFeed(xxe, { url: 'https://b.example/rss' })).toThrow(FeedError);
  });

  it('reports malformed XML in one line naming the feed', () => {
    const error = (() => {
      try {
        parseFeed('<rss><channel><item><title>x</item></rss>', { url: 'https://c.example/rss' });
      } catch (caught) {
        return caught as FeedError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FeedError);
    expect(error?.message).toMatch(/^feed https:\/\/c\.example\/rss could not be read \(.+\); check/);
    expect(error?.message).not.toContain('\n');
  });

  it('keeps at most maxItems items from a huge feed', () => {
    const items = Array.from(
      { length: 100_000 },
      (_, index) => `<item><title>t${index}</title><link>https://d.example/${index}</link></item>`,
    ).join('');
    const feed = parseFeed(`<rss version="2.0"><channel><title>D</title>${items}</channel></rss>`, {
      url: 'https://d.example/',
      maxItems: 500,
    });
    expect(feed.items).toHaveLength(500);
  });
});
