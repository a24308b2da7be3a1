import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { isUnicodeSpace } from './characters.ts';

/** A feature table of wink's core model: each value's id in `hash`, the values in id order in `list`. */
interface WinkFeature {
  hash: Record<string, number>;
  list: unknown[];
  index?: number;
}

/** The part of wink's core model that reading a document writes to. */
interface WinkCore {
  features: Record<string, WinkFeature>;
  /** `efSize`: how many numbers hold the features of a word not in the model. */
  packing: { efSize: number };
}

/** wink's feature extractors for a word it adds to its lexicon: each takes the word and its token category. */
type WinkFeatureMethods = Record<string, (word: string, category: number, cache: unknown) => unknown>;

/** How many words the remembering extractors keep before they start afresh, bounding their memory. */
const REMEMBERED_WORDS = 1 << 16;

/** What an extractor has not yet been asked about a word. */
const NOT_YET = Symbol('not yet');

/**
 * The extractors wink runs on every word it adds, all of them functions of the word, its token category
 * and wink's built-in lexicon alone: slices, case and abbreviation tests, the shape (a Unicode
 * normalization and seven replacements) and the default tag (a lexicon lookup and suffix tests).
 */
const REMEMBERED_FEATURES = ['prefix', 'suffix', 'lutCase', 'shape', 'isAbbrev', 'pos'];

/**
 * wink's feature extractors, remembering their answers. Every reading starts from the lexicon wink was
 * built with, so each text adds its unknown words again and extracts their features again, about 2% of
 * an article's analysis. What they read never changes (`pos` consults the lexicon only for words below
 * its built-in size, which a reading does not touch), so a remembered answer is the one wink would
 * compute. wink asks the extractors about a word one after another, so the word's answers share one
 * entry, found once.
 */
function rememberingFeatures(methods: WinkFeatureMethods): WinkFeatureMethods {
  const names = REMEMBERED_FEATURES.filter((name) => methods[name] !== undefined);
  // One table per token category: the category is a small number, the word a string key.
  const byCategory = new Map<number, Map<string, unknown[]>>();
  let size = 0;
  let lastWord: string | null = null;
  let lastCategory = -1;
  let lastAnswers: unknown[] = [];
  const answersOf = (word: string, category: number): unknown[] => {
    if (word === lastWord && category === lastCategory) return lastAnswers;
    let known = byCategory.get(category);
    if (!known) {
      known = new Map();
      byCategory.set(category, known);
    }
    let answers = known.get(word);
    if (!answers) {
      if (size >= REMEMBERED_WORDS) {
        for (const table of byCategory.values()) table.clear();
        size = 0;
      }
      answers = names.map(() => NOT_YET);
      known.set(word, answers);
      size += 1;
    }
    lastWord = word;
    lastCategory = category;
    lastAnswers = answers;
    return answers;
  };
  names.forEach((name, position) => {
    const extract = methods[name] as WinkFeatureMethods[string];
    methods[name] = (word, category, cache) => {
      const answers = answersOf(word, category);
      let answer = answers[position];
      if (answer === NOT_YET) {
        answer = extract(word, category, cache);
        answers[position] = answer;
      }
      return answer;
    };
  });
  return methods;
}

/** A word not in wink's model: reading it once finds wink's array of unknown words' features. */
const PROBE_WORD = 'claimtrailprobeqzx';

/**
 * wink-nlp with its English lite model (sentence boundaries, part of speech and date/number entities),
 * and a function that puts the instance back as it was before any document was read.
 *
 * wink adds every word it has not seen to its lexicon (the core model's feature tables, and a private
 * array of the new words' features) and never removes it, and its tokenizer keeps whole any piece of
 * text that is in the lexicon. "Trump's," puts "Trump's" there whole, so every later "Trump's" stayed
 * one token where a fresh instance reads "Trump" and "'s": a text's tokens, and all the analysis built
 * on them, depended on what the process had read before; the tables also grew without end, and ids
 * past a table's `maxIndex` would spill into the neighbouring bits of wink's packed features. Cutting
 * the tables back to their sizes when the instance was built makes each reading start from the same
 * state. The private array is found by watching the one multi-value `push` that adding a word makes;
 * building a fresh instance per text instead costs about 100 ms, more than analyzing most articles.
 */
function createWink() {
  let core: WinkCore | null = null;
  const extractors = (model as unknown as { featureFn: (config: unknown) => WinkFeatureMethods }).featureFn;
  const capturing = {
    ...model,
    core: () => {
      core = (model.core as () => WinkCore)();
      return core;
    },
    featureFn: (config: unknown) => rememberingFeatures(extractors(config)),
  };
  const instance = winkNLP(capturing, ['sbd', 'pos', 'ner']);
  if (!core) throw new Error('claimtrail: wink-nlp did not load its core model through model.core()');
  const features = Object.values((core as WinkCore).features).filter(
    (feature) => Array.isArray(feature?.list) && typeof feature.hash === 'object',
  );
  const sizes = features.map((feature) => ({ feature, length: feature.list.length, index: feature.index }));

  // wink keeps the features of each word it adds in a private array, one run of `2 + efSize` numbers per
  // word that starts with the word's normal form twice; the push of the probe word's run finds it.
  const lexemes = (core as WinkCore).features.lexeme;
  const runLength = 2 + (core as WinkCore).packing.efSize;
  let unknownWords: unknown[] | null = null;
  let unknownWordsLength = 0;
  const push = Array.prototype.push;
  Array.prototype.push = function watchedPush(this: unknown[], ...items: unknown[]) {
    const id = lexemes?.hash[PROBE_WORD];
    if (
      unknownWords === null &&
      items.length === runLength &&
      id !== undefined &&
      items[0] === id &&
      items[1] === id
    ) {
      unknownWords = this;
      unknownWordsLength = this.length;
    }
    return push.apply(this, items);
  };
  try {
    instance.readDoc(PROBE_WORD);
  } finally {
    Array.prototype.push = push;
  }
  if (!unknownWords) throw new Error('claimtrail: wink-nlp added a word without the expected feature array');
  const unknownWordFeatures: unknown[] = unknownWords;

  /** Removes every value added to the lexicon since the instance was built. */
  const forgetNewWords = (): void => {
    for (const { feature, length, index } of sizes) {
      const { list, hash } = feature;
      for (let id = length; id < list.length; id += 1) delete hash[String(list[id])];
      list.length = length;
      if (index !== undefined) feature.index = index;
    }
    unknownWordFeatures.length = unknownWordsLength;
  };
  forgetNewWords();
  return { nlp: instance, forgetNewWords };
}

const wink = createWink();

/** wink-nlp with its English lite model: sentence boundaries, part of speech and date/number entities. */
export const nlp = wink.nlp;
export const its = nlp.its;

/**
 * Puts wink's lexicon back as it was built, as `readWithWink` does before each reading: what a
 * measurement of wink alone calls to read from the state the pipeline reads from.
 */
export function forgetNewWords(): void {
  wink.forgetNewWords();
}

/** The universal part-of-speech tags wink assigns, SPACE included. */
export const UNIVERSAL_POS_TAGS = [
  'ADJ',
  'ADP',
  'ADV',
  'AUX',
  'CCONJ',
  'DET',
  'INTJ',
  'NOUN',
  'NUM',
  'PART',
  'PRON',
  'PROPN',
  'PUNCT',
  'SCONJ',
  'SYM',
  'VERB',
  'X',
  'SPACE',
] as const;

export interface WinkToken {
  start: number;
  end: number;
  text: string;
  pos: string;
  /** `text` lower-cased. */
  normal: string;
}

export interface WinkEntity {
  type: string;
  firstToken: number;
  lastToken: number;
}

export interface WinkReading {
  tokens: WinkToken[];
  /** Inclusive token index ranges, one per sentence. */
  sentences: [number, number][];
  entities: WinkEntity[];
  /** Whether every token's text is the read text's at its offsets, as it is unless wink ever differs from it. */
  inPlace: boolean;
}

/** The longest run of non-space characters wink reads as one piece; longer runs are cut into such pieces. */
export const LONGEST_RUN = 256;

/**
 * Whether wink counts the character as a token's preceding space: the characters of its splitter other
 * than line breaks and tabs, which are tokens of their own.
 */
function isPrecedingSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0xa0 ||
    (code >= 0x2002 && code <= 0x2005) ||
    code === 0x2009 ||
    code === 0x200a ||
    code === 0x202f ||
    code === 0x205f
  );
}

/**
 * The text as wink is given it: every run of more than LONGEST_RUN non-space characters has each
 * (LONGEST_RUN + 1)th character replaced by a space. The English model tests each token with a
 * regular expression whose cost grows with the square of the token's length (a 100,000-letter token
 * took 11 s, a 1 MB one would take minutes); no word or URL in an article comes near the limit, and the
 * length stays the same, so every offset still points into the original text.
 */
function cutLongRuns(text: string): string {
  let pieces: string[] | null = null;
  let from = 0;
  let run = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // The whitespace wink splits on: ASCII spaces and controls, no-break and other Unicode spaces. Most
    // characters are ASCII letters and marks, answered by the first two tests.
    const space = code <= 0x20 || (code >= 0xa0 && isUnicodeSpace(code));
    if (space) {
      run = 0;
    } else if (run === LONGEST_RUN) {
      pieces ??= [];
      pieces.push(text.slice(from, index), ' ');
      from = index + 1;
      run = 0;
    } else {
      run += 1;
    }
  }
  if (!pieces) return text;
  pieces.push(text.slice(from));
  return pieces.join('');
}

/**
 * Reads text with wink-nlp and gives tokens with character offsets. wink keeps each token's preceding
 * spaces, so a token starts after the spaces that follow the previous one; they are skipped in the text
 * rather than read from wink, which makes a string of them for every token. Every reading starts from
 * the lexicon wink had when it was built, so a text gets the same reading whatever was read before it.
 */
export function readWithWink(original: string): WinkReading {
  const text = cutLongRuns(original);
  // Before rather than after reading: words left by a direct `nlp.readDoc` or a reading that threw are gone too.
  wink.forgetNewWords();
  // Same length, so tokens read from `text` have the offsets they have in `original`.
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const tokens: WinkToken[] = new Array(values.length);
  let cursor = 0;
  // A text with long runs cut is not the text given, so its tokens are not that text's.
  let inPlace = text === original;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? '';
    while (cursor < text.length && isPrecedingSpace(text.charCodeAt(cursor))) cursor += 1;
    // wink reproduces the input exactly; fall back to a search should a token ever differ from the text.
    if (text.startsWith(value, cursor) === false) {
      const found = text.indexOf(value, cursor);
      if (found >= 0) cursor = found;
      else inPlace = false;
    }
    tokens[index] = {
      start: cursor,
      end: cursor + value.length,
      text: value,
      pos: tags[index] ?? 'X',
      normal: value.toLowerCase(),
    };
    cursor += value.length;
  }
  const sentences = doc.sentences().out(its.span) as unknown as [number, number][];
  const entitySpans = doc.entities().out(its.span) as unknown as [number, number][];
  const entityTypes = doc.entities().out(its.type) as unknown as string[];
  const entities: WinkEntity[] = entitySpans.map(([firstToken, lastToken], index) => ({
    type: entityTypes[index] ?? 'UNKNOWN',
    firstToken,
    lastToken,
  }));
  return { tokens, sentences, entities, inPlace };
}
