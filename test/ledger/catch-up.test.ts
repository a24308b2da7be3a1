import { afterEach, describe, expect, it } from 'vitest';
import { type IngestOutcome, type LedgerArticle, openLedger } from '../../src/ledger/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { STORY } from './story.ts';

/**
 * A writer catches up with the claims other writers stored before it matches an article; when none
 * arrived it only asks the store for the newest claim's id, so these pin down that it still sees
 * every claim another writer stored, whichever of them wrote last.
 */
describe('catching up with other writers', () => {
  const pipeline = createPipeline();
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  async function freshStore(): Promise<Store> {
    const store = await openStore(':memory:');
    stores.push(store);
    return store;
  }

  /** Every stored claim's article, cluster and text, in the order stored. */
  async function claimsOf(store: Store) {
    const page = await store.listClaims({ limit: 500 });
    return page.items.map((claim) => [claim.articleId, claim.clusterId, claim.text]);
  }

  it('decides every claim and copy as one writer would, when two writers take turns', async () => {
    const alone = await freshStore();
    const single = await openLedger({ store: alone, pipeline });
    const expected: IngestOutcome[] = [];
    for (const article of STORY) expected.push(await single.ingest(article));

    const shared = await freshStore();
    const writers = [
      await openLedger({ store: shared, pipeline }),
      await openLedger({ store: shared, pipeline }),
    ];
    const outcomes: IngestOutcome[] = [];
    for (const [index, article] of STORY.entries()) {
      outcomes.push(await (writers[index % 2] as (typeof writers)[number]).ingest(article));
    }
    expect(outcomes).toEqual(expected);
    expect(expected.some((outcome) => outcome.joined > 0)).toBe(true);
    expect(expected.some((outcome) => outcome.copyOf !== null)).toBe(true);
    expect(await claimsOf(shared)).toEqual(await claimsOf(alone));
  });

  it('sees the claims another writer stored before its newest claims were superseded', async () => {
    const [interview, wire] = STORY as [LedgerArticle, LedgerArticle];
    const unrelated = STORY.at(-1) as LedgerArticle;
    // An edit of the unrelated story without its claims leaves the newest stored claims superseded.
    const edit = { ...unrelated, text: 'Library hours.' };

    const alone = await freshStore();
    const single = await openLedger({ store: alone, pipeline });
    for (const article of [interview, unrelated, edit]) await single.ingest(article);
    const expected = await single.ingest(wire);

    const shared = await freshStore();
    const reader = await openLedger({ store: shared, pipeline });
    const writer = await openLedger({ store: shared, pipeline });
    for (const article of [interview, unrelated, edit]) await writer.ingest(article);
    const everything = await shared.listClaims({ includeSuperseded: true, limit: 500 });
    expect(everything.items.at(-1)?.current).toBe(false);
    const outcome = await reader.ingest(wire);
    expect(outcome).toEqual(expected);
    expect(outcome.joined).toBeGreaterThan(0);
    expect(await claimsOf(shared)).toEqual(await claimsOf(alone));
  });
});
