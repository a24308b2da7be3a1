import { type IndexState, type QueryOptions, statisticsOf } from './claim-index.ts';
import type { ClusterDecision } from './cluster.ts';
import { DEFAULT_JOIN_MODEL, DEFAULT_JOIN_THRESHOLD } from './default-model.ts';
import { MatchingError } from './errors.ts';
import {
  type ClaimSpan,
  type CoverageFloor,
  FEATURE_COUNT,
  FEATURE_POSITIONS,
  type QueryFeatures,
  type QueryProfile,
  writeStanding,
} from './features.ts';
import { type JoinModel, joinProbability, sigmoid, vectorLogit, vectorProbability } from './model.ts';
import { sortedHas } from './near-duplicates.ts';
import { PoolStanding } from './pool-standing.ts';
import type { PreparedClaim } from './prepared.ts';
import { checkShare, gatherCandidates, profileQuery, signalsAt } from './query.ts';
import { type QueryScratch, rankedBefore } from './query-scratch.ts';

/**
 * The ledger's question of a query, answered without ranking every candidate: which cluster, if any,
 * `decideCluster` would choose among the candidates `query` returns. A candidate's word pairs (the
 * dearest of its features) are read only when bounds on its score without them cannot settle whether
 * it ranks first, ranks within the limit, or could be joined at all; the answer is the same as
 * ranking them all.
 */

/** Who may be joined, asked in turn: the first group whose best candidate the join model accepts. */
export interface JoinQuery extends QueryOptions {
  /** How many candidates the full query would return; a group's best beyond them does not count. */
  limit?: number;
  /** Per group, the cluster of a claim in the group, undefined for claims outside it. */
  groups: readonly ((claimId: string) => string | undefined)[];
  threshold?: number;
  model?: JoinModel;
}

/** A cluster to join and the group it was found in. */
export interface GroupDecision extends ClusterDecision {
  group: number;
}

/**
 * How far, in log-odds, a bound must clear what it is compared with before it settles anything: far
 * more than the rounding of the sums it bounds (tens of operations on numbers near 1), so a bound
 * never decides a comparison that the exact scores would decide the other way.
 */
const MARGIN = 1e-7;

const WORD_PAIR_POSITIONS = [FEATURE_POSITIONS.bigramOverlap, FEATURE_POSITIONS.shingleJaccard] as const;

/** Bounds on a model sum over the word-pair features, which lie in 0..1: [upper, lower]. */
function wordPairExtremes(positions: ArrayLike<number>, weights: ArrayLike<number>): [number, number][] {
  return WORD_PAIR_POSITIONS.map((position) => {
    let weight = 0;
    for (let index = 0; index < positions.length; index += 1) {
      if (positions[index] === position) weight += weights[index] as number;
    }
    return weight >= 0 ? [1, 0] : [0, 1];
  });
}

/**
 * The most `queryCoverage` a claim with first-stage score `score` can have. Each query term present in
 * a field adds at least its idf times (k1 + 1) / (1 + norm) (times the field's weight) to the score,
 * and its idf in the field is at least its idf over both fields, which coverage counts; so the score
 * caps the idf mass the claim can hold. Infinity when the claim's fields give no such floor.
 */
function coverageCeiling(state: IndexState, profile: QueryProfile, claim: ClaimSpan, score: number): number {
  const { k1, b, titleWeight } = state.options;
  const textLength = claim.titleStart - claim.start;
  const titleLength = claim.end - claim.titleStart;
  let perIdf = Number.POSITIVE_INFINITY;
  if (textLength > 0) {
    const norm = k1 * (1 - b + (b * textLength) / state.fields[0].averageLength());
    perIdf = Math.min(perIdf, (k1 + 1) / (1 + norm));
  }
  if (titleLength > 0) {
    const norm = k1 * (1 - b + (b * titleLength) / state.fields[1].averageLength());
    perIdf = Math.min(perIdf, (titleWeight * (k1 + 1)) / (1 + norm));
  }
  if (!(perIdf > 0 && perIdf < Number.POSITIVE_INFINITY) || !(profile.idfMass > 0)) {
    return Number.POSITIVE_INFINITY;
  }
  return score / perIdf / profile.idfMass;
}

/** Whether no claim can hold `each` of the query's idf mass: its known terms together hold less. */
function nothingShares(profile: QueryProfile, each: number): boolean {
  if (!(each > 0)) return false;
  let known = 0;
  for (const idf of profile.idfs) known += idf;
  const most = profile.idfMass > 0 ? known / profile.idfMass : 0;
  return most * (1 + MARGIN) < each;
}

/** One query's candidates with bounds on their log-odds, resolved to exact scores on demand. */
class BoundedCandidates {
  readonly #state: IndexState;
  readonly #scratch: QueryScratch;
  readonly #write: QueryFeatures;
  readonly #extremes: [number, number][];
  readonly #sharing: CoverageFloor;
  readonly #profile: QueryProfile;
  /** Positions of the candidates that pass the sharing floor, in candidate order. */
  kept = 0;

  readonly #standing: PoolStanding | null;

  constructor(
    state: IndexState,
    profile: QueryProfile,
    scratch: QueryScratch,
    sharing: CoverageFloor,
    standing: PoolStanding | null,
  ) {
    this.#standing = standing;
    this.#state = state;
    this.#scratch = scratch;
    this.#profile = profile;
    this.#sharing = sharing;
    this.#write = scratch.writer.prepare(profile, statisticsOf(state), sharing);
    // The scratch's model is fixed: its extremes are laid out once, not per query.
    scratch.wordPairExtremes ??= wordPairExtremes(scratch.model.positions, scratch.model.weights);
    this.#extremes = scratch.wordPairExtremes;
  }

  /** Writes every candidate's features but its word pairs, keeping those that share enough words. */
  fill(count: number): void {
    const scratch = this.#scratch;
    const { indexes, firstStages, ranks, vectors, span, firstStage, order, resolved } = scratch;
    const { claimTerms } = this.#state;
    const each = this.#sharing.each;
    const standing = this.#standing;
    let kept = 0;
    for (let position = 0; position < count; position += 1) {
      claimTerms.spanInto(indexes[position] as number, span);
      const score = standing ? standing.upperScore(position) : (firstStages[position] as number);
      if (each > 0 && coverageCeiling(this.#state, this.#profile, span, score) * (1 + MARGIN) < each)
        continue;
      firstStage.score = firstStages[position] as number;
      firstStage.rank = ranks[position] as number;
      const offset = position * FEATURE_COUNT;
      if (!this.#write.write(span, firstStage, vectors, offset, false)) continue;
      if (standing) {
        // Only now is the candidate's exact standing needed: it shares enough words to be ranked.
        firstStage.score = standing.exact(position);
        firstStage.rank = standing.rank(position);
        firstStage.bestScore = standing.best();
        writeStanding(firstStage, vectors, offset);
      }
      this.#bound(position);
      resolved[position] = 0;
      order[kept] = position;
      kept += 1;
    }
    this.kept = kept;
  }

  // The model's log-odds with the word-pair features at the extremes that raise and lower it most.
  #bound(position: number): void {
    const { vectors, model, upperLogits, lowerLogits } = this.#scratch;
    const offset = position * FEATURE_COUNT;
    const extremes = this.#extremes;
    for (let which = 0; which < 2; which += 1) {
      for (let feature = 0; feature < WORD_PAIR_POSITIONS.length; feature += 1) {
        vectors[offset + (WORD_PAIR_POSITIONS[feature] as number)] = (extremes[feature] as [number, number])[
          which
        ] as number;
      }
      const logit = vectorLogit(model, vectors, offset);
      if (which === 0) upperLogits[position] = logit + MARGIN;
      else lowerLogits[position] = logit - MARGIN;
    }
  }

  isResolved(position: number): boolean {
    return this.#scratch.resolved[position] === 1;
  }

  /** Bounds on the candidate's log-odds, with room for rounding: exact ones when it is resolved. */
  upper(position: number): number {
    return this.#scratch.upperLogits[position] as number;
  }

  lower(position: number): number {
    return this.#scratch.lowerLogits[position] as number;
  }

  /** How many kept candidates rank before `position` in `query`'s order. */
  rankOf(position: number): number {
    const { order } = this.#scratch;
    let rank = 0;
    for (let at = 0; at < this.kept; at += 1) {
      const other = order[at] as number;
      if (other !== position && this.before(other, position)) rank += 1;
    }
    return rank;
  }

  /** Reads the candidate's word pairs: its features and probability are then those `query` gives. */
  resolve(position: number): void {
    const scratch = this.#scratch;
    if (scratch.resolved[position] === 1) return;
    const { indexes, vectors, span, model } = scratch;
    const offset = position * FEATURE_COUNT;
    this.#write.wordPairs(
      this.#state.claimTerms.spanInto(indexes[position] as number, span),
      vectors,
      offset,
    );
    scratch.probabilities[position] = vectorProbability(model, vectors, offset);
    const logit = vectorLogit(model, vectors, offset);
    scratch.upperLogits[position] = logit + MARGIN;
    scratch.lowerLogits[position] = logit - MARGIN;
    scratch.resolved[position] = 1;
  }

  /** Whether candidate `a` ranks before `b` in `query`'s order, reading word pairs only if needed. */
  before(a: number, b: number): boolean {
    const { upperLogits, lowerLogits, probabilities, firstStages, indexes } = this.#scratch;
    if ((lowerLogits[a] as number) > (upperLogits[b] as number)) return true;
    if ((upperLogits[a] as number) < (lowerLogits[b] as number)) return false;
    this.resolve(a);
    this.resolve(b);
    return rankedBefore(probabilities, firstStages, indexes, a, b) > 0;
  }
}

/** A join model laid out for feature vectors, with its word-pair features' values at their extremes. */
export interface JoinBound {
  model: JoinModel;
  positions: Int32Array;
  /** Per model feature, the value that raises the sum most when it is an unread word pair, else -1. */
  extremes: Float64Array;
}

function joinBound(model: JoinModel): JoinBound {
  const positions = Int32Array.from(model.features, (name) => FEATURE_POSITIONS[name]);
  const extremes = Float64Array.from(positions, (position, index) =>
    WORD_PAIR_POSITIONS.some((pair) => pair === position) ? ((model.weights[index] ?? 0) >= 0 ? 1 : 0) : -1,
  );
  return { model, positions, extremes };
}

/**
 * The most the join model's log-odds can be for candidate `candidate`: its match probability at the
 * bound that raises the sum most, and unread word pairs at their extremes.
 */
function joinCeiling(bound: JoinBound, scratch: QueryScratch, candidate: number): number {
  const { model, positions, extremes } = bound;
  const { vectors, upperLogits, lowerLogits } = scratch;
  const unread = scratch.resolved[candidate] !== 1;
  const offset = candidate * FEATURE_COUNT;
  const logit = model.scoreWeight >= 0 ? upperLogits[candidate] : lowerLogits[candidate];
  let total = model.bias + model.scoreWeight * sigmoid(logit as number);
  for (let index = 0; index < positions.length; index += 1) {
    const extreme = extremes[index] as number;
    const value =
      unread && extreme >= 0 ? extreme : (vectors[offset + (positions[index] as number)] as number);
    total += (model.weights[index] ?? 0) * value;
  }
  return total + MARGIN;
}

/**
 * What `decideCluster` decides, group by group, over the candidates `query(text, {}, limit, sharing)`
 * returns (each group seeing only its own claims): the first group's decision that joins, with its
 * group's index, or null. The same answer as ranking every candidate, for less: see `BoundedCandidates`.
 */
export function joinQueryState(
  state: IndexState,
  text: string | PreparedClaim,
  query: JoinQuery,
): GroupDecision | null {
  const {
    limit = 20,
    minimumCoverage = 0,
    minimumCoverageEachSide = 0,
    groups,
    threshold = DEFAULT_JOIN_THRESHOLD,
    model = DEFAULT_JOIN_MODEL,
  } = query;
  const sharing: CoverageFloor = { either: minimumCoverage, each: minimumCoverageEachSide };
  checkShare('minimumCoverage', sharing.either);
  checkShare('minimumCoverageEachSide', sharing.each);
  if (state.claimTerms.count === 0 || limit <= 0 || groups.length === 0) return null;
  const profile = profileQuery(state, text);
  if (nothingShares(profile, sharing.each)) return null;
  const scratch = state.scratch.take();
  try {
    // The pool's exact scores are read only for the candidates that share enough words, unless the
    // first stage left lists unread and chose its pool by exact score.
    const standing = PoolStanding.gather(state, profile, scratch);
    const { count, nearDuplicates } = standing ?? gatherCandidates(state, profile, scratch);
    const candidates = new BoundedCandidates(state, profile, scratch, sharing, standing);
    candidates.fill(count);
    const { order, indexes, firstStages, probabilities, vectors } = scratch;
    const kept = candidates.kept;
    let bound: JoinBound | null = null;
    for (let group = 0; group < groups.length; group += 1) {
      const clusterOf = groups[group] as (claimId: string) => string | undefined;
      const members: number[] = [];
      for (let at = 0; at < kept; at += 1) {
        const position = order[at] as number;
        if (clusterOf(state.ids[indexes[position] as number] as string) !== undefined) members.push(position);
      }
      if (members.length === 0) continue;
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new MatchingError(`decideCluster: threshold must be between 0 and 1, got ${threshold}`);
      }
      if (scratch.joinBound?.model !== model) scratch.joinBound = joinBound(model);
      bound ??= scratch.joinBound as JoinBound;
      const joinable = bound;
      // When no member could be joined, which of them ranks first does not matter.
      if (members.every((position) => sigmoid(joinCeiling(joinable, scratch, position)) < threshold))
        continue;
      const best = bestOf(candidates, members);
      if (kept > limit && candidates.rankOf(best) >= limit) continue;
      candidates.resolve(best);
      const claimId = state.ids[indexes[best] as number] as string;
      const signals = signalsAt(
        vectors,
        best * FEATURE_COUNT,
        firstStages[best] as number,
        sortedHas(scratch.nearDuplicates, nearDuplicates, indexes[best] as number),
      );
      const score = probabilities[best] as number;
      const probability = joinProbability(model, score, signals);
      if (probability >= threshold) {
        return { clusterId: clusterOf(claimId) as string, score, claimId, probability, group };
      }
    }
    return null;
  } finally {
    scratch.release();
  }
}

/** The member that ranks first, reading word pairs only of members that might. */
function bestOf(candidates: BoundedCandidates, members: readonly number[]): number {
  let best = -1;
  const waiting: number[] = [];
  for (const position of members) {
    if (candidates.isResolved(position)) {
      if (best === -1 || candidates.before(position, best)) best = position;
    } else waiting.push(position);
  }
  // Most promising first: once the best so far outranks every bound left, the rest cannot pass it.
  waiting.sort((a, b) => candidates.upper(b) - candidates.upper(a));
  for (const position of waiting) {
    if (best !== -1 && candidates.upper(position) < candidates.lower(best)) break;
    candidates.resolve(position);
    if (best === -1 || candidates.before(position, best)) best = position;
  }
  return best;
}
