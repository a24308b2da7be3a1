import type { ClusterAppearance, ClusterSummary, Store, Verdict } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import { BEST_RATING, WORST_RATING } from './rating-scale.ts';

/** The parts of an appearance a ClaimReview names: where and when the claim was carried, and by whom. */
export type ReviewedAppearance = Pick<
  ClusterAppearance,
  'url' | 'publishedAt' | 'publisher' | 'title' | 'claimant'
> &
  Partial<Pick<ClusterAppearance, 'claimantKind'>>;

/** Who publishes the review: the desk's organization. */
export interface ReviewPublisher {
  name: string;
  url?: string | null;
}

export interface ClaimReviewInput {
  cluster: ClusterSummary;
  /** The verdict to export, normally the cluster's current one (`listVerdicts(id)[0]`). */
  verdict: Verdict;
  /** The claim's appearances, oldest first (as `clusterAppearances` gives them). */
  appearances: readonly ReviewedAppearance[];
  /**
   * Who made the claim. Defaults to the named claimant most appearances quote; a claim no one is
   * quoted for is the outlet's own assertion, so then its first outlet.
   */
  claimant?: string | null;
  publisher: string | ReviewPublisher;
  /** The review's page, used when the verdict has no `url` of its own (Google requires one). */
  url?: string | null;
}

/** The JSON-LD object: plain JSON, ready for `JSON.stringify`. */
export type ClaimReviewDocument = Record<string, unknown>;

/** How many appearances an export lists: enough for aggregators, short enough to embed in a page. */
export const MAX_EXPORTED_APPEARANCES = 50;

/** The claimant most appearances quote (ties: the one quoted first), else the first outlet. */
export function claimantOf(appearances: readonly ReviewedAppearance[]): string | null {
  const counts = new Map<string, number>();
  for (const appearance of appearances) {
    if (appearance.claimant) counts.set(appearance.claimant, (counts.get(appearance.claimant) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = name;
  return best ?? appearances.find((appearance) => appearance.publisher)?.publisher ?? null;
}

function creativeWork(appearance: ReviewedAppearance & { url: string }): Record<string, unknown> {
  return {
    '@type': 'CreativeWork',
    url: appearance.url,
    datePublished: appearance.publishedAt,
    ...(appearance.title ? { headline: appearance.title } : {}),
    ...(appearance.publisher ? { publisher: { '@type': 'Organization', name: appearance.publisher } } : {}),
  };
}

/**
 * The claimant as a schema.org party: an Organization when the analyses call it one (or it is the
 * outlet speaking for itself), else a Person, the type Google expects for a claim's author.
 */
function claimantParty(name: string, appearances: readonly ReviewedAppearance[]): Record<string, unknown> {
  const quoted = appearances.find((appearance) => appearance.claimant === name);
  const isOutlet = !quoted && appearances.some((appearance) => appearance.publisher === name);
  const organization = isOutlet || quoted?.claimantKind === 'organization';
  return { '@type': organization ? 'Organization' : 'Person', name };
}

/**
 * A verdict as schema.org ClaimReview JSON-LD, with Google's required fields (`claimReviewed`,
 * `reviewRating.alternateName`, `url`) and the recommended ones (author, datePublished, itemReviewed
 * as a Claim with its author, appearances and first appearance, the rating on the 1-5 scale). Throws
 * a ReviewError when there is no URL for the review.
 *
 * @example
 * const [verdict] = await store.listVerdicts(clusterId);
 * const { items } = await store.clusterAppearances(clusterId);
 * claimReviewFor({ cluster, verdict, appearances: items, publisher: 'Claimtrail desk', url: pageUrl });
 */
export function claimReviewFor(input: ClaimReviewInput): ClaimReviewDocument {
  const { cluster, verdict, appearances } = input;
  const url = verdict.url ?? input.url ?? null;
  if (!url) {
    throw new ReviewError(
      'no-review-url',
      `verdict "${verdict.id}" on cluster "${cluster.id}" has no url, and ClaimReview requires one; give the verdict the page where it is published`,
    );
  }
  const publisher = typeof input.publisher === 'string' ? { name: input.publisher } : input.publisher;
  const claimant = input.claimant === undefined ? claimantOf(appearances) : input.claimant;
  const linked = appearances.filter((appearance): appearance is ReviewedAppearance & { url: string } =>
    Boolean(appearance.url),
  );
  const first = linked[0];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url,
    claimReviewed: verdict.claimReviewed,
    datePublished: verdict.publishedAt.slice(0, 10),
    author: {
      '@type': 'Organization',
      name: publisher.name,
      ...(publisher.url ? { url: publisher.url } : {}),
    },
    reviewRating: {
      '@type': 'Rating',
      ratingValue: verdict.rating,
      bestRating: BEST_RATING,
      worstRating: WORST_RATING,
      alternateName: verdict.ratingLabel,
      ratingExplanation: verdict.rationale,
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(claimant ? { author: claimantParty(claimant, appearances) } : {}),
      datePublished: cluster.firstSeenAt.slice(0, 10),
      ...(first ? { firstAppearance: creativeWork(first) } : {}),
      appearance: linked.slice(0, MAX_EXPORTED_APPEARANCES).map(creativeWork),
    },
  };
}

/**
 * The ClaimReview of a cluster's current verdict, read from the store: the cluster, its newest
 * verdict, its appearances (up to `MAX_EXPORTED_APPEARANCES`) and the claimant they quote most.
 * Throws NotFoundError for an unknown cluster and a 404 ReviewError when it has no verdict yet.
 */
export async function claimReviewForCluster(
  store: Store,
  clusterId: string,
  options: { publisher: string | ReviewPublisher; url?: string | null },
): Promise<ClaimReviewDocument> {
  const cluster = await store.getCluster(clusterId);
  const [verdict] = await store.listVerdicts(clusterId);
  if (!verdict) {
    throw new ReviewError(
      'no-verdict',
      `cluster "${clusterId}" has no verdict yet; record one before exporting ClaimReview`,
      { status: 404 },
    );
  }
  const { items } = await store.clusterAppearances(clusterId, { limit: MAX_EXPORTED_APPEARANCES });
  return claimReviewFor({ cluster, verdict, appearances: items, ...options });
}
