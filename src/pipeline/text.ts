const QUOTE_MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
};

/**
 * Straightens curly quotes and apostrophes. Each replacement is one UTF-16 unit for one, so offsets
 * into the result are offsets into the original text.
 */
export function normalizeQuotes(text: string): string {
  return text.replace(
    /[\u2018\u2019\u201A\u201B\u2032\u02BC\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g,
    (c) => QUOTE_MAP[c] ?? c,
  );
}

/** Builds a span from offsets into `text`. */
export function spanOf(
  text: string,
  start: number,
  end: number,
): { start: number; end: number; text: string } {
  return { start, end, text: text.slice(start, end) };
}
