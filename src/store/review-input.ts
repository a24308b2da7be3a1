import { isRating, RATING_SCALE, ratingLabel } from '../review/rating-scale.ts';
import { StoreError } from './errors.ts';
import {
  ALERT_KINDS,
  type AlertInput,
  CLAIM_STATUSES,
  EVIDENCE_KINDS,
  EVIDENCE_RELATIONS,
  type EvidenceInput,
  type ImportedReviewInput,
  ROLES,
  type StatusEventInput,
  type TokenInput,
  type VerdictInput,
  type WatchInput,
} from './review-types.ts';
import type { IsoTime } from './types.ts';

/*
 * Checks of the review desk's inputs, shared by every store dialect so that they refuse the same
 * things with the same messages. Each returns the input with defaults filled in and times as ISO
 * strings; the store adds the rules that need the database (the cluster exists, the evidence is the
 * cluster's).
 */

function invalid(code: string, message: string): StoreError {
  return new StoreError(code, message, { status: 400 });
}

/** A time given as an ISO string or a Date, as an ISO string; `fallback` when absent. */
export function readTime(
  value: IsoTime | Date | null | undefined,
  field: string,
  fallback: () => Date,
): IsoTime {
  if (value === undefined || value === null) return fallback().toISOString();
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw invalid(
      'invalid-time',
      `${field} "${String(value)}" is not a time; give an ISO 8601 date such as 2024-03-01T09:30:00Z`,
    );
  }
  return date.toISOString();
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(
    `invalid-${field.replaceAll(' ', '-')}`,
    `${field} "${String(value)}" is not one of ${allowed.join(', ')}`,
  );
}

/** Fields that name a person, whose message asks for a name rather than a value. */
const PEOPLE = new Set(['author', 'added by', 'created by']);

/** A required text, trimmed; refuses an empty one. */
function required(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const wanted = PEOPLE.has(field) ? 'the name of who did it' : `the ${field}`;
    throw invalid('missing-field', `${field} is empty; give ${wanted}`);
  }
  return value.trim();
}

/** An optional text, trimmed, empty as null. */
function optional(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid('invalid-field', `${field} must be text, got ${typeof value}`);
  return value.trim() === '' ? null : value.trim();
}

/** An optional URL: absolute http(s) only, since it is shown to readers as a link. */
function optionalUrl(value: unknown, field: string): string | null {
  const text = optional(value, field);
  if (text === null) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(text);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalid(
      'invalid-url',
      `${field} "${text}" is not an http(s) URL; give a full address such as https://example.org/page`,
    );
  }
  return text;
}

function optionalNumber(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid('invalid-number', `${field} ${String(value)} is not a number`);
  }
  return value;
}

export function checkEvidence(input: EvidenceInput, now: () => Date) {
  const url = optionalUrl(input.url, 'evidence url');
  const reference = optional(input.reference, 'evidence reference');
  if (url === null && reference === null) {
    throw invalid('missing-field', 'evidence needs a url or a document reference; give one of them');
  }
  return {
    clusterId: input.clusterId,
    url,
    reference,
    quote: optional(input.quote, 'quote'),
    relation: oneOf(input.relation, EVIDENCE_RELATIONS, 'evidence relation'),
    kind: oneOf(input.kind, EVIDENCE_KINDS, 'evidence kind'),
    note: optional(input.note, 'note'),
    addedBy: required(input.addedBy, 'added by'),
    addedAt: readTime(input.addedAt, 'addedAt', now),
  };
}

export function checkStatusEvent(input: StatusEventInput, now: () => Date) {
  const status = oneOf(input.status, CLAIM_STATUSES, 'status');
  const recordedAt = readTime(input.recordedAt, 'recordedAt', now);
  const evidenceIds = [...(input.evidenceIds ?? [])];
  if (new Set(evidenceIds).size !== evidenceIds.length) {
    throw invalid(
      'invalid-evidence',
      `evidence ids ${evidenceIds.join(', ')} repeat one; list each piece once`,
    );
  }
  let reply: { party: string; url: string | null; quote: string | null } | null = null;
  if (input.reply) {
    if (status !== 'denied' && status !== 'disputed') {
      throw invalid(
        'invalid-reply',
        `a reply goes with a denied or disputed status, not "${status}"; record the reply with one of those`,
      );
    }
    reply = {
      party: required(input.reply.party, 'reply party'),
      url: optionalUrl(input.reply.url, 'reply url'),
      quote: optional(input.reply.quote, 'reply quote'),
    };
  }
  return {
    clusterId: input.clusterId,
    status,
    occurredAt:
      input.occurredAt === undefined || input.occurredAt === null
        ? recordedAt
        : readTime(input.occurredAt, 'occurredAt', now),
    recordedAt,
    note: optional(input.note, 'note'),
    author: required(input.author, 'author'),
    evidenceIds,
    reply,
  };
}

export function checkVerdict(input: VerdictInput, now: () => Date) {
  if (!isRating(input.rating)) {
    const scale = RATING_SCALE.map((step) => `${step.value} ${step.label}`).join(', ');
    throw invalid(
      'invalid-rating',
      `rating ${String(input.rating)} is not on the scale; give one of ${scale}`,
    );
  }
  return {
    clusterId: input.clusterId,
    rating: input.rating,
    ratingLabel: ratingLabel(input.rating),
    rationale: required(input.rationale, 'rationale'),
    author: required(input.author, 'author'),
    claimReviewed: optional(input.claimReviewed, 'claim reviewed'),
    url: optionalUrl(input.url, 'verdict url'),
    publishedAt: readTime(input.publishedAt, 'publishedAt', now),
  };
}

export function checkImportedReview(input: ImportedReviewInput, now: () => Date) {
  const clusterId = input.clusterId ?? null;
  const matchScore = optionalNumber(input.matchScore, 'match score');
  if ((clusterId === null) !== (matchScore === null)) {
    throw invalid('invalid-match', 'give a cluster id and a match score together, or neither');
  }
  if (matchScore !== null && (matchScore < 0 || matchScore > 1)) {
    throw invalid('invalid-match', `match score ${matchScore} is not between 0 and 1`);
  }
  const appearanceUrls = [...(input.appearanceUrls ?? [])].map((url) => required(url, 'appearance url'));
  if (typeof input.raw !== 'string')
    throw invalid('invalid-field', 'raw must be the ClaimReview as JSON text');
  try {
    JSON.parse(input.raw);
  } catch {
    throw invalid('invalid-field', 'raw is not JSON; give the ClaimReview object as JSON text');
  }
  return {
    claimReviewed: required(input.claimReviewed, 'claim reviewed'),
    url: optionalUrl(required(input.url, 'review url'), 'review url') as string,
    reviewer: optional(input.reviewer, 'reviewer'),
    datePublished: input.datePublished ? readTime(input.datePublished, 'datePublished', now) : null,
    ratingName: optional(input.ratingName, 'rating name'),
    ratingValue: optionalNumber(input.ratingValue, 'rating value'),
    bestRating: optionalNumber(input.bestRating, 'best rating'),
    worstRating: optionalNumber(input.worstRating, 'worst rating'),
    claimant: optional(input.claimant, 'claimant'),
    appearanceUrls: [...new Set(appearanceUrls)],
    clusterId,
    matchScore,
    raw: input.raw,
    importedAt: readTime(input.importedAt, 'importedAt', now),
  };
}

/** A sha256 digest in lower-case hex, as the token tables store secrets. */
export const SECRET_HASH = /^[0-9a-f]{64}$/;

export function checkToken(input: TokenInput, now: () => Date) {
  if (typeof input.secretHash !== 'string' || !SECRET_HASH.test(input.secretHash)) {
    throw invalid(
      'invalid-secret-hash',
      'secret hash must be the sha256 of the secret in lower-case hex (64 characters); hash the secret, never store it',
    );
  }
  return {
    name: required(input.name, 'token name'),
    role: oneOf(input.role, ROLES, 'role'),
    secretHash: input.secretHash,
    createdAt: readTime(input.createdAt, 'createdAt', now),
  };
}

export function checkWatch(input: WatchInput, now: () => Date) {
  const threshold = optionalNumber(input.hedgingThreshold, 'hedging threshold');
  if (threshold !== null && (threshold < 0 || threshold > 1)) {
    throw invalid(
      'invalid-threshold',
      `hedging threshold ${threshold} is not a share; give a number from 0 to 1, such as 0.5`,
    );
  }
  return {
    clusterId: input.clusterId,
    hedgingThreshold: threshold,
    createdBy: required(input.createdBy, 'created by'),
    createdAt: readTime(input.createdAt, 'createdAt', now),
  };
}

export function checkAlert(input: AlertInput, now: () => Date) {
  const data = input.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw invalid('invalid-alert-data', 'alert data must be an object of facts, such as { "outlets": 5 }');
  }
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw invalid('invalid-alert-data', `alert data cannot be written as JSON: ${(error as Error).message}`);
  }
  return {
    clusterId: input.clusterId,
    kind: oneOf(input.kind, ALERT_KINDS, 'alert kind'),
    summary: required(input.summary, 'summary'),
    data: json,
    createdAt: readTime(input.createdAt, 'createdAt', now),
  };
}

/** A listing limit: a whole number from 1 to 500. */
export function checkLimit(limit: number | undefined, fallback: number): number {
  const chosen = limit ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 500) {
    throw invalid('invalid-page', `limit must be a whole number from 1 to 500, got ${chosen}`);
  }
  return chosen;
}
