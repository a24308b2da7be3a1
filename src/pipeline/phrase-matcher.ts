/** A match of a lexicon entry inside a string: offsets into that string. */
export interface PhraseMatch {
  start: number;
  end: number;
}

function escapePhrase(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/**
 * Compiles phrases (whole words, case-insensitive) and regular expressions into one matcher that
 * returns non-overlapping matches, preferring the longest where two overlap.
 */
export function createPhraseMatcher(
  phrases: readonly string[],
  patterns: readonly string[] = [],
): (text: string) => PhraseMatch[] {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length).map(escapePhrase);
  const sources = [
    ...(sorted.length ? [`(?<![\\p{L}\\p{N}'-])(?:${sorted.join('|')})(?![\\p{L}\\p{N}-])`] : []),
    ...patterns,
  ];
  const expressions = sources.map((source) => new RegExp(source, 'giu'));
  return (text: string) => {
    const matches: PhraseMatch[] = [];
    for (const expression of expressions) {
      for (const match of text.matchAll(expression)) {
        const start = match.index ?? 0;
        if (match[0].length > 0) matches.push({ start, end: start + match[0].length });
      }
    }
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
  };
}
