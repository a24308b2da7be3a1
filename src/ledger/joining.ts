import {
  type ClaimIndex,
  type ClusterDecision,
  decideCluster,
  type GroupDecision,
  type MatchCandidate,
  NEWS_JOIN_MODEL,
  NEWS_JOIN_THRESHOLD,
  type PreparedClaim,
  type QueryOptions,
} from './matching/index.ts';

/**
 * The least share of informative words (by idf mass) that two claims must share, seen from either
 * side, for one to join the other's cluster. Set when the join model was the one fitted on tweets
 * against fact-check claims, where a shared name is strong evidence; between news sentences about one
 * story it is not, and without this guard unrelated statements about the same company ("X employs 300
 * people", "X won three contracts") joined one cluster. The news join model now weighs that itself;
 * the guard still spares the matcher scoring candidates that could not join.
 */
export const MINIMUM_SHARED_WORDS = 0.3;

/**
 * The least share of informative words that each of two claims must find in the other. Without it a
 * long sentence joined any short claim whose few words it held ("…, Ben Carson, and Donald Trump."),
 * and such claims gathered every sentence naming the same people. With the join model fitted on tweets
 * it raised same-claim pair precision on Emergent's headlines from 0.687 to 0.720 at the same recall
 * (0.620). With the news join model it changes little there (0.890 / 0.363 without, 0.895 / 0.362
 * with; `npx tsx scripts/eval/claim-clustering.ts`), and it keeps such pairs from being scored at all.
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
    threshold: threshold ?? NEWS_JOIN_THRESHOLD,
    model: NEWS_JOIN_MODEL,
  });
}

/**
 * The cluster to join among `candidates`, or null when the claim should start one: the cluster of
 * the most probable candidate, if the news join model accepts it. Candidates `clusterOf` knows no cluster
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
  return decideCluster(placed, clusterOf, {
    model: NEWS_JOIN_MODEL,
    threshold: threshold ?? NEWS_JOIN_THRESHOLD,
  });
}
