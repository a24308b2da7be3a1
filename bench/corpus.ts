import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchArticle {
  name: string;
  text: string;
}

/** The PolNeAR splits the benchmark reads, in this order. */
export const BENCH_SPLITS = ['train', 'dev'] as const;

/**
 * Reads the PolNeAR article texts of the train and dev splits, sorted by split then file name so every
 * run (and every `--limit`) times the same articles. Returns an empty list when neither split exists.
 */
export function loadBenchArticles(sharedData: string, limit = Number.POSITIVE_INFINITY): BenchArticle[] {
  const articles: BenchArticle[] = [];
  for (const split of BENCH_SPLITS) {
    const folder = join(sharedData, 'attribution', 'polnear', split, 'text');
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .sort()) {
      if (articles.length >= limit) return articles;
      articles.push({ name: `${split}/${file}`, text: readFileSync(join(folder, file), 'utf8') });
    }
  }
  return articles;
}
