import { describe, expect, it } from 'vitest';
import { createBandHasher, jaccard, LshTable, shingleHashes, termHash } from './minhash.ts';
import { averagePrecision, rankingMetrics } from './ranking-metrics.ts';

const shingles = (text: string) => shingleHashes(text.split(' ').map(termHash));

/** Every claim the table files under one of `keys`, in the order the table gives them. */
function candidatesOf(table: LshTable, keys: Uint32Array): number[] {
  let into = new Int32Array(1);
  let count = table.candidatesInto(keys, into);
  if (count > into.length) {
    into = new Int32Array(count);
    count = table.candidatesInto(keys, into);
  }
  return Array.from(into.subarray(0, count));
}

describe('minhash', () => {
  const base = 'the mayor said the new bridge will open in june after two years of work';
  const near = 'the mayor said the new bridge will open in july after two years of work';
  const other = 'researchers found a new species of frog in the mountains of peru last spring';

  it('files near-duplicates under a shared band and keeps unrelated text apart', () => {
    const hasher = createBandHasher({ bands: 32, rows: 4, seed: 1 });
    const table = new LshTable(32);
    table.add(0, hasher(shingles(base)));
    table.add(1, hasher(shingles(other)));
    const found = new Set(candidatesOf(table, hasher(shingles(near))));
    expect([...found]).toEqual([0]);
    expect(jaccard(shingles(base), shingles(near))).toBeGreaterThan(0.6);
  });

  it('gives the same band keys for the same seed and different ones for another seed', () => {
    const keys = createBandHasher({ bands: 8, rows: 4, seed: 5 })(shingles(base));
    expect(createBandHasher({ bands: 8, rows: 4, seed: 5 })(shingles(base))).toEqual(keys);
    expect(createBandHasher({ bands: 8, rows: 4, seed: 6 })(shingles(base))).not.toEqual(keys);
  });

  it('rebuilds the same buckets from its keys', () => {
    const hasher = createBandHasher({ bands: 16, rows: 2, seed: 3 });
    const table = new LshTable(16);
    table.add(0, hasher(shingles(base)));
    table.add(1, hasher(shingles(other)));
    const copy = LshTable.fromKeys(16, table.keys());
    const visit = (lsh: LshTable) => candidatesOf(lsh, hasher(shingles(near))).sort();
    expect(visit(copy)).toEqual(visit(table));
  });

  it('counts every sighting, and writes only as many as the array holds', () => {
    const hasher = createBandHasher({ bands: 8, rows: 2, seed: 9 });
    const table = new LshTable(8);
    for (let index = 0; index < 5; index += 1) table.add(index, hasher(shingles(index === 2 ? other : base)));
    const keys = hasher(shingles(base));
    const roomy = new Int32Array(64).fill(-1);
    const count = table.candidatesInto(keys, roomy);
    // Four copies of the same text share all eight bands: each is seen once per band.
    expect(count).toBe(32);
    expect(new Set(roomy.subarray(0, count))).toEqual(new Set([0, 1, 3, 4]));
    expect(roomy[count]).toBe(-1);
    const small = new Int32Array(3).fill(-1);
    expect(table.candidatesInto(keys, small)).toBe(32);
    expect(Array.from(small)).toEqual(Array.from(roomy.subarray(0, 3)));
  });
});

describe('ranking metrics', () => {
  it('computes average precision at 5 as trec_eval does', () => {
    expect(averagePrecision(['b', 'a'], new Set(['a']), 5)).toBe(0.5);
    expect(averagePrecision(['a', 'x', 'b'], new Set(['a', 'b', 'c']), 5)).toBeCloseTo((1 + 2 / 3) / 3);
    expect(averagePrecision(['x', 'x', 'x', 'x', 'x', 'a'], new Set(['a']), 5)).toBe(0);
  });

  it('counts a query without a ranking as zero', () => {
    const gold = new Map([
      ['q1', new Set(['a'])],
      ['q2', new Set(['b'])],
    ]);
    const metrics = rankingMetrics(new Map([['q1', ['a']]]), gold);
    expect(metrics.map5).toBe(0.5);
    expect(metrics.mrr).toBe(0.5);
    expect(metrics.recall5).toBe(0.5);
  });
});
