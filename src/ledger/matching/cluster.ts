import type { MatchCandidate } from './claim-index.ts';
import { DEFAULT_JOIN_MODEL, DEFAULT_JOIN_THRESHOLD } from './default-model.ts';
import { MatchingError } from './errors.ts';
import { type JoinModel, joinProbability } from './model.ts';

/** A cluster's standing for one query: its best member's score and which member that was. */
export interface ClusterCandidate {
  clusterId: string;
  score: number;
  /** The stored claim that gave the cluster its score. */
  claimId: string;
}

/** The cluster to join and how sure the join model is. */
export interface ClusterDecision extends ClusterCandidate {
  /** Join-model probability that the new claim states the best candidate's claim. */
  probability: number;
}

/**
 * Groups ranked candidates by the cluster each stored claim belongs to, scoring a cluster by its best
 * member, best first (ties keep the candidates' order). Claims `clusterOf` does not know are their
 * own cluster, named by their id.
 *
 * @example
 * rankClusters(index.query(text), (id) => clusters.get(id));
 */
export function rankClusters(
  candidates: readonly MatchCandidate[],
  clusterOf: (claimId: string) => string | undefined,
): ClusterCandidate[] {
  const best = new Map<string, ClusterCandidate & { candidate: MatchCandidate }>();
  for (const candidate of candidates) {
    const clusterId = clusterOf(candidate.id) ?? candidate.id;
    const current = best.get(clusterId);
    if (!current || candidate.score > current.score) {
      best.set(clusterId, { clusterId, score: candidate.score, claimId: candidate.id, candidate });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ clusterId, score, claimId }) => ({ clusterId, score, claimId }));
}

export interface DecideClusterOptions {
  /**
   * Join probability at or above which a claim joins the best cluster. The default was chosen on the
   * CheckThat! 2020 task 2 train split to maximize F0.5 of join decisions (see `chooseJoinThreshold`).
   */
  threshold?: number;
  /** The model turning the best candidate's score and features into a join probability. */
  model?: JoinModel;
}

/**
 * The cluster a new claim should join, or null when no stored claim matches well enough and the
 * claim should start a cluster of its own. The ranker's score says which stored claim fits best;
 * whether it fits at all is the join model's call, from that score and the features that do not
 * depend on the other candidates.
 *
 * @example
 * const joined = decideCluster(index.query(sentence, {}, 10), (id) => clusterByClaim.get(id));
 * const clusterId = joined?.clusterId ?? newClusterId();
 */
export function decideCluster(
  candidates: readonly MatchCandidate[],
  clusterOf: (claimId: string) => string | undefined,
  options: DecideClusterOptions = {},
): ClusterDecision | null {
  const { threshold = DEFAULT_JOIN_THRESHOLD, model = DEFAULT_JOIN_MODEL } = options;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new MatchingError(`decideCluster: threshold must be between 0 and 1, got ${threshold}`);
  }
  const best = rankClusters(candidates, clusterOf)[0];
  const candidate = best && candidates.find((entry) => entry.id === best.claimId);
  if (!best || !candidate) return null;
  const probability = joinProbability(model, candidate.score, candidate.signals);
  return probability >= threshold ? { ...best, probability } : null;
}
