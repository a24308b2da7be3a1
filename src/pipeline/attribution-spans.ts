import type { Attribution, Doc, Span, Token } from '../core/types.ts';

/** The span of the doc's text from `start` to `end`. */
export function spanOf(doc: Doc, start: number, end: number): Span {
  return { start, end, text: doc.text.slice(start, end) };
}

/** The span from token `first` to token `last`, inclusive. */
export function tokenSpan(doc: Doc, tokens: Token[], first: number, last: number): Span {
  return spanOf(doc, (tokens[first] as Token).start, (tokens[last] as Token).end);
}

/** The last token before sentence-final punctuation. */
export function lastContentIndex(tokens: Token[]): number {
  let last = tokens.length - 1;
  while (last > 0 && /^[.!?;]$/.test((tokens[last] as Token).text)) last -= 1;
  return last;
}

/** Content after a cue: skips "to reporters", "on Monday", "in a statement" and ":" before the clause. */
export function contentAfter(doc: Doc, tokens: Token[], cue: number): Span | null {
  let first = cue + 1;
  const thatWithin = tokens
    .slice(first, first + 8)
    .findIndex((token) => token.normal === 'that' && token.pos !== 'DET');
  if (
    thatWithin > 0 &&
    tokens.slice(first, first + thatWithin).every((token) => token.text !== ',' || thatWithin > 2)
  ) {
    first += thatWithin;
  }
  while (tokens[first] && (tokens[first] as Token).text === ':') first += 1;
  const last = lastContentIndex(tokens);
  if (first > last || tokens[first]?.text === ',') return null;
  return tokenSpan(doc, tokens, first, last);
}

/** Content before a cue or source: from the sentence start (or the opening quote) to the comma before `index`. */
export function contentBefore(doc: Doc, tokens: Token[], index: number): Span | null {
  let last = index - 1;
  while (last >= 0 && /^[,\u201D"'\u2019]$/.test((tokens[last] as Token).text)) last -= 1;
  let first = 0;
  while (first <= last && /^[\u201C"'\u2018(]$/.test((tokens[first] as Token).text)) first += 1;
  return first <= last ? tokenSpan(doc, tokens, first, last) : null;
}

/** The construction an attribution was found by; the merge with a tagger's spans decides per pattern. */
export type Pattern =
  | 'according-to'
  | 'verb'
  | 'inverted'
  | 'possessive'
  | 'comes-from'
  | 'reference'
  | 'model';

/** One attribution as a rule or the tagger found it, before it joins the doc. */
export interface Found {
  source: Attribution['source'];
  cue: Span;
  content: Span;
  via: Attribution['via'];
  pattern: Pattern;
}

/** Whether `span` shares a character with any of `spans`. */
export function overlapsAny(span: Span, spans: Span[]): boolean {
  return spans.some((other) => span.start < other.end && other.start < span.end);
}
