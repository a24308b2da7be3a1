import { open, stat } from 'node:fs/promises';
import { InputError } from '../core/errors.ts';
import type { ArticleInput } from '../core/types.ts';
import { decodeBytes } from './decode.ts';
import { detectFormat } from './format.ts';
import { extractHtml } from './html.ts';
import { assertEnglish } from './language.ts';
import { markdownToText } from './markdown.ts';

export interface ReadOptions {
  filename?: string;
  url?: string;
  maxBytes: number;
  label?: string;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

function tooLarge(label: string, size: number, maxBytes: number): InputError {
  return new InputError(
    'too-large',
    `${label} is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit; raise it with --max-input or CLAIMTRAIL_MAX_INPUT`,
  );
}

/**
 * Turns an article's bytes into text and metadata: size limit, encoding, format (HTML, Markdown or
 * plain text), then a check that the text is English.
 */
export function readArticle(bytes: Uint8Array, options: ReadOptions): ArticleInput {
  const { filename, url, maxBytes, label = filename ?? 'input' } = options;
  if (bytes.length > maxBytes) throw tooLarge(label, bytes.length, maxBytes);
  const decoded = decodeBytes(bytes, label);
  if (decoded.trim() === '')
    throw new InputError('empty-input', `${label} is empty: give an article with some text`);
  const format = detectFormat(decoded, filename);
  let article: ArticleInput;
  if (format === 'html') article = extractHtml(decoded, url ? { url } : {});
  else if (format === 'markdown') {
    const title = decoded.match(/^#\s+(.+)$/m)?.[1]?.trim();
    article = { text: markdownToText(decoded), meta: title ? { title } : {} };
  } else article = { text: decoded, meta: url ? { url } : {} };
  if (article.text.trim() === '') {
    throw new InputError(
      'no-text',
      `${label} has no article text that could be extracted: give the article's text or full page`,
    );
  }
  assertEnglish(article.text, label);
  return article;
}

async function readStream(
  stream: NodeJS.ReadableStream,
  maxBytes: number,
  label: string,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw tooLarge(label, size, maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads an article from a file path, or from standard input when the path is `-`. A file over the
 * limit is refused from its size alone, without reading it.
 */
export async function readArticleFile(path: string, options: { maxBytes: number }): Promise<ArticleInput> {
  const { maxBytes } = options;
  if (path === '-')
    return readArticle(await readStream(process.stdin, maxBytes, 'standard input'), {
      maxBytes,
      label: 'standard input',
    });
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(
        'not-found',
        `no such file: ${path}; give the path of an article, or - for standard input`,
      );
    }
    throw new InputError('unreadable', `cannot read ${path} (${code ?? 'error'}); check its permissions`);
  }
  if (info.isDirectory())
    throw new InputError('is-directory', `${path} is a directory; give the path of one article file`);
  if (info.size > maxBytes) throw tooLarge(path, info.size, maxBytes);
  try {
    const handle = await open(path, 'r');
    try {
      const bytes = await readStream(handle.createReadStream(), maxBytes, path);
      return readArticle(bytes, { filename: path, maxBytes, label: path });
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('unreadable', `cannot read ${path} (${code ?? 'error'}); check its permissions`);
  }
}
