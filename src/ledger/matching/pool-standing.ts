import type { IndexState } from './claim-index.ts';
import type { QueryProfile } from './features.ts';
import { type ForwardScorer, sumPostings } from './first-stage.ts';
import { addNearDuplicatesBeyond, nearDuplicatesInto } from './near-duplicates.ts';
import type { QueryScratch } from './query-scratch.ts';

/**
 * A query's candidates with their first-stage standing read lazily: the pool comes in the order of
 * its scores as summed (in 32 bits) from the posting lists, and a claim's exact score, its rank by
 * exact score and the pool's best exact score are computed only for the candidates that need them
 * (those that share enough words), with the rounding of the sums bounding the rest. The standing is
 * the same as `gatherCandidates` gives; only the work differs.
 */
export class PoolStanding {
  readonly #scratch: QueryScratch;
  readonly #exactScore: ForwardScorer;
  /** How many candidates are the pool (the rest are near-duplicates beyond it, scored exactly). */
  readonly poolSize: number;
  /** Candidates written to the scratch arrays. */
  readonly count: number;
  /** Near-duplicates the LSH table gave, sorted at the start of `scratch.nearDuplicates`. */
  readonly nearDuplicates: number;
  /** The most a summed score can differ from the exact one, relative to it. */
  readonly #slack: number;
  #best = Number.NaN;

  private constructor(
    scratch: QueryScratch,
    exactScore: ForwardScorer,
    sizes: { poolSize: number; count: number; nearDuplicates: number; slack: number },
  ) {
    this.#scratch = scratch;
    this.#exactScore = exactScore;
    this.poolSize = sizes.poolSize;
    this.count = sizes.count;
    this.nearDuplicates = sizes.nearDuplicates;
    this.#slack = sizes.slack;
  }

  /**
   * Writes the query's candidates to the scratch arrays as `gatherCandidates` does, but with the
   * pool's summed scores; null when the first stage left lists unread (its pool is then chosen by
   * exact score, and `gatherCandidates` must run).
   */
  static gather(state: IndexState, profile: QueryProfile, scratch: QueryScratch): PoolStanding | null {
    const poolLimit = state.options.candidates;
    const summed = sumPostings(state, profile, poolLimit, scratch.forward);
    if (summed.skipped) return null;
    const { found, foundScores } = state.accumulator;
    const poolSize = summed.count;
    const nearDuplicates = nearDuplicatesInto(state, profile, scratch);
    scratch.reserve(poolSize + nearDuplicates, poolSize + poolLimit);
    const { indexes, firstStages, ranks, exactScores, summedScores } = scratch;
    for (let rank = 0; rank < poolSize; rank += 1) {
      indexes[rank] = found[rank] as number;
      summedScores[rank] = foundScores[rank] as number;
      firstStages[rank] = foundScores[rank] as number;
      exactScores[rank] = 0;
      ranks[rank] = -1;
    }
    const count = addNearDuplicatesBeyond(
      scratch,
      found.subarray(0, poolSize),
      nearDuplicates,
      summed.exactScore.scoresInto,
      poolLimit,
    );
    exactScores.fill(1, poolSize, count);
    scratch.firstStage.maximumScore = summed.maximum;
    // Each of a sum's steps rounds to 32 bits (a relative 2^-24); twice that per list, and some more,
    // bounds the sum's error with room to spare.
    const slack = (summed.lists + 4) * 2 ** -23;
    return new PoolStanding(scratch, summed.exactScore, { poolSize, count, nearDuplicates, slack });
  }

  /** The most the candidate's exact first-stage score can be. */
  upperScore(position: number): number {
    const scratch = this.#scratch;
    if (scratch.exactScores[position] === 1) return scratch.firstStages[position] as number;
    return this.#upperSum(position);
  }

  #upperSum(position: number): number {
    return (this.#scratch.summedScores[position] as number) * (1 + this.#slack);
  }

  #lowerScore(position: number): number {
    const scratch = this.#scratch;
    if (scratch.exactScores[position] === 1) return scratch.firstStages[position] as number;
    return (scratch.summedScores[position] as number) * (1 - this.#slack);
  }

  /** The candidate's exact first-stage score, which then replaces its sum. */
  exact(position: number): number {
    const scratch = this.#scratch;
    if (scratch.exactScores[position] !== 1) {
      scratch.firstStages[position] = this.#exactScore(scratch.indexes[position] as number);
      scratch.exactScores[position] = 1;
    }
    return scratch.firstStages[position] as number;
  }

  /** The pool's best exact score: the first stage's `bestScore`. */
  best(): number {
    if (!Number.isNaN(this.#best)) return this.#best;
    let best = 0;
    if (this.poolSize > 0) {
      best = this.exact(0);
      // The pool is in the order of its sums: once a sum cannot reach the best, no later one can.
      for (let position = 1; position < this.poolSize; position += 1) {
        if (this.#upperSum(position) < best) break;
        best = Math.max(best, this.exact(position));
      }
    }
    this.#best = best;
    return best;
  }

  /**
   * The candidate's rank in the pool by exact score (ties to the claim stored first), as
   * `runFirstStage` ranks it; the pool's size for a near-duplicate beyond it.
   */
  rank(position: number): number {
    const scratch = this.#scratch;
    if (position >= this.poolSize) return scratch.ranks[position] as number;
    const score = this.exact(position);
    const claim = scratch.indexes[position] as number;
    let rank = 0;
    for (let other = 0; other < this.poolSize; other += 1) {
      if (other === position) continue;
      if (this.#lowerScore(other) > score) rank += 1;
      else if (this.upperScore(other) >= score) {
        const otherScore = this.exact(other);
        if (otherScore > score || (otherScore === score && (scratch.indexes[other] as number) < claim)) {
          rank += 1;
        }
      }
    }
    scratch.ranks[position] = rank;
    return rank;
  }
}
