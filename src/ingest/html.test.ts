import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractHtml } from './html.ts';

const PARAGRAPHS = [
  'The harbour authority said on Monday that shipping volumes fell by a fifth last year, blaming the closure of the northern channel for most of the decline.',
  'Its chief executive, Marta Lindqvist, said fees would rise by 12 percent &amp; that small boats would be exempt. &ldquo;We had no choice,&rdquo; she said.',
  'Shipping firms called the rise unjustified. A spokesperson for the Baltic Carriers Association said members had not been consulted before the board voted.',
  'The authority expects volumes to recover by late next year, once dredging of the channel is complete, according to its annual report.',
];

function newsPage(head: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">${head}</head>
<body>
  <header class="site-header"><a href="/">Harbour Daily</a><span>Subscribe for 1 dollar a week</span></header>
  <nav class="menu"><ul><li><a href="/world">World desk</a></li><li><a href="/sport">Sport pages</a></li><li><a href="/weather">Weather forecasts</a></li></ul></nav>
  <main><article>
    <h1>Harbour volumes fall by a fifth</h1>
    <p class="byline">By Ada Lind and Bo Chen</p>
    ${PARAGRAPHS.map((paragraph) => `<p>${paragraph}</p>`).join('\n    ')}
  </article></main>
  <aside><h2>Most read</h2><ul><li><a href="/x">Celebrity chef opens bakery</a></li></ul></aside>
  <footer><p>Copyright 2026 Harbour Daily Ltd. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>`;
}

const JSON_LD = `<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","@id":"https://harbour.example/#site","name":"Harbour Daily website"},
  {"@type":"Person","@id":"https://harbour.example/#ada","name":"Ada Lind"},
  {"@type":["NewsArticle","ReportageNewsArticle"],"headline":"Harbour volumes fall by a fifth",
   "author":[{"@id":"https://harbour.example/#ada"},{"@type":"Person","name":"Bo Chen"}],
   "publisher":{"@type":"NewsMediaOrganization","name":"Harbour Daily"},
   "datePublished":"2026-03-04T08:30:00+01:00","mainEntityOfPage":{"@id":"https://harbour.example/2026/03/volumes"}}
]}</script>`;

const OPEN_GRAPH = `<title>Volumes fall | Harbour Daily</title>
<meta property="og:title" content="Volumes fall (OpenGraph)">
<meta property="og:site_name" content="Harbour Daily OG">
<meta property="og:url" content="https://harbour.example/og-url">
<meta property="article:published_time" content="2026-03-05T00:00:00Z">
<meta property="article:author" content="https://facebook.example/adalind">
<meta name="author" content="Ada Lind (meta)">
<link rel="canonical" href="/2026/03/canonical">`;

describe('extractHtml', () => {
  it('reads the article paragraphs without the navigation, header, aside or footer', () => {
    const { text } = extractHtml(newsPage(JSON_LD + OPEN_GRAPH));
    expect(text).toContain(
      'Its chief executive, Marta Lindqvist, said fees would rise by 12 percent & that small boats would be exempt. “We had no choice,” she said.',
    );
    for (const paragraph of [PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3]]) expect(text).toContain(paragraph);
    expect(text.split('\n\n')).toContain(PARAGRAPHS[3]);
    for (const boilerplate of [
      'World desk',
      'Weather',
      'Subscribe',
      'Celebrity chef',
      'All rights reserved',
      'Privacy',
    ]) {
      expect(text).not.toContain(boilerplate);
    }
  });

  it('takes metadata from JSON-LD first, resolving author references in the graph', () => {
    const { meta } = extractHtml(newsPage(JSON_LD + OPEN_GRAPH), {
      url: 'https://harbour.example/a?ref=rss',
    });
    expect(meta).toEqual({
      title: 'Harbour volumes fall by a fifth',
      byline: 'Ada Lind, Bo Chen',
      publisher: 'Harbour Daily',
      published: '2026-03-04T08:30:00+01:00',
      url: 'https://harbour.example/2026/03/volumes',
    });
  });

  it('falls back to OpenGraph, then meta tags, canonical link and title', () => {
    expect(extractHtml(newsPage(OPEN_GRAPH)).meta).toEqual({
      title: 'Volumes fall (OpenGraph)',
      byline: 'Ada Lind (meta)',
      publisher: 'Harbour Daily OG',
      published: '2026-03-05T00:00:00Z',
      url: 'https://harbour.example/og-url',
    });
    const plain = `<title>Volumes &amp; fees</title><meta name="DC.date" content="2026-03-06">
      <link rel="canonical" href="/2026/03/canonical">`;
    expect(extractHtml(newsPage(plain), { url: 'https://harbour.example/x' }).meta).toEqual({
      title: 'Volumes & fees',
      published: '2026-03-06',
      url: 'https://harbour.example/2026/03/canonical',
    });
  });

  it('reads JSON-LD given as an array and skips a broken block', () => {
    const head = `<script type="application/ld+json">{ not json</script>
      <script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"BlogPosting","headline":"Log",
      "author":"Cy Ode","publisher":"Pier Blog","datePublished":"2025-12-01","url":"https://pier.example/log"}]</script>`;
    expect(extractHtml(newsPage(head)).meta).toEqual({
      title: 'Log',
      byline: 'Cy Ode',
      publisher: 'Pier Blog',
      published: '2025-12-01',
      url: 'https://pier.example/log',
    });
  });

  it('keeps only http and https URLs, and uses the page URL when the page names none', () => {
    const hostile = '<link rel="canonical" href="javascript:alert(1)">';
    expect(extractHtml(newsPage(hostile)).meta?.url).toBeUndefined();
    expect(extractHtml(newsPage(hostile), { url: 'https://harbour.example/p' }).meta?.url).toBe(
      'https://harbour.example/p',
    );
  });

  it('reads a short fragment that Readability finds no article in', () => {
    expect(extractHtml('<p>Short  one.</p><p>Two<br>lines &amp; more</p>').text).toBe(
      'Short one.\n\nTwo\nlines & more',
    );
  });

  it('reads 5,000 and 100,000 nested divs without crashing', () => {
    for (const depth of [5000, 100_000]) {
      const deep = `${'<div>'.repeat(depth)}<p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p>${'</div>'.repeat(depth)}`;
      const started = performance.now();
      const { text } = extractHtml(deep);
      expect(text).toContain(PARAGRAPHS[0]);
      expect(text).toContain('12 percent & that');
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  it('reads moderately deep pages (250 and 1,400 levels) through the DOM', () => {
    for (const depth of [250, 1400]) {
      const deep = `<title>Deep</title>${'<div>'.repeat(depth)}<p>${PARAGRAPHS[2]}</p>${'</div>'.repeat(depth)}`;
      expect(extractHtml(deep)).toEqual({ text: PARAGRAPHS[2], meta: { title: 'Deep' } });
    }
  });

  it('never throws on any string and always returns a string text', () => {
    fc.assert(
      fc.property(fc.string(), (html) => typeof extractHtml(html).text === 'string'),
      { numRuns: 300 },
    );
    const tagSoup = fc.string({
      unit: fc.constantFrom('<', '>', '/', 'div', 'p', 'script', '!--', '&amp;', 'x', ' ', '"', '='),
    });
    fc.assert(
      fc.property(tagSoup, (html) => typeof extractHtml(html).text === 'string'),
      { numRuns: 300 },
    );
  });
});
