import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import { DEFAULT_MATCH_MODEL } from './default-model.ts';
import { claimIndexFromJSON, createClaimIndex } from './index.ts';
import { addNearDuplicatesBeyond } from './near-duplicates.ts';
import { QueryScratch } from './query-scratch.ts';

/** A first-stage score for any claim, with many ties: claims a multiple of 7 apart score alike. */
const scoreOf = (index: number) => (index % 7) / 2;

function scoresInto(indexes: ArrayLike<number>, from: number, to: number, into: Float64Array): void {
  for (let position = from; position < to; position += 1)
    into[position] = scoreOf(indexes[position] as number);
}

/** A scratch holding `pool` as the first candidates and `nearDuplicates` (sorted) as the sightings. */
function scratchWith(pool: readonly number[], nearDuplicates: readonly number[], most: number): QueryScratch {
  const scratch = new QueryScratch(DEFAULT_MATCH_MODEL);
  scratch.reserveNearDuplicates(nearDuplicates.length);
  scratch.nearDuplicates.set(nearDuplicates);
  scratch.reserve(pool.length + nearDuplicates.length, pool.length + most);
  pool.forEach((index, rank) => {
    scratch.indexes[rank] = index;
    scratch.firstStages[rank] = scoreOf(index);
  });
  return scratch;
}

describe('addNearDuplicatesBeyond', () => {
  const pool = [150, 9, 2, 77];
  const nearDuplicates = Array.from({ length: 200 }, (_, index) => index);

  it('adds the best near-duplicates outside the pool, ties to the claim stored first', () => {
    for (const most of [1, 10, 40, 195]) {
      const scratch = scratchWith(pool, nearDuplicates, most);
      const count = addNearDuplicatesBeyond(scratch, Int32Array.from(pool), 200, scoresInto, most);
      const expected = nearDuplicates
        .filter((index) => !pool.includes(index))
        .sort((left, right) => scoreOf(right) - scoreOf(left) || left - right)
        .slice(0, most);
      expect(count).toBe(pool.length + expected.length);
      expect(Array.from(scratch.indexes.subarray(0, pool.length))).toEqual(pool);
      expect(Array.from(scratch.indexes.subarray(pool.length, count))).toEqual(expected);
      expect(Array.from(scratch.firstStages.subarray(pool.length, count))).toEqual(expected.map(scoreOf));
      expect(
        Array.from(scratch.ranks.subarray(pool.length, count)).every((rank) => rank === pool.length),
      ).toBe(true);
    }
  });

  it('adds every near-duplicate outside the pool, in claim order, when they are few', () => {
    const few = [2, 3, 9, 10, 150];
    const scratch = scratchWith(pool, few, 40);
    const count = addNearDuplicatesBeyond(scratch, Int32Array.from(pool), few.length, scoresInto, 40);
    expect(Array.from(scratch.indexes.subarray(pool.length, count))).toEqual([3, 10]);
  });

  it('sorts a pool of hundreds as it does a short one', () => {
    const large = Array.from({ length: 150 }, (_, rank) => (rank * 37) % 400);
    const sightings = Array.from({ length: 400 }, (_, index) => index);
    const scratch = scratchWith(large, sightings, 500);
    const count = addNearDuplicatesBeyond(scratch, Int32Array.from(large), 400, scoresInto, 500);
    const outside = sightings.filter((index) => !large.includes(index));
    expect(Array.from(scratch.indexes.subarray(large.length, count))).toEqual(outside);
  });
});

describe('band keys shared by a query and the addition after it', () => {
  it('stores the keys that hashing each claim anew gives', () => {
    const random = createRandom(11);
    const words = 'harbour contract rigged Voss Brightwater tender 2019 rate fell percent vote budget'.split(
      ' ',
    );
    const claims = Array.from({ length: 120 }, () =>
      Array.from(
        { length: 3 + Math.floor(random() * 8) },
        () => words[Math.floor(random() * words.length)],
      ).join(' '),
    );
    const queried = createClaimIndex();
    claims.forEach((text, position) => {
      const prepared = queried.prepare(text);
      // The ledger's order: a claim is queried, then stored; here also another claim in between.
      queried.query(prepared, {}, 5);
      queried.query(claims[(position * 7) % claims.length] as string, {}, 5);
      queried.add(`c${position}`, prepared);
      if (position % 3 === 0) queried.query(prepared, {}, 5);
    });
    // Without stored keys, a snapshot is read back by hashing every claim's shingles afresh.
    const rehashed = claimIndexFromJSON({ ...queried.toJSON(), bandKeys: null });
    expect(queried.toJSON().bandKeys).toBe(rehashed.toJSON().bandKeys);
  });
});
