import { FeatureArrays } from './feature-arrays.ts';
import {
  type ClaimSpan,
  type CoverageFloor,
  FEATURE_COUNT,
  type FeatureScorer,
  type FeatureWriter,
  type FirstStage,
  featuresAt,
  type IndexStatistics,
  NO_COVERAGE_FLOOR,
  type QueryProfile,
} from './feature-schema.ts';
import { QueryFeatures } from './query-features.ts';

// The feature vocabulary and the types around it live in their own module; callers read them here.
export * from './feature-schema.ts';
export { QueryFeatures, writeStanding } from './query-features.ts';

/**
 * Prepares a query for scoring many candidates: per-term idfs and their sums are computed once, and
 * the scratch space is reused from claim to claim, so a candidate costs a few passes over its terms.
 *
 * @example
 * const score = createFeatureScorer(profile, statistics);
 * const features = score(claimTerms.span(index), { score, bestScore, maximumScore, rank });
 * features.numberConflict; // 1 when the claim says "1985" and the query "1987"
 */
export function createFeatureScorer(profile: QueryProfile, statistics: IndexStatistics): FeatureScorer {
  const write = createFeatureWriter(profile, statistics);
  const vector = new Float64Array(FEATURE_COUNT);
  return (claim, firstStage) => {
    write(claim, firstStage, vector, 0);
    return featuresAt(vector);
  };
}

/**
 * The same features as `createFeatureScorer`, written into a caller's vector instead of a new record:
 * a query scores dozens of candidates and returns a few, and a record per candidate (with a boxed
 * number per feature) was most of what a query left for the garbage collector.
 *
 * A candidate whose `queryCoverage` and `claimCoverage` both fall below `sharing.either`, or either
 * falls below `sharing.each`, is left unwritten (past those two) and the writer returns false: a
 * caller that would discard such candidates anyway skips their word pairs, numbers and names, most of
 * a candidate's cost.
 *
 * @example
 * const write = createFeatureWriter(profile, statistics);
 * write(claimTerms.span(index), { score, bestScore, maximumScore, rank }, vector, 0); // true
 * featuresAt(vector).numberConflict; // 1 when the claim says "1985" and the query "1987"
 */
export function createFeatureWriter(
  profile: QueryProfile,
  statistics: IndexStatistics,
  arrays: FeatureArrays = new FeatureArrays(),
  sharing: CoverageFloor = NO_COVERAGE_FLOOR,
): FeatureWriter {
  const features = new QueryFeatures(arrays).prepare(profile, statistics, sharing);
  const write = (
    claim: ClaimSpan,
    firstStage: FirstStage,
    into: Float64Array,
    offset: number,
    wordPairs = true,
  ): boolean => features.write(claim, firstStage, into, offset, wordPairs);
  return Object.assign(write, {
    wordPairs: (claim: ClaimSpan, into: Float64Array, offset: number) =>
      features.wordPairs(claim, into, offset),
  });
}
