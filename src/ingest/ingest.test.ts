import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import {
  decodeBytes,
  detectFormat,
  extractHtml,
  markdownToText,
  readArticle,
  readArticleFile,
} from './index.ts';

const ENGLISH =
  'The city council voted on Tuesday to raise bus fares by ten percent, the first increase in six years. ' +
  'Officials said the money would pay for new electric buses, while opposition members argued that riders ' +
  'had not been consulted about the change before the vote.';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error.code;
    throw error;
  }
  return undefined;
}

describe('decodeBytes', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeBytes(new TextEncoder().encode('café “quote”'))).toBe('café “quote”');
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe('hi');
  });

  it('reads UTF-16 in both byte orders by their mark', () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße “x”', 'utf16le')]);
    expect(decodeBytes(little)).toBe('Grüße “x”');
    const big = Buffer.from(Buffer.from('Grüße', 'utf16le')).swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), big]))).toBe('Grüße');
  });

  it('falls back to Windows-1252 for text that is not UTF-8', () => {
    expect(decodeBytes(new Uint8Array([0x93, 0x48, 0x69, 0x94, 0x20, 0x92]))).toBe('“Hi” ’');
  });

  it('refuses binary data and bytes no supported encoding defines', () => {
    expect(
      codeOf(() => decodeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))),
    ).toBe('binary-input');
    expect(codeOf(() => decodeBytes(new Uint8Array([0x41, 0xc3, 0x28, 0x81, 0x42])))).toBe(
      'invalid-encoding',
    );
  });
});

describe('markdownToText', () => {
  it('keeps every word at its offset in the Markdown', () => {
    const markdown =
      '# Fares rise\n\n**Officials** said the [council](https://example.org/c) voted.\n\n> Quote here\n- item _one_';
    const text = markdownToText(markdown);
    expect(text).toHaveLength(markdown.length);
    for (const word of ['Fares', 'Officials', 'council', 'voted', 'Quote', 'item', 'one']) {
      expect(text.indexOf(word)).toBe(markdown.indexOf(word));
    }
    expect(text).not.toMatch(/[#*[\]()>_]|https/);
  });
});

describe('extractHtml', () => {
  const page = `<!doctype html><html><head><title>Site | Fares</title>
    <meta property="og:site_name" content="Harbour Daily"><link rel="canonical" href="/news/fares">
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
    "headline":"Council raises bus fares","author":[{"@type":"Person","name":"Ada Lind"}],
    "datePublished":"2026-03-04T10:00:00Z","publisher":{"@type":"Organization","name":"Harbour Daily"}}]}</script>
    </head><body><nav>Home | Sports | Weather</nav><article><h1>Council raises bus fares</h1>
    <p>${ENGLISH}</p><p>The mayor said the increase was &ldquo;unavoidable&rdquo; given fuel costs.</p>
    <p>${ENGLISH}</p></article><footer>Copyright Harbour Daily. All rights reserved.</footer></body></html>`;

  it('reads metadata from JSON-LD and the main text without navigation or footer', () => {
    const { text, meta } = extractHtml(page, { url: 'https://harbour.example/x?y=1' });
    expect(meta).toMatchObject({
      title: 'Council raises bus fares',
      byline: 'Ada Lind',
      publisher: 'Harbour Daily',
      published: '2026-03-04T10:00:00Z',
      url: 'https://harbour.example/news/fares',
    });
    expect(text).toContain('The mayor said the increase was “unavoidable”');
    expect(text).not.toContain('Weather');
    expect(text).not.toContain('All rights reserved');
  });

  it('survives deep nesting and never throws on any string', () => {
    const deep = `${'<div>'.repeat(5000)}<p>${ENGLISH}</p>${'</div>'.repeat(5000)}`;
    expect(extractHtml(deep).text).toContain('bus fares');
    fc.assert(
      fc.property(fc.string(), (html) => typeof extractHtml(html).text === 'string'),
      { numRuns: 200 },
    );
  });
});

describe('readArticle and readArticleFile', () => {
  it('detects the format from the name or the content', () => {
    expect(detectFormat('<html><body><p>x</p></body></html>')).toBe('html');
    expect(detectFormat('# Title\n\n- one\n- two')).toBe('markdown');
    expect(detectFormat('plain words', 'a.txt')).toBe('text');
  });

  it('refuses empty, oversized and non-English input', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(codeOf(() => readArticle(bytes('  \n '), { maxBytes: 100 }))).toBe('empty-input');
    expect(codeOf(() => readArticle(bytes(ENGLISH), { maxBytes: 10 }))).toBe('too-large');
    const french =
      'Le conseil municipal a voté mardi une hausse de dix pour cent du prix des billets de bus, la première ' +
      'augmentation depuis six ans. Les responsables ont déclaré que cet argent servirait à acheter des bus électriques.';
    expect(codeOf(() => readArticle(bytes(french), { maxBytes: 10_000 }))).toBe('not-english');
    expect(readArticle(bytes(ENGLISH), { maxBytes: 10_000 }).text).toBe(ENGLISH);
  });

  it('names a missing file, a directory and a file over the limit', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'claimtrail-ingest-'));
    const big = join(folder, 'big.txt');
    await writeFile(big, Buffer.alloc(6 * 1024 * 1024, 'a'));
    await expect(readArticleFile(join(folder, 'nope.txt'), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(readArticleFile(folder, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'is-directory' });
    await expect(readArticleFile(big, { maxBytes: 5 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('6.0 MB'),
    });
  });
});
