import { Growable } from './growable.ts';

/** Claim numbers share a 32-bit posting with a 4-bit term frequency. */
export const MAX_CLAIMS = 2 ** 28;

/**
 * One field's inverted index (claim text, or title): per term a posting list of `claim << 4 | tf`
 * in claim order, and per claim its length in terms. Term frequency is capped at 15, which BM25's
 * saturation makes harmless for sentences. Packing both into one Uint32 keeps a posting at four bytes.
 */
export class FieldPostings {
  readonly lists: (Growable<Uint32Array> | undefined)[] = [];

  readonly lengths = new Growable(Uint16Array);
  totalLength = 0;

  /** Appends the next claim's terms (term ids in reading order). */
  add(claimIndex: number, termIds: ArrayLike<number>): void {
    if (claimIndex !== this.lengths.length) {
      throw new RangeError(`postings must be added in claim order: expected ${this.lengths.length}`);
    }
    if (claimIndex >= MAX_CLAIMS) throw new RangeError(`an index holds at most ${MAX_CLAIMS} claims`);
    const counts = new Map<number, number>();
    for (let index = 0; index < termIds.length; index += 1) {
      const term = termIds[index] as number;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, count] of counts) {
      let list = this.lists[term];
      if (!list) {
        list = new Growable(Uint32Array, 4);
        while (this.lists.length <= term) this.lists.push(undefined);
        this.lists[term] = list;
      }
      list.push(((claimIndex << 4) | Math.min(count, 15)) >>> 0);
    }
    const length = Math.min(termIds.length, 0xffff);
    this.lengths.push(length);
    this.totalLength += length;
  }

  /** Claims holding `termId` in this field. */
  documentFrequency(termId: number): number {
    return this.lists[termId]?.length ?? 0;
  }

  averageLength(): number {
    return this.lengths.length === 0 ? 1 : Math.max(1, this.totalLength / this.lengths.length);
  }

  /** Bytes held by the posting lists and lengths (capacity). */
  byteLength(): number {
    let bytes = this.lengths.values.byteLength;
    for (const list of this.lists) bytes += list ? list.values.byteLength : 0;
    return bytes;
  }
}

/**
 * Idfs kept between queries while the collection keeps its size: one slot per term and kind (claim
 * text, title, either field), stamped with the claim count it was computed at, so a query's many
 * candidates, and the next queries, look an idf up instead of computing its logarithm again.
 */
export class IdfCache {
  values = new Float64Array(0);
  stamps = new Uint32Array(0);

  /** Makes room for `terms` terms. */
  reserve(terms: number): void {
    if (this.values.length >= terms * 3) return;
    const size = Math.max(terms * 3, this.values.length * 2, 1024);
    const values = new Float64Array(size);
    const stamps = new Uint32Array(size);
    values.set(this.values);
    stamps.set(this.stamps);
    this.values = values;
    this.stamps = stamps;
  }
}

/** Okapi BM25 inverse document frequency, never negative. */
export function bm25Idf(claims: number, documentFrequency: number): number {
  return Math.log(1 + (claims - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * Per-query scratch space reused across queries: a score per claim and the claims touched. A claim
 * scores 0 until a query term reaches it (every contribution is positive), and `reset` zeroes only
 * the claims the previous query touched, so a posting costs one random access instead of a stamp
 * check besides.
 */
export class Accumulator {
  scores = new Float32Array(1024);
  touched = new Growable(Int32Array, 1024);
  scratch = new Float32Array(1024);

  /** Starts a new query over `claims` claims. */
  reset(claims: number): void {
    const { scores, touched } = this;
    for (let position = 0; position < touched.length; position += 1) {
      scores[touched.values[position] as number] = 0;
    }
    touched.length = 0;
    if (scores.length < claims) {
      let size = scores.length;
      while (size < claims) size *= 2;
      this.scores = new Float32Array(size);
    }
  }
}

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/**
 * Adds one field's BM25 contribution of one query term to the accumulator: `weight` already holds
 * idf, the field weight and the query-term weight.
 */
export function accumulateTerm(
  postings: FieldPostings,
  termId: number,
  weight: number,
  parameters: Bm25Parameters,
  accumulator: Accumulator,
): void {
  const list = postings.lists[termId];
  if (!list) return;
  const { k1, b } = parameters;
  const lengthFactor = (k1 * b) / postings.averageLength();
  const base = k1 * (1 - b);
  const scaled = weight * (k1 + 1);
  const values = list.values;
  const lengths = postings.lengths.values;
  const { scores, touched } = accumulator;
  for (let index = 0; index < list.length; index += 1) {
    const posting = values[index] as number;
    const claim = posting >>> 4;
    const frequency = posting & 15;
    const contribution =
      (scaled * frequency) / (frequency + base + lengthFactor * (lengths[claim] as number));
    const score = scores[claim] as number;
    if (score === 0) touched.push(claim);
    scores[claim] = score + contribution;
  }
}

/**
 * The `limit`-th highest score among the touched claims (or the lowest when fewer are touched), by
 * quickselect over a copy of their scores: linear time, no allocation after the first query.
 */
export function kthHighestScore(accumulator: Accumulator, limit: number): number {
  const { scores, touched } = accumulator;
  const count = touched.length;
  if (count === 0) return 0;
  if (accumulator.scratch.length < count)
    accumulator.scratch = new Float32Array(Math.max(count, accumulator.scratch.length * 2));
  const values = accumulator.scratch;
  for (let position = 0; position < count; position += 1)
    values[position] = scores[touched.values[position] as number] as number;
  const target = Math.min(limit, count) - 1;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1] as number;
    let left = low;
    let right = high;
    while (left <= right) {
      while ((values[left] as number) > pivot) left += 1;
      while ((values[right] as number) < pivot) right -= 1;
      if (left <= right) {
        const swap = values[left] as number;
        values[left] = values[right] as number;
        values[right] = swap;
        left += 1;
        right -= 1;
      }
    }
    if (target <= right) high = right;
    else if (target >= left) low = left;
    else break;
  }
  return values[target] as number;
}

/**
 * The `limit` touched claims with the highest scores, best first; ties go to the earlier claim so
 * results do not depend on anything but the claims and the query.
 */
export function topScored(accumulator: Accumulator, limit: number): number[] {
  if (limit <= 0) return [];
  const { scores, touched } = accumulator;
  const edge = kthHighestScore(accumulator, limit);
  const chosen: number[] = [];
  for (let position = 0; position < touched.length; position += 1) {
    const claim = touched.values[position] as number;
    if ((scores[claim] as number) >= edge) chosen.push(claim);
  }
  chosen.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return chosen.slice(0, limit);
}
