import attributionLexicon from '../../../data/lexicons/attribution.json' with { type: 'json' };
import { type Doc, ENTITY_TYPES, type Entity, type Token } from '../../core/types.ts';
import type { TaggingUnit } from './units.ts';
import { FRESH_MEMORY, type Workspace } from './workspace.ts';

/**
 * Token features for the attribution tagger. Every feature is a hashed integer: each token's word,
 * part of speech, shape and lexicon class are hashed once, and the templates below only mix those
 * integers, so extracting features builds no strings.
 */

/** How many features every token has; each template below fills one slot. */
export const FEATURE_COUNT = 26;

const CUE_NONE = 0;
const CUE_VERB = 1;
const CUE_SPEECH = 2;
const CUE_NOUN = 3;
const CUE_ACCORDING = 4;
const CUE_LEARNED = 5;

const QUOTE_OUTSIDE = 0;
const QUOTE_INSIDE = 1;
const QUOTE_OPENING = 2;
const QUOTE_CLOSING = 3;

/** The value of a neighbour beyond either end of a unit. */
export const BOUNDARY = 0x5bd1e995;
/** No cue candidate on that side in the sentence. */
export const NO_CUE = -1;

function inflect(lemma: string): string[] {
  const irregular = (attributionLexicon.irregular as Record<string, string[]>)[lemma] ?? [];
  const consonantY = lemma.endsWith('y') && !/[aeiou]y$/.test(lemma);
  const stem = lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
  const third = /(?:s|sh|ch|x|z)$/.test(lemma)
    ? `${lemma}es`
    : consonantY
      ? `${lemma.slice(0, -1)}ies`
      : `${lemma}s`;
  const past = lemma.endsWith('e') ? `${lemma}d` : consonantY ? `${lemma.slice(0, -1)}ied` : `${lemma}ed`;
  return [lemma, third, past, `${stem}ing`, ...irregular];
}

const SPEECH_VERBS = ['say', 'tell', 'claim', 'allege', 'argue', 'insist', 'assert', 'declare', 'tweet'];

/** Lexicon class of each known cue word; built once from data/lexicons/attribution.json, never changed. */
const LEXICON_CUE_CLASS: ReadonlyMap<string, number> = new Map<string, number>([
  ...attributionLexicon.nouns.map((noun): [string, number] => [noun, CUE_NOUN]),
  ...attributionLexicon.verbs
    .filter((verb) => !verb.includes(' '))
    .flatMap(inflect)
    .map((form): [string, number] => [form, CUE_VERB]),
  ...SPEECH_VERBS.flatMap(inflect).map((form): [string, number] => [form, CUE_SPEECH]),
  ['according', CUE_ACCORDING],
]);

/** The cue class of each word the features know as a cue. */
export interface WordLexicon {
  cueClass(normal: string): number;
}

/**
 * The words features know: the lexicon's cue classes, plus `learned` words (those that training data
 * shows often act as cues: "called", "want", "praised") where the lexicon has none. A few hundred
 * words, so the table stays in cache; word hashes and shapes are computed per token instead of being
 * remembered in a large table, which measured slower.
 */
export function createWordLexicon(learned: readonly string[]): WordLexicon {
  const classes = new Map(LEXICON_CUE_CLASS);
  for (const word of learned) if (!classes.has(word)) classes.set(word, CUE_LEARNED);
  // Most words share no length, first and last letter with any cue word and skip the table.
  const outlines = new Uint8Array(OUTLINES);
  for (const word of classes.keys()) outlines[outlineOf(word)] = 1;
  return {
    cueClass(normal: string): number {
      if (outlines[outlineOf(normal)] === 0) return CUE_NONE;
      return classes.get(normal) ?? CUE_NONE;
    },
  };
}

const OUTLINES = 32 * 64 * 64;

/** A word's length (up to 31) and the low bits of its first and last characters, as one small integer. */
function outlineOf(word: string): number {
  const length = Math.min(word.length, 31);
  return (length * 64 + (word.charCodeAt(0) & 63)) * 64 + (word.charCodeAt(word.length - 1) & 63);
}

/** FNV-1a of `text`, with every digit read as 0 so that numbers share features by shape. */
function hashWord(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    hash ^= code >= 48 && code <= 57 ? 48 : code;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Capitalization, digits, punctuation and length, packed into a small integer. */
function shapeOf(text: string): number {
  const first = text.charCodeAt(0);
  const upperFirst = first >= 65 && first <= 90 ? 1 : 0;
  let upper = 0;
  let digits = 0;
  let lower = 0;
  let ascii = true;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 48 && code <= 57) digits += 1;
    else if (code >= 97 && code <= 122) lower += 1;
    else if (code >= 128) ascii = false;
  }
  const allUpper = text.length > 1 && upper === text.length ? 2 : 0;
  const digit = digits > 0 ? 4 : 0;
  // In ASCII the only letters and numbers are A-Z, a-z and 0-9; other text needs the Unicode classes.
  const wordLike = ascii ? upper + lower + digits > 0 : /[\p{L}\p{N}]/u.test(text);
  const punctuation = wordLike ? 0 : 8;
  const length = text.length <= 2 ? 0 : text.length <= 5 ? 16 : 32;
  return upperFirst | allUpper | digit | punctuation | length;
}

/**
 * Whether each token lies inside a quotation: straight quotes alternate, curly ones say which way they
 * face, and a paragraph that opens a quote without closing it stays inside to its end.
 */
export function insideQuotes(tokens: readonly Token[]): Uint8Array {
  const inside = new Uint8Array(tokens.length);
  let open = false;
  tokens.forEach((token, index) => {
    let kind = quoteKind(token);
    if (kind === -1) kind = open ? QUOTE_CLOSING : QUOTE_OPENING;
    if (kind === QUOTE_CLOSING) open = false;
    inside[index] = open ? 1 : 0;
    if (kind === QUOTE_OPENING) open = true;
  });
  return inside;
}

function quoteKind(token: Token): number {
  const { text } = token;
  if (text === '\u201C') return QUOTE_OPENING;
  if (text === '\u201D') return QUOTE_CLOSING;
  return text === '"' ? -1 : QUOTE_OUTSIDE;
}

/** Mixes a template number with up to three values into one well-spread 32-bit id. */
export function combine(template: number, a: number, b = 0, c = 0): number {
  // Three independent products mix in parallel; the final multiply and shifts spread them to the low bits.
  let hash =
    Math.imul(a ^ Math.imul(template + 1, 0x9e3779b1), 0x85ebca6b) ^
    Math.imul(b, 0xc2b2ae35) ^
    Math.imul(c + 1, 0x27d4eb2f);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}

/** 0 for none, then 1, 2, 3, 4-5, 6-10, 11-20, beyond 20 tokens. */
export function distanceBucket(distance: number): number {
  if (distance < 0) return 0;
  if (distance <= 3) return distance;
  if (distance <= 5) return 4;
  if (distance <= 10) return 5;
  return distance <= 20 ? 6 : 7;
}

/** Near (1-3), middle (4-10) or far, for templates that pair the distance with a word. */
export function coarseBucket(distance: number): number {
  if (distance < 0) return 0;
  return distance <= 3 ? 1 : distance <= 10 ? 2 : 3;
}

/** Per-token values every template draws from, computed once per unit. */
export interface TokenValues {
  word: Int32Array;
  pos: Int32Array;
  shape: Int32Array;
  cue: Int32Array;
  quote: Int32Array;
  entity: Int32Array;
  /** Index of the nearest cue candidate before / after the token in its sentence, or NO_CUE. */
  leftCue: Int32Array;
  rightCue: Int32Array;
  /** Commas seen from the sentence start up to and including each token. */
  commas: Int32Array;
  sentenceHasCue: Uint8Array;
}

function isCueCandidate(token: Token, cueClass: number): boolean {
  if (cueClass === CUE_NOUN || cueClass === CUE_ACCORDING || cueClass === CUE_LEARNED) return true;
  return cueClass !== CUE_NONE && (token.pos === 'VERB' || token.pos === 'AUX' || token.pos === 'NOUN');
}

/** The per-token values every template draws from, for one unit. */
export function tokenValues(
  unit: TaggingUnit,
  doc: Doc,
  lexicon: WordLexicon,
  memory: Workspace = FRESH_MEMORY,
): TokenValues {
  const { tokens, sentenceOfToken } = unit;
  const count = tokens.length;
  const values: TokenValues = {
    word: memory.int32(count),
    pos: memory.int32(count),
    shape: memory.int32(count),
    cue: memory.int32(count),
    quote: memory.int32(count),
    entity: memory.int32(count),
    leftCue: memory.int32(count),
    rightCue: memory.int32(count),
    commas: memory.int32(count),
    sentenceHasCue: memory.uint8(unit.sentences.length),
  };
  const candidate = memory.uint8(count);
  let inside = false;
  for (let index = 0; index < count; index += 1) {
    const token = tokens[index] as Token;
    values.word[index] = hashWord(token.normal);
    values.pos[index] = hashWord(token.pos);
    values.shape[index] = shapeOf(token.text);
    const cueClass = lexicon.cueClass(token.normal);
    values.cue[index] = cueClass;
    if (isCueCandidate(token, cueClass)) {
      candidate[index] = 1;
      values.sentenceHasCue[sentenceOfToken[index] as number] = 1;
    }
    // Straight quotes alternate; curly ones say which way they face.
    let kind = quoteKind(token);
    if (kind === -1) kind = inside ? QUOTE_CLOSING : QUOTE_OPENING;
    if (kind === QUOTE_OPENING) inside = true;
    else if (kind === QUOTE_CLOSING) inside = false;
    values.quote[index] = kind === QUOTE_OUTSIDE && inside ? QUOTE_INSIDE : kind;
    const sameSentence = index > 0 && sentenceOfToken[index - 1] === sentenceOfToken[index];
    values.commas[index] =
      (sameSentence ? (values.commas[index - 1] as number) : 0) + (token.text === ',' ? 1 : 0);
  }
  let last = NO_CUE;
  for (let index = 0; index < count; index += 1) {
    if (index > 0 && sentenceOfToken[index - 1] !== sentenceOfToken[index]) last = NO_CUE;
    values.leftCue[index] = last;
    if (candidate[index] === 1) last = index;
  }
  last = NO_CUE;
  for (let index = count - 1; index >= 0; index -= 1) {
    if (index < count - 1 && sentenceOfToken[index + 1] !== sentenceOfToken[index]) last = NO_CUE;
    values.rightCue[index] = last;
    if (candidate[index] === 1) last = index;
  }
  markEntities(unit, doc, values.entity);
  return values;
}

/** Entity type per token: 0 outside any entity, else 2 * type + 1 for the first token, 2 * type + 2 after. */
function markEntities(unit: TaggingUnit, doc: Doc, entity: Int32Array): void {
  const { tokens } = unit;
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return;
  const types: readonly string[] = ENTITY_TYPES;
  const mentions = doc.entities;
  // Entities come in text order; find the first that can reach into this unit by bisection.
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((mentions[middle] as Entity).end <= first.start) low = middle + 1;
    else high = middle;
  }
  let cursor = 0;
  for (let next = low; next < mentions.length; next += 1) {
    const mention = mentions[next] as Entity;
    if (mention.start >= last.end) break;
    const type = types.indexOf(mention.type);
    while (cursor < tokens.length && (tokens[cursor] as Token).start < mention.start) cursor += 1;
    for (
      let index = cursor;
      index < tokens.length && (tokens[index] as Token).end <= mention.end;
      index += 1
    ) {
      entity[index] = 2 * type + (index === cursor ? 1 : 2);
    }
  }
}

/**
 * The template number of each feature slot; slot 0 is the bias, always bucket 0. Template numbers only
 * seed the hashes; the gaps are templates dropped after measuring them.
 */
const SLOT_TEMPLATES = Int32Array.of(
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  8,
  12,
  15,
  17,
  19,
  20,
  21,
  22,
  23,
  24,
  25,
  26,
  28,
  30,
  31,
  32,
  35,
  38,
  43,
);

/** A copy with two boundary values on each side, so neighbours need no range checks. */
function padded(array: Int32Array, memory: Workspace): Int32Array {
  const copy = memory.int32(array.length + 4).fill(BOUNDARY);
  copy.set(array, 2);
  return copy;
}

/**
 * Feature ids of every token of a unit: `FEATURE_COUNT` ids per token, token after token, each below
 * `dimensions` (a power of two). The templates are those that mattered when each was left out in turn
 * on PolNeAR dev; fewer templates keep tagging within the pipeline's time budget.
 */
export function extractFeatures(
  unit: TaggingUnit,
  doc: Doc,
  dimensions: number,
  lexicon: WordLexicon,
  memory: Workspace = FRESH_MEMORY,
): Int32Array {
  const { tokens, sentenceOfToken } = unit;
  const count = tokens.length;
  const mask = dimensions - 1;
  const values = tokenValues(unit, doc, lexicon, memory);
  const words = padded(values.word, memory);
  const tags = padded(values.pos, memory);
  const cues = padded(values.cue, memory);
  const entities = padded(values.entity, memory);
  const featureCount = FEATURE_COUNT;
  const ids = memory.int32(count * featureCount);
  // The values each slot's template mixes; a template of fewer values leaves the rest 0.
  const first = memory.int32(featureCount);
  const second = memory.int32(featureCount);
  const third = memory.int32(featureCount);
  for (let index = 0; index < count; index += 1) {
    const at = index + 2;
    const sentence = sentenceOfToken[index] as number;
    const sentenceStart = index === 0 || sentenceOfToken[index - 1] !== sentence;
    const sentenceEnd = index === count - 1 || sentenceOfToken[index + 1] !== sentence;
    const hasCue = values.sentenceHasCue[sentence] as number;
    const left = values.leftCue[index] as number;
    const right = values.rightCue[index] as number;
    const leftBucket = distanceBucket(left === NO_CUE ? -1 : index - left);
    const rightBucket = distanceBucket(right === NO_CUE ? -1 : right - index);
    const commasLeft =
      left === NO_CUE ? 0 : Math.min(2, (values.commas[index] as number) - (values.commas[left] as number));
    const leftWord = left === NO_CUE ? BOUNDARY : (values.word[left] as number);
    const rightWord = right === NO_CUE ? BOUNDARY : (values.word[right] as number);
    const position = sentenceStart ? 1 : sentenceEnd ? 2 : 3;
    const w0 = words[at] as number;
    const p0 = tags[at] as number;
    const q0 = values.quote[index] as number;
    // Each template's up to three values, then one loop mixes them: with a single call site the mixing
    // is inlined, where 25 separate calls outgrew the compiler's inlining budget.
    first[1] = w0;
    first[2] = words[at - 1] as number;
    first[3] = words[at + 1] as number;
    first[4] = words[at - 2] as number;
    first[5] = words[at + 2] as number;
    first[6] = p0;
    first[7] = tags[at + 1] as number;
    first[8] = p0;
    second[8] = tags[at + 1] as number;
    first[9] = w0;
    second[9] = words[at + 1] as number;
    first[10] = values.shape[index] as number;
    first[11] = cues[at] as number;
    first[12] = cues[at - 1] as number;
    first[13] = cues[at + 1] as number;
    first[14] = q0;
    first[15] = q0;
    second[15] = p0;
    first[16] = q0;
    second[16] = hasCue;
    first[17] = entities[at] as number;
    first[18] = entities[at - 1] as number;
    first[19] = position;
    second[19] = p0;
    first[20] = leftBucket;
    first[21] = rightBucket;
    first[22] = leftBucket;
    second[22] = rightBucket;
    first[23] = rightWord;
    second[23] = coarseBucket(right === NO_CUE ? -1 : right - index);
    first[24] = q0;
    second[24] = leftBucket;
    third[24] = commasLeft;
    first[25] = leftWord;
    second[25] = q0;
    third[25] = commasLeft;
    const base = index * featureCount;
    ids[base] = 0;
    for (let slot = 1; slot < featureCount; slot += 1) {
      ids[base + slot] =
        combine(
          SLOT_TEMPLATES[slot] as number,
          first[slot] as number,
          second[slot] as number,
          third[slot] as number,
        ) & mask;
    }
  }
  return ids;
}
