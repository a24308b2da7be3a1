import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger, readDossier } from '../../src/ledger/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { STORY } from './story.ts';

describe('the ledger follows one claim across outlets', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  async function ingestStory() {
    const ledger = await openLedger({ store, pipeline: createPipeline() });
    const outcomes = [];
    for (const article of STORY) outcomes.push(await ledger.ingest(article));
    return outcomes;
  }

  async function allegationCluster() {
    const found = await store.searchClusters('dredging contract rigged Brightwater');
    const best = found[0];
    if (!best) throw new Error('no cluster matches the allegation');
    return readDossier(store, best.cluster.id);
  }

  it('puts every telling of the allegation in one cluster, and the unrelated story elsewhere', async () => {
    await ingestStory();
    const dossier = await allegationCluster();
    const outlets = new Set(dossier.appearances.map((appearance) => appearance.publisher));
    expect([...outlets].sort()).toEqual([
      'Coastline Courier',
      'Evening Ledger',
      'North Star Post',
      'Town Gazette',
      'Valley Wire',
    ]);
    expect(dossier.appearances.some((appearance) => /library/.test(appearance.text))).toBe(false);
  });

  it('marks the wire copy and counts independent outlets and original sources', async () => {
    const outcomes = await ingestStory();
    expect(outcomes[2]?.copyOf).toBe(outcomes[1]?.articleId);
    expect(outcomes.filter((outcome) => outcome.copyOf !== null)).toHaveLength(1);
    const { independence } = await allegationCluster();
    expect(independence.outlets).toBe(5);
    expect(independence.independentOutlets).toBe(4);
    expect(independence.originalSources).toContain('Hana Voss');
    expect(independence.originalSources).not.toContain('Coastline Courier');
    expect(independence.verdict).toMatch(
      /^\d+ appearances in 5 outlets; \d original sources? \(.*Hana Voss.*\); no document cited$/,
    );
  });

  it('counts traction per day and shows hedging fading as the claim spreads', async () => {
    await ingestStory();
    const { traction } = await allegationCluster();
    expect(traction.firstAppearance).toBe('2026-05-04T08:00:00.000Z');
    expect(traction.days.map((day) => [day.day, day.outlets])).toEqual([
      ['2026-05-04', 3],
      ['2026-05-05', 1],
      ['2026-05-06', 1],
    ]);
    const [first, , last] = traction.days;
    expect(first?.statedShare).toBe(0);
    expect(last?.statedShare).toBe(1);
  });

  it('stores nothing twice when the same articles arrive again, even after reopening', async () => {
    await ingestStory();
    const before = await store.listClusters({ limit: 500 });
    const again = await ingestStory();
    expect(again.every((outcome) => outcome.status === 'unchanged')).toBe(true);
    const after = await store.listClusters({ limit: 500 });
    expect(after.total).toBe(before.total);
    expect((await store.listArticles({ limit: 50 })).total).toBe(STORY.length);
  });
});
