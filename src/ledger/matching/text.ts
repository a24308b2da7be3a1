import { isWhiteSpace, normalizeQuotes } from '../../pipeline/index.ts';
import { type StemmerName, stemmerFor } from './stemmer.ts';
import { STOP_WORDS } from './stop-words.ts';
import { KnownTokens, sliceHash, TokenScanner } from './token-scan.ts';
import { NAME_ALWAYS, NAME_INSIDE, nameShape, type TokenTerms, tokenTerms } from './token-terms.ts';

/** How claim text is turned into terms; the same options must be used for adding and querying. */
export interface TextOptions {
  stemmer: StemmerName;
  /** Drop URLs, `pic.twitter.com` links and the date after a tweet's `(@handle)` signature. */
  cleanSocial: boolean;
  /** Split `@realDonaldTrump` into "real donald trump" as well as keeping "realdonaldtrump". */
  splitMentions: boolean;
  /** Keep the month and year of a tweet's signature date (the day is dropped): claims often name them. */
  keepPostDate: boolean;
  /** Split query words the index does not know into known terms ("capetownstorm"). */
  segmentWords: boolean;
}

export const DEFAULT_TEXT_OPTIONS: TextOptions = {
  stemmer: 'porter',
  cleanSocial: true,
  splitMentions: true,
  keepPostDate: true,
  segmentWords: true,
};

/** Terms in reading order, with a parallel flag for terms that look like part of a name. */
export interface AnalyzedText {
  terms: string[];
  entity: boolean[];
  source: TermSource[];
  /** Each term before stemming, lower-cased: what word segmentation works on. */
  words: string[];
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const SIGNATURE = new RegExp(
  `\u2014\\s*([^\u2014\\n]{0,80}?)\\s*\\(@(\\w+)\\)(?:\\s*(${MONTHS})\\s+\\d{1,2},\\s+(\\d{4}))?`,
  'g',
);
const LINK = /(?:https?:\/\/|pic\.twitter\.com\/|www\.)\S*/g;
// A regular expression literal makes a new object each time it is evaluated: the ones read for every
// token or every query are made once here.
const TAG = /([#@])(\w+)/g;
const LOWER_THEN_UPPER = /([\p{Ll}\p{N}])(\p{Lu})/gu;
const UPPER_THEN_WORD = /(\p{Lu})(\p{Lu}\p{Ll})/gu;
const LETTER_THEN_DIGIT = /(\p{L})(\p{N})/gu;
const DIGIT_THEN_LETTERS = /(\p{N})(\p{L}{2,})/gu;
const COMPOUND_BREAK = /[\s_]+/;
const LETTER = /\p{L}/u;
const UPPER_CASE = /\p{Lu}/u;
const SEGMENTABLE = /^[a-z]{6,40}$/;

/** Splits "FakeNews", "realDonaldTrump", "WW3" and "GE19" at case and digit changes. */
export function splitCompound(word: string): string[] {
  return word
    .replace(LOWER_THEN_UPPER, '$1 $2')
    .replace(UPPER_THEN_WORD, '$1 $2')
    .replace(LETTER_THEN_DIGIT, '$1 $2')
    .replace(DIGIT_THEN_LETTERS, '$1 $2')
    .split(COMPOUND_BREAK)
    .filter((part) => part.length > 0);
}

/** Where in a post a term came from; learned query-term weights depend on it. */
export const TERM_SOURCES = ['body', 'hashtag', 'mention', 'author', 'date'] as const;
export type TermSource = (typeof TERM_SOURCES)[number];

/** Private-use characters that open a segment of one source and close it again; no token holds them. */
const OPEN: Record<TermSource, string> = {
  body: '',
  hashtag: '\uE001',
  mention: '\uE002',
  author: '\uE003',
  date: '\uE004',
};
const CLOSE = '\uE000';
const SOURCE_OF_MARK = new Map(TERM_SOURCES.map((source) => [OPEN[source], source]));
const CLOSE_CODE = CLOSE.charCodeAt(0);
// Every mark lies in U+E000..U+E004: a character outside that range is no mark.
const FIRST_MARK = 0xe000;
const LAST_MARK = 0xe004;

function segment(source: TermSource, text: string): string {
  return ` ${OPEN[source]} ${text} ${CLOSE} `;
}

/** Drops links and marks a tweet's signature ("— Name (@handle) June 20, 2019") as author and date. */
function markSocialParts(text: string, keepPostDate: boolean): string {
  return text
    .replace(LINK, ' ')
    .replace(SIGNATURE, (_whole, name: string, handle: string, month?: string, year?: string) => {
      const author = segment('author', `${name} ${splitCompound(handle).join(' ')}`);
      return month && year && keepPostDate ? `${author}${segment('date', `${month} ${year}`)}` : author;
    });
}

/** Expands #hashtags and (optionally) @mentions into their words plus the joined form. */
function expandTags(text: string, splitMentions: boolean): string {
  return text.replace(TAG, (_whole, sign: string, body: string) => {
    const source = sign === '#' ? 'hashtag' : 'mention';
    if (sign === '@' && !splitMentions) return segment(source, body);
    const parts = splitCompound(body);
    return segment(source, parts.length > 1 ? `${parts.join(' ')} ${body.toLowerCase()}` : body);
  });
}

/**
 * The source of the text after `text[from, to)`, where the text before it was of source `current`:
 * the last segment mark there decides. Marks are the private-use characters U+E000 (close) to
 * U+E004, read as codes, not strings.
 */
function sourceAfter(text: string, from: number, to: number, current: TermSource): TermSource {
  let source = current;
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= FIRST_MARK && code <= LAST_MARK) {
      source = code === CLOSE_CODE ? 'body' : (SOURCE_OF_MARK.get(text[index] as string) ?? source);
    }
  }
  return source;
}

/**
 * Whether most letters are capitals. Letters and capitals are counted in UTF-16 code units, a letter
 * beyond the Basic Multilingual Plane as two; ASCII is read by code, the rest by Unicode class.
 */
function isShouting(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let index = 0; index < text.length; ) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      if (code >= 0x41 && code <= 0x5a) {
        letters += 1;
        upper += 1;
      } else if (code >= 0x61 && code <= 0x7a) letters += 1;
      index += 1;
      continue;
    }
    const point = text.codePointAt(index) as number;
    const width = point > 0xffff ? 2 : 1;
    const character = text.slice(index, index + width);
    if (LETTER.test(character)) {
      letters += width;
      if (UPPER_CASE.test(character)) upper += width;
    }
    index += width;
  }
  if (letters < 12) return false;
  return upper / letters > 0.6;
}

/**
 * Remembers what raw tokens and words turned into under one stemmer, so an index reading sentence
 * after sentence of the same language canonicalizes and stems each word once. It forgets everything
 * when it reaches `limit` entries, so it cannot grow without end.
 */
export class TokenMemo {
  readonly stemmer: StemmerName;
  readonly #limit: number;
  readonly #stem: (word: string) => string;
  readonly #tokens = new KnownTokens<TokenTerms>();
  readonly #stems = new Map<string, string>();
  readonly #texts = new Map<string, readonly string[]>();
  #textOptions: TextOptions | null = null;

  constructor(stemmer: StemmerName, limit = 200_000) {
    this.stemmer = stemmer;
    this.#limit = limit;
    this.#stem = stemmerFor(stemmer);
  }

  /** The terms of the raw token `text[start, end)`. */
  tokenAt(text: string, start: number, end: number): TokenTerms {
    const hash = sliceHash(text, start, end);
    const known = this.#tokens.find(hash, text, start, end);
    if (known !== undefined) return known;
    if (this.#tokens.count >= this.#limit) this.#tokens.clear();
    const raw = text.slice(start, end);
    const read = tokenTerms(raw, this.stem);
    this.#tokens.add(hash, raw, read);
    return read;
  }

  /**
   * The terms of a short text read under `options`: the names given with claims, which recur from
   * claim to claim (a sentence's names come with each of its claims), are each read once.
   */
  terms(text: string, options: TextOptions): readonly string[] {
    if (options !== this.#textOptions) {
      this.#texts.clear();
      this.#textOptions = options;
    }
    let known = this.#texts.get(text);
    if (!known) {
      if (this.#texts.size >= this.#limit) this.#texts.clear();
      known = analyzeText(text, options, this).terms;
      this.#texts.set(text, known);
    }
    return known;
  }

  /** The stem of one word. */
  readonly stem = (word: string): string => {
    let known = this.#stems.get(word);
    if (known === undefined) {
      if (this.#stems.size >= this.#limit) this.#stems.clear();
      known = this.#stem(word);
      this.#stems.set(word, known);
    }
    return known;
  };
}

/**
 * Turns text into matching terms: quotes straightened, social-media noise dropped, hashtags split,
 * lower-cased, stop words removed, stemmed. Numbers keep their digits ("1,000" becomes "1000") so
 * that claims about different figures do not share a term. A `memo` for the same stemmer gives the
 * same terms faster.
 *
 * @example
 * analyzeText('Trump’s #FakeNews claim about 1,000 jobs', DEFAULT_TEXT_OPTIONS).terms;
 * // ['trump', 'fake', 'new', 'fakenew', 'claim', '1000', 'job']
 */
export function analyzeText(
  text: string,
  options: TextOptions = DEFAULT_TEXT_OPTIONS,
  memo?: TokenMemo,
): AnalyzedText {
  if (text.length === 0) return { terms: [], entity: [], source: [], words: [] };
  const useMemo = memo && memo.stemmer === options.stemmer ? memo : undefined;
  const stem = stemmerFor(options.stemmer);
  let prepared = normalizeQuotes(text);
  if (options.cleanSocial) prepared = markSocialParts(prepared, options.keepPostDate);
  prepared = expandTags(prepared, options.splitMentions);
  const shouting = isShouting(prepared);
  const terms: string[] = [];
  const entity: boolean[] = [];
  const source: TermSource[] = [];
  const words: string[] = [];
  const scanner = new TokenScanner(prepared);
  let from: TermSource = 'body';
  while (scanner.next()) {
    const { start, end } = scanner;
    // No token holds a mark: the marks between tokens give each token's source.
    from = sourceAfter(prepared, scanner.gapStart, start, from);
    const read = useMemo
      ? useMemo.tokenAt(prepared, start, end)
      : tokenTerms(prepared.slice(start, end), stem);
    if (read.terms.length === 0) continue;
    const shape = read.nameShape;
    const isName =
      !shouting && (shape === NAME_ALWAYS || (shape === NAME_INSIDE && insideSentence(prepared, start)));
    for (let piece = 0; piece < read.terms.length; piece += 1) {
      terms.push(read.terms[piece] as string);
      entity.push(isName);
      source.push(from);
      words.push(read.words[piece] as string);
    }
  }
  return { terms, entity, source, words };
}

/**
 * A capitalized word that does not open a sentence, or an acronym: whether the token `raw` at
 * `offset` of `text` reads as part of a name.
 */
export function looksLikeName(raw: string, text: string, offset: number): boolean {
  const shape = nameShape(raw);
  return shape === NAME_ALWAYS || (shape === NAME_INSIDE && insideSentence(text, offset));
}

/**
 * Whether the three characters before `offset` hold something other than white space, and the last
 * of them that is not white space ends no sentence or clause (`.!?:;"(`, a dash). Read by character
 * code: it is asked of most capitalized tokens, and a slice and a pattern each time cost more.
 */
function insideSentence(text: string, offset: number): boolean {
  const from = Math.max(0, offset - 3);
  let at = offset - 1;
  while (at >= from && isWhiteSpace(text.charCodeAt(at))) at -= 1;
  if (at < from) return false;
  const code = text.charCodeAt(at);
  return !(
    code === 0x2e || // .
    code === 0x21 || // !
    code === 0x3f || // ?
    code === 0x3a || // :
    code === 0x3b || // ;
    code === 0x22 || // "
    code === 0x28 || // (
    code === 0x2d || // -
    code === 0x2014 ||
    code === 0x2013
  );
}

/**
 * Splits a run-together word ("capetownstorm", "cornflakes") into known terms, fewest pieces first
 * and then the most common pieces, or returns null when no split covers it. Pieces are at least
 * three letters, so "a" and "is" cannot glue a split together. `frequency` gives a term's number of
 * stored claims, 0 when unknown.
 *
 * @example
 * segmentWord('capetownstorm', porterStem, (term) => (['cape', 'town', 'storm'].includes(term) ? 5 : 0));
 * // ['cape', 'town', 'storm']
 */
export function segmentWord(
  word: string,
  stem: (word: string) => string,
  frequency: (term: string) => number,
): string[] | null {
  if (!SEGMENTABLE.test(word)) return null;
  // The best split of each prefix, as its piece count, weight, and where and with which term its last
  // piece starts: a prefix's best is settled before any longer prefix reads it, so following the
  // starts back from the end gives the pieces, and no list of pieces is built per candidate.
  const pieceCounts = new Int32Array(word.length + 1).fill(-1);
  const weights = new Float64Array(word.length + 1);
  const lastStarts = new Int32Array(word.length + 1);
  const lastTerms: string[] = new Array(word.length + 1).fill('');
  pieceCounts[0] = 0;
  for (let end = 3; end <= word.length; end += 1) {
    for (let start = Math.max(0, end - 20); start <= end - 3; start += 1) {
      const before = pieceCounts[start] as number;
      if (before === -1) continue;
      const term = stem(word.slice(start, end));
      const count = frequency(term);
      if (count === 0 || STOP_WORDS.has(term)) continue;
      const pieces = before + 1;
      const weight = (weights[start] as number) + Math.log(count);
      const current = pieceCounts[end] as number;
      if (current === -1 || pieces < current || (pieces === current && weight > (weights[end] as number))) {
        pieceCounts[end] = pieces;
        weights[end] = weight;
        lastStarts[end] = start;
        lastTerms[end] = term;
      }
    }
  }
  const total = pieceCounts[word.length] as number;
  if (total <= 1) return null;
  const result = new Array<string>(total);
  for (let end = word.length, piece = total - 1; piece >= 0; piece -= 1) {
    result[piece] = lastTerms[end] as string;
    end = lastStarts[end] as number;
  }
  return result;
}
