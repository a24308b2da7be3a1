import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import {
  Accumulator,
  bestByPostings,
  bm25Idf,
  FieldPostings,
  IdfCache,
  type ListToRead,
} from './postings.ts';

const PARAMETERS = { k1: 1.2, b: 0.5 };

/** A field of `claims` random claims over `terms` term ids, common ids drawn more often. */
function randomField(random: () => number, claims: number, terms: number): FieldPostings {
  const field = new FieldPostings();
  for (let claim = 0; claim < claims; claim += 1) {
    const length = Math.floor(random() * 12);
    const termIds = Array.from({ length }, () => Math.floor(random() ** 2 * terms));
    field.add(claim, termIds);
  }
  return field;
}

/**
 * Every claim's score summed in 32 bits, list by list in the order given, then every claim with a
 * score sorted: the exhaustive answer the blocked, heap-selected one must equal.
 */
function exhaustiveBest(lists: readonly ListToRead[], claims: number, limit: number): number[] {
  return exhaustiveScored(lists, claims, limit).map(([claim]) => claim);
}

/** The claims `exhaustiveBest` picks, each with its 32-bit sum. */
function exhaustiveScored(lists: readonly ListToRead[], claims: number, limit: number): [number, number][] {
  const scores = new Float32Array(claims);
  const { k1, b } = PARAMETERS;
  for (const { postings, termId, weight } of lists) {
    const list = postings.lists[termId];
    if (!list) continue;
    for (const posting of list.view()) {
      const claim = posting >>> 4;
      const frequency = posting & 15;
      const length = postings.lengths.values[claim] as number;
      const norm = k1 * (1 - b) + ((k1 * b) / postings.averageLength()) * length;
      scores[claim] = (scores[claim] as number) + (weight * (k1 + 1) * frequency) / (frequency + norm);
    }
  }
  return Array.from({ length: claims }, (_, claim) => claim)
    .filter((claim) => (scores[claim] as number) > 0)
    .sort((left, right) => (scores[right] as number) - (scores[left] as number) || left - right)
    .slice(0, Math.max(limit, 0))
    .map((claim) => [claim, scores[claim] as number]);
}

function randomLists(random: () => number, fields: readonly FieldPostings[], terms: number): ListToRead[] {
  const count = 1 + Math.floor(random() * 6);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * terms));
  return [...chosen].flatMap((termId) =>
    fields.map((postings, field) => ({
      postings,
      termId,
      weight: (field === 0 ? 1 : 0.5) * (0.1 + random() * 5),
    })),
  );
}

describe('bestByPostings', () => {
  it('picks the same claims, in the same order, as scoring every claim and sorting', () => {
    const random = createRandom(7);
    const claims = 2500;
    const terms = 60;
    const fields = [randomField(random, claims, terms), randomField(random, claims, terms)];
    for (const blockClaims of [1, 7, 64, 1000, 1 << 15]) {
      const accumulator = new Accumulator(blockClaims);
      for (let trial = 0; trial < 40; trial += 1) {
        const lists = randomLists(random, fields, terms);
        const limit = [0, 1, 5, 40, 320, 5000][trial % 6] as number;
        const count = bestByPostings(lists, PARAMETERS, accumulator, claims, limit);
        const expected = exhaustiveScored(lists, claims, limit);
        expect(Array.from(accumulator.found.subarray(0, count))).toEqual(expected.map(([claim]) => claim));
        expect(Array.from(accumulator.foundScores.subarray(0, count))).toEqual(
          expected.map(([, score]) => score),
        );
      }
    }
  });

  it('breaks ties by the claim stored first, whatever block each lies in', () => {
    const field = new FieldPostings();
    for (let claim = 0; claim < 100; claim += 1) field.add(claim, claim % 10 === 3 ? [1, 2] : [2]);
    const lists = [{ postings: field, termId: 1, weight: 2 }];
    for (const blockClaims of [1, 4, 100]) {
      const accumulator = new Accumulator(blockClaims);
      const count = bestByPostings(lists, PARAMETERS, accumulator, 100, 4);
      expect(Array.from(accumulator.found.subarray(0, count))).toEqual([3, 13, 23, 33]);
    }
  });

  it('leaves every score at zero, so the next query starts clean', () => {
    const random = createRandom(3);
    const fields = [randomField(random, 500, 20)];
    const accumulator = new Accumulator(64);
    bestByPostings(randomLists(random, fields, 20), PARAMETERS, accumulator, 500, 10);
    expect(accumulator.scores.every((score) => score === 0)).toBe(true);
  });

  it('finds nothing when no list is given or no claim is stored', () => {
    const field = new FieldPostings();
    expect(bestByPostings([], PARAMETERS, new Accumulator(), 0, 10)).toBe(0);
    field.add(0, [1]);
    expect(bestByPostings([], PARAMETERS, new Accumulator(), 1, 10)).toBe(0);
    expect(
      bestByPostings([{ postings: field, termId: 9, weight: 1 }], PARAMETERS, new Accumulator(), 1, 10),
    ).toBe(0);
  });

  it('reads only the first lists when told how many, whatever the array holds beyond them', () => {
    const random = createRandom(13);
    const fields = [randomField(random, 800, 30), randomField(random, 800, 30)];
    const accumulator = new Accumulator(100);
    for (let trial = 0; trial < 20; trial += 1) {
      const lists = randomLists(random, fields, 30);
      const listCount = Math.max(1, lists.length - 3);
      const count = bestByPostings(lists, PARAMETERS, accumulator, 800, 40, listCount);
      expect(Array.from(accumulator.found.subarray(0, count))).toEqual(
        exhaustiveBest(lists.slice(0, listCount), 800, 40),
      );
    }
  });

  it('keeps the highest term frequency of each term, capped as the postings are', () => {
    const field = new FieldPostings();
    field.add(0, [1, 1, 1, 2]);
    field.add(1, [1, 3]);
    const repeated = Array.from({ length: 20 }, () => 3);
    field.add(2, repeated);
    expect([1, 2, 3, 9].map((termId) => field.highestFrequency(termId))).toEqual([3, 1, 15, 0]);
  });

  it('rejects a block size that is not a positive whole number', () => {
    expect(() => new Accumulator(0)).toThrow(/blockClaims/);
  });
});

describe('document frequencies and their idfs', () => {
  it('count the claims holding each term, 0 for a term no claim holds', () => {
    const field = new FieldPostings();
    field.add(0, [1, 1, 2]);
    field.add(1, [2, 5]);
    field.add(2, [2]);
    expect([-1, 0, 1, 2, 3, 5, 6, 1000].map((termId) => field.documentFrequency(termId))).toEqual([
      0, 0, 1, 3, 0, 1, 0, 0,
    ]);
  });

  it('remember the idf of each frequency only while the collection keeps its size', () => {
    const cache = new IdfCache();
    for (const claims of [10, 11, 11, 10, 500000, 9000, 500000]) {
      for (const frequency of [0, 1, 2, 7, 4095, 4096, 300000].filter((count) => count <= claims)) {
        expect(cache.idf(claims, frequency)).toBe(bm25Idf(claims, frequency));
      }
    }
  });
});
