import { normalizeQuotes } from '../../pipeline/index.ts';
import { type StemmerName, stemmerFor } from './stemmer.ts';
import { STOP_WORDS } from './stop-words.ts';

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

/** Small cardinals written as words, so "four nuclear missiles" and "4 missiles" share a number. */
const NUMBER_WORDS: Record<string, string> = {
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
};

/** Dotted or capitalized country abbreviations that would otherwise fall to the stop word "us". */
const ABBREVIATIONS: Record<string, string> = { 'u.s.': 'usa', 'u.s': 'usa', US: 'usa', 'u.k.': 'uk' };

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const SIGNATURE = new RegExp(
  `\u2014\\s*([^\u2014\\n]{0,80}?)\\s*\\(@(\\w+)\\)(?:\\s*(${MONTHS})\\s+\\d{1,2},\\s+(\\d{4}))?`,
  'g',
);
const LINK = /(?:https?:\/\/|pic\.twitter\.com\/|www\.)\S*/g;
const TOKEN = /[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*\.?/gu;
const SENTENCE_BREAK = /[.!?:;"(\u2014\u2013-]\s*$/;

/** Splits "FakeNews", "realDonaldTrump", "WW3" and "GE19" at case and digit changes. */
export function splitCompound(word: string): string[] {
  return word
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L}{2,})/gu, '$1 $2')
    .split(/[\s_]+/)
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
  return text.replace(/([#@])(\w+)/g, (_whole, sign: string, body: string) => {
    const source = sign === '#' ? 'hashtag' : 'mention';
    if (sign === '@' && !splitMentions) return segment(source, body);
    const parts = splitCompound(body);
    return segment(source, parts.length > 1 ? `${parts.join(' ')} ${body.toLowerCase()}` : body);
  });
}

/** The source of every character position, read from the segment marks. */
function sourcesByPosition(text: string): (offset: number) => TermSource {
  const starts: number[] = [0];
  const sources: TermSource[] = ['body'];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    const opened = SOURCE_OF_MARK.get(character);
    if (opened && character !== '') {
      starts.push(index);
      sources.push(opened);
    } else if (character === CLOSE) {
      starts.push(index);
      sources.push('body');
    }
  }
  let cursor = 0;
  return (offset) => {
    while (cursor + 1 < starts.length && (starts[cursor + 1] as number) <= offset) cursor += 1;
    return sources[cursor] as TermSource;
  };
}

function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.6;
}

/** Canonical form of one raw token: lower-case, no apostrophes or thousands commas, numbers bare. */
function canonicalToken(raw: string): string {
  const abbreviation = ABBREVIATIONS[raw] ?? ABBREVIATIONS[raw.toLowerCase()];
  if (abbreviation) return abbreviation;
  let token = raw.toLowerCase();
  if (token.endsWith('.')) token = token.slice(0, -1);
  if (/^\d[\d,]*(?:\.\d+)?$/.test(token)) {
    return token.replace(/,/g, '').replace(/\.0+$/, '');
  }
  token = token.replace(/'s$/, '').replace(/'/g, '');
  if (/^(?:\p{L}\.)+\p{L}?$/u.test(token)) token = token.replace(/\./g, '');
  return NUMBER_WORDS[token] ?? token;
}

/** What one raw token becomes: its terms (stemmed) and the words they were stemmed from. */
interface TokenTerms {
  terms: string[];
  words: string[];
}

function tokenTerms(raw: string, stem: (word: string) => string): TokenTerms {
  const result: TokenTerms = { terms: [], words: [] };
  const canonical = canonicalToken(raw);
  if (canonical.length === 0 || STOP_WORDS.has(canonical)) return result;
  const pieces = /^\d+(?:\.\d+)?$/.test(canonical) ? [canonical] : canonical.split(/[.,]/);
  for (const piece of pieces) {
    if (piece.length === 0 || STOP_WORDS.has(piece)) continue;
    result.terms.push(/\d/.test(piece) ? piece : stem(piece));
    result.words.push(piece);
  }
  return result;
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
  readonly #tokens = new Map<string, TokenTerms>();
  readonly #stems = new Map<string, string>();

  constructor(stemmer: StemmerName, limit = 200_000) {
    this.stemmer = stemmer;
    this.#limit = limit;
    this.#stem = stemmerFor(stemmer);
  }

  /** The terms of one raw token. */
  token(raw: string): TokenTerms {
    let known = this.#tokens.get(raw);
    if (!known) {
      if (this.#tokens.size >= this.#limit) this.#tokens.clear();
      known = tokenTerms(raw, this.stem);
      this.#tokens.set(raw, known);
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
  const useMemo = memo && memo.stemmer === options.stemmer ? memo : undefined;
  const stem = stemmerFor(options.stemmer);
  let prepared = normalizeQuotes(text);
  if (options.cleanSocial) prepared = markSocialParts(prepared, options.keepPostDate);
  prepared = expandTags(prepared, options.splitMentions);
  const shouting = isShouting(prepared);
  const sourceAt = sourcesByPosition(prepared);
  const terms: string[] = [];
  const entity: boolean[] = [];
  const source: TermSource[] = [];
  const words: string[] = [];
  for (const match of prepared.matchAll(TOKEN)) {
    const raw = match[0];
    const read = useMemo ? useMemo.token(raw) : tokenTerms(raw, stem);
    if (read.terms.length === 0) continue;
    const offset = match.index ?? 0;
    const isName = !shouting && looksLikeName(raw, prepared, offset);
    const from = sourceAt(offset);
    for (let piece = 0; piece < read.terms.length; piece += 1) {
      terms.push(read.terms[piece] as string);
      entity.push(isName);
      source.push(from);
      words.push(read.words[piece] as string);
    }
  }
  return { terms, entity, source, words };
}

/** A capitalized word that does not open a sentence, or an acronym. */
function looksLikeName(raw: string, text: string, offset: number): boolean {
  if (/^\p{Lu}{2,6}\.?$/u.test(raw) || /^(?:\p{Lu}\.){2,}/u.test(raw)) return true;
  if (!/^\p{Lu}/u.test(raw)) return false;
  const before = text.slice(Math.max(0, offset - 3), offset);
  return offset > 0 && !SENTENCE_BREAK.test(before) && before.trim().length > 0;
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
  if (!/^[a-z]{6,40}$/.test(word)) return null;
  const best: ({ pieces: string[]; weight: number } | null)[] = new Array(word.length + 1).fill(null);
  best[0] = { pieces: [], weight: 0 };
  for (let end = 3; end <= word.length; end += 1) {
    for (let start = Math.max(0, end - 20); start <= end - 3; start += 1) {
      const before = best[start];
      if (!before) continue;
      const term = stem(word.slice(start, end));
      const count = frequency(term);
      if (count === 0 || STOP_WORDS.has(term)) continue;
      const candidate = { pieces: [...before.pieces, term], weight: before.weight + Math.log(count) };
      const current = best[end];
      if (
        !current ||
        candidate.pieces.length < current.pieces.length ||
        (candidate.pieces.length === current.pieces.length && candidate.weight > current.weight)
      ) {
        best[end] = candidate;
      }
    }
  }
  const result = best[word.length];
  return result && result.pieces.length > 1 ? result.pieces : null;
}
