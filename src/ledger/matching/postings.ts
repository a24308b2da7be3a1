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

/** Okapi BM25 inverse document frequency, never negative. */
export function bm25Idf(claims: number, documentFrequency: number): number {
  return Math.log(1 + (claims - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** Per-query scratch space reused across queries: scores, a stamp per claim and the claims touched. */
export class Accumulator {
  scores = new Float32Array(1024);
  stamps = new Uint32Array(1024);
  touched = new Growable(Int32Array, 1024);
  scratch = new Float32Array(1024);
  epoch = 0;

  /** Starts a new query over `claims` claims; previous scores become invisible without clearing. */
  reset(claims: number): void {
    if (this.scores.length < claims) {
      let size = this.scores.length;
      while (size < claims) size *= 2;
      this.scores = new Float32Array(size);
      this.stamps = new Uint32Array(size);
      this.epoch = 0;
    }
    this.touched.length = 0;
    this.epoch += 1;
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
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
  const { scores, stamps, touched } = accumulator;
  const epoch = accumulator.epoch;
  for (let index = 0; index < list.length; index += 1) {
    const posting = values[index] as number;
    const claim = posting >>> 4;
    const frequency = posting & 15;
    const contribution =
      (scaled * frequency) / (frequency + base + lengthFactor * (lengths[claim] as number));
    if (stamps[claim] !== epoch) {
      stamps[claim] = epoch;
      scores[claim] = contribution;
      touched.push(claim);
    } else {
      scores[claim] = (scores[claim] as number) + contribution;
    }
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
