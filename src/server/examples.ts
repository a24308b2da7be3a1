import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { readArticle } from '../ingest/index.ts';
import type { Ledger, LedgerArticle } from '../ledger/index.ts';

/** The example articles shipped with claimtrail: one story across outlets, and one unrelated. */
export const BUNDLED_EXAMPLES_DIRECTORY = fileURLToPath(new URL('../../examples/articles/', import.meta.url));

const recordSchema = z.object({
  url: z.string().url(),
  title: z.string(),
  publisher: z.string(),
  published: z.string(),
  text: z.string().min(1),
});

/** Whether the directory holds any example file. */
export function hasExamples(directory: string): boolean {
  return existsSync(directory) && readdirSync(directory).some((name) => name.endsWith('.jsonl'));
}

/** Reads every `.jsonl` record of the directory, in file order, as articles for the ledger. */
export function readExamples(directory: string, maxBytes: number): LedgerArticle[] {
  const articles: LedgerArticle[] = [];
  for (const name of readdirSync(directory)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(join(directory, name), 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const label = `${name}:${index + 1}`;
      const parsed = recordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new InputError(
          'invalid-record',
          `${label}: ${parsed.error.issues[0]?.message ?? 'not an article record'}`,
        );
      }
      const record = parsed.data;
      const read = readArticle(new TextEncoder().encode(record.text), {
        filename: 'example.txt',
        url: record.url,
        maxBytes,
        label,
      });
      articles.push({
        ...read,
        meta: { ...read.meta, title: record.title },
        url: record.url,
        publisher: record.publisher,
        published: record.published,
      });
    }
  }
  return articles;
}

/** Ingests the bundled examples; returns how many articles were stored anew. */
export async function loadExamples(ledger: Ledger, directory: string, maxBytes: number): Promise<number> {
  let created = 0;
  for (const article of readExamples(directory, maxBytes)) {
    const outcome = await ledger.ingest(article);
    if (outcome.status !== 'unchanged') created += 1;
  }
  return created;
}
