import { createHash } from 'node:crypto';
import { HEDGING_SIGNAL_TYPES, type SignalType } from '../core/types.ts';
import { StoreError } from './errors.ts';
import type { IsoTime } from './types.ts';

/**
 * What every store derives the same way from an article before writing it, so that two dialects
 * agree on what counts as the same text, the same outlet and a hedged claim.
 */

export { HEDGING_SIGNAL_TYPES };

/** A claim is hedged when one of its signals is a hedge, a condition, missing evidence or a question. */
export function isHedged(signals: readonly { type: SignalType }[]): boolean {
  return signals.some((signal) => HEDGING_SIGNAL_TYPES.includes(signal.type));
}

/**
 * White space runs other than a single plain space: a run of two or more, or one other space
 * character. An article's spacing is mostly single spaces, which `/\s+/` would match and replace one
 * by one; skipping them halves the cost of hashing a text.
 */
const SPACING_TO_FOLD = /(?: \s|[^\S ])\s*/g;

/**
 * The text as compared for repeats: Unicode NFC, whitespace runs as one space, trimmed. Re-fetching a
 * page that only reflowed its lines gives the same text; any change of wording does not.
 */
export function normalizeArticleText(text: string): string {
  return text.normalize('NFC').replace(SPACING_TO_FOLD, ' ').trim();
}

/**
 * sha256 (hex) of the normalized text.
 *
 * @example
 * contentHash('The  council\nvoted.') === contentHash('The council voted.') // true
 */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeArticleText(text), 'utf8').digest('hex');
}

/**
 * An article URL as stored: absolute http(s), without its #fragment (the same page either way).
 * Throws a 400 StoreError for anything else, naming the value.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (cause) {
    throw new StoreError('invalid-url', `article URL "${url}" is not an absolute URL`, {
      status: 400,
      cause,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StoreError('invalid-url', `article URL "${url}" must start with http:// or https://`, {
      status: 400,
    });
  }
  parsed.hash = '';
  return parsed.href;
}

/** The outlet a URL names when the metadata names none: its host without `www.`. */
export function publisherFromUrl(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

/** Publishers compared loosely: "The Daily Star", "daily star" and "Daily-Star" are one outlet. */
export function publisherKey(publisher: string): string {
  return publisher
    .toLowerCase()
    .replace(/^the\s+/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const EARLIEST_YEAR = 1000;
const LATEST_YEAR = 9999;

/**
 * A time as stored: ISO 8601 UTC with milliseconds, so it sorts as text. Throws a 400 StoreError
 * naming `what` for an invalid time or one outside years 1000-9999.
 */
export function toIsoTime(value: IsoTime | Date, what: string): IsoTime {
  const date = value instanceof Date ? value : new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < EARLIEST_YEAR || year > LATEST_YEAR) {
    const shown = value instanceof Date ? String(value) : value;
    throw new StoreError('invalid-time', `${what} "${shown}" is not a valid ISO 8601 time`, { status: 400 });
  }
  return date.toISOString();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The publication time an analysis's metadata gives (`article.published`), when it is an ISO 8601
 * date or date-time; a time without a zone is taken as UTC. Free-form dates ("March 3") give null:
 * reading them is the ingest layer's job, which knows the page's locale.
 */
export function publishedFromMetadata(published: string | undefined): IsoTime | null {
  const trimmed = published?.trim() ?? '';
  const match = ISO_DATE.exec(trimmed);
  if (!match) return null;
  const withZone = trimmed.length === 10 ? `${trimmed}T00:00:00Z` : match[1] ? trimmed : `${trimmed}Z`;
  const date = new Date(withZone.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year < EARLIEST_YEAR || year > LATEST_YEAR ? null : date.toISOString();
}
