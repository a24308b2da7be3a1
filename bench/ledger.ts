import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { polnearLedgerArticles } from '../scripts/eval/polnear-articles.ts';
import { openLedger } from '../src/ledger/index.ts';
import type { Pipeline } from '../src/pipeline/index.ts';
import { openStore } from '../src/store/index.ts';

export interface LedgerBench {
  articles: number;
  /** Analysis alone, the baseline: the same pipeline with nothing stored or matched. */
  analyzePerSecond: number;
  /** Analysis, matching, copy detection and a SQLite (WAL, file) write per article. */
  ingestPerSecond: number;
  claims: number;
}

/** Ingest throughput on the PolNeAR texts into a fresh SQLite file, next to analysis alone. */
export async function runLedgerBench(
  sharedData: string,
  pipeline: Pipeline,
  limit = Number.POSITIVE_INFINITY,
): Promise<LedgerBench> {
  const articles = polnearLedgerArticles(sharedData, limit);
  let started = performance.now();
  for (const article of articles) pipeline.analyze(article);
  const analyzeSeconds = (performance.now() - started) / 1000;
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-bench-'));
  const store = await openStore(join(folder, 'ledger.db'));
  try {
    const ledger = await openLedger({ store, pipeline });
    started = performance.now();
    let claims = 0;
    for (const article of articles) claims += (await ledger.ingest(article)).claims;
    const ingestSeconds = (performance.now() - started) / 1000;
    return {
      articles: articles.length,
      analyzePerSecond: articles.length / analyzeSeconds,
      ingestPerSecond: articles.length / ingestSeconds,
      claims,
    };
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export function formatLedgerBench(bench: LedgerBench): string {
  return (
    `(f) ledger ingest (analyze + match + store, SQLite file): ${bench.ingestPerSecond.toFixed(1)} articles/s ` +
    `vs analysis alone ${bench.analyzePerSecond.toFixed(1)} articles/s = ` +
    `${((bench.ingestPerSecond / bench.analyzePerSecond) * 100).toFixed(1)}%; ${bench.articles} articles, ` +
    `${bench.claims} claims (target at least 100 articles/s)  ${bench.ingestPerSecond >= 100 ? 'PASS' : 'MISS'}`
  );
}
