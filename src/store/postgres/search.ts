import { StoreError } from '../errors.ts';

/** Every word must match (`all`), or any of them, ranked by how well they match (`any`). */
export type SearchMatch = 'all' | 'any';

const WORD = /[\p{L}\p{N}]+(\*)?/gu;

/**
 * A `to_tsquery('english', ...)` expression for words a person typed, reading them as the SQLite
 * store reads them: letters and digits only, so punctuation, `&`, `|`, `!`, `<->` and quotes in the
 * input are plain text instead of query syntax errors; a word typed with a trailing `*` stays a
 * prefix search (`:*`). `to_tsquery` then stems each word with the same english configuration the
 * claims' tsvector was built with, and drops english stop words. Throws a 400 StoreError when the
 * input has no word to search for.
 *
 * @example
 * tsQuery('bridge "closed', 'all') // 'bridge & closed'
 */
export function tsQuery(search: string, match: SearchMatch): string {
  const terms = [...search.matchAll(WORD)].map(([term]) =>
    term.endsWith('*') ? `${term.slice(0, -1)}:*` : term,
  );
  if (terms.length === 0) {
    throw new StoreError('empty-search', `search "${search}" has no words to look for`, { status: 400 });
  }
  return terms.join(match === 'all' ? ' & ' : ' | ');
}
