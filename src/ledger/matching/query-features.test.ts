import { describe, expect, it } from 'vitest';
import { addClaim, createState, resolveOptions, statisticsOf } from './claim-index.ts';
import { FEATURE_COUNT } from './features.ts';
import { profileQuery } from './query.ts';
import { QueryFeatures } from './query-features.ts';

const CLAIMS = [
  'Tanks took part in the 1961 inaugural parade of President John Kennedy.',
  'Tanks took part in the 1953 inaugural parade of President Dwight Eisenhower.',
  'Photographs show walls around the homes of President Obama and Nancy Pelosi.',
  'ALDI offers free food to homeless people at their stores after 4 PM on Christmas Eve.',
];

// Longest first: a writer that kept anything of a longer query would show it on the shorter ones.
const QUERIES = [
  'Nancy Pelosi and President Obama have walls around their homes, 2019 photographs show, and tanks in 1961',
  'Tanks rolled through the 1953 parade',
  'walls',
];

function featuresOf(writer: QueryFeatures, state: ReturnType<typeof createdState>): Float64Array {
  const claims = state.claimTerms.count;
  const vector = new Float64Array(FEATURE_COUNT * claims).fill(Number.NaN);
  for (let index = 0; index < claims; index += 1) {
    const firstStage = { score: 1, bestScore: 2, maximumScore: 4, rank: index };
    writer.write(state.claimTerms.span(index), firstStage, vector, index * FEATURE_COUNT);
  }
  return vector;
}

function createdState() {
  const state = createState(resolveOptions());
  CLAIMS.forEach((text, index) => {
    addClaim(state, `claim-${index}`, text);
  });
  return state;
}

describe('a feature writer prepared query after query', () => {
  it('writes for each query what a writer made for it alone writes', () => {
    const state = createdState();
    const statistics = statisticsOf(state);
    const reused = new QueryFeatures();
    for (const query of QUERIES) {
      const profile = profileQuery(state, query, { entities: ['Nancy Pelosi'] });
      const fresh = new QueryFeatures().prepare(profile, statistics);
      reused.prepare(profile, statistics);
      expect(featuresOf(reused, state)).toEqual(featuresOf(fresh, state));
    }
  });

  it('forgets the sharing floor of the query before', () => {
    const state = createdState();
    const statistics = statisticsOf(state);
    const profile = profileQuery(state, QUERIES[1] as string);
    const span = state.claimTerms.span(3);
    const firstStage = { score: 1, bestScore: 1, maximumScore: 1, rank: 0 };
    const writer = new QueryFeatures().prepare(profile, statistics, { either: 0.9, each: 0.9 });
    expect(writer.write(span, firstStage, new Float64Array(FEATURE_COUNT), 0)).toBe(false);
    writer.prepare(profile, statistics);
    expect(writer.write(span, firstStage, new Float64Array(FEATURE_COUNT), 0)).toBe(true);
  });
});
