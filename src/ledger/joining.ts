import {
  type ClaimIndex,
  type ClusterDecision,
  DEFAULT_JOIN_THRESHOLD,
  decideCluster,
  type GroupDecision,
  type MatchCandidate,
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

/**
 * The least share of informative words that each of two claims must find in the other. Without it a
 * long sentence joined any short claim whose few words it held ("…, Ben Carson, and Donald Trump."),
 * and such claims gathered every sentence naming the same people. On Emergent's headlines it raised
 * same-claim pair precision from 0.687 to 0.720 at the same recall (0.620), and on the two halves the
 * script deals the claims into, from 0.753 to 0.782 and from 0.771 to 0.826, at a recall of
 * 0.638 -> 0.633 and 0.541 -> 0.532 (`npx tsx scripts/eval/claim-clustering.ts`).
 */
export const MINIMUM_SHARED_WORDS_EACH_SIDE = 0.2;

/** How many candidates a claim's join is decided among. */
const JOIN_CANDIDATES = 20;

/** What every ledger query leaves out: candidates that do not share enough words to join. */
const SHARING: QueryOptions = {
  minimumCoverage: MINIMUM_SHARED_WORDS,
  minimumCoverageEachSide: MINIMUM_SHARED_WORDS_EACH_SIDE,
};

/**
 * The claims of `index` that `claim` might join, most probable first: those that share enough words
 * with it, at most `limit`.
 */
export function joinCandidates(
  index: ClaimIndex,
  claim: PreparedClaim,
  limit = JOIN_CANDIDATES,
): MatchCandidate[] {
  return index.size === 0 ? [] : index.query(claim, {}, limit, SHARING);
}

/**
 * The cluster `claim` joins, with the index of the group it was found in, or null when it should
 * start one: `clusterToJoin(joinCandidates(index, claim), group)` for each group in turn, the first
 * that joins. The same decisions, for a fraction of the work: candidates that cannot decide it are
 * not fully scored.
 *
 * @example
 * const decision = joinDecision(index, claim, [(id) => stored.get(id), (id) => siblings.get(id)]);
 */
export function joinDecision(
  index: ClaimIndex,
  claim: PreparedClaim,
  groups: readonly ((claimId: string) => string | undefined)[],
  threshold?: number,
): GroupDecision | null {
  if (index.size === 0) return null;
  // Written out rather than spread: the ledger asks this for every claim it stores.
  return index.joinDecision(claim, {
    minimumCoverage: MINIMUM_SHARED_WORDS,
    minimumCoverageEachSide: MINIMUM_SHARED_WORDS_EACH_SIDE,
    limit: JOIN_CANDIDATES,
    groups,
    threshold: threshold ?? DEFAULT_JOIN_THRESHOLD,
  });
}

/**
 * The cluster to join among `candidates`, or null when the claim should start one: the cluster of
 * the most probable candidate, if the join model accepts it. Candidates `clusterOf` knows no cluster
 * for (claims not stored yet) are passed over.
 *
 * @example
 * const decision = clusterToJoin(joinCandidates(index, claim), (id) => clusters.get(id));
 * const clusterId = decision?.clusterId ?? newClusterId();
 */
export function clusterToJoin(
  candidates: readonly MatchCandidate[],
  clusterOf: (claimId: string) => string | undefined,
  threshold?: number,
): ClusterDecision | null {
  const placed = candidates.filter((candidate) => clusterOf(candidate.id) !== undefined);
  if (placed.length === 0) return null;
  return decideCluster(placed, clusterOf, threshold === undefined ? {} : { threshold });
}
