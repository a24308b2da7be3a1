import type { IsoTime, StoreId } from './types.ts';

/*
 * What reviewers add to the ledger: evidence on a claim cluster, an append-only history of its status,
 * verdicts, fact-checks imported from elsewhere as ClaimReview, and the API tokens and watches of the
 * people doing the work. Each record names its author; nothing here is ever updated in place except a
 * token's last use and revocation, a watch's removal and an alert's delivery state.
 */

/** How a piece of evidence bears on the claim. */
export const EVIDENCE_RELATIONS = ['supports', 'refutes', 'context'] as const;
export type EvidenceRelation = (typeof EVIDENCE_RELATIONS)[number];

/** What a piece of evidence is, strongest first. */
export const EVIDENCE_KINDS = [
  'primary-document',
  'data',
  'official-statement',
  'eyewitness',
  'other-reporting',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface EvidenceInput {
  clusterId: StoreId;
  /** Where the evidence can be read; give this or `reference` (or both). */
  url?: string | null;
  /** A document reference without a URL: "Court filing 24-cv-1182, p. 3". */
  reference?: string | null;
  /** The passage that bears on the claim, quoted. */
  quote?: string | null;
  relation: EvidenceRelation;
  kind: EvidenceKind;
  note?: string | null;
  /** Who added it: a reviewer's name or token name. */
  addedBy: string;
  /** Defaults to the store's clock. */
  addedAt?: IsoTime | Date;
}

export interface EvidenceRecord {
  id: StoreId;
  clusterId: StoreId;
  url: string | null;
  reference: string | null;
  quote: string | null;
  relation: EvidenceRelation;
  kind: EvidenceKind;
  note: string | null;
  addedBy: string;
  addedAt: IsoTime;
}

/**
 * Where a claim stands. Every cluster starts `unverified`; reviewers move it on by recording status
 * events, and its current status is always the latest event's (never stored a second time).
 */
export const CLAIM_STATUSES = [
  'unverified',
  'corroborated',
  'disputed',
  'denied',
  'retracted',
  'debunked',
  'confirmed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The accused party's answer to a claim (right of reply), recorded with a `denied` or `disputed` status. */
export interface ReplyInput {
  /** Who replied: "Ministry of Defence", "Jane Doe's lawyer". */
  party: string;
  /** Where the reply appeared. */
  url?: string | null;
  quote?: string | null;
}

export interface StatusEventInput {
  clusterId: StoreId;
  status: ClaimStatus;
  /** When it happened (the denial was issued, the retraction printed); defaults to `recordedAt`. */
  occurredAt?: IsoTime | Date;
  note?: string | null;
  author: string;
  /** Evidence of this cluster that the event rests on; each must belong to the same cluster. */
  evidenceIds?: readonly StoreId[];
  reply?: ReplyInput | null;
  /** Defaults to the store's clock. */
  recordedAt?: IsoTime | Date;
}

export interface StatusEvent {
  id: StoreId;
  clusterId: StoreId;
  status: ClaimStatus;
  /** The status before this event (`unverified` for the first). */
  previousStatus: ClaimStatus;
  occurredAt: IsoTime;
  recordedAt: IsoTime;
  note: string | null;
  author: string;
  evidenceIds: StoreId[];
  reply: { party: string; url: string | null; quote: string | null } | null;
}

/** A verdict's rating: a number on the scale in `src/review/rating-scale.ts` (1 false ... 5 true). */
export interface VerdictInput {
  clusterId: StoreId;
  rating: number;
  rationale: string;
  author: string;
  /** The claim as the verdict words it; defaults to the cluster's representative phrasing. */
  claimReviewed?: string | null;
  /** Where the fact-check is published, if it is. */
  url?: string | null;
  /** Defaults to the store's clock. */
  publishedAt?: IsoTime | Date;
}

export interface Verdict {
  id: StoreId;
  clusterId: StoreId;
  rating: number;
  /** The scale's word for `rating`, kept as it was when the verdict was given. */
  ratingLabel: string;
  rationale: string;
  author: string;
  claimReviewed: string;
  url: string | null;
  publishedAt: IsoTime;
}

/** A fact-check published elsewhere, read from its ClaimReview JSON-LD. */
export interface ImportedReviewInput {
  claimReviewed: string;
  /** The fact-check's own page (ClaimReview `url`); with `claimReviewed`, what makes an import unique. */
  url: string;
  /** Who published the fact-check (ClaimReview `author.name`). */
  reviewer: string | null;
  datePublished: IsoTime | null;
  /** `reviewRating.alternateName`: the reviewer's own words ("False", "Misleading"). */
  ratingName: string | null;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  /** Who made the claim (`itemReviewed.author.name`). */
  claimant: string | null;
  /** `itemReviewed.appearance[].url` and `firstAppearance.url`. */
  appearanceUrls: readonly string[];
  /** The cluster it was matched to, with the matcher's score, or null when nothing matched. */
  clusterId: StoreId | null;
  matchScore: number | null;
  /** The ClaimReview object as read, JSON, kept for re-export and audits. */
  raw: string;
  /** Defaults to the store's clock. */
  importedAt?: IsoTime | Date;
}

export interface ImportedReview extends Omit<ImportedReviewInput, 'importedAt' | 'appearanceUrls'> {
  id: StoreId;
  appearanceUrls: string[];
  importedAt: IsoTime;
}

/** `created`: new; `unchanged`: the same review (url and claimReviewed) was already imported. */
export interface ImportReviewResult {
  status: 'created' | 'unchanged';
  review: ImportedReview;
}

/** What a token may do: read; also review (evidence, status, verdicts, imports, watches); also administer tokens. */
export const ROLES = ['viewer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenInput {
  name: string;
  role: Role;
  /** sha256 (hex) of the secret; the secret itself is never stored. */
  secretHash: string;
  /** Defaults to the store's clock. */
  createdAt?: IsoTime | Date;
}

export interface TokenRecord {
  id: StoreId;
  name: string;
  role: Role;
  createdAt: IsoTime;
  lastUsedAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

/** What an alert is about. */
export const ALERT_KINDS = ['new-outlet', 'hedging-drop', 'status-change'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface WatchInput {
  clusterId: StoreId;
  /** Alert when the share of hedged appearances falls below this (0..1); null for no hedging alert. */
  hedgingThreshold?: number | null;
  createdBy: string;
  createdAt?: IsoTime | Date;
}

export interface WatchRecord {
  id: StoreId;
  clusterId: StoreId;
  hedgingThreshold: number | null;
  createdBy: string;
  createdAt: IsoTime;
}

export interface AlertInput {
  clusterId: StoreId;
  kind: AlertKind;
  /** One line for people: "now in 5 outlets: The Herald joined". */
  summary: string;
  /** The facts behind it, as JSON-serializable data. */
  data: Readonly<Record<string, unknown>>;
  createdAt?: IsoTime | Date;
}

export interface AlertRecord {
  id: StoreId;
  clusterId: StoreId;
  kind: AlertKind;
  summary: string;
  data: Record<string, unknown>;
  createdAt: IsoTime;
  /** Webhook delivery: attempts so far, when it last succeeded, when to try next (null: nothing to do). */
  deliveryAttempts: number;
  deliveredAt: IsoTime | null;
  nextAttemptAt: IsoTime | null;
}

/**
 * The review desk's part of the `Store` interface. Methods throw `NotFoundError` for a cluster,
 * evidence or token id that names nothing, and a 400 `StoreError` for input that breaks the rules
 * above (an unknown status, a rating off the scale, evidence of another cluster, an empty author).
 */
export interface ReviewStore {
  addEvidence(input: EvidenceInput): Promise<EvidenceRecord>;
  /** A cluster's evidence, oldest first. */
  listEvidence(clusterId: StoreId): Promise<EvidenceRecord[]>;

  recordStatus(input: StatusEventInput): Promise<StatusEvent>;
  /** A cluster's status events, oldest first; empty while it is unverified. */
  statusHistory(clusterId: StoreId): Promise<StatusEvent[]>;

  recordVerdict(input: VerdictInput): Promise<Verdict>;
  /** A cluster's verdicts, newest first: the first is the current one. */
  listVerdicts(clusterId: StoreId): Promise<Verdict[]>;

  importReview(input: ImportedReviewInput): Promise<ImportReviewResult>;
  /** Imported fact-checks matched to a cluster, newest first. */
  clusterImportedReviews(clusterId: StoreId): Promise<ImportedReview[]>;

  createToken(input: TokenInput): Promise<TokenRecord>;
  /** The live (not revoked) token with this secret hash, its last use set to now; null when none. */
  useToken(secretHash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: StoreId): Promise<TokenRecord>;

  /** Watching a watched cluster again updates its threshold. */
  watchCluster(input: WatchInput): Promise<WatchRecord>;
  unwatchCluster(clusterId: StoreId): Promise<void>;
  listWatches(): Promise<WatchRecord[]>;
  recordAlert(input: AlertInput): Promise<AlertRecord>;
  /** Alerts, newest first. */
  listAlerts(options?: { limit?: number; clusterId?: StoreId }): Promise<AlertRecord[]>;
  /** Alerts whose webhook delivery is due at `now`, oldest first. */
  dueAlerts(now: IsoTime | Date, limit?: number): Promise<AlertRecord[]>;
  /** Records one delivery attempt: delivered, or to be tried again at `retryAt` (null: give up). */
  recordDelivery(
    alertId: StoreId,
    outcome: { delivered: true } | { delivered: false; retryAt: IsoTime | Date | null },
  ): Promise<AlertRecord>;
}
