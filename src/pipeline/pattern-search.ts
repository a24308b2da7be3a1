/** A regular expression compiled once, with the searches the pipeline runs it for. */
export interface PatternSearch {
  /** The leftmost match in `text`, as `new RegExp(source, flags).exec(text)` gives it. */
  first(text: string): RegExpExecArray | null;
  /** Every match in `text`, as `text.matchAll(new RegExp(source, flags + 'g'))` gives them. */
  all(text: string): RegExpExecArray[];
}

/** The position after the character at `index`; with `unicode`, a surrogate pair is one character. */
function nextCharacter(text: string, index: number, unicode: boolean): number {
  if (!unicode) return index + 1;
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return index + 2;
  }
  return index + 1;
}

/**
 * Compiles `source` for searching. A pattern that opens on a word boundary, as most lexicon patterns
 * do, is searched for without it first: with the `i` and `u` flags V8 tries a leading `\b` at every
 * position of the text, several times slower than scanning for the words after it. Every position where
 * the whole pattern matches is one where the rest matches, so the whole pattern is tried only there, and
 * the matches are the same as a plain search gives.
 *
 * @example
 * const search = createPatternSearch('\\bdid not (?:respond|reply)\\b', 'iu');
 * search.first('She did not respond.')?.index; // 4
 */
export function createPatternSearch(source: string, flags: string): PatternSearch {
  const global = new RegExp(source, `${flags}g`);
  const anchored = new RegExp(source, `${flags}y`);
  const unanchored = source.startsWith('\\b') ? new RegExp(source.slice(2), `${flags}g`) : null;
  const unicode = global.unicode || global.flags.includes('v');
  /** The match starting at or after `from` that a plain search from `from` finds. */
  const next = (text: string, from: number): RegExpExecArray | null => {
    if (!unanchored) {
      global.lastIndex = from;
      const match = global.exec(text);
      global.lastIndex = 0;
      return match;
    }
    let cursor = from;
    while (cursor <= text.length) {
      unanchored.lastIndex = cursor;
      const candidate = unanchored.exec(text);
      if (!candidate) break;
      anchored.lastIndex = candidate.index;
      const match = anchored.exec(text);
      if (match) {
        unanchored.lastIndex = 0;
        anchored.lastIndex = 0;
        return match;
      }
      cursor = nextCharacter(text, candidate.index, unicode);
    }
    unanchored.lastIndex = 0;
    anchored.lastIndex = 0;
    return null;
  };
  return {
    first: (text) => next(text, 0),
    all(text) {
      const matches: RegExpExecArray[] = [];
      let from = 0;
      while (from <= text.length) {
        const match = next(text, from);
        if (!match) break;
        matches.push(match);
        // As matchAll does, step past an empty match so the search moves on.
        from =
          match[0].length > 0 ? match.index + match[0].length : nextCharacter(text, match.index, unicode);
      }
      return matches;
    },
  };
}
