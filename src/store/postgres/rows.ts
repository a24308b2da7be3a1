import type { SourceKind } from '../../core/types.ts';
import { NotFoundError } from '../errors.ts';
import type { ClaimStatus } from '../review-types.ts';
import type {
  ArticleRecord,
  ClusterAppearance,
  ClusterSummary,
  CopyKind,
  CopyOf,
  StoredClaim,
  StoredSignal,
} from '../types.ts';

/*
 * Rows as `pg` returns them through the store's pool, and their conversion to the store's records:
 * bigint ids arrive as strings, timestamptz as ISO strings (the pool's parser), json parsed, and
 * booleans as booleans. Counts computed in a query are cast to integer there, since PostgreSQL's
 * count() is a bigint that would arrive as a string.
 */

/** Up to 18 digits, so every id that passes fits in a bigint. */
const ID = /^[1-9][0-9]{0,17}$/;

/** An id from a caller, checked; an id that cannot exist is simply not found. */
export function parseId(id: string, what: string): string {
  if (typeof id !== 'string' || !ID.test(id)) throw new NotFoundError(`${what} "${id}"`);
  return id;
}

export interface ArticleRow {
  id: string;
  url: string | null;
  publisher: string | null;
  published_at: string;
  published_estimated: boolean;
  first_seen_at: string;
  copy_of_id: string | null;
  copy_kind: CopyKind | null;
  title: string | null;
  byline: string | null;
  content_hash: string;
  version: number;
}

/** Columns for an ArticleRow from `articles a JOIN article_versions v ON v.id = a.current_version_id`. */
export const ARTICLE_COLUMNS = `a.id, a.url, a.publisher, a.published_at, a.published_estimated,
  a.first_seen_at, a.copy_of_id, a.copy_kind, v.title, v.byline, v.content_hash, v.number AS version`;

function copyOf(copyOfId: string | null, kind: CopyKind | null): CopyOf | null {
  return copyOfId === null || kind === null ? null : { articleId: copyOfId, kind };
}

/** An article row as the store's record, the copy as one object. */
export function toArticle(row: ArticleRow): ArticleRecord {
  return {
    id: row.id,
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.published_at,
    publishedEstimated: row.published_estimated,
    firstSeenAt: row.first_seen_at,
    title: row.title,
    byline: row.byline,
    contentHash: row.content_hash,
    version: row.version,
    copyOf: copyOf(row.copy_of_id, row.copy_kind),
  };
}

export interface ClusterRow {
  id: string;
  key: string | null;
  representative: string;
  created_at: string;
  first_seen_at: string;
  last_seen_at: string;
  appearance_count: number;
  article_count: number;
  outlet_count: number;
  original_article_count: number;
  claimant_count: number;
  hedged_count: number;
  status: ClaimStatus;
}

/**
 * A cluster's current status: its latest status event's, found with one probe of the
 * `status_events_cluster` index, so that it is never stored a second time.
 */
export const CLUSTER_STATUS = `coalesce((SELECT s.status FROM status_events s WHERE s.cluster_id = k.id
  ORDER BY s.id DESC LIMIT 1), 'unverified')`;

/** Columns for a ClusterRow from `clusters k`. */
export const CLUSTER_COLUMNS = `k.id, k.key, k.representative, k.created_at, k.first_seen_at,
  k.last_seen_at, k.appearance_count, k.article_count, k.outlet_count, k.original_article_count,
  k.claimant_count, k.hedged_count, ${CLUSTER_STATUS} AS status`;

/** A cluster row as the store's summary, its counters under their public names. */
export function toCluster(row: ClusterRow): ClusterSummary {
  return {
    id: row.id,
    key: row.key,
    representative: row.representative,
    createdAt: row.created_at,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    appearances: row.appearance_count,
    articles: row.article_count,
    outlets: row.outlet_count,
    originalArticles: row.original_article_count,
    claimants: row.claimant_count,
    hedged: row.hedged_count,
    status: row.status,
  };
}

export interface ClaimRow {
  id: string;
  article_id: string;
  version_number: number;
  cluster_id: string;
  is_current: boolean;
  analysis_claim_id: string;
  sentence_index: number;
  text: string;
  start_offset: number;
  end_offset: number;
  claimant: string | null;
  claimant_kind: SourceKind | null;
  certainty: number;
  checkworthiness: number;
  signals: StoredSignal[];
  hedged: boolean;
}

/** Columns for a ClaimRow from `claims c JOIN article_versions v ON v.id = c.version_id`. */
export const CLAIM_COLUMNS = `c.id, c.article_id, v.number AS version_number, c.cluster_id, c.is_current,
  c.analysis_claim_id, c.sentence_index, c.text, c.start_offset, c.end_offset, c.claimant,
  c.claimant_kind, c.certainty, c.checkworthiness, c.signals, c.hedged`;

/** A claim row as the store's record. */
export function toClaim(row: ClaimRow): StoredClaim {
  return {
    id: row.id,
    articleId: row.article_id,
    versionNumber: row.version_number,
    clusterId: row.cluster_id,
    current: row.is_current,
    analysisClaimId: row.analysis_claim_id,
    sentenceIndex: row.sentence_index,
    text: row.text,
    start: row.start_offset,
    end: row.end_offset,
    claimant: row.claimant,
    claimantKind: row.claimant_kind,
    certainty: row.certainty,
    checkworthiness: row.checkworthiness,
    signals: row.signals,
    hedged: row.hedged,
  };
}

export interface AppearanceRow {
  claim_id: string;
  cluster_id: string;
  article_id: string;
  url: string | null;
  publisher: string | null;
  published_at: string;
  published_estimated: boolean;
  title: string | null;
  copy_of_id: string | null;
  copy_kind: CopyKind | null;
  text: string;
  sentence_index: number;
  claimant: string | null;
  claimant_kind: SourceKind | null;
  certainty: number;
  hedged: boolean;
  signals: StoredSignal[];
}

/**
 * Columns for an AppearanceRow from `claims c JOIN articles a ON a.id = c.article_id
 * JOIN article_versions v ON v.id = c.version_id`.
 */
export const APPEARANCE_COLUMNS = `c.id AS claim_id, c.cluster_id, c.article_id, a.url, a.publisher,
  a.published_at, a.published_estimated, v.title, a.copy_of_id, a.copy_kind, c.text, c.sentence_index,
  c.claimant, c.claimant_kind, c.certainty, c.hedged, c.signals`;

/** An appearance row (claim joined to its article) as the store's record. */
export function toAppearance(row: AppearanceRow): ClusterAppearance {
  return {
    claimId: row.claim_id,
    clusterId: row.cluster_id,
    articleId: row.article_id,
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.published_at,
    publishedEstimated: row.published_estimated,
    title: row.title,
    copyOf: copyOf(row.copy_of_id, row.copy_kind),
    text: row.text,
    sentenceIndex: row.sentence_index,
    claimant: row.claimant,
    claimantKind: row.claimant_kind,
    certainty: row.certainty,
    hedged: row.hedged,
    signals: row.signals,
  };
}
