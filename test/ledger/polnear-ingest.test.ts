import { describe, expect, it } from 'vitest';
import { polnearLedgerArticles } from '../../scripts/eval/polnear-articles.ts';
import { findSharedData } from '../../scripts/eval/shared-data.ts';
import { openLedger } from '../../src/ledger/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openStore } from '../../src/store/index.ts';
import { allClaims } from '../support/ledger-reads.ts';

const sharedData = findSharedData();
if (!sharedData) console.log('PolNeAR ingest test skipped: ../shared/data not found (it is present in CI)');

describe.skipIf(!sharedData)('ingesting the PolNeAR corpus', () => {
  it('stores each article once, puts every claim in exactly one cluster, and changes nothing on re-ingest', async () => {
    const articles = polnearLedgerArticles(sharedData as string);
    expect(articles.length).toBeGreaterThan(900);
    const store = await openStore(':memory:');
    const ledger = await openLedger({ store, pipeline: createPipeline({ models: loadModels() }) });
    for (const article of articles) await ledger.ingest(article);

    // Each URL is stored once; a text published again under another URL is stored as a copy.
    const distinctTexts = new Set(articles.map((article) => article.text.trim())).size;
    const stored = (await store.listArticles({ limit: 500 })).items.concat(
      (await store.listArticles({ limit: 500, offset: 500 })).items,
    );
    expect(stored).toHaveLength(articles.length);
    expect(stored.filter((article) => article.copyOf !== null).length).toBeGreaterThanOrEqual(
      articles.length - distinctTexts,
    );
    const claims = await allClaims(store);
    expect(claims.length).toBeGreaterThan(10_000);
    expect(new Set(claims.map((claim) => claim.id)).size).toBe(claims.length);
    const clusters = new Set(claims.map((claim) => claim.clusterId));
    let appearances = 0;
    for (let cursor: string | null | undefined; ; ) {
      const page = await store.listClusters({ limit: 500, ...(cursor ? { cursor } : {}) });
      for (const cluster of page.items) {
        expect(clusters.has(cluster.id)).toBe(true);
        appearances += cluster.appearances;
      }
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(appearances).toBe(claims.length);
    expect(await store.checkIntegrity()).toEqual([]);

    const outcomes = [];
    for (const article of articles) outcomes.push(await ledger.ingest(article));
    expect(outcomes.every((outcome) => outcome.status === 'unchanged')).toBe(true);
    expect((await allClaims(store)).length).toBe(claims.length);
    await store.close();
  }, 300_000);
});
