import { z } from 'zod';
import type { ArticleInput } from '../core/types.ts';
import type { FetchResult } from './fetch.ts';
import { readArticle } from './read.ts';

/** An article read in with the metadata the ledger keeps beside its text. */
export interface ArticleWithSource extends ArticleInput {
  url?: string;
  publisher?: string;
  published?: string;
}

/**
 * An article as a record: one line of a JSONL file, one element of a JSON file, an `ingest-article`
 * job. Text (plain or Markdown) or an HTML page, with optional metadata.
 */
export const articleRecordSchema = z
  .object({
    url: z.string().optional(),
    title: z.string().optional(),
    publisher: z.string().optional(),
    published: z.string().optional(),
    text: z.string().optional(),
    html: z.string().optional(),
  })
  .refine((record) => record.text !== undefined || record.html !== undefined, {
    message: 'each record needs "text" or "html"',
  });
export type ArticleRecord = z.infer<typeof articleRecordSchema>;

/** Reads a record's text or HTML through the same readers as a file: size limit, extraction, language. */
export function articleFromRecord(
  record: ArticleRecord,
  options: { maxBytes: number; label: string },
): ArticleWithSource {
  const bytes = new TextEncoder().encode(record.html ?? record.text ?? '');
  const read = readArticle(bytes, {
    maxBytes: options.maxBytes,
    label: options.label,
    filename: record.html ? 'record.html' : 'record.txt',
    ...(record.url ? { url: record.url } : {}),
  });
  return {
    ...read,
    meta: { ...read.meta, ...(record.title ? { title: record.title } : {}) },
    ...(record.url ? { url: record.url } : {}),
    ...(record.publisher ? { publisher: record.publisher } : {}),
    ...(record.published ? { published: record.published } : {}),
  };
}

/** Reads a fetched page (HTML or text, by its content type), keeping the URL it was fetched from. */
export function articleFromFetch(
  response: FetchResult,
  options: { maxBytes: number; label?: string },
): ArticleWithSource {
  const filename = /html/i.test(response.contentType) ? 'page.html' : 'page.txt';
  return {
    ...readArticle(response.body, {
      maxBytes: options.maxBytes,
      filename,
      url: response.url,
      label: options.label ?? response.url,
    }),
    url: response.url,
  };
}
