import { describe, expect, it } from 'vitest';
import { articleFromRecord } from '../../src/ingest/index.ts';
import { type Ledger, openLedger } from '../../src/ledger/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openStore } from '../../src/store/index.ts';
import { allClaims, textsInSeveralClusters } from '../support/ledger-reads.ts';
import { articleRecords } from './crash-articles.ts';

/**
 * Several writers over one store, as worker processes over one PostgreSQL ledger: each keeps its own
 * claim index and matches before its turn, so an article is often matched without the claims that
 * another writer is storing at that moment.
 */
describe('writers sharing one ledger', () => {
  const pipeline = createPipeline({ models: loadModels() });

  // Seeds and lane counts under which a writer used to match a sentence before the first telling of
  // it was stored, then keep a worse cluster chosen for it (or for a sibling claim) at its turn.
  it.each([
    { seed: 7, lanes: 2 },
    { seed: 1, lanes: 3 },
    { seed: 2, lanes: 3 },
  ])(
    'puts every telling of one sentence in one cluster (seed $seed, $lanes lanes per writer)',
    async ({ seed, lanes }) => {
      const store = await openStore(':memory:');
      try {
        const writers: Ledger[] = [];
        for (let count = 0; count < 3; count += 1) writers.push(await openLedger({ store, pipeline }));
        const records = articleRecords(300, seed);
        let next = 0;
        const lane = async (writer: Ledger) => {
          for (let taken = next++; taken < records.length; taken = next++) {
            const record = records[taken] as (typeof records)[number];
            await writer.ingest(articleFromRecord(record, { maxBytes: 1_000_000, label: record.url }));
          }
        };
        await Promise.all(writers.flatMap((writer) => Array.from({ length: lanes }, () => lane(writer))));

        const claims = await allClaims(store);
        expect(new Set(claims.map((claim) => claim.articleId)).size).toBeGreaterThan(250);
        expect(textsInSeveralClusters(claims)).toEqual([]);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
