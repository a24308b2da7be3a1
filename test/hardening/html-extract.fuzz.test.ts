import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/ingest/index.ts';

/** Fixed seed: a failure found once is found again on every run and every machine. */
const FUZZ = { seed: 20261127, numRuns: 150 } as const;

const SENTENCE = 'The council voted on Tuesday to raise bus fares by five percent, officials said.';

/** Pieces of markup, well formed and broken, that hostile and sloppy pages are made of. */
const markupPiece = fc.oneof(
  fc.constantFrom(
    '<div>',
    '</div>',
    '<p>',
    '</p>',
    '<br>',
    '<b>',
    '</i>',
    '<',
    '>',
    '</',
    '<!--',
    '-->',
    '<script>',
    '</script>',
    '<style>',
    '<![CDATA[',
    ']]>',
    '<?xml?>',
    '<!DOCTYPE html>',
    '&amp;',
    '&#xD800;',
    '&#0;',
    '&#1114112;',
    '&nbsp',
    '<a href="javascript:alert(1)">',
    '<img src=x onerror=alert(1)>',
    '<meta property="og:title" content="',
    '<link rel="canonical" href="//[::1]/">',
    '<script type="application/ld+json">{"@type":"NewsArticle","__proto__":{"polluted":1}}</script>',
    '<html>',
    '<body>',
    '"',
    "'",
    '=',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  // Lone surrogates and bidirectional and zero-width controls, as raw characters.
  fc.constantFrom('\ud800', '\udfff', '\u202e', '\u2066', '\u200b', '\u200d', '\ufeff', '\u0000'),
);

const hostileHtml = fc.array(markupPiece, { maxLength: 60 }).map((pieces) => pieces.join(''));

/** An article whatever the page: text, and metadata fields that are strings or lists. */
function expectArticleShape(article: ReturnType<typeof extractHtml>): void {
  expect(typeof article.text).toBe('string');
  expect(article.meta).toBeTypeOf('object');
  for (const value of Object.values(article.meta ?? {})) {
    if (value !== undefined) expect(typeof value === 'string' || Array.isArray(value)).toBe(true);
  }
}

describe('extractHtml on hostile markup', () => {
  it('returns an article for any mix of broken tags, entities and control characters, never throwing', () => {
    fc.assert(
      fc.property(hostileHtml, (html) => {
        expectArticleShape(extractHtml(html, { url: 'https://news.example/story' }));
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      }),
      FUZZ,
    );
  });

  it('keeps the words of a paragraph whatever well-closed junk surrounds it', () => {
    const closedJunk = fc.constantFrom(
      '<div></div>',
      '<span>\u200b</span>',
      '<b>\u202e</b>',
      '<!-- <p>hidden</p> -->',
      '<script>document.write("<p>")</script>',
      '<style>p{}</style>',
      '<br>',
      '<nav><a href="/">Home</a></nav>',
    );
    fc.assert(
      fc.property(
        fc.array(closedJunk, { maxLength: 20 }),
        fc.array(closedJunk, { maxLength: 20 }),
        (before, after) => {
          const article = extractHtml(`${before.join('')}<p>${SENTENCE}</p>${after.join('')}`);
          expect(article.text).toContain(SENTENCE);
          expect(article.text).not.toContain('hidden');
          expect(article.text).not.toContain('document.write');
        },
      ),
      FUZZ,
    );
  });

  it('turns escapes of surrogates and out-of-range code points into U+FFFD, not lone surrogates', () => {
    const article = extractHtml(`<p>${SENTENCE} &#xD800; &#55296; &#xDFFF; &#1114112; &#0;</p>`);
    expect(article.text).toContain(SENTENCE);
    expect(article.text).not.toMatch(/[\ud800-\udfff]/);
    expect(article.text.match(/\ufffd/g)).toHaveLength(5);
  });

  it('keeps zero-width and right-to-left characters where they are written (offsets index this text)', () => {
    const marked =
      'The \u202ecouncil\u202c voted\u200b on \u2066Tuesday\u2069 to raise fares by five percent, officials said.';
    expect(extractHtml(`<p>${marked}</p>`).text).toBe(marked);
  });
});

describe('extractHtml on the extreme pages', { timeout: 30_000 }, () => {
  it('reads a paragraph nested 100,000 levels deep without overflowing the stack', () => {
    const depth = 100_000;
    const article = extractHtml(`${'<div>'.repeat(depth)}<p>${SENTENCE}</p>${'</div>'.repeat(depth)}`);
    expect(article.text).toBe(SENTENCE);
  });

  it('reads 100,000 unclosed inline elements and 100,000 unclosed tables', () => {
    expect(extractHtml(`${'<b><i>'.repeat(50_000)}${SENTENCE}`).text).toBe(SENTENCE);
    expect(extractHtml(`${'<table><tr><td>'.repeat(33_000)}${SENTENCE}`).text).toBe(SENTENCE);
  });

  it('reads a page whose attributes are 5 MB long, closed or never closed', () => {
    const huge = 'a'.repeat(5_000_000);
    expect(extractHtml(`<p title="${huge}">${SENTENCE}</p>`).text).toBe(SENTENCE);
    expect(extractHtml(`<p data-x="${huge}"><p>${SENTENCE}</p>`).text).toContain(SENTENCE);
    expectArticleShape(extractHtml(`<p title="${huge}>${SENTENCE}</p>`));
    expectArticleShape(extractHtml(`<p ${'a="b" '.repeat(200_000)}>${SENTENCE}</p>`));
  });

  it('reads a page of a million stray "<" (each would be a text node) in seconds, not minutes', () => {
    const article = extractHtml(`<p>${SENTENCE}</p>${'<'.repeat(1_000_000)}`);
    expect(article.text).toContain(SENTENCE);
    expectArticleShape(extractHtml('< '.repeat(1_000_000)));
  });

  it('reads pages of a million tags, comments or void elements', () => {
    expectArticleShape(extractHtml('<br>'.repeat(1_000_000)));
    expectArticleShape(extractHtml('<!---->'.repeat(700_000)));
    expect(extractHtml(`${'<p>x'.repeat(1_000_000)}<p>${SENTENCE}`).text).toContain(SENTENCE);
  });

  it('reads a million unclosed comments, scripts and CDATA sections', () => {
    expectArticleShape(extractHtml('<!--'.repeat(1_000_000)));
    expectArticleShape(extractHtml('<script>'.repeat(500_000)));
    expectArticleShape(extractHtml('<![CDATA['.repeat(500_000)));
  });

  it('ignores JSON-LD that is nested a million levels or carries __proto__ keys', () => {
    const deep = `<script type="application/ld+json">${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}</script>`;
    expect(extractHtml(`${deep}<p>${SENTENCE}</p>`).text).toBe(SENTENCE);
    const polluting =
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Fares rise","__proto__":{"polluted":"yes"},"author":{"__proto__":{"name":"x"}}}</script>';
    const article = extractHtml(`${polluting}<p>${SENTENCE}</p>`);
    expect(article.meta?.title).toBe('Fares rise');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
