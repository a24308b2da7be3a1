import { STOP_WORDS } from './stop-words.ts';

/**
 * What one raw token (a word, a number, an abbreviation, as it stands in a text) turns into: its
 * canonical form, its terms and whether it reads as a name. A memo keeps the answer per raw token.
 */

/** Small cardinals written as words, so "four nuclear missiles" and "4 missiles" share a number. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    ten: '10',
    eleven: '11',
    twelve: '12',
    twenty: '20',
    hundred: '100',
    thousand: '1000',
    million: '1000000',
    billion: '1000000000',
  }),
);

/** Dotted or capitalized country abbreviations that would otherwise fall to the stop word "us". */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({ 'u.s.': 'usa', 'u.s': 'usa', US: 'usa', 'u.k.': 'uk' }),
);

// A regular expression literal makes a new object each time it is evaluated: these, read for every
// new token, are made once here.
const ACRONYM = /^\p{Lu}{2,6}\.?$/u;
const DOTTED_ACRONYM = /^(?:\p{Lu}\.){2,}/u;
const CAPITALIZED = /^\p{Lu}/u;
const NUMBER = /^\d[\d,]*(?:\.\d+)?$/;
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
const DIGIT = /\d/;
const COMMAS = /,/g;
const TRAILING_ZEROS = /\.0+$/;
const POSSESSIVE = /'s$/;
const APOSTROPHES = /'/g;
const DOTTED_LETTERS = /^(?:\p{L}\.)+\p{L}?$/u;
const DOTS = /\./g;
const PIECE_BREAK = /[.,]/;

/**
 * Canonical form of one raw token: lower-case, no apostrophes or thousands commas, numbers bare.
 * The word lists are maps, not objects: a token such as "constructor" must not read an object's
 * inherited property.
 */
function canonicalToken(raw: string): string {
  const lower = raw.toLowerCase();
  const abbreviation = ABBREVIATIONS.get(raw) ?? ABBREVIATIONS.get(lower);
  if (abbreviation) return abbreviation;
  let token = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (NUMBER.test(token)) return token.replace(COMMAS, '').replace(TRAILING_ZEROS, '');
  token = token.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  if (DOTTED_LETTERS.test(token)) token = token.replace(DOTS, '');
  return NUMBER_WORDS.get(token) ?? token;
}

/** A raw token that never reads as a name: it does not start with a capital. */
export const NAME_NEVER = 0;
/** An acronym ("NATO", "U.S."): a name wherever it stands. */
export const NAME_ALWAYS = 1;
/** A capitalized word: a name unless it opens a sentence. */
export const NAME_INSIDE = 2;

/** Which of the name shapes above a raw token has. */
export function nameShape(raw: string): number {
  if (ACRONYM.test(raw) || DOTTED_ACRONYM.test(raw)) return NAME_ALWAYS;
  return CAPITALIZED.test(raw) ? NAME_INSIDE : NAME_NEVER;
}

/** What one raw token becomes: its terms (stemmed), the words they were stemmed from, its name shape. */
export interface TokenTerms {
  terms: string[];
  words: string[];
  nameShape: number;
}

/** The terms of the raw token `raw`, stemmed with `stem` (numbers stay as they are). */
export function tokenTerms(raw: string, stem: (word: string) => string): TokenTerms {
  const result: TokenTerms = { terms: [], words: [], nameShape: nameShape(raw) };
  const canonical = canonicalToken(raw);
  if (canonical.length === 0 || STOP_WORDS.has(canonical)) return result;
  const pieces = PLAIN_NUMBER.test(canonical) ? [canonical] : canonical.split(PIECE_BREAK);
  for (const piece of pieces) {
    if (piece.length === 0 || STOP_WORDS.has(piece)) continue;
    result.terms.push(DIGIT.test(piece) ? piece : stem(piece));
    result.words.push(piece);
  }
  return result;
}
