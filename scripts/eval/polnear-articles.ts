import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerArticle } from '../../src/ledger/index.ts';

/**
 * The PolNeAR texts as articles for the ledger, with publisher, date and title from metadata.tsv and
 * a stable URL made from the file name (the corpus has none).
 */
export function polnearLedgerArticles(sharedData: string, limit = Number.POSITIVE_INFINITY): LedgerArticle[] {
  const base = join(sharedData, 'attribution', 'polnear');
  const metadataPath = join(base, 'metadata.tsv');
  if (!existsSync(metadataPath)) return [];
  const [header, ...lines] = readFileSync(metadataPath, 'utf8').split('\n').filter(Boolean);
  const columns = (header ?? '').split('\t');
  const column = (name: string) => columns.indexOf(name);
  const metadata = new Map<string, string[]>();
  for (const line of lines) {
    const fields = line.split('\t');
    metadata.set(`${fields[column('compartment')]}/${fields[column('filename')]}`, fields);
  }
  const articles: LedgerArticle[] = [];
  for (const split of ['train', 'dev']) {
    const folder = join(base, split, 'text');
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .sort()) {
      if (articles.length >= limit) return articles;
      const name = file.replace(/\.txt$/, '');
      const fields = metadata.get(`${split}/${name}`) ?? [];
      const title = fields[column('title')];
      articles.push({
        text: readFileSync(join(folder, file), 'utf8'),
        ...(title ? { meta: { title } } : {}),
        url: `https://polnear.example/${split}/${name}`,
        publisher: fields[column('publisher')] ?? 'unknown',
        published: `${fields[column('publication_date')] ?? '2016-01-01'}T12:00:00Z`,
      });
    }
  }
  return articles;
}
