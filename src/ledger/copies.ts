import { mix32, shingleHashes, termHash } from './matching/minhash.ts';

/** Signature length: 64 minimums estimate Jaccard similarity within about ±0.06. */
const SIGNATURE_LENGTH = 64;
/** Bodies this similar are one text republished: wire copy or syndication with light edits. */
export const COPY_SIMILARITY = 0.8;

/**
 * A MinHash signature of an article body over 2-word shingles of its lower-cased words: stable across
 * runs and machines, so stored articles can be compared without their texts.
 */
export function bodySignature(text: string): Uint32Array {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = shingleHashes(words.map(termHash));
  const signature = new Uint32Array(SIGNATURE_LENGTH).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let index = 0; index < SIGNATURE_LENGTH; index += 1) {
      const value = mix32(shingle ^ Math.imul(index + 1, 0x9e3779b1));
      if (value < (signature[index] as number)) signature[index] = value;
    }
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
