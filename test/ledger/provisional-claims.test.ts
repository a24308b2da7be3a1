import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../../src/ledger/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { allClaims } from '../support/ledger-reads.ts';
import { STORY } from './story.ts';

const pipeline = createPipeline();

/** The claims of a store as groups of texts that share a cluster, in a form two stores can compare. */
async function clusterShape(store: Store): Promise<string[][]> {
  const byCluster = new Map<string, string[]>();
  for (const claim of await allClaims(store)) {
    byCluster.set(claim.clusterId, [
      ...(byCluster.get(claim.clusterId) ?? []),
      `${claim.articleId}:${claim.text}`,
    ]);
  }
  return [...byCluster.values()]
    .map((texts) => texts.sort())
    .sort((a, b) => a.join().localeCompare(b.join()));
}

describe("an article's claims while it is matched", () => {
  let stores: Store[] = [];
  beforeEach(() => {
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
  });
  async function freshStore() {
    const store = await openStore(':memory:');
    stores.push(store);
    return store;
  }

  it('are never joined by another article when their own article fails to be stored', async () => {
    const store = await freshStore();
    const [first, second] = STORY;
    let failNext = true;
    // The first write fails after matching, as a full disk or a lost connection would make it.
    const failing: Store = {
      ...store,
      async recordArticle(input) {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        return store.recordArticle(input);
      },
    };
    const ledger = await openLedger({ store: failing, pipeline });
    await expect(ledger.ingest(first as (typeof STORY)[number])).rejects.toThrow('disk full');
    // The same text again, under its own address: its claims cannot join claims that were never stored.
    const retried = await ledger.ingest({
      ...(first as (typeof STORY)[number]),
      url: 'https://example.org/again',
    });
    expect(retried.status).toBe('created');
    expect(retried.joined).toBe(0);
    expect(retried.started).toBe(retried.claims);
    const later = await ledger.ingest(second as (typeof STORY)[number]);
    expect(later.status).toBe('created');
    for (const claim of await allClaims(store)) expect(claim.clusterId).toMatch(/^\d+$/);
  });

  it('leave the same clusters as a ledger reopened before each article', async () => {
    const live = await freshStore();
    const ledger = await openLedger({ store: live, pipeline });
    for (const article of STORY) await ledger.ingest(article);

    const reopened = await freshStore();
    for (const article of STORY) await (await openLedger({ store: reopened, pipeline })).ingest(article);

    const shape = await clusterShape(live);
    expect(shape.some((texts) => texts.length > 1)).toBe(true);
    expect(await clusterShape(reopened)).toEqual(shape);
  });
});
