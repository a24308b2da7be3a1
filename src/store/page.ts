import { createHash } from 'node:crypto';
import { StoreError } from './errors.ts';
import type { PageOptions } from './types.ts';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** Cursor values a listing sorts by: the last item's sort keys, ending with its id. */
export type CursorKeys = readonly (string | number)[];

/** A validated page request: either an offset, or the keys of the last item already shown. */
export interface PageRequest {
  limit: number;
  offset: number;
  after: CursorKeys | null;
}

interface CursorContent {
  /** The listing (and its filter) the cursor was made for. */
  listing: string;
  offset?: number;
  keys?: CursorKeys;
}

/**
 * Names a listing for its cursors: `clusters/traction` plus a digest of its filter, so a cursor from
 * another listing, sort or search is refused instead of silently paging through the wrong items.
 */
export function listingName(name: string, filter: unknown = null): string {
  if (filter === null || filter === undefined) return name;
  const digest = createHash('sha256').update(JSON.stringify(filter)).digest('hex').slice(0, 12);
  return `${name}/${digest}`;
}

function badPage(message: string): StoreError {
  return new StoreError('invalid-page', message, { status: 400 });
}

function decodeCursor(cursor: string, listing: string): CursorContent {
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badPage(`cursor "${cursor}" is not one this store gave out; start again without a cursor`);
  }
  const candidate = content as Partial<CursorContent> | null;
  const validKeys =
    candidate?.keys === undefined ||
    (Array.isArray(candidate.keys) &&
      candidate.keys.every((key) => typeof key === 'string' || typeof key === 'number'));
  const validOffset =
    candidate?.offset === undefined || (Number.isInteger(candidate.offset) && candidate.offset >= 0);
  if (typeof candidate?.listing !== 'string' || !validKeys || !validOffset) {
    throw badPage(`cursor "${cursor}" is not one this store gave out; start again without a cursor`);
  }
  if (candidate.listing !== listing) {
    throw badPage(`cursor "${cursor}" belongs to another listing, sort or search; start again without it`);
  }
  return candidate as CursorContent;
}

/**
 * Checks `limit`, `offset` and `cursor` for one listing. Throws a 400 StoreError naming the bad value.
 */
export function readPageOptions(options: PageOptions, listing: string): PageRequest {
  const { limit = DEFAULT_PAGE_LIMIT, offset, cursor } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw badPage(`page limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw badPage(`page offset must be a whole number from 0, got ${offset}`);
  }
  if (offset !== undefined && cursor !== undefined) {
    throw badPage('give a page offset or a cursor, not both');
  }
  if (cursor === undefined || cursor === '') return { limit, offset: offset ?? 0, after: null };
  const content = decodeCursor(cursor, listing);
  return { limit, offset: content.offset ?? 0, after: content.keys ?? null };
}

/** A cursor that resumes after the item with these sort keys. */
export function keysCursor(listing: string, keys: CursorKeys): string {
  return Buffer.from(JSON.stringify({ listing, keys } satisfies CursorContent)).toString('base64url');
}

/** A cursor that resumes at this offset, for listings whose order is not stable between pages. */
export function offsetCursor(listing: string, offset: number): string {
  return Buffer.from(JSON.stringify({ listing, offset } satisfies CursorContent)).toString('base64url');
}

/**
 * The id key a listing in stored order resumes after: the cursor's, else `afterId` (a claim or
 * article id). Throws a 400 StoreError for an id that is not a whole number.
 */
export function resumeAfter(after: CursorKeys | null, afterId: string | undefined): number | null {
  if (after) return Number(after[0]);
  if (afterId === undefined) return null;
  if (!/^\d{1,18}$/.test(afterId))
    throw badPage(`afterId must be a stored id (a whole number), got "${afterId}"`);
  return Number(afterId);
}
