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

/** Rows as SQLite returns them, and their conversion to the store's records. */

const ID = /^[1-9][0-9]{0,15}$/;

/** An id from a caller as the integer key; an id that cannot exist is simply not found. */
export function parseId(id: string, what: string): number {
  if (typeof id !== 'string' || !ID.test(id)) throw new NotFoundError(`${what} "${id}"`);
  return Number(id);
}

export interface ArticleRow {
  id: number;
  url: string | null;
  publisher: string | null;
  published_at: string;
  published_estimated: number;
  first_seen_at: string;
  copy_of_id: number | null;
  copy_kind: CopyKind | null;
  title: string | null;
  byline: string | null;
  content_hash: string;
  version: number;
}

/** Columns for an ArticleRow from `articles a JOIN article_versions v ON v.id = a.current_version_id`. */
export const ARTICLE_COLUMNS = `a.id, a.url, a.publisher, a.published_at, a.published_estimated,
  a.first_seen_at, a.copy_of_id, a.copy_kind, v.title, v.byline, v.content_hash, v.number AS version`;

function copyOf(copyOfId: number | null, kind: CopyKind | null): CopyOf | null {
  return copyOfId === null || kind === null ? null : { articleId: String(copyOfId), kind };
}

/** An article row as the store's record: string ids, booleans, the copy as one object. */
export function toArticle(row: ArticleRow): ArticleRecord {
  return {
    id: String(row.id),
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.published_at,
    publishedEstimated: row.published_estimated === 1,
    firstSeenAt: row.first_seen_at,
    title: row.title,
    byline: row.byline,
    contentHash: row.content_hash,
    version: row.version,
    copyOf: copyOf(row.copy_of_id, row.copy_kind),
  };
}

export interface ClusterRow {
  id: number;
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
    id: String(row.id),
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
  id: number;
  article_id: number;
  version_number: number;
  cluster_id: number;
  is_current: number;
  analysis_claim_id: string;
  sentence_index: number;
  text: string;
  start_offset: number;
  end_offset: number;
  claimant: string | null;
  claimant_kind: SourceKind | null;
  certainty: number;
  checkworthiness: number;
  signals: string;
  hedged: number;
}

/** Columns for a ClaimRow from `claims c JOIN article_versions v ON v.id = c.version_id`. */
export const CLAIM_COLUMNS = `c.id, c.article_id, v.number AS version_number, c.cluster_id, c.is_current,
  c.analysis_claim_id, c.sentence_index, c.text, c.start_offset, c.end_offset, c.claimant,
  c.claimant_kind, c.certainty, c.checkworthiness, c.signals, c.hedged`;

/** A claim row as the store's record, its signals parsed from JSON. */
export function toClaim(row: ClaimRow): StoredClaim {
  return {
    id: String(row.id),
    articleId: String(row.article_id),
    versionNumber: row.version_number,
    clusterId: String(row.cluster_id),
    current: row.is_current === 1,
    analysisClaimId: row.analysis_claim_id,
    sentenceIndex: row.sentence_index,
    text: row.text,
    start: row.start_offset,
    end: row.end_offset,
    claimant: row.claimant,
    claimantKind: row.claimant_kind,
    certainty: row.certainty,
    checkworthiness: row.checkworthiness,
    signals: JSON.parse(row.signals) as StoredSignal[],
    hedged: row.hedged === 1,
  };
}

export interface AppearanceRow {
  claim_id: number;
  cluster_id: number;
  article_id: number;
  url: string | null;
  publisher: string | null;
  published_at: string;
  published_estimated: number;
  title: string | null;
  copy_of_id: number | null;
  copy_kind: CopyKind | null;
  text: string;
  sentence_index: number;
  claimant: string | null;
  claimant_kind: SourceKind | null;
  certainty: number;
  hedged: number;
  signals: string;
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
    claimId: String(row.claim_id),
    clusterId: String(row.cluster_id),
    articleId: String(row.article_id),
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.published_at,
    publishedEstimated: row.published_estimated === 1,
    title: row.title,
    copyOf: copyOf(row.copy_of_id, row.copy_kind),
    text: row.text,
    sentenceIndex: row.sentence_index,
    claimant: row.claimant,
    claimantKind: row.claimant_kind,
    certainty: row.certainty,
    hedged: row.hedged === 1,
    signals: JSON.parse(row.signals) as StoredSignal[],
  };
}
