import {
  type ClaimIndex,
  type ClusterDecision,
  decideCluster,
  type PreparedClaim,
  type QueryOptions,
} from './matching/index.ts';

/**
 * The least share of informative words (by idf mass) that two claims must share, seen from either
 * side, for one to join the other's cluster. The matcher's join model was fitted on tweets against
 * fact-check claims, where a shared name is strong evidence; between news sentences about one story,
 * a shared company or agency name is not, and without this guard unrelated statements about the same
 * company ("X employs 300 people", "X won three contracts") joined one cluster.
 */
export const MINIMUM_SHARED_WORDS = 0.3;

/** What every ledger query leaves out: candidates that do not share enough words to join. */
const SHARING: QueryOptions = { minimumCoverage: MINIMUM_SHARED_WORDS };

/** Whether any claim of `index` shares enough words with `claim` to be its cluster's match. */
export function sharesWordsWithAny(index: ClaimIndex, claim: PreparedClaim): boolean {
  return index.size > 0 && index.query(claim, {}, 1, SHARING).length > 0;
}

/**
 * The cluster `claim` joins among the claims of `index`, or null when it should start one: the best
 * of the `limit` most probable matches that share enough words, if the join model accepts it.
 *
 * @example
 * const decision = clusterToJoin(index, index.prepare(sentence), (id) => clusters.get(id));
 * const clusterId = decision?.clusterId ?? newClusterId();
 */
export function clusterToJoin(
  index: ClaimIndex,
  claim: PreparedClaim,
  clusterOf: (claimId: string) => string | undefined,
  options: { threshold?: number; limit?: number } = {},
): ClusterDecision | null {
  const { limit = 10, threshold } = options;
  if (index.size === 0) return null;
  return decideCluster(
    index.query(claim, {}, limit, SHARING),
    clusterOf,
    threshold === undefined ? {} : { threshold },
  );
}
