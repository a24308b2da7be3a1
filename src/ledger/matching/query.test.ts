import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import { addClaim, createState, resolveOptions } from './claim-index.ts';
import { FEATURE_NAMES, featuresAt } from './features.ts';
import { createClaimIndex, DEFAULT_MATCH_MODEL, FIRST_STAGE_MODEL, matchProbability } from './index.ts';
import { type MatchModel, vectorModel, vectorProbability } from './model.ts';
import { profileQuery } from './query.ts';
import { QueryScratch } from './query-scratch.ts';

const CLAIMS: [string, string, string][] = [
  [
    'aldi',
    'ALDI offers free food to homeless people at their stores after 4 PM on Christmas Eve.',
    'Is ALDI Offering Homeless People Free Food?',
  ],
  [
    'parade-1961',
    'Tanks took part in the 1961 inaugural parade of President John Kennedy.',
    'Tanks at the 1961 Inaugural Parade?',
  ],
  [
    'parade-1953',
    'Tanks took part in the 1953 inaugural parade of President Dwight Eisenhower.',
    'Tanks at the 1953 Inaugural Parade?',
  ],
  [
    'tornado',
    'Videos show tornadoes in Cape Town, South Africa.',
    'Does Footage Show Tornadoes in Cape Town?',
  ],
  [
    'walls',
    'Photographs show walls around the homes of President Obama and Nancy Pelosi.',
    'Did These Politicians Build Walls Around Their Homes?',
  ],
  ['aldi-copy', 'ALDI offers free food to homeless people at its stores after 4 PM on Christmas Eve!', ''],
];

const QUERIES = [
  'ALDI gives homeless people free food after 4 PM on Christmas Eve',
  'Tanks rolled through the 1961 inaugural parade of JFK',
  'All #capetownstorm videos are fake',
  'Obama and Pelosi have walls around their homes but not at the border, 2019',
];

function buildIndex() {
  const index = createClaimIndex();
  for (const [id, text, title] of CLAIMS) index.add(id, text, title ? { title } : {});
  return index;
}

describe('query results', () => {
  it('carry the same signals and score as comparing each returned claim alone', () => {
    const index = buildIndex();
    for (const query of QUERIES) {
      const results = index.query(query, {}, CLAIMS.length);
      expect(results.length).toBeGreaterThan(0);
      for (const candidate of results) {
        const alone = index.compare(query, candidate.id);
        expect(candidate.signals).toEqual(alone.signals);
        expect(candidate.score).toBe(alone.score);
        expect(Object.keys(candidate.signals)).toEqual([...FEATURE_NAMES, 'firstStage', 'nearDuplicate']);
        expect(candidate.score).toBe(matchProbability(index.options.model, candidate.signals));
      }
    }
  });

  it('flag every copy of a claim stored many times over as a near-duplicate', () => {
    const index = createClaimIndex({ candidates: 40 });
    const text = 'The harbour dredging contract was rigged in favour of Brightwater Marine, Hana Voss says.';
    // Each copy shares all 32 bands with the query: hundreds of sightings to collect.
    for (let copy = 0; copy < 30; copy += 1) index.add(`copy${copy}`, text);
    const results = index.query(text, {}, 30);
    expect(results).toHaveLength(30);
    expect(results.every((candidate) => candidate.signals.nearDuplicate)).toBe(true);
    expect(index.compare(text, 'copy0').signals.nearDuplicate).toBe(true);
  });

  it('leave out, unscored, the candidates that share too few words, and only those', () => {
    const index = buildIndex();
    const shares = (
      candidate: { signals: { queryCoverage: number; claimCoverage: number } },
      least: number,
    ) => Math.max(candidate.signals.queryCoverage, candidate.signals.claimCoverage) >= least;
    let dropped = 0;
    for (const query of QUERIES) {
      const every = index.query(query, {}, CLAIMS.length);
      for (const least of [0, 0.3, 0.6, 1]) {
        const kept = index.query(query, {}, CLAIMS.length, { minimumCoverage: least });
        expect(kept).toEqual(every.filter((candidate) => shares(candidate, least)));
        dropped += every.length - kept.length;
      }
    }
    // The shares tried do leave some candidates out, or the comparison above shows nothing.
    expect(dropped).toBeGreaterThan(0);
  });

  it('fill their limit with candidates that share enough words, past those that do not', () => {
    const index = buildIndex();
    const query =
      'Did These Politicians Build Walls Around Their Homes? President Kennedy tanks took part in the 1961 inaugural parade';
    const shares = (candidate: { signals: { queryCoverage: number; claimCoverage: number } }) =>
      Math.max(candidate.signals.queryCoverage, candidate.signals.claimCoverage) >= 0.55;
    const every = index.query(query, {}, CLAIMS.length);
    const sharing = every.filter(shares);
    // Cutting at two first and filtering after would leave one: the second sharing claim ranks third.
    expect(every.slice(0, 2).filter(shares)).toHaveLength(1);
    expect(sharing.length).toBeGreaterThanOrEqual(2);
    expect(index.query(query, {}, 2, { minimumCoverage: 0.55 })).toEqual(sharing.slice(0, 2));
  });

  it('leave out the candidates that share too few words from either side when asked', () => {
    const index = buildIndex();
    let dropped = 0;
    for (const query of QUERIES) {
      const every = index.query(query, {}, CLAIMS.length);
      for (const least of [0.2, 0.4, 0.6]) {
        const kept = index.query(query, {}, CLAIMS.length, {
          minimumCoverage: 0.3,
          minimumCoverageEachSide: least,
        });
        const expected = every.filter(
          ({ signals }) =>
            Math.max(signals.queryCoverage, signals.claimCoverage) >= 0.3 &&
            Math.min(signals.queryCoverage, signals.claimCoverage) >= least,
        );
        expect(kept).toEqual(expected);
        dropped += every.length - kept.length;
      }
    }
    expect(dropped).toBeGreaterThan(0);
  });

  it('refuse a share of words outside 0..1', () => {
    const index = buildIndex();
    for (const least of [-0.1, 1.5, Number.NaN]) {
      expect(() => index.query(QUERIES[0] as string, {}, 3, { minimumCoverage: least })).toThrow(
        /minimumCoverage/,
      );
      expect(() => index.query(QUERIES[0] as string, {}, 3, { minimumCoverageEachSide: least })).toThrow(
        /minimumCoverageEachSide/,
      );
    }
  });

  it('are not changed by the queries that come after them', () => {
    const index = buildIndex();
    const first = index.query(QUERIES[0] as string, {}, 3);
    const kept = structuredClone(first);
    for (const query of QUERIES) index.query(query, {}, 5);
    expect(first).toEqual(kept);
  });
});

describe('query scratch', () => {
  it('lends itself to one query at a time and a new scratch to a query begun meanwhile', () => {
    const scratch = new QueryScratch(DEFAULT_MATCH_MODEL);
    const outer = scratch.take();
    const inner = scratch.take();
    expect(outer).toBe(scratch);
    expect(inner).not.toBe(scratch);
    inner.release();
    outer.release();
    expect(scratch.take()).toBe(scratch);
  });

  it('keeps the near-duplicates written so far when it makes room for more', () => {
    const scratch = new QueryScratch(DEFAULT_MATCH_MODEL);
    const written = scratch.nearDuplicates.length;
    for (let position = 0; position < written; position += 1) scratch.nearDuplicates[position] = position * 7;
    scratch.reserveNearDuplicates(written + 1);
    expect(scratch.nearDuplicates.length).toBeGreaterThan(written);
    expect(Array.from(scratch.nearDuplicates.subarray(0, written))).toEqual(
      Array.from({ length: written }, (_, position) => position * 7),
    );
  });

  it('grows the arrays of scored candidates only as far as asked', () => {
    const scratch = new QueryScratch(DEFAULT_MATCH_MODEL);
    const before = scratch.indexes.length;
    scratch.reserve(before * 3, before);
    expect(scratch.indexes.length).toBeGreaterThanOrEqual(before * 3);
    expect(scratch.firstStages.length).toBe(scratch.indexes.length);
    expect(scratch.vectors.length).toBe(before * FEATURE_NAMES.length);
    scratch.reserve(before, before * 2);
    expect(scratch.probabilities.length).toBeGreaterThanOrEqual(before * 2);
    expect(scratch.vectors.length).toBe(scratch.probabilities.length * FEATURE_NAMES.length);
  });
});

describe('vector probability', () => {
  it('equals the record probability for models over any features in any order', () => {
    const random = createRandom(11);
    const reordered: MatchModel = {
      features: ['claimLength', 'bm25', 'numberConflict', 'shingleJaccard'],
      weights: [-0.7, 2.5, -3.25, 1.125],
      bias: 0.3,
    };
    for (const model of [DEFAULT_MATCH_MODEL, FIRST_STAGE_MODEL, reordered]) {
      const compiled = vectorModel(model);
      const vector = new Float64Array(FEATURE_NAMES.length * 3);
      for (let trial = 0; trial < 50; trial += 1) {
        for (let position = 0; position < vector.length; position += 1) vector[position] = random() * 2 - 0.5;
        const offset = FEATURE_NAMES.length * (trial % 3);
        expect(vectorProbability(compiled, vector, offset)).toBe(
          matchProbability(model, featuresAt(vector, offset)),
        );
      }
    }
  });
});

describe('query profiles', () => {
  it('list each known name among the query terms, as the feature writer finds names by term slot', () => {
    const state = createState(resolveOptions());
    for (const [id, text, title] of CLAIMS) addClaim(state, id, text, { title });
    let names = 0;
    for (const query of [...QUERIES, 'Nancy Pelosi said ALDI and President Obama met in Cape Town']) {
      const profile = profileQuery(state, query, { entities: ['Nancy Pelosi'] });
      names += profile.entityIds.length;
      for (const termId of profile.entityIds) expect(profile.termIds).toContain(termId);
    }
    expect(names).toBeGreaterThan(3);
  });
});
