import type { Analysis } from '../core/analysis-schema.ts';
import type { SignalType, SourceKind } from '../core/types.ts';
import type { ClaimStatus } from './review-types.ts';

/**
 * Ids are opaque strings: SQLite keys are integers, PostgreSQL's bigint arrives as a string, and
 * callers should not do arithmetic on either.
 */
export type StoreId = string;

/** An ISO 8601 UTC time, `2024-03-01T09:30:00.000Z`; its first ten characters are the UTC day. */
export type IsoTime = string;

export const COPY_KINDS = ['wire', 'syndication', 'duplicate'] as const;
/** Why an article is a copy of another: wire copy, syndicated republication, or the same text again. */
export type CopyKind = (typeof COPY_KINDS)[number];

export interface CopyOf {
  articleId: StoreId;
  kind: CopyKind;
}

/**
 * Which cluster a claim joins, decided by the matching layer before the write:
 * `{ join }` an existing cluster (a missing one fails the whole write), `{ key }` the cluster made
 * under that matching fingerprint, creating it if no claim has used the key yet, `{ create }` a new
 * cluster of its own (the default for a claim given no assignment).
 */
export type ClusterAssignment = { join: StoreId } | { key: string } | { create: true };

/** One analyzed article to store: its text, its analysis, and what is known about where it came from. */
export interface RecordArticleInput {
  /** The article text the analysis offsets index; its normalized sha256 tells repeats from edits. */
  text: string;
  analysis: Analysis;
  /** Canonical URL. Defaults to `analysis.article.url`; absent for local files. */
  url?: string | null;
  /** Defaults to `analysis.article.publisher`, else the URL's host without `www.`. */
  publisher?: string | null;
  /**
   * Publication time. Defaults to `analysis.article.published` when that is an ISO 8601 date, else
   * the first-seen time (and the article is marked `publishedEstimated`).
   */
  publishedAt?: IsoTime | Date | null;
  /** When this text was fetched or read; defaults to the store's clock. */
  seenAt?: IsoTime | Date;
  /** Default to `analysis.article.title` and `.byline`. */
  title?: string | null;
  byline?: string | null;
  /** Cluster of each claim, keyed by `analysis.claims[].id`; claims left out get a cluster of their own. */
  clusters?: Readonly<Record<string, ClusterAssignment>>;
  /** Marks a newly stored article as a copy of an earlier one (see `Store.setCopyOf`). */
  copyOf?: CopyOf | null;
}

/** `created`: a new article; `new-version`: an edit of a stored one; `unchanged`: already stored as it is. */
export type RecordStatus = 'created' | 'new-version' | 'unchanged';

export interface RecordedClaim {
  /** The claim's id in the analysis (`claims[].id`). */
  analysisClaimId: string;
  claimId: StoreId;
  clusterId: StoreId;
  /** This claim began its cluster (a later claim of the same write joining it is not counted). */
  clusterCreated: boolean;
}

export interface RecordArticleResult {
  status: RecordStatus;
  article: ArticleRecord;
  /** The claims of the article's current version, in analysis order. */
  claims: RecordedClaim[];
}

export interface ArticleRecord {
  id: StoreId;
  url: string | null;
  publisher: string | null;
  publishedAt: IsoTime;
  /** The metadata gave no publication time, so `publishedAt` is when the article was first seen. */
  publishedEstimated: boolean;
  firstSeenAt: IsoTime;
  /** Title, byline and hash of the current (latest) version. */
  title: string | null;
  byline: string | null;
  contentHash: string;
  /** Number of the current version, from 1. */
  version: number;
  copyOf: CopyOf | null;
}

export interface ArticleVersionSummary {
  articleId: StoreId;
  number: number;
  contentHash: string;
  seenAt: IsoTime;
  title: string | null;
  byline: string | null;
  claimCount: number;
}

export interface ArticleVersion extends ArticleVersionSummary {
  text: string;
  analysis: Analysis;
}

/** A signal on a claim as stored: the analysis's span and type. */
export interface StoredSignal {
  type: SignalType;
  text: string;
  start: number;
  end: number;
}

/** One claim appearance: a claim of one version of one article. */
export interface StoredClaim {
  id: StoreId;
  articleId: StoreId;
  versionNumber: number;
  clusterId: StoreId;
  /** The claim belongs to its article's latest version; only current claims count in clusters. */
  current: boolean;
  analysisClaimId: string;
  sentenceIndex: number;
  text: string;
  start: number;
  end: number;
  claimant: string | null;
  claimantKind: SourceKind | null;
  certainty: number;
  checkworthiness: number;
  signals: StoredSignal[];
  /** Carries a hedge, a condition, an admission of missing evidence or a rhetorical question. */
  hedged: boolean;
}

/** A claim cluster and its counts over current appearances. */
export interface ClusterSummary {
  id: StoreId;
  key: string | null;
  representative: string;
  createdAt: IsoTime;
  /** Earliest and latest publication time among its appearances. */
  firstSeenAt: IsoTime;
  lastSeenAt: IsoTime;
  appearances: number;
  articles: number;
  /** Distinct publishers, compared without case, a leading "the" or punctuation. */
  outlets: number;
  /** Articles not marked as a copy of another. */
  originalArticles: number;
  /** Distinct named claimants (the article's own assertions are not a claimant). */
  claimants: number;
  /** Appearances that hedge the claim. */
  hedged: number;
  /** The status of its latest status event, `unverified` before any. */
  status: ClaimStatus;
}

/** Where a claim appeared: the claim in one article, with the article's facts. */
export interface ClusterAppearance {
  claimId: StoreId;
  clusterId: StoreId;
  articleId: StoreId;
  url: string | null;
  publisher: string | null;
  publishedAt: IsoTime;
  publishedEstimated: boolean;
  title: string | null;
  copyOf: CopyOf | null;
  text: string;
  sentenceIndex: number;
  claimant: string | null;
  claimantKind: SourceKind | null;
  certainty: number;
  hedged: boolean;
  signals: StoredSignal[];
}

/** A cluster's appearances on one UTC day (by publication time). */
export interface DailyCount {
  /** `YYYY-MM-DD`. */
  day: string;
  appearances: number;
  outlets: number;
  hedged: number;
  /** Appearances that do not hedge the claim, whoever they attribute it to. */
  stated: number;
  /** Appearances that put the claim in a claimant's mouth. */
  attributed: number;
  /** `hedged / appearances`, and `stated / appearances`; they add up to 1. */
  hedgedShare: number;
  statedShare: number;
}

/** A cluster's appearances in one outlet. */
export interface OutletCount {
  publisher: string;
  appearances: number;
  articles: number;
  hedged: number;
  firstSeenAt: IsoTime;
  lastSeenAt: IsoTime;
}

/**
 * Appearances of one cluster that share a UTC day, an outlet, a claimant and whether their article
 * copies another article carrying the claim: all that traction and source independence need, so a
 * cluster with ten thousand appearances is summed up from a few hundred groups.
 */
export interface AppearanceGroup {
  /** `YYYY-MM-DD`, UTC, of publication. */
  day: string;
  /** The publisher, else the URL, else `article ID`: the name the ledger gives the outlet. */
  outlet: string;
  claimant: string | null;
  claimantKind: SourceKind | null;
  /** When the article copies another article carrying the claim too: that article's outlet. */
  copyOf: string | null;
  /** The claimant denies the claim in these appearances ("the ministry denied that ..."). */
  denied: boolean;
  appearances: number;
  hedged: number;
  /** Earliest and latest publication time in the group. */
  first: IsoTime;
  last: IsoTime;
}

/** A cluster's appearances summed up without listing them. */
export interface ClusterDigest {
  /** In the order of each group's first appearance (publication time, then claim). */
  groups: AppearanceGroup[];
  /** Texts of the evidence its appearances cite, each once, in the order first cited. */
  documentsCited: string[];
  /** Appearances in the 24 hours up to the latest one, and in the 24 hours before those. */
  growth: { recent: number; previous: number };
}

/** A claimant across the ledger: everyone the analyses name as making a claim. */
export interface SourceSummary {
  name: string;
  /** Every kind the analyses gave the name (usually one). */
  kinds: SourceKind[];
  appearances: number;
  clusters: number;
  articles: number;
  outlets: number;
  firstSeenAt: IsoTime;
  lastSeenAt: IsoTime;
}

/** A cluster a source is quoted in, with how often. */
export interface SourceCluster {
  cluster: ClusterSummary;
  appearances: number;
}

/** A full-text hit on a claim (current appearances only). */
export type ClaimHit = ClusterAppearance;

/** A cluster found by full-text search, with the best matching phrasing among its claims. */
export interface ClusterMatch {
  cluster: ClusterSummary;
  matchedText: string;
}

export interface PageOptions {
  /** At most this many items; default 50, at most 500. */
  limit?: number;
  /** Skip this many items (give `offset` or `cursor`, not both). */
  offset?: number;
  /** The `nextCursor` of the previous page of the same listing. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** How many items the listing has in all. */
  total: number;
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** `traction`: most outlets first, then most appearances; `appearances`: the other way round; `recent`: latest appearance first. */
export const CLUSTER_SORTS = ['traction', 'appearances', 'recent'] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];

export interface ListClustersOptions extends PageOptions {
  /** Only clusters with a current claim matching these words (all of them, any order, stemmed). */
  search?: string;
  sort?: ClusterSort;
  /** Only clusters whose current status is one of these (an empty list filters nothing). */
  statuses?: readonly ClaimStatus[];
}

export interface ListClaimsOptions extends PageOptions {
  /** Include the claims of superseded versions too (by default only current claims). */
  includeSuperseded?: boolean;
  /**
   * Only claims stored after the claim with this id: how a reader that saw the ledger up to that
   * claim catches up with what other writers stored since. `total` still counts every claim.
   */
  afterId?: StoreId;
}

/** How a full-text search combines the words it is given. */
export interface SearchOptions {
  /** `all` (the default): every word must occur, in any order; `any`: one is enough, best matches first. */
  match?: 'all' | 'any';
  /** At most this many results; default 10 for `searchClusters`, 50 for paged searches; at most 500. */
  limit?: number;
}

export interface ListSourcesOptions extends PageOptions {
  /** Only sources whose name contains this text (case-insensitive). */
  search?: string;
  /** Only sources of these kinds, e.g. `['person', 'organization']` for named sources. */
  kinds?: readonly SourceKind[];
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: IsoTime;
}
