import { createPatternSearch } from './pattern-search.ts';
import { createPhraseScan } from './phrase-scan.ts';

/** A match of a lexicon entry inside a string: offsets into that string. */
export interface PhraseMatch {
  start: number;
  end: number;
}

/** Phrases (whole words, case-insensitive) and regular expressions that make up one lexicon. */
export interface Lexicon {
  phrases?: readonly string[];
  patterns?: readonly string[];
}

function escapePhrase(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/** The matches that do not overlap, preferring the longest where two do. */
export function longestApart(matches: PhraseMatch[]): PhraseMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PhraseMatch[] = [];
  for (const match of matches) {
    const previous = kept[kept.length - 1];
    if (previous && match.start < previous.end) {
      if (match.end - match.start > previous.end - previous.start) kept[kept.length - 1] = match;
      continue;
    }
    kept.push(match);
  }
  return kept;
}

/**
 * Compiles several lexicons into one matcher that gives, for each lexicon, its non-overlapping matches,
 * preferring the longest where two overlap: the same as a `createPhraseMatcher` per lexicon, with the
 * phrases of all of them found in one pass over the text.
 */
export function createLexiconMatcher(lexicons: readonly Lexicon[]): (text: string) => PhraseMatch[][] {
  const phraseLists = lexicons.map(({ phrases = [] }) =>
    [...new Set(phrases)].sort((a, b) => b.length - a.length),
  );
  const scan = phraseLists.some((phrases) => phrases.length > 0) ? createPhraseScan(phraseLists) : null;
  const searches = lexicons.map(({ patterns = [] }, index) => {
    const phrases = phraseLists[index] ?? [];
    // The scan finds what this expression would; it stays for phrases the scan does not take.
    const expression = `(?<![\\p{L}\\p{N}'-])(?:${phrases.map(escapePhrase).join('|')})(?![\\p{L}\\p{N}-])`;
    const sources = [...(phrases.length > 0 && !scan ? [expression] : []), ...patterns];
    return sources.map((source) => createPatternSearch(source, 'iu'));
  });
  return (text: string) => {
    const scanned = scan ? scan(text) : null;
    return searches.map((expressions, index) => {
      const matches = scanned?.[index] ?? [];
      for (const search of expressions) {
        for (const match of search.all(text)) {
          const start = match.index;
          if (match[0].length > 0) matches.push({ start, end: start + match[0].length });
        }
      }
      return longestApart(matches);
    });
  };
}

/**
 * Compiles phrases (whole words, case-insensitive) and regular expressions into one matcher that
 * returns non-overlapping matches, preferring the longest where two overlap.
 */
export function createPhraseMatcher(
  phrases: readonly string[],
  patterns: readonly string[] = [],
): (text: string) => PhraseMatch[] {
  const match = createLexiconMatcher([{ phrases, patterns }]);
  return (text: string) => match(text)[0] ?? [];
}
