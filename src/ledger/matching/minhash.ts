import { createRandom } from '../../models/random.ts';
import { hashString } from '../../models/sparse.ts';
import { Growable } from './growable.ts';

/**
 * MinHash signatures over word shingles and an LSH table over their bands, for finding near-duplicate
 * claims (the same sentence reprinted with a word or two changed) without comparing against every
 * stored claim. Every hash is derived from the term strings and a seed, never from term ids or
 * insertion order, so a signature is the same on every run and machine.
 */

/** Murmur3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
export function mix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The stable hash of one term. */
export function termHash(term: string): number {
  return mix32(hashString(term));
}

/**
 * Hashes of the 2-word shingles of a term sequence (one shingle for a one-term text), deduplicated
 * and sorted so that equal sets give equal arrays.
 */
export function shingleHashes(hashes: ArrayLike<number>): Uint32Array {
  const count = hashes.length === 1 ? 1 : Math.max(hashes.length - 1, 0);
  const shingles = new Uint32Array(count);
  if (hashes.length === 1) shingles[0] = mix32(hashes[0] as number);
  for (let index = 0; index + 1 < hashes.length; index += 1) {
    shingles[index] = mix32(Math.imul(hashes[index] as number, 0x9e3779b1) ^ (hashes[index + 1] as number));
  }
  shingles.sort();
  let unique = 0;
  for (let index = 0; index < count; index += 1) {
    if (index === 0 || shingles[index] !== shingles[index - 1]) {
      shingles[unique] = shingles[index] as number;
      unique += 1;
    }
  }
  return unique === count ? shingles : shingles.slice(0, unique);
}

/** Exact Jaccard similarity of two sorted, deduplicated hash arrays. */
export function jaccard(left: Uint32Array, right: Uint32Array): number {
  return jaccardOf(left, left.length, right, right.length);
}

/**
 * `jaccard` of the first `leftLength` and `rightLength` hashes of two arrays (each sorted and
 * deduplicated there): for scratch arrays filled in part, without a view of each.
 */
export function jaccardOf(
  left: Uint32Array,
  leftLength: number,
  right: Uint32Array,
  rightLength: number,
): number {
  if (leftLength === 0 || rightLength === 0) return 0;
  let shared = 0;
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < leftLength && rightIndex < rightLength) {
    const a = left[leftIndex] as number;
    const b = right[rightIndex] as number;
    if (a === b) {
      shared += 1;
      leftIndex += 1;
      rightIndex += 1;
    } else if (a < b) leftIndex += 1;
    else rightIndex += 1;
  }
  return shared / (leftLength + rightLength - shared);
}

export interface BandOptions {
  /** Number of bands; more bands find pairs of lower similarity. */
  bands: number;
  /** Hashes per band; more rows make each band stricter. */
  rows: number;
  seed: number;
}

/**
 * A seeded family of `bands * rows` hash functions, each `mix32(x ^ salt)` with its own salt from
 * `createRandom(seed)`, and the function that turns shingle hashes into one key per band. Two texts
 * share a band key with probability J^rows for shingle Jaccard J, so they share at least one of
 * `bands` keys with probability 1 - (1 - J^rows)^bands: 0.87 at J = 0.5 and 0.23 at J = 0.3 for 32x4.
 */
export function createBandHasher(options: BandOptions): (shingles: Uint32Array) => Uint32Array {
  const { bands, rows, seed } = options;
  const random = createRandom(seed);
  const salts = Uint32Array.from({ length: bands * rows }, () => Math.floor(random() * 4294967296));
  const minimums = new Uint32Array(bands * rows);
  return (shingles) => {
    minimums.fill(0xffffffff);
    for (let shingleIndex = 0; shingleIndex < shingles.length; shingleIndex += 1) {
      const shingle = shingles[shingleIndex] as number;
      for (let hashIndex = 0; hashIndex < minimums.length; hashIndex += 1) {
        const value = mix32(shingle ^ (salts[hashIndex] as number));
        if (value < (minimums[hashIndex] as number)) minimums[hashIndex] = value;
      }
    }
    const keys = new Uint32Array(bands);
    for (let band = 0; band < bands; band += 1) {
      let key = mix32(band + 1);
      for (let row = 0; row < rows; row += 1) {
        key = mix32(Math.imul(key, 31) ^ (minimums[band * rows + row] as number));
      }
      keys[band] = key;
    }
    return keys;
  };
}

/**
 * Claims filed under their band keys. One slot per (claim, band) holds the key and the next slot of
 * the same bucket, and there are at least as many bucket heads as slots: about three 32-bit numbers
 * per slot in all, with no per-bucket objects.
 */
export class LshTable {
  readonly bands: number;
  readonly #slotKeys = new Growable(Uint32Array);
  readonly #next = new Growable(Int32Array);
  #heads: Int32Array = new Int32Array(1024).fill(-1);

  constructor(bands: number) {
    this.bands = bands;
  }

  /** Files the claim at `claimIndex` (the next one in order) under its band keys. */
  add(claimIndex: number, keys: Uint32Array): void {
    if (claimIndex * this.bands !== this.#slotKeys.length) {
      throw new RangeError(
        `LSH claims must be added in order: expected ${this.#slotKeys.length / this.bands}`,
      );
    }
    if (this.#slotKeys.length + this.bands > this.#heads.length) this.#rehash(this.#heads.length * 2);
    for (let band = 0; band < this.bands; band += 1) this.#link(keys[band] as number);
  }

  /**
   * Writes every claim sharing at least one band key to `into` from position 0 (a claim may come more
   * than once), as far as `into` has room; returns how many there are, written or not. A caller with
   * too small an array makes room for the count and asks again: no callback is made per query.
   */
  candidatesInto(keys: Uint32Array, into: Int32Array): number {
    const mask = this.#heads.length - 1;
    const slotKeys = this.#slotKeys.values;
    const next = this.#next.values;
    const room = into.length;
    let count = 0;
    for (let band = 0; band < this.bands; band += 1) {
      const key = keys[band] as number;
      for (let slot = this.#heads[key & mask] as number; slot !== -1; slot = next[slot] as number) {
        if (slotKeys[slot] === key && slot % this.bands === band) {
          if (count < room) into[count] = Math.floor(slot / this.bands);
          count += 1;
        }
      }
    }
    return count;
  }

  /** The band keys in slot order, for serialization; `fromKeys` rebuilds the buckets from them. */
  keys(): Uint32Array {
    return this.#slotKeys.view();
  }

  static fromKeys(bands: number, keys: Uint32Array): LshTable {
    const table = new LshTable(bands);
    let size = 1024;
    while (size < keys.length) size *= 2;
    table.#heads = new Int32Array(size).fill(-1);
    table.#slotKeys.reserve(keys.length);
    table.#next.reserve(keys.length);
    for (const key of keys) table.#link(key);
    return table;
  }

  /** Bytes held by the table's arrays (capacity, not just the filled part). */
  byteLength(): number {
    return this.#slotKeys.values.byteLength + this.#next.values.byteLength + this.#heads.byteLength;
  }

  #link(key: number): void {
    const slot = this.#slotKeys.length;
    const bucket = key & (this.#heads.length - 1);
    this.#slotKeys.push(key);
    this.#next.push(this.#heads[bucket] as number);
    this.#heads[bucket] = slot;
  }

  #rehash(size: number): void {
    const heads = new Int32Array(size).fill(-1);
    const next = this.#next.values;
    const slotKeys = this.#slotKeys.values;
    for (let slot = 0; slot < this.#slotKeys.length; slot += 1) {
      const bucket = (slotKeys[slot] as number) & (size - 1);
      next[slot] = heads[bucket] as number;
      heads[bucket] = slot;
    }
    this.#heads = heads;
  }
}
