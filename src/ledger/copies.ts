import { mix32, shingleHashes, termHash } from './matching/minhash.ts';

/** Signature length: 64 minimums estimate Jaccard similarity within about ±0.06. */
const SIGNATURE_LENGTH = 64;
/** Bodies this similar are one text republished: wire copy or syndication with light edits. */
export const COPY_SIMILARITY = 0.8;

/** What each signature position's hash mixes into a shingle before taking the minimum. */
const POSITION_SEEDS = Int32Array.from({ length: SIGNATURE_LENGTH }, (_, index) =>
  Math.imul(index + 1, 0x9e3779b1),
);

/**
 * A MinHash signature of an article body over 2-word shingles of its lower-cased words: stable across
 * runs and machines, so stored articles can be compared without their texts.
 */
export function bodySignature(text: string): Uint32Array {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = shingleHashes(words.map(termHash));
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  // One position at a time, its minimum kept in a local: an article has hundreds of shingles.
  for (let index = 0; index < SIGNATURE_LENGTH; index += 1) {
    const seed = POSITION_SEEDS[index] as number;
    let least = 0xffffffff;
    for (let position = 0; position < shingles.length; position += 1) {
      const value = mix32((shingles[position] as number) ^ seed);
      if (value < least) least = value;
    }
    signature[index] = least;
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
