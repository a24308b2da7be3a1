import { bandKeys, type IndexState } from './claim-index.ts';
import { distinctPrefix, sortPrefix } from './feature-arrays.ts';
import type { QueryProfile } from './features.ts';
import type { FirstStageResult } from './first-stage.ts';
import type { QueryScratch } from './query-scratch.ts';

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
  const keys = bandKeys(state, profile.shingles);
  let sightings = state.lsh.candidatesInto(keys, scratch.nearDuplicates);
  if (sightings > scratch.nearDuplicates.length) {
    scratch.reserveNearDuplicates(sightings);
    sightings = state.lsh.candidatesInto(keys, scratch.nearDuplicates);
  }
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
  poolClaims: ArrayLike<number>,
  nearDuplicates: number,
  scoresInto: FirstStageResult['scoresInto'],
  most: number,
): number {
  const poolSize = poolClaims.length;
  const arrays = scratch.forward;
  arrays.reservePool(Math.max(poolSize, most));
  const pool = arrays.sortedPool;
  for (let rank = 0; rank < poolSize; rank += 1) pool[rank] = poolClaims[rank] as number;
  sortPrefix(pool, poolSize);
  let outside = 0;
  let inPool = 0;
  const candidates = scratch.indexes;
  const scores = scratch.firstStages;
  // Both lists are sorted: one walk finds the near-duplicates the pool lacks.
  for (let position = 0; position < nearDuplicates; position += 1) {
    const index = scratch.nearDuplicates[position] as number;
    while (inPool < poolSize && (pool[inPool] as number) < index) inPool += 1;
    if (inPool < poolSize && pool[inPool] === index) continue;
    candidates[poolSize + outside] = index;
    outside += 1;
  }
  scoresInto(candidates, poolSize, poolSize + outside, scores);
  if (outside > most) {
    // The best `most` by first-stage score, ties to the claim stored first, kept in order by
    // insertion into a short sorted run: no array or comparison function is made per query.
    const { keptClaims, keptScores } = arrays;
    let kept = 0;
    for (let position = poolSize; position < poolSize + outside; position += 1) {
      const index = candidates[position] as number;
      const score = scores[position] as number;
      if (
        kept === most &&
        !keepsBefore(score, index, keptScores[kept - 1] as number, keptClaims[kept - 1] as number)
      ) {
        continue;
      }
      let at = kept === most ? kept - 1 : kept;
      if (kept < most) kept += 1;
      while (
        at > 0 &&
        keepsBefore(score, index, keptScores[at - 1] as number, keptClaims[at - 1] as number)
      ) {
        keptClaims[at] = keptClaims[at - 1] as number;
        keptScores[at] = keptScores[at - 1] as number;
        at -= 1;
      }
      keptClaims[at] = index;
      keptScores[at] = score;
    }
    for (let position = 0; position < most; position += 1) {
      candidates[poolSize + position] = keptClaims[position] as number;
      scores[poolSize + position] = keptScores[position] as number;
    }
    outside = most;
  }
  for (let position = poolSize; position < poolSize + outside; position += 1)
    scratch.ranks[position] = poolSize;
  return poolSize + outside;
}

/** Whether (score, claim) is kept before (otherScore, otherClaim): a higher score, or the claim stored first. */
function keepsBefore(score: number, claim: number, otherScore: number, otherClaim: number): boolean {
  return score > otherScore || (score === otherScore && claim < otherClaim);
}
