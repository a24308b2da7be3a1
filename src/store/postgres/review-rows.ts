import type {
  AlertKind,
  AlertRecord,
  ClaimStatus,
  EvidenceKind,
  EvidenceRecord,
  EvidenceRelation,
  ImportedReview,
  Role,
  StatusEvent,
  TokenRecord,
  Verdict,
  WatchRecord,
} from '../review-types.ts';

/*
 * Review-desk rows as `pg` returns them through the store's pool (ids as strings, times as ISO
 * strings, json parsed), and their conversion to the store's records.
 */

export interface EvidenceRow {
  id: string;
  cluster_id: string;
  url: string | null;
  reference: string | null;
  quote: string | null;
  relation: EvidenceRelation;
  kind: EvidenceKind;
  note: string | null;
  added_by: string;
  added_at: string;
}

export const EVIDENCE_COLUMNS =
  'id, cluster_id, url, reference, quote, relation, kind, note, added_by, added_at';

export function toEvidence(row: EvidenceRow): EvidenceRecord {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    url: row.url,
    reference: row.reference,
    quote: row.quote,
    relation: row.relation,
    kind: row.kind,
    note: row.note,
    addedBy: row.added_by,
    addedAt: row.added_at,
  };
}

export interface StatusEventRow {
  id: string;
  cluster_id: string;
  status: ClaimStatus;
  previous_status: ClaimStatus;
  occurred_at: string;
  recorded_at: string;
  note: string | null;
  author: string;
  reply_party: string | null;
  reply_url: string | null;
  reply_quote: string | null;
  /** Evidence ids in the order given. */
  evidence_ids: string[];
}

/** Columns for a StatusEventRow from `status_events s`. */
export const STATUS_EVENT_COLUMNS = `s.id, s.cluster_id, s.status, s.previous_status, s.occurred_at,
  s.recorded_at, s.note, s.author, s.reply_party, s.reply_url, s.reply_quote,
  coalesce((SELECT json_agg(l.evidence_id::text ORDER BY l.position) FROM status_event_evidence l
    WHERE l.event_id = s.id), '[]'::json) AS evidence_ids`;

export function toStatusEvent(row: StatusEventRow): StatusEvent {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    status: row.status,
    previousStatus: row.previous_status,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    note: row.note,
    author: row.author,
    evidenceIds: row.evidence_ids,
    reply:
      row.reply_party === null
        ? null
        : { party: row.reply_party, url: row.reply_url, quote: row.reply_quote },
  };
}

export interface VerdictRow {
  id: string;
  cluster_id: string;
  rating: number;
  rating_label: string;
  rationale: string;
  author: string;
  claim_reviewed: string;
  url: string | null;
  published_at: string;
}

export const VERDICT_COLUMNS =
  'id, cluster_id, rating, rating_label, rationale, author, claim_reviewed, url, published_at';

export function toVerdict(row: VerdictRow): Verdict {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    rating: row.rating,
    ratingLabel: row.rating_label,
    rationale: row.rationale,
    author: row.author,
    claimReviewed: row.claim_reviewed,
    url: row.url,
    publishedAt: row.published_at,
  };
}

export interface ImportedReviewRow {
  id: string;
  claim_reviewed: string;
  url: string;
  reviewer: string | null;
  date_published: string | null;
  rating_name: string | null;
  rating_value: number | null;
  best_rating: number | null;
  worst_rating: number | null;
  claimant: string | null;
  appearance_urls: string[];
  cluster_id: string | null;
  match_score: number | null;
  /** As text: a json column keeps the text it was given, which is what the record returns. */
  raw: string;
  imported_at: string;
}

export const IMPORTED_REVIEW_COLUMNS = `id, claim_reviewed, url, reviewer, date_published, rating_name,
  rating_value, best_rating, worst_rating, claimant, appearance_urls, cluster_id, match_score,
  raw::text AS raw, imported_at`;

export function toImportedReview(row: ImportedReviewRow): ImportedReview {
  return {
    id: row.id,
    claimReviewed: row.claim_reviewed,
    url: row.url,
    reviewer: row.reviewer,
    datePublished: row.date_published,
    ratingName: row.rating_name,
    ratingValue: row.rating_value,
    bestRating: row.best_rating,
    worstRating: row.worst_rating,
    claimant: row.claimant,
    appearanceUrls: row.appearance_urls,
    clusterId: row.cluster_id,
    matchScore: row.match_score,
    raw: row.raw,
    importedAt: row.imported_at,
  };
}

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const TOKEN_COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at';

export function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface WatchRow {
  id: string;
  cluster_id: string;
  hedging_threshold: number | null;
  created_by: string;
  created_at: string;
}

export const WATCH_COLUMNS = 'id, cluster_id, hedging_threshold, created_by, created_at';

export function toWatch(row: WatchRow): WatchRecord {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    hedgingThreshold: row.hedging_threshold,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface AlertRow {
  id: string;
  cluster_id: string;
  kind: AlertKind;
  summary: string;
  data: Record<string, unknown>;
  created_at: string;
  delivery_attempts: number;
  delivered_at: string | null;
  next_attempt_at: string | null;
}

export const ALERT_COLUMNS =
  'id, cluster_id, kind, summary, data, created_at, delivery_attempts, delivered_at, next_attempt_at';

export function toAlert(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    kind: row.kind,
    summary: row.summary,
    data: row.data,
    createdAt: row.created_at,
    deliveryAttempts: row.delivery_attempts,
    deliveredAt: row.delivered_at,
    nextAttemptAt: row.next_attempt_at,
  };
}
