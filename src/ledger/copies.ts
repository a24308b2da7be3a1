import { mix32, shingleHashes } from './matching/minhash.ts';

/** Signature length: 64 minimums estimate Jaccard similarity within about ±0.06. */
const SIGNATURE_LENGTH = 64;
/** Bodies this similar are one text republished: wire copy or syndication with light edits. */
export const COPY_SIMILARITY = 0.8;

/** What each signature position's hash mixes into a shingle before taking the minimum. */
const POSITION_SEEDS = Int32Array.from({ length: SIGNATURE_LENGTH }, (_, index) =>
  Math.imul(index + 1, 0x9e3779b1),
);

/** A letter or digit, as `[\p{L}\p{N}]` reads one code point; ASCII is answered without the regex. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const FIRST_HIGH_SURROGATE = 0xd800;
const LAST_HIGH_SURROGATE = 0xdbff;
const FIRST_LOW_SURROGATE = 0xdc00;
const LAST_LOW_SURROGATE = 0xdfff;

function isWordCharacter(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x61 && codePoint <= 0x7a) ||
      (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x41 && codePoint <= 0x5a)
    );
  }
  return WORD_CHARACTER.test(String.fromCodePoint(codePoint));
}

/**
 * `termHash` of each run of letters and digits in `text`, as `text.match(/[\p{L}\p{N}]+/gu)` would
 * split it, hashed while reading the text: an article's words are never made into strings.
 */
function wordHashes(text: string): Uint32Array {
  // A word takes at least one code unit and is followed by a separator or the end.
  const hashes = new Uint32Array((text.length >> 1) + 1);
  let count = 0;
  let inWord = false;
  // FNV-1a over the word's UTF-16 code units, as `hashString` computes it.
  let hash = 0;
  for (let index = 0; index < text.length; ) {
    const unit = text.charCodeAt(index);
    let width = 1;
    let codePoint = unit;
    if (unit >= FIRST_HIGH_SURROGATE && unit <= LAST_HIGH_SURROGATE && index + 1 < text.length) {
      const low = text.charCodeAt(index + 1);
      if (low >= FIRST_LOW_SURROGATE && low <= LAST_LOW_SURROGATE) {
        width = 2;
        codePoint = ((unit - FIRST_HIGH_SURROGATE) << 10) + (low - FIRST_LOW_SURROGATE) + 0x10000;
      }
    }
    if (isWordCharacter(codePoint)) {
      if (!inWord) {
        inWord = true;
        hash = 0x811c9dc5;
      }
      for (let offset = 0; offset < width; offset += 1) {
        hash ^= text.charCodeAt(index + offset);
        hash = Math.imul(hash, 0x01000193);
      }
    } else if (inWord) {
      inWord = false;
      hashes[count] = mix32(hash >>> 0);
      count += 1;
    }
    index += width;
  }
  if (inWord) {
    hashes[count] = mix32(hash >>> 0);
    count += 1;
  }
  return hashes.subarray(0, count);
}

/**
 * A MinHash signature of an article body over 2-word shingles of its lower-cased words: stable across
 * runs and machines, so stored articles can be compared without their texts.
 */
export function bodySignature(text: string): Uint32Array {
  const shingles = shingleHashes(wordHashes(text.toLowerCase()));
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  // One position at a time, its minimum kept in a local: an article has hundreds of shingles. Each
  // hash is `mix32` written out and compared with its top bit flipped, which orders 32-bit integers
  // as unsigned ones do, so the loop never leaves 32-bit integer arithmetic.
  for (let index = 0; index < SIGNATURE_LENGTH; index += 1) {
    const seed = POSITION_SEEDS[index] as number;
    let least = 0x7fffffff;
    for (let position = 0; position < shingles.length; position += 1) {
      let hash = (shingles[position] as number) ^ seed;
      hash ^= hash >>> 16;
      hash = Math.imul(hash, 0x85ebca6b);
      hash ^= hash >>> 13;
      hash = Math.imul(hash, 0xc2b2ae35);
      hash ^= hash >>> 16;
      const ordered = hash ^ 0x80000000;
      if (ordered < least) least = ordered;
    }
    signature[index] = least ^ 0x80000000;
  }
  return signature;
}

/** Estimated Jaccard similarity of two bodies from their signatures. */
export function signatureSimilarity(left: Uint32Array, right: Uint32Array): number {
  let same = 0;
  for (let index = 0; index < SIGNATURE_LENGTH; index += 1) if (left[index] === right[index]) same += 1;
  return same / SIGNATURE_LENGTH;
}

export interface KnownBody {
  articleId: string;
  publishedAt: string;
  signature: Uint32Array;
  /** Articles under 40 words are too short to call copies of anything. */
  words: number;
  /** Already marked as a copy: the original is the one to point at. */
  isCopy: boolean;
}

/** The earliest known article whose body this one copies, if any. */
export function findOriginal(
  signature: Uint32Array,
  words: number,
  known: readonly KnownBody[],
): KnownBody | null {
  if (words < 40) return null;
  let best: KnownBody | null = null;
  for (const candidate of known) {
    if (candidate.words < 40 || signatureSimilarity(signature, candidate.signature) < COPY_SIMILARITY)
      continue;
    if (!best || candidate.publishedAt < best.publishedAt) best = candidate;
  }
  return best;
}

/**
 * Bands of the body signature: two bodies at the copy threshold differ in at most
 * `SIGNATURE_LENGTH * (1 - COPY_SIMILARITY)` (12) positions, which can spoil at most 12 of 16 bands,
 * so every pair at or above the threshold shares a band: the lookup finds exactly what a comparison
 * with every known body would.
 */
const BANDS = 16;
const ROWS = SIGNATURE_LENGTH / BANDS;

function bandKey(signature: Uint32Array, band: number): number {
  let key = mix32(band + 1);
  for (let row = 0; row < ROWS; row += 1) {
    key = mix32(Math.imul(key, 31) ^ (signature[band * ROWS + row] as number));
  }
  return key;
}

/**
 * Known bodies filed under their signature's band keys, so finding a body's original compares it
 * with the few bodies sharing a band instead of with every body ever stored.
 */
export class BodyIndex {
  readonly #buckets = new Map<number, number[]>();
  readonly #bodies: KnownBody[] = [];

  get size(): number {
    return this.#bodies.length;
  }

  add(body: KnownBody): void {
    const position = this.#bodies.length;
    this.#bodies.push(body);
    for (let band = 0; band < BANDS; band += 1) {
      const key = bandKey(body.signature, band);
      const bucket = this.#buckets.get(key);
      if (bucket) bucket.push(position);
      else this.#buckets.set(key, [position]);
    }
  }

  /**
   * What `findOriginal` would answer over every known body that `accept` lets through, with ties
   * going to the body added first as there.
   */
  findOriginal(
    signature: Uint32Array,
    words: number,
    accept: (body: KnownBody) => boolean,
  ): KnownBody | null {
    if (words < 40) return null;
    const positions = new Set<number>();
    for (let band = 0; band < BANDS; band += 1) {
      for (const position of this.#buckets.get(bandKey(signature, band)) ?? []) positions.add(position);
    }
    const candidates = [...positions]
      .sort((left, right) => left - right)
      .map((position) => this.#bodies[position] as KnownBody)
      .filter(accept);
    return findOriginal(signature, words, candidates);
  }
}
