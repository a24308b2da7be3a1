/** A sparse feature vector: parallel arrays of hashed feature indices and their values. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** FNV-1a over UTF-16 code units: a fast, stable string hash for feature hashing. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Hashes named features into `dimensions` buckets, summing values that collide and dropping zeros.
 *
 * @example
 * vectorize(new Map([['w=claims', 1], ['len', 0.4]]), 1 << 18);
 */
export function vectorize(features: Iterable<[string, number]>, dimensions: number): SparseVector {
  const sums = new Map<number, number>();
  for (const [name, value] of features) {
    if (value === 0) continue;
    const index = hashString(name) % dimensions;
    sums.set(index, (sums.get(index) ?? 0) + value);
  }
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => sums.get(index) ?? 0) };
}

/** Scales a vector to unit Euclidean length, so long sentences do not dominate by feature count. */
export function normalize(vector: SparseVector): SparseVector {
  const norm = Math.sqrt(vector.values.reduce((sum, value) => sum + value * value, 0));
  return norm === 0
    ? vector
    : { indices: vector.indices, values: vector.values.map((value) => value / norm) };
}
