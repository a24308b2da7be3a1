import { describe, expect, it } from 'vitest';
import { createBandHasher, jaccard, LshTable, shingleHashes, termHash } from './minhash.ts';
import { averagePrecision, rankingMetrics } from './ranking-metrics.ts';

const shingles = (text: string) => shingleHashes(text.split(' ').map(termHash));

describe('minhash', () => {
  const base = 'the mayor said the new bridge will open in june after two years of work';
  const near = 'the mayor said the new bridge will open in july after two years of work';
  const other = 'researchers found a new species of frog in the mountains of peru last spring';

  it('files near-duplicates under a shared band and keeps unrelated text apart', () => {
    const hasher = createBandHasher({ bands: 32, rows: 4, seed: 1 });
    const table = new LshTable(32);
    table.add(0, hasher(shingles(base)));
    table.add(1, hasher(shingles(other)));
    const found = new Set<number>();
    table.forEachCandidate(hasher(shingles(near)), (index) => found.add(index));
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
    const visit = (lsh: LshTable) => {
      const seen: number[] = [];
      lsh.forEachCandidate(hasher(shingles(near)), (index) => seen.push(index));
      return seen.sort();
    };
    expect(visit(copy)).toEqual(visit(table));
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
