import type { IndexState } from './claim-index.ts';
import { distinctPrefix } from './feature-arrays.ts';
import type { QueryProfile } from './features.ts';
import type { FirstStageResult } from './first-stage.ts';
import { type QueryScratch, rankedBefore } from './query-scratch.ts';

/**
 * Near-duplicates of a query from the LSH table, and the ones beyond the first stage's pool that
 * join the candidates, all in the query's scratch arrays.
 */

/** Whether sorted `values[0, count)` holds `value`. */
export function sortedHas(values: Int32Array, count: number, value: number): boolean {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low < count && values[low] === value;
}

/**
 * Claims sharing a MinHash band with the query's shingles, written sorted and distinct to the start
 * of `scratch.nearDuplicates`; returns how many.
 */
export function nearDuplicatesInto(state: IndexState, profile: QueryProfile, scratch: QueryScratch): number {
  if (!state.lsh || !state.bandHasher || profile.shingles.length === 0) return 0;
  let sightings = 0;
  state.lsh.forEachCandidate(state.bandHasher(profile.shingles), (index) => {
    if (sightings === scratch.nearDuplicates.length) scratch.reserveNearDuplicates(sightings + 1);
    scratch.nearDuplicates[sightings] = index;
    sightings += 1;
  });
  const found = scratch.nearDuplicates;
  if (sightings > 1) found.subarray(0, sightings).sort();
  return distinctPrefix(found, sightings);
}

/**
 * Adds to the candidates the near-duplicates outside the pool worth the model's time: all of them
 * when few, else the `most` with the highest first-stage score (ties to the claim stored first). A
 * claim told in near-identical words by thousands of outlets puts thousands of claims in one LSH
 * bucket; they match the query alike, and scoring every one cost tens of milliseconds where the first
 * stage costs one or two. The pool's claims are the first candidates, with room after them for every
 * near-duplicate; returns the number of candidates.
 */
export function addNearDuplicatesBeyond(
  scratch: QueryScratch,
  poolClaims: readonly number[],
  nearDuplicates: number,
  scoresInto: FirstStageResult['scoresInto'],
  most: number,
): number {
  const poolSize = poolClaims.length;
  const pool = Int32Array.from(poolClaims).sort();
  let outside = 0;
  let inPool = 0;
  const candidates = scratch.indexes;
  const scores = scratch.firstStages;
  // Both lists are sorted: one walk finds the near-duplicates the pool lacks.
  for (let position = 0; position < nearDuplicates; position += 1) {
    const index = scratch.nearDuplicates[position] as number;
    while (inPool < pool.length && (pool[inPool] as number) < index) inPool += 1;
    if (inPool < pool.length && pool[inPool] === index) continue;
    candidates[poolSize + outside] = index;
    outside += 1;
  }
  scoresInto(candidates, poolSize, poolSize + outside, scores);
  if (outside > most) {
    const order = Array.from({ length: outside }, (_, position) => poolSize + position).sort((a, b) =>
      rankedBefore(scores, scores, candidates, b, a),
    );
    const chosen = order.slice(0, most).map((position) => [candidates[position], scores[position]] as const);
    chosen.forEach(([index, score], position) => {
      candidates[poolSize + position] = index as number;
      scores[poolSize + position] = score as number;
    });
    outside = most;
  }
  for (let position = poolSize; position < poolSize + outside; position += 1)
    scratch.ranks[position] = poolSize;
  return poolSize + outside;
}
