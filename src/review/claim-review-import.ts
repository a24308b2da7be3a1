import { createClaimIndex, DEFAULT_JOIN_THRESHOLD, decideCluster } from '../ledger/matching/index.ts';
import type { ImportReviewResult, Store } from '../store/index.ts';
import { type ReadClaimReview, type ReadOptions, readClaimReviews } from './claim-review-read.ts';

export {
  claimReviewsFromHtml,
  claimReviewsFromJsonLd,
  findClaimReviewNodes,
  type ReadClaimReview,
  type ReadOptions,
  readClaimReviewNode,
  readClaimReviews,
} from './claim-review-read.ts';

/** Where an imported review's claim stands in the ledger: the cluster it states and how sure the match is. */
export interface ReviewMatch {
  clusterId: string;
  /** The join model's probability that the review's claim is the cluster's claim. */
  score: number;
  /** The stored claim that matched best. */
  claimId: string;
}

/** Finds the cluster a fact-checked claim belongs to, over the ledger as it was when made. */
export interface ReviewMatcher {
  /** The best cluster at or above the threshold, or null. */
  match(review: Pick<ReadClaimReview, 'claimReviewed'>): ReviewMatch | null;
}

export interface MatchOptions {
  /**
   * Join probability at or above which a review counts as checking a cluster's claim; by default the
   * threshold of the join model fitted on tweets against fact-checks, the model reviews are matched by.
   */
  threshold?: number;
}

/** How many candidates the matcher re-ranks per review. */
const CANDIDATES = 10;

/**
 * Builds the matcher over every current claim in the store, with the ledger's claim index and the join
 * model fitted on tweets against fact-check claims: a review's claim is a fact-checker's wording,
 * matched against news sentences as that model was fitted to, not one news sentence against another.
 */
export async function createReviewMatcher(store: Store, options: MatchOptions = {}): Promise<ReviewMatcher> {
  const { threshold = DEFAULT_JOIN_THRESHOLD } = options;
  const index = createClaimIndex();
  const clusterOf = new Map<string, string>();
  for (let cursor: string | null = null; ; ) {
    const page = await store.listClaims({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const claim of page.items) {
      index.add(claim.id, claim.text);
      clusterOf.set(claim.id, claim.clusterId);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return {
    match(review) {
      if (index.size === 0) return null;
      const decision = decideCluster(
        index.query(review.claimReviewed, {}, CANDIDATES),
        (id) => clusterOf.get(id),
        { threshold },
      );
      return decision
        ? { clusterId: decision.clusterId, score: decision.probability, claimId: decision.claimId }
        : null;
    },
  };
}

/** One imported review: whether it is new, what was stored, and the cluster it was matched to. */
export type ImportOutcome = ImportReviewResult;

/**
 * Reads ClaimReview JSON-LD (a file's text, or an HTML fact-check page), matches each review to the
 * ledger's clusters and stores it, so that a cluster already checked elsewhere shows it. A review
 * already imported (same url and claim) is left as it was. Throws an InputError for input with no
 * usable ClaimReview, before storing anything.
 *
 * @example
 * const outcomes = await importClaimReviews(store, readFileSync(path, 'utf8'), { source: path });
 * outcomes.filter((outcome) => outcome.review.clusterId !== null); // checks of claims the ledger holds
 */
export async function importClaimReviews(
  store: Store,
  content: string,
  options: ReadOptions & MatchOptions & { importedAt?: string | Date } = {},
): Promise<ImportOutcome[]> {
  const reviews = readClaimReviews(content, options);
  return storeClaimReviews(store, reviews, options);
}

/** Matches reviews already read and stores each; see {@link importClaimReviews}. */
export async function storeClaimReviews(
  store: Store,
  reviews: readonly ReadClaimReview[],
  options: MatchOptions & { importedAt?: string | Date } = {},
): Promise<ImportOutcome[]> {
  const matcher = await createReviewMatcher(store, options);
  const outcomes: ImportOutcome[] = [];
  for (const review of reviews) {
    const match = matcher.match(review);
    outcomes.push(
      await store.importReview({
        ...review,
        clusterId: match?.clusterId ?? null,
        matchScore: match?.score ?? null,
        ...(options.importedAt === undefined ? {} : { importedAt: options.importedAt }),
      }),
    );
  }
  return outcomes;
}
