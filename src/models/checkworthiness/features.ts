import nlp from 'compromise';
import type { Doc, Sentence, Token } from '../../core/types.ts';
import { UNIVERSAL_POS_TAGS } from '../../pipeline/index.ts';
import { hashString, type SparseVector } from '../sparse.ts';

/**
 * Feature groups the check-worthiness model can use. Each group is a family of hashed features; the
 * model file lists the groups it was trained with and their weights, so scoring rebuilds exactly the
 * training features from the tokens and spans the pipeline already produced.
 */
export const FEATURE_GROUPS = [
  /** Lower-cased words. */
  'words',
  /** Adjacent word pairs, with sentence boundaries. */
  'bigrams',
  /** Character 3- to 5-grams inside each word: shares evidence between inflections and unseen words. */
  'characters',
  /** Part-of-speech tags, pairs and triples. */
  'partOfSpeech',
  /** Function words kept, content words replaced by their part of speech, in pairs and triples. */
  'shape',
  /** Which of wink's DATE / CARDINAL / PERCENT / MONEY / ... spans the sentence holds. */
  'tagged',
  /** Entity types found by the entities stage. */
  'entities',
  /** Epistemic signal types and attribution source kinds in the sentence. */
  'signals',
  /** Sentence length bucket, a final question mark, the opening word. */
  'form',
  /** Word classes from compromise's English lexicon (PastTense, Comparative, Currency, Country, ...). */
  'lexicon',
] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/** How to turn a sentence into a vector: hash space and the weight of every group in use. */
export interface FeatureOptions {
  /** Number of hash buckets, a power of two. */
  dimensions: number;
  /** Groups in use and their weights; a group that is absent or weighted 0 is off. */
  groups: Partial<Record<FeatureGroup, number>>;
}

/** The tokens and analysis of one sentence that features are computed from. */
export interface SentenceView {
  tokens: readonly Token[];
  text: string;
  /** Distinct wink tags (DATE, CARDINAL, PERCENT, MONEY, ...) of spans inside the sentence. */
  tags: readonly string[];
  entityTypes: readonly string[];
  signalTypes: readonly string[];
  sourceKinds: readonly string[];
}

/**
 * compromise's word -> tags table (the pipeline loads compromise already); read once, never changed.
 * Names are left to the entities group. A compromise release that changes its lexicon changes these
 * features: retrain after upgrading it.
 */
const LEXICON_SKIP = new Set(['FemaleName', 'MaleName', 'FirstName', 'LastName', 'Actor', 'PhrasalVerb']);
export const LEXICON: ReadonlyMap<string, readonly number[]> = new Map(
  Object.entries(
    (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model().one
      .lexicon,
  ).flatMap(([word, tags]) => {
    const kept = (Array.isArray(tags) ? tags : [tags]).filter((tag) => !LEXICON_SKIP.has(tag));
    return kept.length > 0 ? [[word, kept.map(hashString)] as const] : [];
  }),
);

export const WORD_TAGS: ReadonlySet<string> = new Set(['PUNCT', 'SYM']);
export const CONTENT_TAGS: ReadonlySet<string> = new Set([
  'NOUN',
  'PROPN',
  'VERB',
  'ADJ',
  'ADV',
  'NUM',
  'INTJ',
  'X',
]);
const LENGTH_BUCKETS = [3, 6, 10, 15, 20, 30, 45];

function addDistinct(into: string[], value: string): void {
  if (!into.includes(value)) into.push(value);
}

/**
 * Collects what the earlier pipeline stages found in one sentence. Signals and attributions are matched
 * by sentence index, tagged spans and entities by offsets. Plain loops: this runs for every sentence.
 */
export function viewSentence(sentence: Sentence, doc: Doc): SentenceView {
  const { start, end, index } = sentence;
  const tags: string[] = [];
  for (const span of doc.tagged) if (span.start >= start && span.end <= end) addDistinct(tags, span.tag);
  const entityTypes: string[] = [];
  for (const entity of doc.entities) {
    if (entity.start >= start && entity.end <= end) addDistinct(entityTypes, entity.type);
  }
  const signalTypes: string[] = [];
  for (const signal of doc.signals) if (signal.sentenceIndex === index) addDistinct(signalTypes, signal.type);
  const sourceKinds: string[] = [];
  for (const attribution of doc.attributions) {
    if (attribution.sentenceIndex === index) addDistinct(sourceKinds, attribution.source.kind);
  }
  return {
    tokens: sentence.tokens,
    text: sentence.text,
    tags,
    entityTypes,
    signalTypes,
    sourceKinds,
  };
}

/**
 * `viewSentence` of every sentence of the doc, reading its spans, entities, signals and attributions
 * once rather than once per sentence. A span goes to each sentence that holds it, found by bisection over
 * the sentences in text order; a doc whose sentences are not in text order (none the pipeline makes) is
 * viewed sentence by sentence.
 */
export function viewSentences(doc: Doc): SentenceView[] {
  const { sentences } = doc;
  if (!inTextOrder(sentences)) return sentences.map((sentence) => viewSentence(sentence, doc));
  const tags = valuesBySentence(sentences, doc.tagged, (span) => span.tag);
  const entityTypes = valuesBySentence(sentences, doc.entities, (entity) => entity.type);
  const signalTypes = new Map<number, string[]>();
  for (const signal of doc.signals) addDistinct(listAt(signalTypes, signal.sentenceIndex), signal.type);
  const sourceKinds = new Map<number, string[]>();
  for (const attribution of doc.attributions) {
    addDistinct(listAt(sourceKinds, attribution.sentenceIndex), attribution.source.kind);
  }
  return sentences.map((sentence, at) => ({
    tokens: sentence.tokens,
    text: sentence.text,
    tags: tags[at] as string[],
    entityTypes: entityTypes[at] as string[],
    signalTypes: signalTypes.get(sentence.index) ?? [],
    sourceKinds: sourceKinds.get(sentence.index) ?? [],
  }));
}

/**
 * Per sentence (in text order), the distinct values of the spans it holds: each span goes to every
 * sentence that holds it, found by bisection from the last sentence starting by the span's start.
 */
function valuesBySentence<T extends { start: number; end: number }>(
  sentences: readonly Sentence[],
  spans: readonly T[],
  read: (span: T) => string,
): string[][] {
  const values = sentences.map((): string[] => []);
  for (const span of spans) {
    for (let at = lastStartingBy(sentences, span.start); at >= 0; at -= 1) {
      const sentence = sentences[at] as Sentence;
      // Ends never go back either: a sentence that ends too soon is the last that could hold it.
      if (!(sentence.end >= span.end)) break;
      if (span.start >= sentence.start) addDistinct(values[at] as string[], read(span));
    }
  }
  return values;
}

/** Whether both the starts and the ends of the sentences never go back. */
function inTextOrder(sentences: readonly Sentence[]): boolean {
  for (let at = 1; at < sentences.length; at += 1) {
    const previous = sentences[at - 1] as Sentence;
    const sentence = sentences[at] as Sentence;
    if (!(sentence.start >= previous.start && sentence.end >= previous.end)) return false;
  }
  return true;
}

/** The last of the sentences (in text order) that starts at or before `position`; -1 if none does. */
function lastStartingBy(sentences: readonly Sentence[], position: number): number {
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sentences[middle] as Sentence).start <= position) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function listAt(lists: Map<number, string[]>, key: number): string[] {
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }
  return list;
}

/** The murmur3 finalizer: spreads every input bit over the low bits the bucket index is taken from. */
export function finish(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  // Signed 32-bit keeps the arithmetic in small integers; the bucket takes only the low bits.
  return mixed ^ (mixed >>> 16);
}

/** One FNV-1a step over a 32-bit value: n-grams combine token hashes without building strings. */
export function step(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193);
}

export const BEGIN = hashString('<s>');
export const END = hashString('</s>');
export const SEEDS = Object.fromEntries(FEATURE_GROUPS.map((group) => [group, hashString(group)])) as Record<
  FeatureGroup,
  number
>;

/** Hashes of every n-gram of the given orders over the items, with sentence boundaries. */
function ngramHashes(
  seed: number,
  items: readonly number[],
  orders: readonly number[],
  into: number[],
): void {
  const padded = [BEGIN, ...items, END];
  for (const order of orders) {
    const base = step(seed, order);
    for (let start = 0; start + order <= padded.length; start += 1) {
      let hash = base;
      for (let offset = 0; offset < order; offset += 1) hash = step(hash, padded[start + offset] as number);
      into.push(finish(hash));
    }
  }
}

/** Universal part-of-speech tags hashed once; a tag outside the list is hashed when met. */
const TAG_HASHES: ReadonlyMap<string, number> = new Map(
  UNIVERSAL_POS_TAGS.map((tag) => [tag, hashString(tag)]),
);

export function tagHash(tag: string): number {
  return TAG_HASHES.get(tag) ?? hashString(tag);
}

const SPACE = 32;
const ZERO = 48;
const NINE = 57;

/** Character 3- to 5-grams of ` word ` (digits read as 0), hashed as they are read. */
export function characterHashes(seed: number, normal: string, into: number[]): void {
  const length = normal.length + 2;
  for (let start = 0; start + 3 <= length; start += 1) {
    let hash = seed;
    const stop = Math.min(start + 5, length);
    for (let position = start; position < stop; position += 1) {
      const char = position === 0 || position === length - 1 ? SPACE : normal.charCodeAt(position - 1);
      hash = step(hash, char >= ZERO && char <= NINE ? ZERO : char);
      if (position - start >= 2) into.push(finish(step(hash, position - start)));
    }
  }
}

export function lengthBucket(words: number): number {
  const bucket = LENGTH_BUCKETS.findIndex((limit) => words <= limit);
  return bucket === -1 ? LENGTH_BUCKETS.length : bucket;
}

/** The hashes of one group's features, before they are folded into buckets; repeats are allowed. */
function groupHashes(
  group: FeatureGroup,
  view: SentenceView,
  tokenHashes: readonly number[],
  tagHashes: readonly number[],
): number[] {
  const { tokens } = view;
  const seed = SEEDS[group];
  const found: number[] = [];
  switch (group) {
    case 'words':
      for (const hash of tokenHashes) found.push(finish(step(seed, hash)));
      break;
    case 'bigrams':
      ngramHashes(seed, tokenHashes, [2], found);
      break;
    case 'characters':
      for (const token of tokens) if (!WORD_TAGS.has(token.pos)) characterHashes(seed, token.normal, found);
      break;
    case 'partOfSpeech':
      ngramHashes(seed, tagHashes, [1, 2, 3], found);
      break;
    case 'shape':
      ngramHashes(
        seed,
        tokens.map((token, index) =>
          CONTENT_TAGS.has(token.pos) ? (tagHashes[index] as number) : (tokenHashes[index] as number),
        ),
        [2, 3],
        found,
      );
      break;
    case 'tagged':
      for (const tag of view.tags) found.push(finish(step(seed, hashString(tag))));
      break;
    case 'entities':
      for (const type of view.entityTypes) found.push(finish(step(seed, hashString(type))));
      break;
    case 'signals':
      for (const type of view.signalTypes) found.push(finish(step(step(seed, 1), hashString(type))));
      for (const kind of view.sourceKinds) found.push(finish(step(step(seed, 2), hashString(kind))));
      break;
    case 'form': {
      const words = tokens.filter((token) => !WORD_TAGS.has(token.pos)).length;
      const question = tokens[tokens.length - 1]?.normal === '?' || view.text.trimEnd().endsWith('?');
      found.push(finish(step(step(seed, 1), lengthBucket(words))));
      found.push(finish(step(step(seed, 2), tokenHashes[0] ?? 0)));
      found.push(finish(step(step(seed, 3), question ? 1 : 0)));
      break;
    }
    case 'lexicon': {
      const classes = tokens.map((token, index) => {
        const entry = LEXICON.get(token.normal);
        for (const tag of entry ?? []) found.push(finish(step(step(seed, 1), tag)));
        return entry?.[0] ?? (tagHashes[index] as number);
      });
      ngramHashes(step(seed, 2), classes, [2], found);
      break;
    }
  }
  return found;
}

/**
 * Visits every feature of the sentence as (bucket, value): each group's hashed features, each
 * occurrence worth `weight / sqrt(occurrences in the group)`, so a group's pull does not grow with
 * how many features it fires (character n-grams fire far more than signal types). Scoring sums
 * weights straight from here, with no vector built.
 */
export function visitFeatures(
  view: SentenceView,
  options: FeatureOptions,
  visit: (bucket: number, value: number) => void,
): void {
  const { dimensions, groups } = options;
  const mask = dimensions - 1;
  const tokenHashes = view.tokens.map((token) => hashString(token.normal));
  const tagHashes = view.tokens.map((token) => tagHash(token.pos));
  for (const group of FEATURE_GROUPS) {
    const weight = groups[group] ?? 0;
    if (weight === 0) continue;
    const hashes = groupHashes(group, view, tokenHashes, tagHashes);
    const value = weight / Math.sqrt(hashes.length);
    for (const hash of hashes) visit(hash & mask, value);
  }
}

/**
 * The sentence as a sparse vector, repeated features summed: what training reads.
 *
 * @example
 * const vector = checkworthinessFeatures(viewSentence(doc.sentences[0], doc), {
 *   dimensions: 1 << 18,
 *   groups: { words: 1, bigrams: 1, tagged: 0.5 },
 * });
 */
export function checkworthinessFeatures(view: SentenceView, options: FeatureOptions): SparseVector {
  const sums = new Map<number, number>();
  visitFeatures(view, options, (bucket, value) => sums.set(bucket, (sums.get(bucket) ?? 0) + value));
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => sums.get(index) ?? 0) };
}
