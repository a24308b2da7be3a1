import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { readArticle, readArticleFile } from './read.ts';

const MEGABYTE = 1024 * 1024;
const LIMIT = 5 * MEGABYTE;

const STORY =
  'The harbour authority said on Monday that shipping volumes fell by a fifth last year. Its chief ' +
  'executive, Marta Lindqvist, blamed the closure of the northern channel, while shipping firms said ' +
  'the authority had known about the silting for years and done nothing.';

const encode = (text: string) => new TextEncoder().encode(text);

function errorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readArticle', () => {
  it('passes plain text through exactly, with no title', () => {
    const text = `${STORY}\r\n\r\n${STORY}\r\n`;
    expect(readArticle(encode(text), { maxBytes: LIMIT })).toEqual({ text, meta: {} });
    expect(readArticle(encode(text), { maxBytes: LIMIT, url: 'https://harbour.example/a' }).meta).toEqual({
      url: 'https://harbour.example/a',
    });
  });

  it('reads Markdown at the same offsets, titled by its first heading', () => {
    const markdown = `Intro line\n\n# Harbour *volumes* fall\n\n**${STORY}** See [the report](https://example.org/r).\n`;
    const article = readArticle(encode(markdown), { filename: 'story.md', maxBytes: LIMIT });
    expect(article.meta).toEqual({ title: 'Harbour volumes fall' });
    expect(article.text).toHaveLength(markdown.length);
    expect(article.text.indexOf('Marta Lindqvist')).toBe(markdown.indexOf('Marta Lindqvist'));
    expect(article.text).toContain('See  the report ');
  });

  it('extracts HTML, sniffed from the content when the name says nothing', () => {
    const page = `<html><head><title>Volumes fall</title></head><body><p>${STORY}</p><p>${STORY}</p></body></html>`;
    const article = readArticle(encode(page), { filename: 'download', maxBytes: LIMIT });
    expect(article).toEqual({ text: `${STORY}\n\n${STORY}`, meta: { title: 'Volumes fall' } });
  });

  it('decodes Windows-1252 and UTF-16 input', () => {
    const windows1252 = Uint8Array.from([0x93, ...encode(STORY), 0x94]);
    expect(readArticle(windows1252, { maxBytes: LIMIT }).text).toBe(`“${STORY}”`);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from(STORY, 'utf16le')]);
    expect(readArticle(utf16, { maxBytes: LIMIT }).text).toBe(STORY);
  });

  it('refuses input over the limit, naming its size and how to raise the limit', () => {
    const error = errorOf(() =>
      readArticle(new Uint8Array(6 * MEGABYTE), { maxBytes: LIMIT, label: 'big.txt' }),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(
      'big.txt is 6.0 MB, over the 5 MB limit; raise it with --max-input or CLAIMTRAIL_MAX_INPUT',
    );
    expect(errorOf(() => readArticle(new Uint8Array(54_945_382), { maxBytes: LIMIT })).message).toMatch(
      /^input is 52\.4 MB, over the 5 MB limit/,
    );
  });

  it('refuses empty and whitespace-only input', () => {
    for (const bytes of [new Uint8Array(0), encode(' \n\t\r\n '), Uint8Array.from([0xef, 0xbb, 0xbf])]) {
      const error = errorOf(() => readArticle(bytes, { maxBytes: LIMIT, label: 'blank.txt' }));
      expect(error.code).toBe('empty-input');
      expect(error.message).toBe('blank.txt is empty: give an article as text, Markdown or HTML');
    }
  });

  it('refuses binary data and foreign-language text', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(errorOf(() => readArticle(png, { maxBytes: LIMIT })).code).toBe('binary-input');
    const french =
      'Le port a annoncé lundi que le trafic avait baissé d’un cinquième l’an dernier. Sa directrice générale ' +
      'a mis en cause la fermeture du chenal nord, tandis que les armateurs reprochaient à l’autorité son inaction.';
    const error = errorOf(() => readArticle(encode(french), { maxBytes: LIMIT, label: 'port.txt' }));
    expect(error.code).toBe('not-english');
    expect(error.message).toBe('port.txt looks like French text; claimtrail analyzes English articles only');
  });

  it('refuses a page or Markdown with no text left once extracted', () => {
    const page =
      '<html><head><title>Video</title><script>play()</script></head><body><img src="a.png"></body></html>';
    const error = errorOf(() => readArticle(encode(page), { filename: 'video.html', maxBytes: LIMIT }));
    expect(error.code).toBe('no-text');
    expect(error.message).toBe(
      "video.html has no article text in the page: give the article's full page or paste its text into a .txt file",
    );
    expect(
      errorOf(() => readArticle(encode('![photo](a.png)\n\n---\n'), { filename: 'a.md', maxBytes: LIMIT }))
        .code,
    ).toBe('no-text');
  });
});

describe('readArticleFile', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'claimtrail-read-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads a text, Markdown or HTML file by its extension', async () => {
    await writeFile(join(folder, 'story.txt'), STORY);
    await writeFile(join(folder, 'story.md'), `# Volumes fall\n\n${STORY}\n`);
    await writeFile(join(folder, 'story.html'), `<title>Volumes</title><p>${STORY}</p>`);
    expect(await readArticleFile(join(folder, 'story.txt'), { maxBytes: LIMIT })).toEqual({
      text: STORY,
      meta: {},
    });
    expect((await readArticleFile(join(folder, 'story.md'), { maxBytes: LIMIT })).meta).toEqual({
      title: 'Volumes fall',
    });
    expect(await readArticleFile(join(folder, 'story.html'), { maxBytes: LIMIT })).toEqual({
      text: STORY,
      meta: { title: 'Volumes' },
    });
  });

  it('names a missing file and a directory, saying what to give instead', async () => {
    const missing = join(folder, 'nope.txt');
    await expect(readArticleFile(missing, { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'not-found',
      message: `no such file: ${missing}; give the path of an article, or - for standard input`,
      exitCode: 2,
    });
    await expect(
      readArticleFile(join(folder, 'story.txt', 'below'), { maxBytes: LIMIT }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
    const directory = join(folder, 'articles');
    await mkdir(directory);
    await expect(readArticleFile(directory, { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'is-directory',
      message: `${directory} is a directory; give the path of one article file`,
    });
  });

  it('refuses a file over the limit from its size', async () => {
    const big = join(folder, 'big.txt');
    await writeFile(big, Buffer.alloc(6 * MEGABYTE, 'a'));
    await expect(readArticleFile(big, { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'too-large',
      message: `${big} is 6.0 MB, over the 5 MB limit; raise it with --max-input or CLAIMTRAIL_MAX_INPUT`,
    });
  });

  it('refuses binary and invalid-encoding files', async () => {
    await writeFile(
      join(folder, 'photo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
    );
    await writeFile(join(folder, 'legacy.txt'), Buffer.from([0x41, 0xc3, 0x28, 0x81, 0x42]));
    await expect(readArticleFile(join(folder, 'photo.png'), { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'binary-input',
    });
    await expect(readArticleFile(join(folder, 'legacy.txt'), { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'invalid-encoding',
    });
  });

  it('names a file it may not read', async () => {
    // A symlink loop fails for every user, root included, where a mode-000 file would not.
    const loop = join(folder, 'loop.txt');
    await symlink(loop, loop);
    await expect(readArticleFile(loop, { maxBytes: LIMIT })).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining('loop.txt'),
    });
  });

  it('reads standard input for -', async () => {
    const stdin = Readable.from([Buffer.from(STORY.slice(0, 50)), STORY.slice(50)]);
    expect(await readArticleFile('-', { maxBytes: LIMIT, stdin })).toEqual({ text: STORY, meta: {} });
  });

  it('stops reading standard input once it passes the limit', async () => {
    let chunksRead = 0;
    async function* endless() {
      for (;;) {
        chunksRead++;
        yield new Uint8Array(64 * 1024).fill(0x61);
      }
    }
    await expect(readArticleFile('-', { maxBytes: MEGABYTE, stdin: endless() })).rejects.toMatchObject({
      code: 'too-large',
      message: 'standard input is over the 1 MB limit; raise it with --max-input or CLAIMTRAIL_MAX_INPUT',
    });
    expect(chunksRead).toBe(17);
  });
});
