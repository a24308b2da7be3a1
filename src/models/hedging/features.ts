import type { Sentence, Token } from '../../core/types.ts';
import type { SparseVector } from '../sparse.ts';

/**
 * Named phrase lists the model reads: the `hedge` and `vague-source` lists of the signal lexicon, and
 * candidate words (data/lexicons/hedge-candidates.json) whose weight the model learns.
 */
export type CuePhraseLists = Record<string, string[]>;

export interface CuePhrase {
  phrase: string;
  /** The tokens the phrase reads as: words, and hyphens apart ("so-called" is so, -, called). */
  pieces: readonly string[];
  /** Every list that holds the phrase. */
  types: readonly string[];
}

/** Cue phrases indexed by their first word, longest first, so a lookup per token finds every candidate. */
export interface CueLexicon {
  byFirstWord: ReadonlyMap<string, readonly CuePhrase[]>;
  /**
   * Marks the (length, first letter, last letter) shapes of first words and weasel anchors: most tokens
   * are neither, and skip the lookups.
   */
  shapes: Uint8Array;
}

/** A lexicon phrase found in a sentence, as an inclusive range of token indices. */
export interface LexiconHit extends CuePhrase {
  first: number;
  last: number;
}

/**
 * The value each feature group takes in a sentence vector, 0 to leave the group out. A smaller value
 * needs larger weights to move the score, so under the same L2 penalty it acts as stronger regularization
 * of that group.
 */
export interface SentenceFeatureOptions {
  /** Word unigrams and bigrams. */
  words: number;
  /** Character 3- to 5-grams inside words. */
  characters: number;
  /** Lexicon hits, with the part of speech of the cue and where it stands. */
  lexicon: number;
  /** Weasel patterns: quantifier + what follows ("some historians"), passive report verbs ("is considered"). */
  weasel: number;
}

/**
 * Features by the FNV-1a hash of their name (as `hashString` in src/models/sparse.ts gives it), each
 * once: a sentence's words repeat, its binary features must not.
 */
export type HashedFeatures = Map<number, number>;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function extendHash(state: number, text: string): number {
  let hash = state;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

/**
 * `hashString(first + second + ...)` without building the string: FNV-1a reads its input in one pass,
 * so hashing the parts one after another gives the same number. Feature names are built per token and
 * per sentence in the pipeline, so the strings are worth saving.
 *
 * @example
 * hashJoined('hp:', 'may') === hashString('hp:may'); // true
 */
export function hashJoined(first: string, second = '', third = '', fourth = '', fifth = ''): number {
  let state = extendHash(FNV_OFFSET, first);
  state = extendHash(state, second);
  state = extendHash(state, third);
  state = extendHash(state, fourth);
  return extendHash(state, fifth) >>> 0;
}

/** Parts of speech that are never a hedge cue: "May" the month is PROPN, "may" the modal AUX. */
const NEVER_CUE = new Set(['PUNCT', 'SYM', 'NUM', 'PROPN', 'SPACE']);
const QUANTIFIERS = new Set([
  'some',
  'many',
  'most',
  'several',
  'few',
  'others',
  'numerous',
  'various',
  'certain',
]);
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re"]);

/** A lexicon phrase as the lexicon keeps it: lower case, single spaces. */
export function normalPhrase(raw: string): string {
  return raw.toLowerCase().trim().replace(/\s+/g, ' ');
}

const SHAPES = 32 * 64 * 64;

function shapeOf(word: string): number {
  const length = Math.min(word.length, 31);
  return (length * 64 + (word.charCodeAt(0) & 63)) * 64 + (word.charCodeAt(word.length - 1) & 63);
}

/**
 * Builds the cue lexicon from named phrase lists; a phrase in several lists carries every list's name.
 *
 * @example
 * const lexicon = createCueLexicon({ hedge: ['may', 'may have'], 'vague-source': ['some people'] });
 */
export function createCueLexicon(lists: CuePhraseLists): CueLexicon {
  const types = new Map<string, string[]>();
  for (const [type, phrases] of Object.entries(lists)) {
    for (const raw of phrases) {
      const phrase = normalPhrase(raw);
      const known = types.get(phrase) ?? [];
      if (!known.includes(type)) known.push(type);
      types.set(phrase, known);
    }
  }
  const byFirstWord = new Map<string, CuePhrase[]>();
  for (const [phrase, phraseTypes] of types) {
    const pieces = phrase.split(/\s+|(-)/).filter((piece) => piece !== undefined && piece !== '');
    const first = pieces[0] ?? phrase;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), { phrase, pieces, types: phraseTypes }]);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.phrase.length - a.phrase.length);
  const shapes = new Uint8Array(SHAPES);
  for (const word of [...byFirstWord.keys(), ...QUANTIFIERS, ...BE_FORMS]) shapes[shapeOf(word)] = 1;
  return { byFirstWord, shapes };
}

/** What one pass over a sentence's tokens finds: lexicon hits, and where weasel patterns may start. */
export interface SentenceScan {
  hits: LexiconHit[];
  /** Token indices of quantifiers ("some", "many") and forms of "be", where weasel patterns start. */
  anchors: number[];
}

/**
 * Lexicon phrases in a sentence, longest first and not overlapping, read off the sentence's tokens (a
 * phrase matches whole tokens, so "mayor" never matches "may"), and the weasel anchors, in one pass:
 * reading the tokens is most of what the model costs.
 */
export function scanSentence(sentence: Sentence, lexicon: CueLexicon): SentenceScan {
  const hits: LexiconHit[] = [];
  const anchors: number[] = [];
  const { tokens } = sentence;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    const word = token.normal;
    if (lexicon.shapes[shapeOf(word)] === 0) continue;
    if (QUANTIFIERS.has(word) || BE_FORMS.has(word)) anchors.push(index);
    const candidates = lexicon.byFirstWord.get(word);
    if (!candidates) continue;
    for (const candidate of candidates) {
      if (!piecesMatch(tokens, index, candidate.pieces)) continue;
      const last = index + candidate.pieces.length - 1;
      if (inCompound(tokens, index, last)) continue;
      // Spelled out: a spread that adds fields makes a new hidden class per hit, slow to build and to read.
      hits.push({
        phrase: candidate.phrase,
        pieces: candidate.pieces,
        types: candidate.types,
        first: index,
        last,
      });
      // Anchors inside the phrase ("some" in "some people say") still count.
      for (let inner = index + 1; inner <= last; inner += 1) {
        const innerWord = (tokens[inner] as Token).normal;
        if (QUANTIFIERS.has(innerWord) || BE_FORMS.has(innerWord)) anchors.push(inner);
      }
      index = last;
      break;
    }
  }
  return { hits, anchors };
}

function joined(left: Token, right: Token): boolean {
  return left.end === right.start;
}

/** Whether a hyphen joins the phrase to a word before or after it: "may" is no cue in "may-pole". */
function inCompound(tokens: readonly Token[], first: number, last: number): boolean {
  const before = tokens[first - 1];
  const after = tokens[last + 1];
  return (
    (before !== undefined && before.normal === '-' && joined(before, tokens[first] as Token)) ||
    (after !== undefined && after.normal === '-' && joined(tokens[last] as Token, after))
  );
}

function piecesMatch(tokens: readonly Token[], first: number, pieces: readonly string[]): boolean {
  if (first + pieces.length > tokens.length) return false;
  // The first piece matched already: it is the key the phrase was found under.
  for (let offset = 1; offset < pieces.length; offset += 1) {
    if ((tokens[first + offset] as Token).normal !== pieces[offset]) return false;
  }
  return true;
}

/**
 * Whether a lexicon hit may be a cue at all. A hit that starts on a name, a number or punctuation never
 * is, nor one capitalized after a word in mid-sentence unless it is an auxiliary: the tagger does not
 * always call the month "May" a proper noun, but the capital gives it away.
 */
export function isCueCandidate(sentence: Sentence, hit: LexiconHit): boolean {
  const first = sentence.tokens[hit.first] as Token;
  if (NEVER_CUE.has(first.pos)) return false;
  const before = sentence.tokens[hit.first - 1];
  const afterWord = before !== undefined && /\p{L}/u.test(before.normal);
  return !(afterWord && first.pos !== 'AUX' && /^\p{Lu}/u.test(first.text));
}

type Place = 'start' | 'early' | 'late';

function placeOf(sentence: Sentence, index: number): Place {
  if (index === 0) return 'start';
  return index < sentence.tokens.length / 2 ? 'early' : 'late';
}

/** `|` and the place, as feature names end in it; written out so no string is built per hit. */
const PLACE_SUFFIXES: Record<Place, string> = { start: '|start', early: '|early', late: '|late' };

/** Receives features one by one, by the hash of their name. */
export type FeatureSink = (hash: number, value: number) => void;

/**
 * Features of one lexicon hit in its context, for the cue scorer: the phrase with its part of speech,
 * the lists that hold it, its neighbours and the words around it (outside `others`, the sentence's
 * hits, itself included), and where it stands. Each feature goes to `emit` once; the pipeline scores
 * them as they come instead of collecting them.
 */
export function hitFeatures(
  sentence: Sentence,
  hit: LexiconHit,
  others: readonly LexiconHit[],
  emit: FeatureSink,
): void {
  const { tokens } = sentence;
  const first = tokens[hit.first] as Token;
  const before = tokens[hit.first - 1];
  const after = tokens[hit.last + 1];
  const phrase = hit.phrase;
  const place = placeOf(sentence, hit.first);
  emit(hashJoined('hp:', phrase), 1);
  emit(hashJoined('hpos:', phrase, '|', first.pos), 1);
  emit(hashJoined('l:', before?.normal ?? '<s>', '|', phrase), 1);
  emit(hashJoined('r:', phrase, '|', after?.normal ?? '</s>'), 1);
  emit(hashJoined('lp:', before?.pos ?? '<s>', '|', phrase), 1);
  emit(hashJoined('rp:', phrase, '|', after?.pos ?? '</s>'), 1);
  emit(hashJoined('place:', phrase, '|', place), 1);
  for (const type of hit.types) {
    emit(hashJoined('h:', type), 1);
    emit(hashJoined('hpos:', type, '|', first.pos), 1);
    emit(hashJoined('place:', type, '|', place), 1);
  }
  if (hit.first > 0 && /^\p{Lu}/u.test(first.text)) emit(hashJoined('cap:', phrase), 1);
  const from = Math.max(0, hit.first - 3);
  const to = Math.min(tokens.length - 1, hit.last + 3);
  for (let index = from; index <= to; index += 1) {
    // Other hits stay out of the context, or a word would learn to be a cue by standing beside one.
    if (others.some((other) => index >= other.first && index <= other.last)) continue;
    const word = (tokens[index] as Token).normal;
    if (!seenBefore(tokens, from, index, word, others)) emit(hashJoined('ctx:', word), 0.5);
  }
}

/** Whether `word` already stood in the context window before `index`: each context word counts once. */
function seenBefore(
  tokens: readonly Token[],
  from: number,
  index: number,
  word: string,
  others: readonly LexiconHit[],
) {
  for (let earlier = from; earlier < index; earlier += 1) {
    if (others.some((other) => earlier >= other.first && earlier <= other.last)) continue;
    if ((tokens[earlier] as Token).normal === word) return true;
  }
  return false;
}

/** Collects features from a feature function into a map, for training. */
export function collectFeatures(produce: (emit: FeatureSink) => void): HashedFeatures {
  const features: HashedFeatures = new Map();
  produce((hash, value) => {
    features.set(hash, value);
  });
  return features;
}

function isPunctuation(token: Token): boolean {
  return token.pos === 'PUNCT' || token.pos === 'SYM';
}

/**
 * The feature groups of a sentence, by `options`. A feature is present or not, with its group's value;
 * counts would favour long sentences.
 */
export function sentenceFeatures(
  sentence: Sentence,
  scan: SentenceScan,
  options: SentenceFeatureOptions,
): HashedFeatures {
  const { hits } = scan;
  const features: HashedFeatures = new Map();
  const { tokens } = sentence;
  if (options.words || options.characters) {
    const addWord = adder(features, options.words);
    const addCharacters = adder(features, options.characters);
    let previous = '<s>';
    for (const token of tokens) {
      if (isPunctuation(token)) continue;
      const word = /\d/.test(token.normal) ? '<num>' : token.normal;
      if (options.words) {
        addWord(hashJoined('u:', word));
        addWord(hashJoined('b:', previous, '_', word));
      }
      if (options.characters && word.length > 2) addCharacterGrams(word, addCharacters);
      previous = word;
    }
  }
  if (options.lexicon) {
    const value = options.lexicon;
    for (const hit of hits) {
      const first = tokens[hit.first] as Token;
      const place = placeOf(sentence, hit.first);
      features.set(hashJoined('L:', hit.phrase), value);
      features.set(hashJoined('L:', hit.phrase, '|', first.pos), value);
      for (const type of hit.types) {
        features.set(hashJoined('L:', type), value);
        features.set(hashJoined('L:', type, '|', first.pos, PLACE_SUFFIXES[place]), value);
      }
    }
    if (hits.length > 1) features.set(SEVERAL_HITS, value);
    // Longer sentences hold more chances of a cue, whatever the words.
    features.set(LENGTH_FEATURES[Math.min(6, Math.floor(Math.log2(tokens.length + 1)))] as number, value);
  }
  if (options.weasel) addWeaselFeatures(tokens, scan.anchors, adder(features, options.weasel));
  return features;
}

/** A sink that sets each feature it is given to `value`. */
function adder(features: HashedFeatures, value: number): (hash: number) => void {
  return (hash) => {
    features.set(hash, value);
  };
}

/** `L:several` and `len:0` to `len:6`, hashed once: they are the same in every sentence. */
const SEVERAL_HITS = hashJoined('L:several');
const LENGTH_FEATURES = [0, 1, 2, 3, 4, 5, 6].map((bucket) => hashJoined('len:', String(bucket)));

function addCharacterGrams(word: string, add: (hash: number) => void): void {
  const padded = `^${word}$`;
  for (let size = 3; size <= 5; size += 1) {
    for (let start = 0; start + size <= padded.length; start += 1) {
      add(hashJoined('c:', padded.slice(start, start + size)));
    }
  }
}

function addWeaselFeatures(
  tokens: readonly Token[],
  anchors: readonly number[],
  add: (hash: number) => void,
) {
  for (const index of anchors) {
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    if (QUANTIFIERS.has(token.normal) && token.pos !== 'PROPN') {
      add(hashJoined('Q:', token.normal, '|', next?.pos ?? '</s>'));
      if (next) add(hashJoined('Q:', token.normal, '|', next.normal));
      add(hashJoined('Q:any'));
    }
    if (BE_FORMS.has(token.normal)) {
      let verbIndex = index + 1;
      if (tokens[verbIndex]?.pos === 'ADV') verbIndex += 1;
      const verb = tokens[verbIndex];
      if (verb && verb.pos === 'VERB' && /(?:ed|en|wn|ght)$/.test(verb.normal)) {
        add(hashJoined('P:', verb.normal));
        if (tokens[index - 1]?.normal === 'it') add(hashJoined('P:it|', verb.normal));
        const after = tokens[verbIndex + 1];
        if (after && (after.normal === 'to' || after.normal === 'that' || after.normal === 'as'))
          add(hashJoined('P:', verb.normal, '|', after.normal));
      }
    }
  }
}

/** Hashed features as the sparse vector training reads: colliding features add up, as in `vectorize`. */
export function toSparse(features: HashedFeatures, dimensions: number): SparseVector {
  const sums = new Map<number, number>();
  for (const [hash, value] of features) {
    if (value === 0) continue;
    const index = hash % dimensions;
    sums.set(index, (sums.get(index) ?? 0) + value);
  }
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => sums.get(index) ?? 0) };
}
