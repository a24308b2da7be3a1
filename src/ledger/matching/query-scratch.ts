import { FeatureArrays } from './feature-arrays.ts';
import { type ClaimSpan, FEATURE_COUNT, type FirstStage } from './features.ts';
import { ForwardArrays } from './first-stage.ts';
import type { JoinBound } from './join-query.ts';
import { type MatchModel, type VectorModel, vectorModel } from './model.ts';
import { QueryFeatures } from './query-features.ts';

/**
 * Arrays a query fills and throws away, kept by the index from one query to the next so that a query
 * leaves little for the garbage collector: the candidates' claim indexes, first-stage scores, ranks,
 * feature vectors and probabilities, the near-duplicates found, and the feature writer's arrays. A query takes the scratch with
 * `take` and hands it back with `release`; a query begun while another holds it (a caller re-entering
 * the index from inside a query) gets a scratch of its own, so no result is ever read from arrays a
 * later query has overwritten. Nothing returned to a caller points into these arrays.
 */
export class QueryScratch {
  readonly model: VectorModel;
  indexes = new Int32Array(128);
  firstStages = new Float64Array(128);
  /** Whether a candidate's first-stage score is exact yet (a join decision reads some lazily). */
  exactScores = new Uint8Array(128);
  /** The pool's first-stage scores as summed from the posting lists, for a join decision's bounds. */
  summedScores = new Float64Array(128);
  ranks = new Int32Array(128);
  probabilities = new Float64Array(128);
  order = new Int32Array(128);
  vectors = new Float64Array(128 * FEATURE_COUNT);
  /** Bounds on each scored candidate's model log-odds, while its word pairs are unread; see join-query. */
  upperLogits = new Float64Array(128);
  lowerLogits = new Float64Array(128);
  /** Whether a candidate's features are all written and its probability known. */
  resolved = new Uint8Array(128);
  /** Per word-pair feature, the values that raise and lower `model`'s sum most; see join-query. */
  wordPairExtremes: [number, number][] | null = null;
  /** The join model last laid out for bounds, kept while queries use the same one. */
  joinBound: JoinBound | null = null;
  nearDuplicates = new Int32Array(256);
  readonly span: ClaimSpan = { tokens: [], entity: [], start: 0, titleStart: 0, end: 0 };
  readonly firstStage: FirstStage = { score: 0, bestScore: 0, maximumScore: 0, rank: 0 };
  /** What the query's feature writer and exact first-stage scorer work in. */
  readonly features = new FeatureArrays();
  /** The feature writer, prepared anew for each query, over `features`. */
  readonly writer = new QueryFeatures(this.features);
  readonly forward = new ForwardArrays();
  readonly #source: MatchModel;
  #taken = false;

  constructor(model: MatchModel) {
    this.#source = model;
    this.model = vectorModel(model);
  }

  /** This scratch, or a new one when a query in progress holds it. */
  take(): QueryScratch {
    const scratch = this.#taken ? new QueryScratch(this.#source) : this;
    scratch.#taken = true;
    return scratch;
  }

  release(): void {
    this.#taken = false;
  }

  /**
   * Room for `count` candidates in every per-candidate array, and for the feature vectors of the
   * `scored` of them that the model sees (the near-duplicates beyond the pool are many when a claim
   * was stored many times over, but only the best of them are scored).
   */
  reserve(count: number, scored = count): void {
    if (this.indexes.length < count) {
      const size = Math.max(count, this.indexes.length * 2);
      this.indexes = new Int32Array(size);
      this.firstStages = new Float64Array(size);
      this.exactScores = new Uint8Array(size);
      this.summedScores = new Float64Array(size);
    }
    if (this.ranks.length < scored) {
      const size = Math.max(scored, this.ranks.length * 2);
      this.ranks = new Int32Array(size);
      this.probabilities = new Float64Array(size);
      this.order = new Int32Array(size);
      this.vectors = new Float64Array(size * FEATURE_COUNT);
      this.upperLogits = new Float64Array(size);
      this.lowerLogits = new Float64Array(size);
      this.resolved = new Uint8Array(size);
    }
  }

  /** Room for `count` near-duplicate sightings, keeping those already written. */
  reserveNearDuplicates(count: number): void {
    if (this.nearDuplicates.length >= count) return;
    const grown = new Int32Array(Math.max(count, this.nearDuplicates.length * 2));
    grown.set(this.nearDuplicates);
    this.nearDuplicates = grown;
  }
}

/**
 * Compares candidates `a` and `b` by score, then first-stage score, then claim index (the lower
 * first): positive when `a` comes first. It answers -1, 0 or 1 rather than a difference of scores:
 * a fraction returned to the sort would be boxed, once per comparison.
 */
export function rankedBefore(
  scores: Float64Array,
  firstStages: Float64Array,
  indexes: Int32Array,
  a: number,
  b: number,
): number {
  const score = scores[a] as number;
  const other = scores[b] as number;
  if (score !== other) return score > other ? 1 : -1;
  const firstStage = firstStages[a] as number;
  const otherFirstStage = firstStages[b] as number;
  if (firstStage !== otherFirstStage) return firstStage > otherFirstStage ? 1 : -1;
  return (indexes[b] as number) - (indexes[a] as number);
}
