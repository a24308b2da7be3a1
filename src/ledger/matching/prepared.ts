import type { ClaimExtras } from './claim-index.ts';
import { type AnalyzedText, analyzeText, type TextOptions, type TokenMemo } from './text.ts';

/**
 * A claim's text analyzed once, to be added to or matched against any index with the same text
 * options: a caller that queries a claim, then stores it, reads its words once instead of each time.
 */
export interface PreparedClaim {
  readonly kind: 'prepared-claim';
  readonly text: string;
  readonly extras: ClaimExtras;
  readonly textOptions: TextOptions;
  /** The claim text alone and the title alone, as an index stores them. */
  readonly body: AnalyzedText;
  readonly title: AnalyzedText;
  /** Text and title read as one, as a query reads them (the text's analysis when there is no title). */
  readonly combined: AnalyzedText;
  /** Terms of the names given with the claim (`extras.entities`). */
  readonly given: ReadonlySet<string>;
}

function sameOptions(left: TextOptions, right: TextOptions): boolean {
  return left === right || JSON.stringify(left) === JSON.stringify(right);
}

/**
 * Analyzes a claim for `textOptions`. With `reuse`, a preparation of the same text and title under
 * the same options, its analyses are kept and only the given names are read anew; `memo` speeds the
 * reading of words seen before.
 *
 * @example
 * const prepared = prepareClaim('The rate fell to 3.5%.', { entities: ['Fed'] }, DEFAULT_TEXT_OPTIONS);
 * index.query(prepared); index.add('c1', prepared);
 */
export function prepareClaim(
  text: string,
  extras: ClaimExtras,
  textOptions: TextOptions,
  reuse?: PreparedClaim,
  memo?: TokenMemo,
): PreparedClaim {
  const title = extras.title ?? '';
  const reusable =
    reuse &&
    reuse.text === text &&
    (reuse.extras.title ?? '') === title &&
    sameOptions(reuse.textOptions, textOptions);
  const body = reusable ? reuse.body : analyzeText(text, textOptions, memo);
  const titleTerms = reusable ? reuse.title : analyzeText(title, textOptions, memo);
  const combined = reusable
    ? reuse.combined
    : title
      ? analyzeText(`${text}\n${title}`, textOptions, memo)
      : body;
  return {
    kind: 'prepared-claim',
    text,
    extras,
    textOptions,
    body,
    title: titleTerms,
    combined,
    given: givenTerms(extras.entities, textOptions, memo),
  };
}

/** The terms of the names given with a claim. */
function givenTerms(
  names: readonly string[] | undefined,
  textOptions: TextOptions,
  memo: TokenMemo | undefined,
): Set<string> {
  const terms = new Set<string>();
  for (const name of names ?? []) {
    for (const term of memo ? memo.terms(name, textOptions) : analyzeText(name, textOptions).terms) {
      terms.add(term);
    }
  }
  return terms;
}

/** The claim as prepared for `textOptions`: `input` itself when it already is, else analyzed now. */
export function preparedFor(
  input: string | PreparedClaim,
  extras: ClaimExtras,
  textOptions: TextOptions,
  memo?: TokenMemo,
): PreparedClaim {
  if (typeof input === 'string') return prepareClaim(input, extras, textOptions, undefined, memo);
  return sameOptions(input.textOptions, textOptions)
    ? input
    : prepareClaim(input.text, input.extras, textOptions, undefined, memo);
}
