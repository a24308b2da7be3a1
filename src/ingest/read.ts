import { open, stat } from 'node:fs/promises';
import { InputError } from '../core/errors.ts';
import type { ArticleInput } from '../core/types.ts';
import { decodeBytes } from './decode.ts';
import { detectFormat } from './format.ts';
import { extractHtml } from './html.ts';
import { assertEnglish } from './language.ts';
import { markdownToText } from './markdown.ts';

export interface ReadOptions {
  /** The file's name; its extension decides the format when it is .html, .md, .txt and the like. */
  filename?: string;
  /** Where the article came from; HTML canonical links resolve against it. */
  url?: string;
  /** Largest input accepted, in bytes (the maxInputBytes setting). */
  maxBytes: number;
  /** How error messages name the input; defaults to the file name, else "input". */
  label?: string;
}

export interface ReadFileOptions {
  maxBytes: number;
  /** What `-` reads; standard input unless given (tests pass their own stream). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

const STANDARD_INPUT = 'standard input';

/** 54945382 -> "52.4 MB", 512000 -> "500.0 kB"; limits drop a trailing ".0" (`round`). */
function formatSize(bytes: number, round = false): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [amount, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MB'] : [bytes / 1024, 'kB'];
  const figure = amount.toFixed(1);
  return `${round ? figure.replace(/\.0$/, '') : figure} ${unit}`;
}

/** `size` is unknown for a stream cut off at the limit. */
function tooLarge(label: string, maxBytes: number, size?: number): InputError {
  const limit = formatSize(maxBytes, true);
  const what = size === undefined ? `${label} is over` : `${label} is ${formatSize(size)}, over`;
  return new InputError(
    'too-large',
    `${what} the ${limit} limit; raise it with --max-input or CLAIMTRAIL_MAX_INPUT`,
  );
}

function emptyInput(label: string): InputError {
  return new InputError('empty-input', `${label} is empty: give an article as text, Markdown or HTML`);
}

/** The first `# heading` outside code fences, with its inline Markdown removed. */
function markdownTitle(markdown: string, text: string): string | undefined {
  let inFence = false;
  let offset = 0;
  for (const line of markdown.split('\n')) {
    if (/^ {0,3}(?:```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^ {0,3}#(?=[ \t])/.exec(line);
    if (heading) {
      const title = text
        .slice(offset, offset + line.length)
        .replace(/\s+/g, ' ')
        .trim();
      if (title !== '') return title;
    }
    offset += line.length + 1;
  }
  return undefined;
}

/**
 * Turns the bytes of an article into text and metadata. In order: the size limit, emptiness, the
 * encoding ({@link decodeBytes}), the format ({@link detectFormat}) and its reading (HTML through
 * {@link extractHtml}; Markdown through {@link markdownToText}, titled by its first `# heading`;
 * plain text as it is), the language ({@link assertEnglish}), and whether any text is left.
 * Throws `InputError` with the codes too-large, empty-input, binary-input, invalid-encoding,
 * not-english and no-text.
 *
 * @example
 * readArticle(new TextEncoder().encode('# Fares\n\nThe council voted.'), { filename: 'a.md', maxBytes: 5e6 })
 * // { text: '  Fares\n\nThe council voted.', meta: { title: 'Fares' } }
 */
export function readArticle(bytes: Uint8Array, options: ReadOptions): ArticleInput {
  const { filename, url, maxBytes, label = filename ?? 'input' } = options;
  if (bytes.length > maxBytes) throw tooLarge(label, maxBytes, bytes.length);
  if (bytes.length === 0) throw emptyInput(label);
  const decoded = decodeBytes(bytes, label);
  if (decoded.trim() === '') throw emptyInput(label);

  let article: ArticleInput;
  const format = detectFormat(decoded, filename);
  if (format === 'html') {
    article = extractHtml(decoded, url === undefined ? {} : { url });
  } else if (format === 'markdown') {
    const text = markdownToText(decoded);
    const title = markdownTitle(decoded, text);
    article = {
      text,
      meta: { ...(title === undefined ? {} : { title }), ...(url === undefined ? {} : { url }) },
    };
  } else {
    article = { text: decoded, meta: url === undefined ? {} : { url } };
  }

  assertEnglish(article.text, label);
  if (article.text.trim() === '') {
    const where = format === 'html' ? 'no article text in the page' : 'no text once its Markdown is removed';
    throw new InputError(
      'no-text',
      `${label} has ${where}: give the article's full page or paste its text into a .txt file`,
    );
  }
  return article;
}

/** Reads a stream to its end, stopping as soon as it passes `maxBytes`. */
async function readLimited(
  stream: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  label: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    // Leaving the loop early closes the stream, so a huge pipe is not drained into memory.
    if (size > maxBytes) throw tooLarge(label, maxBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function fileError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new InputError(
      'not-found',
      `no such file: ${path}; give the path of an article, or - for standard input`,
      error,
    );
  }
  if (code === 'EISDIR') return isDirectory(path);
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'read error');
  return new InputError(
    'unreadable',
    `cannot read ${path} (${reason}); check that the file can be read`,
    error,
  );
}

function isDirectory(path: string): InputError {
  return new InputError('is-directory', `${path} is a directory; give the path of one article file`);
}

/**
 * Reads an article for the command line: from a file, or from standard input when `path` is `-`.
 * A regular file over the limit is refused from its size alone, before any of it is read; standard
 * input and pipes are read only until they pass the limit. Throws `InputError` with the codes
 * not-found, is-directory and unreadable, besides those of {@link readArticle}.
 *
 * @example
 * const article = await readArticleFile('story.html', { maxBytes: 5 * 1024 * 1024 });
 */
export async function readArticleFile(path: string, options: ReadFileOptions): Promise<ArticleInput> {
  const { maxBytes, stdin = process.stdin } = options;
  if (path === '-') {
    const bytes = await readLimited(stdin, maxBytes, STANDARD_INPUT);
    return readArticle(bytes, { maxBytes, label: STANDARD_INPUT });
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw isDirectory(path);
    if (info.isFile() && info.size > maxBytes) throw tooLarge(path, maxBytes, info.size);
    const handle = await open(path, 'r');
    try {
      // Read through the limit rather than trusting the size: the file may grow, or be a pipe.
      bytes = await readLimited(handle.createReadStream({ autoClose: false }), maxBytes, path);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(path, error);
  }
  return readArticle(bytes, { filename: path, maxBytes, label: path });
}
