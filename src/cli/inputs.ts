import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../core/errors.ts';
import {
  articleFromFetch,
  articleFromRecord,
  articleRecordSchema,
  decodeBytes,
  type Fetcher,
  readArticleFile,
} from '../ingest/index.ts';
import type { LedgerArticle } from '../ledger/index.ts';

const ARTICLE_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl']);

/** A named source of articles: a file, a record in a JSONL file, a URL. */
export interface ArticleSource {
  label: string;
  load(): Promise<LedgerArticle>;
}

function fromRecord(label: string, value: unknown, maxBytes: number): ArticleSource {
  return {
    label,
    async load() {
      const parsed = articleRecordSchema.safeParse(value);
      if (!parsed.success) {
        throw new InputError(
          'invalid-record',
          `${label}: ${parsed.error.issues[0]?.message ?? 'not an article record'}; give {text} or {html} with optional url, title, publisher, published`,
        );
      }
      return articleFromRecord(parsed.data, { maxBytes, label });
    },
  };
}

/** A source standing for a whole file that could not be read: it fails with `error` when loaded. */
function failedFile(label: string, error: InputError): ArticleSource {
  return { label, load: () => Promise.reject(error) };
}

/**
 * The text of a records file, decoded like an article file (UTF-8, UTF-16 with a byte order mark,
 * Western Windows-1252), so that a broken byte is refused by name rather than read as U+FFFD.
 */
async function recordsText(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new InputError(
      'unreadable',
      `cannot read ${path} (${reason}); check that the file can be read`,
      error,
    );
  }
  return decodeBytes(bytes, path);
}

async function recordsOf(path: string, maxBytes: number): Promise<ArticleSource[]> {
  let text: string;
  try {
    text = await recordsText(path);
  } catch (error) {
    if (error instanceof InputError) return [failedFile(path, error)];
    throw error;
  }
  if (extname(path) === '.jsonl') {
    return text
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => line !== '')
      .map(({ line, number }) => {
        const label = `${path}:${number}`;
        try {
          return fromRecord(label, JSON.parse(line), maxBytes);
        } catch {
          return {
            label,
            load: () =>
              Promise.reject(
                new InputError(
                  'invalid-json',
                  `${label} is not valid JSON; each line of a .jsonl file holds one article object`,
                ),
              ),
          };
        }
      });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [
      failedFile(
        path,
        new InputError(
          'invalid-json',
          `${path} is not valid JSON; give an article object or an array of them`,
        ),
      ),
    ];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => fromRecord(list.length > 1 ? `${path}[${index}]` : path, item, maxBytes));
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) files.push(...(await walk(path)));
    else if (entry.isFile() && ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/**
 * Expands the `ingest` arguments into article sources: URLs, `-` (one article on standard input),
 * files, and directories searched recursively for .txt, .md, .html, .json and .jsonl files.
 */
export async function articleSources(
  paths: readonly string[],
  options: { maxBytes: number; fetcher: () => Fetcher },
): Promise<ArticleSource[]> {
  const { maxBytes } = options;
  const sources: ArticleSource[] = [];
  for (const path of paths) {
    if (/^https?:\/\//i.test(path)) {
      sources.push({
        label: path,
        async load() {
          return articleFromFetch(await options.fetcher().fetch(path), { maxBytes, label: path });
        },
      });
      continue;
    }
    if (path === '-') {
      sources.push({ label: 'standard input', load: () => readArticleFile('-', { maxBytes }) });
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (!info)
      throw new InputError(
        'not-found',
        `no such file or directory: ${path}; give files, directories, URLs or -`,
      );
    const files = info.isDirectory() ? await walk(path) : [path];
    for (const file of files) {
      const extension = extname(file).toLowerCase();
      if (extension === '.json' || extension === '.jsonl') sources.push(...(await recordsOf(file, maxBytes)));
      else sources.push({ label: file, load: () => readArticleFile(file, { maxBytes }) });
    }
  }
  return sources;
}
