import { ApiError } from './errors.ts';

/** A page of a listing, as every list endpoint returns it. */
export interface ApiPage<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * Pages a list already read in full (evidence, status events, verdicts are short). The cursor is the
 * offset of the next item, opaque to clients so that a store-backed cursor can replace it later.
 */
export function pageOf<T>(
  items: readonly T[],
  options: { limit: number; cursor?: string | undefined },
): ApiPage<T> {
  const start = options.cursor === undefined ? 0 : decodeOffset(options.cursor);
  const end = start + options.limit;
  return {
    items: items.slice(start, end),
    total: items.length,
    nextCursor: end < items.length ? encodeOffset(end) : null,
  };
}

function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeOffset(cursor: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ApiError(
      'invalid-cursor',
      `cursor "${cursor}" is not one this listing gave out; pass the nextCursor of the previous page`,
      400,
    );
  }
  return Number(match[1]);
}
