import { hashString } from '../sparse.ts';
import {
  BEGIN,
  CONTENT_TAGS,
  characterHashes,
  END,
  FEATURE_GROUPS,
  type FeatureGroup,
  type FeatureOptions,
  finish,
  LEXICON,
  lengthBucket,
  SEEDS,
  type SentenceView,
  step,
  tagHash,
  WORD_TAGS,
} from './features.ts';

/**
 * What scoring needs of one distinct word, computed the first time the word is met, laid out in one
 * row of a flat table: the word's two hashes (its key), the weight of its `words` feature, the count
 * and summed weights of its character n-grams and of its compromise lexicon tags, and its first
 * lexicon tag (-1 when compromise does not know it).
 */
const KEY = 0;
const CHECK = 1;
const WORD = 2;
const CHARACTER_COUNT = 3;
const CHARACTER_SUM = 4;
const LEXICON_COUNT = 5;
const LEXICON_SUM = 6;
const LEXICON_CLASS = 7;
const ROW = 8;
const EMPTY = -1;
/** Rows in the table, a power of two; it starts afresh at half full, bounding memory and probe chains. */
const TABLE_ROWS = 1 << 16;

/**
 * The word's FNV-1a hash (the feature hash, as `hashString` gives it) and a second, independent hash;
 * the two together key the word table. A table of strings measured several times slower: looking a
 * fresh string up reads the strings its bucket holds, while two 32-bit hashes compare in one read of
 * the row. Both hashes are taken in one pass over the word, the first into `pair[0]`, the second into
 * `pair[1]`, so the word's characters are read once.
 */
function hashPair(text: string, pair: Float64Array): void {
  let key = 0x811c9dc5;
  let check = 0x9747b28c;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    key = Math.imul(key ^ code, 0x01000193);
    check = Math.imul(check ^ code, 0x5bd1e995);
    check ^= check >>> 15;
  }
  pair[0] = key >>> 0;
  pair[1] = (check ^ text.length) >>> 0;
}

/** What the scorer needs of a part-of-speech tag: its hash, and whether it marks punctuation or content. */
interface TagClass {
  hash: number;
  /** The tag's place among the tags met so far, its row in the part-of-speech n-gram tables. */
  symbol: number;
  /** PUNCT or SYM: left out of character n-grams and of the word count. */
  punctuation: boolean;
  /** A content tag: the `shape` group replaces the word by its tag. */
  content: boolean;
}

function tagClassOf(tag: string, symbol: number): TagClass {
  return { hash: tagHash(tag), symbol, punctuation: WORD_TAGS.has(tag), content: CONTENT_TAGS.has(tag) };
}

/** Symbols of the part-of-speech n-gram tables: up to 30 tags (wink has 18), then the sentence boundaries. */
const SYMBOLS = 32;
const BEGIN_SYMBOL = SYMBOLS - 2;
const END_SYMBOL = SYMBOLS - 1;

/**
 * The weights of part-of-speech n-grams by their tags' symbols, filled as n-grams are met: the same
 * weights `ngramSum` finds by hashing, but a tag sequence takes only a few thousand values, which a
 * small table holds where the hashed buckets are spread over the whole weight array and miss the cache.
 */
interface TagGramTables {
  /** One table per order (1 to 3), `SYMBOLS ** order` entries, NaN where not yet looked up. */
  byOrder: Float32Array[];
  seeds: number[];
}

function createTagGramTables(seed: number): TagGramTables {
  return {
    byOrder: [1, 2, 3].map((order) => new Float32Array(SYMBOLS ** order).fill(Number.NaN)),
    seeds: [1, 2, 3].map((order) => step(seed, order)),
  };
}

/**
 * `ngramSum` over the tags of a sentence given by their symbols (`symbols[0]` the beginning,
 * `symbols[count + 1]` the end): the same weights added in the same order.
 */
function tagGramSum(
  tables: TagGramTables,
  weights: Float32Array,
  mask: number,
  symbols: Int32Array,
  hashes: Int32Array,
  count: number,
  order: number,
): number {
  const table = tables.byOrder[order - 1] as Float32Array;
  const length = count + 2;
  let sum = 0;
  for (let start = 0; start + order <= length; start += 1) {
    let entry = 0;
    for (let offset = 0; offset < order; offset += 1)
      entry = entry * SYMBOLS + (symbols[start + offset] as number);
    let weight = table[entry] as number;
    if (Number.isNaN(weight)) {
      let hash = tables.seeds[order - 1] as number;
      for (let offset = 0; offset < order; offset += 1) hash = step(hash, hashes[start + offset] as number);
      weight = weights[finish(hash) & mask] as number;
      table[entry] = weight;
    }
    sum += weight;
  }
  return sum;
}

/**
 * Sums the weights of every n-gram of `order` over `count` items with the sentence boundaries around
 * them: `padded[0]` is BEGIN, the items follow, `padded[count + 1]` is END.
 */
function ngramSum(
  weights: Float32Array,
  mask: number,
  seed: number,
  padded: Int32Array,
  count: number,
  order: number,
): number {
  const base = step(seed, order);
  const length = count + 2;
  let sum = 0;
  for (let start = 0; start + order <= length; start += 1) {
    let hash = base;
    for (let offset = 0; offset < order; offset += 1) hash = step(hash, padded[start + offset] as number);
    sum += weights[finish(hash) & mask] as number;
  }
  return sum;
}

/** A group's share of the score: every feature's value is weight / sqrt(feature count). */
function weighted(weight: number, sum: number, features: number): number {
  return features > 0 ? (weight / Math.sqrt(features)) * sum : 0;
}

function ngramCount(items: number, order: number): number {
  return Math.max(0, items + 3 - order);
}

/**
 * Scores sentence views with a linear model over the features of `visitFeatures`, exactly as summing
 * `weight * value` over every visited feature would, but faster: a group's features all carry the same
 * value, so each group's weights are summed first, and the features that depend on a word alone are
 * summed once per distinct word and remembered, in a table of `tableRows` rows (a power of two; tests
 * make it small to make it start afresh often).
 *
 * @example
 * const score = createLinearScorer(weights, bias, file.features);
 * score(viewSentence(sentence, doc));
 */
export function createLinearScorer(
  weights: Float32Array,
  bias: number,
  options: FeatureOptions,
  tableRows: number = TABLE_ROWS,
): (view: SentenceView) => number {
  const mask = options.dimensions - 1;
  const groupWeight = (group: FeatureGroup) => options.groups[group] ?? 0;
  const active = FEATURE_GROUPS.filter((group) => groupWeight(group) !== 0);
  const tableLimit = tableRows >> 1;
  const table = new Float64Array(tableRows * ROW).fill(EMPTY);
  let filled = 0;
  const lexiconTagSeed = step(SEEDS.lexicon, 1);

  // Where `hashPair` leaves a word's two hashes: one array reused, so hashing allocates nothing.
  const pair = new Float64Array(2);
  /** The row of `normal` in the table, filling it the first time the word is met. */
  const rowOf = (normal: string): number => {
    hashPair(normal, pair);
    const key = pair[0] as number;
    const check = pair[1] as number;
    let row = (key & (tableRows - 1)) * ROW;
    while (table[row + KEY] !== EMPTY) {
      if (table[row + KEY] === key && table[row + CHECK] === check) return row;
      row = (row + ROW) % (tableRows * ROW);
    }
    if (filled >= tableLimit) {
      table.fill(EMPTY);
      filled = 0;
      row = (key & (tableRows - 1)) * ROW;
    }
    filled += 1;
    const characters: number[] = [];
    characterHashes(SEEDS.characters, normal, characters);
    let characterSum = 0;
    for (const character of characters) characterSum += weights[character & mask] as number;
    const tags = LEXICON.get(normal) ?? [];
    let lexiconSum = 0;
    for (const tag of tags) lexiconSum += weights[finish(step(lexiconTagSeed, tag)) & mask] as number;
    table[row + KEY] = key;
    table[row + CHECK] = check;
    table[row + WORD] = weights[finish(step(SEEDS.words, key)) & mask] as number;
    table[row + CHARACTER_COUNT] = characters.length;
    table[row + CHARACTER_SUM] = characterSum;
    table[row + LEXICON_COUNT] = tags.length;
    table[row + LEXICON_SUM] = lexiconSum;
    table[row + LEXICON_CLASS] = tags[0] ?? EMPTY;
    return row;
  };

  const listSum = (seed: number, names: readonly string[]) => {
    let sum = 0;
    for (const name of names) sum += weights[finish(step(seed, hashString(name))) & mask] as number;
    return sum;
  };

  // Tags are few: each is classified once, then every token of that tag reads the result.
  const tagClasses = new Map<string, TagClass>();
  let capacity = 0;
  // Per token, with the sentence boundaries around them as `ngramSum` reads them: the word hashes, the
  // words or tags of the shape group, the lexicon classes.
  let tokenHashes = new Int32Array(0);
  let items = new Int32Array(0);
  let lexiconClasses = new Int32Array(0);
  let content = new Uint8Array(0);
  // The sentence's tags with its boundaries around them, as symbols of the n-gram tables and as hashes.
  let tagSymbols = new Int32Array(0);
  let tagGramHashes = new Int32Array(0);
  const tagGrams = createTagGramTables(SEEDS.partOfSpeech);
  return (view) => {
    const { tokens } = view;
    const count = tokens.length;
    if (count > capacity) {
      // Grown once to the longest sentence met, then reused: allocating per sentence feeds the collector.
      capacity = 2 * count;
      tokenHashes = new Int32Array(capacity + 2);
      items = new Int32Array(capacity + 2);
      lexiconClasses = new Int32Array(capacity + 2);
      content = new Uint8Array(capacity);
      tagSymbols = new Int32Array(capacity + 2);
      tagGramHashes = new Int32Array(capacity + 2);
    }
    tokenHashes[0] = BEGIN;
    tokenHashes[count + 1] = END;
    items[0] = BEGIN;
    items[count + 1] = END;
    lexiconClasses[0] = BEGIN;
    lexiconClasses[count + 1] = END;
    tagGramHashes[0] = BEGIN;
    tagGramHashes[count + 1] = END;
    tagSymbols[0] = BEGIN_SYMBOL;
    tagSymbols[count + 1] = END_SYMBOL;
    // Whether every tag has a symbol; a sentence with a tag beyond the tables is summed by hashing.
    let tabled = true;
    // How many tokens are punctuation, which the word count and character n-grams leave out.
    let marks = 0;
    // The word-alone sums, each added in token order as the groups below once added them. They are
    // taken while the word's row is fresh: the table may start afresh while a sentence is read, and a
    // row kept by position would then hold another word's values, or none.
    let wordSum = 0;
    let characterSum = 0;
    let characterFeatures = 0;
    let lexiconSum = 0;
    let lexiconFeatures = 0;
    for (let index = 0; index < count; index += 1) {
      const token = tokens[index] as (typeof tokens)[number];
      const row = rowOf(token.normal);
      tokenHashes[index + 1] = table[row + KEY] as number;
      let tag = tagClasses.get(token.pos);
      if (tag === undefined) {
        tag = tagClassOf(token.pos, tagClasses.size);
        tagClasses.set(token.pos, tag);
      }
      tagSymbols[index + 1] = tag.symbol;
      tagGramHashes[index + 1] = tag.hash;
      if (tag.symbol >= BEGIN_SYMBOL) tabled = false;
      content[index] = tag.content ? 1 : 0;
      wordSum += table[row + WORD] as number;
      if (tag.punctuation) {
        marks += 1;
      } else {
        characterSum += table[row + CHARACTER_SUM] as number;
        characterFeatures += table[row + CHARACTER_COUNT] as number;
      }
      lexiconSum += table[row + LEXICON_SUM] as number;
      lexiconFeatures += table[row + LEXICON_COUNT] as number;
      const known = table[row + LEXICON_CLASS] as number;
      lexiconClasses[index + 1] = known === EMPTY ? tag.hash : known;
    }
    let score = bias;
    // Each group adds its weight / sqrt(feature count) times the sum of its features' weights.

    for (const group of active) {
      const seed = SEEDS[group];
      switch (group) {
        case 'words':
          score += weighted(groupWeight(group), wordSum, count);
          break;
        case 'bigrams':
          score += weighted(
            groupWeight(group),
            ngramSum(weights, mask, seed, tokenHashes, count, 2),
            ngramCount(count, 2),
          );
          break;
        case 'characters':
          score += weighted(groupWeight(group), characterSum, characterFeatures);
          break;
        case 'partOfSpeech': {
          let sum = 0;
          for (let order = 1; order <= 3; order += 1) {
            sum += tabled
              ? tagGramSum(tagGrams, weights, mask, tagSymbols, tagGramHashes, count, order)
              : ngramSum(weights, mask, seed, tagGramHashes, count, order);
          }
          score += weighted(
            groupWeight(group),
            sum,
            ngramCount(count, 1) + ngramCount(count, 2) + ngramCount(count, 3),
          );
          break;
        }
        case 'shape': {
          for (let index = 0; index < count; index += 1) {
            items[index + 1] =
              content[index] === 1
                ? (tagGramHashes[index + 1] as number)
                : (tokenHashes[index + 1] as number);
          }
          const sum =
            ngramSum(weights, mask, seed, items, count, 2) + ngramSum(weights, mask, seed, items, count, 3);
          score += weighted(groupWeight(group), sum, ngramCount(count, 2) + ngramCount(count, 3));
          break;
        }
        case 'tagged':
          score += weighted(groupWeight(group), listSum(seed, view.tags), view.tags.length);
          break;
        case 'entities':
          score += weighted(groupWeight(group), listSum(seed, view.entityTypes), view.entityTypes.length);
          break;
        case 'signals':
          score += weighted(
            groupWeight(group),
            listSum(step(seed, 1), view.signalTypes) + listSum(step(seed, 2), view.sourceKinds),
            view.signalTypes.length + view.sourceKinds.length,
          );
          break;
        case 'form': {
          const words = count - marks;
          const question = tokens[count - 1]?.normal === '?' || view.text.trimEnd().endsWith('?');
          const sum =
            (weights[finish(step(step(seed, 1), lengthBucket(words))) & mask] as number) +
            (weights[
              finish(step(step(seed, 2), count > 0 ? (tokenHashes[1] as number) : 0)) & mask
            ] as number) +
            (weights[finish(step(step(seed, 3), question ? 1 : 0)) & mask] as number);
          score += weighted(groupWeight(group), sum, 3);
          break;
        }
        case 'lexicon': {
          const sum = lexiconSum + ngramSum(weights, mask, step(seed, 2), lexiconClasses, count, 2);
          score += weighted(groupWeight(group), sum, lexiconFeatures + ngramCount(count, 2));
          break;
        }
      }
    }
    return score;
  };
}
