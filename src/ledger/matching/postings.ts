import { Growable } from './growable.ts';

/** Claim numbers share a 32-bit posting with a 4-bit term frequency. */
export const MAX_CLAIMS = 2 ** 28;

/** Term frequency is capped at this in a posting. */
const MOST_FREQUENT = 15;

/**
 * One field's inverted index (claim text, or title): per term a posting list of `claim << 4 | tf`
 * in claim order, and per claim its length in terms. Term frequency is capped at 15, which BM25's
 * saturation makes harmless for sentences. Packing both into one Uint32 keeps a posting at four bytes.
 */
export class FieldPostings {
  readonly lists: (Growable<Uint32Array> | undefined)[] = [];

  readonly lengths = new Growable(Uint16Array);
  totalLength = 0;
  /** Per term, the highest term frequency in its list (as stored, so at most 15). */
  readonly highestFrequencies = new Growable(Uint8Array);
  /**
   * Per term, the length of its list: features ask it of every term of every candidate, and a number
   * in a flat array is read without reaching into the list.
   */
  readonly #frequencies = new Growable(Int32Array);

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
      const frequency = Math.min(count, MOST_FREQUENT);
      list.push(((claimIndex << 4) | frequency) >>> 0);
      const highest = this.highestFrequencies;
      while (highest.length <= term) highest.push(0);
      if (frequency > (highest.values[term] as number)) highest.values[term] = frequency;
      const frequencies = this.#frequencies;
      while (frequencies.length <= term) frequencies.push(0);
      frequencies.values[term] = list.length;
    }
    const length = Math.min(termIds.length, 0xffff);
    this.lengths.push(length);
    this.totalLength += length;
  }

  /** Claims holding `termId` in this field. */
  documentFrequency(termId: number): number {
    return termId >= 0 && termId < this.#frequencies.length
      ? (this.#frequencies.values[termId] as number)
      : 0;
  }

  /** The highest term frequency of `termId` in any claim's field (0 when no claim has it). */
  highestFrequency(termId: number): number {
    return termId < this.highestFrequencies.length ? (this.highestFrequencies.values[termId] as number) : 0;
  }

  averageLength(): number {
    return this.lengths.length === 0 ? 1 : Math.max(1, this.totalLength / this.lengths.length);
  }

  /** Bytes held by the posting lists and lengths (capacity). */
  byteLength(): number {
    let bytes =
      this.lengths.values.byteLength +
      this.highestFrequencies.values.byteLength +
      this.#frequencies.values.byteLength;
    for (const list of this.lists) bytes += list ? list.values.byteLength : 0;
    return bytes;
  }
}

/** Document frequencies below this have their idf remembered by frequency; see `IdfCache.idf`. */
const FREQUENCIES_REMEMBERED = 4096;

/**
 * Idfs kept between queries while the collection keeps its size: one slot per term and kind (claim
 * text, title, either field), stamped with the claim count it was computed at, so a query's many
 * candidates, and the next queries, look an idf up instead of computing its logarithm again.
 */
export class IdfCache {
  values = new Float64Array(0);
  stamps = new Uint32Array(0);
  /**
   * Idfs by document frequency, stamped the same way: a collection that grows by a claim between
   * queries stales every term's slot, but its terms share few frequencies, and a logarithm is taken
   * once per frequency instead of once per term.
   */
  readonly #byFrequency = new Float64Array(FREQUENCIES_REMEMBERED);
  readonly #frequencyStamps = new Uint32Array(FREQUENCIES_REMEMBERED);

  /** Whether `idf` remembers the idf of `frequency` (a lower one than most terms have is). */
  remembersFrequency(frequency: number): boolean {
    return frequency < FREQUENCIES_REMEMBERED;
  }

  /** `bm25Idf(claims, frequency)`, remembered per frequency while the collection has `claims` claims. */
  idf(claims: number, frequency: number): number {
    if (frequency >= FREQUENCIES_REMEMBERED) return bm25Idf(claims, frequency);
    if (this.#frequencyStamps[frequency] === claims) return this.#byFrequency[frequency] as number;
    const idf = bm25Idf(claims, frequency);
    this.#byFrequency[frequency] = idf;
    this.#frequencyStamps[frequency] = claims;
    return idf;
  }

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

/** Claims whose scores are summed together before the next range's, so they stay in the CPU cache. */
export const DEFAULT_BLOCK_CLAIMS = 32768;

/**
 * Per-query scratch space reused across queries: a score per claim, the claims of the current block
 * that some list reached, and a heap of the best claims so far; then, for the claims found, their
 * exact scores and their order. Every score is back at 0 when a query is done (each block is cleared
 * as it is read), so a query starts without clearing anything.
 */
export class Accumulator {
  scores = new Float32Array(1024);
  readonly blockClaims: number;
  touched: Int32Array;
  heapScores = new Float64Array(64);
  heapClaims = new Int32Array(64);
  /** The claims `bestByPostings` found, best first, and their summed scores (32-bit sums). */
  found = new Int32Array(64);
  foundScores = new Float64Array(64);
  cursors = new Int32Array(16);
  /** Per list read: what one posting is worth before length normalization, and the length factor. */
  scaled = new Float64Array(16);
  lengthFactors = new Float64Array(16);
  /**
   * Per list read, the most that its lists from there to the last can add to a claim together
   * (each list's highest possible contribution, summed from the end).
   */
  boundsFrom = new Float64Array(17);
  exactScores = new Float64Array(64);
  ranked = new Int32Array(64);

  /** `blockClaims` trades cache locality for per-list bookkeeping; tests make it small. */
  constructor(blockClaims = DEFAULT_BLOCK_CLAIMS) {
    if (!(Number.isInteger(blockClaims) && blockClaims > 0)) {
      throw new RangeError(`blockClaims must be a positive whole number, got ${blockClaims}`);
    }
    this.blockClaims = blockClaims;
    this.touched = new Int32Array(blockClaims);
  }

  /** Makes room for `claims` scores, `lists` lists and a heap of `limit` claims. */
  reserve(claims: number, lists: number, limit: number): void {
    if (this.scores.length < claims) {
      let size = this.scores.length;
      while (size < claims) size *= 2;
      this.scores = new Float32Array(size);
    }
    if (this.cursors.length < lists) {
      const size = Math.max(lists, this.cursors.length * 2);
      this.cursors = new Int32Array(size);
      this.scaled = new Float64Array(size);
      this.lengthFactors = new Float64Array(size);
      this.boundsFrom = new Float64Array(size + 1);
    }
    if (this.heapScores.length < limit) {
      const size = Math.max(limit, this.heapScores.length * 2);
      this.heapScores = new Float64Array(size);
      this.heapClaims = new Int32Array(size);
      this.found = new Int32Array(size);
      this.foundScores = new Float64Array(size);
      this.exactScores = new Float64Array(size);
      this.ranked = new Int32Array(size);
    }
  }
}

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/** One field's posting list of one query term, with what a posting there is worth. */
export interface ListToRead {
  postings: FieldPostings;
  termId: number;
  /** Idf times the field weight (and any query-term weight); lists of weight 0 may be left out. */
  weight: number;
}

/** Whether (score, claim) ranks below (otherScore, otherClaim): lower score, or the later claim. */
function ranksBelow(score: number, claim: number, otherScore: number, otherClaim: number): boolean {
  return score < otherScore || (score === otherScore && claim > otherClaim);
}

/**
 * Places (score, claim) at `start` or below in the min-heap held by the first `size` slots of
 * `scores` and `claims`, whose root is the weakest kept claim.
 */
function siftDown(
  scores: Float64Array,
  claims: Int32Array,
  size: number,
  start: number,
  score: number,
  claim: number,
): void {
  let at = start;
  for (;;) {
    let child = at * 2 + 1;
    if (child >= size) break;
    const right = child + 1;
    if (
      right < size &&
      ranksBelow(
        scores[right] as number,
        claims[right] as number,
        scores[child] as number,
        claims[child] as number,
      )
    )
      child = right;
    if (!ranksBelow(scores[child] as number, claims[child] as number, score, claim)) break;
    scores[at] = scores[child] as number;
    claims[at] = claims[child] as number;
    at = child;
  }
  scores[at] = score;
  claims[at] = claim;
}

/** Adds (score, claim) to the heap of `size` slots, which has room for it. */
function siftUp(scores: Float64Array, claims: Int32Array, size: number, score: number, claim: number): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!ranksBelow(score, claim, scores[parent] as number, claims[parent] as number)) break;
    scores[at] = scores[parent] as number;
    claims[at] = claims[parent] as number;
    at = parent;
  }
  scores[at] = score;
  claims[at] = claim;
}

/** Writes the heap's claims to `found` and their scores to `foundScores`, best first; leaves the heap's slots in no particular order. */
function drainHeap(
  scores: Float64Array,
  claims: Int32Array,
  size: number,
  found: Int32Array,
  foundScores: Float64Array,
): void {
  for (let last = size - 1; last >= 0; last -= 1) {
    found[last] = claims[0] as number;
    foundScores[last] = scores[0] as number;
    if (last > 0) siftDown(scores, claims, last, 0, scores[last] as number, claims[last] as number);
  }
}

/**
 * Fills the accumulator's per-list constants: what a posting is worth, the length factor, and the
 * bounds on what the lists from each one to the last can add to a claim. A posting's contribution
 * grows with its term frequency (at most the list's highest) and shrinks with the claim's length,
 * which is at least the term frequency; the bound is taken there, and widened by a millionth so that no rounding of the
 * sum, in 64 bits or in 32, can take a claim past it.
 */
function prepareLists(
  lists: readonly ListToRead[],
  listCount: number,
  parameters: Bm25Parameters,
  accumulator: Accumulator,
): void {
  const { k1, b } = parameters;
  const { scaled, lengthFactors, boundsFrom } = accumulator;
  const base = k1 * (1 - b);
  for (let list = 0; list < listCount; list += 1) {
    const { postings, weight } = lists[list] as ListToRead;
    scaled[list] = weight * (k1 + 1);
    lengthFactors[list] = (k1 * b) / postings.averageLength();
  }
  boundsFrom[listCount] = 0;
  for (let list = listCount - 1; list >= 0; list -= 1) {
    const { postings, termId } = lists[list] as ListToRead;
    const frequency = postings.highestFrequency(termId);
    const highest =
      ((scaled[list] as number) * frequency) /
      (frequency + base + (lengthFactors[list] as number) * frequency);
    boundsFrom[list] = ((boundsFrom[list + 1] as number) + highest) * (1 + 1e-6);
  }
}

/**
 * Adds each of the first `listCount` lists' BM25 contribution, for claims `[from, to)`, to the
 * accumulator, and records in `touched` the claims it reached first; returns how many it recorded.
 * Lists are read in the order given, so every claim's score is summed in that order whatever the
 * block size. From list `joinFrom` on, the lists add only to claims an earlier list reached: a claim
 * that only those lists reach scores below what the best claims so far need (the caller knows), and
 * every other claim's score is the same sum, in the same order, as when every list reaches every claim.
 */
function accumulateBlock(
  lists: readonly ListToRead[],
  listCount: number,
  joinFrom: number,
  parameters: Bm25Parameters,
  accumulator: Accumulator,
  to: number,
): number {
  const { k1, b } = parameters;
  const { scores, touched, cursors, scaled, lengthFactors } = accumulator;
  const base = k1 * (1 - b);
  // Postings are `claim << 4 | tf` in claim order: the block ends at the first posting at or past this.
  const end = to * 16;
  let count = 0;
  for (let list = 0; list < listCount; list += 1) {
    const { postings, termId } = lists[list] as ListToRead;
    const stored = postings.lists[termId];
    if (!stored) continue;
    const values = stored.values;
    const length = stored.length;
    const lengths = postings.lengths.values;
    const lengthFactor = lengthFactors[list] as number;
    const listScaled = scaled[list] as number;
    let position = cursors[list] as number;
    if (list < joinFrom) {
      while (position < length) {
        const posting = values[position] as number;
        if (posting >= end) break;
        const claim = posting >>> 4;
        const frequency = posting & 15;
        const contribution =
          (listScaled * frequency) / (frequency + base + lengthFactor * (lengths[claim] as number));
        const score = scores[claim] as number;
        if (score === 0) {
          touched[count] = claim;
          count += 1;
        }
        scores[claim] = score + contribution;
        position += 1;
      }
    } else {
      while (position < length) {
        const posting = values[position] as number;
        if (posting >= end) break;
        const claim = posting >>> 4;
        const score = scores[claim] as number;
        if (score !== 0) {
          const frequency = posting & 15;
          scores[claim] =
            score + (listScaled * frequency) / (frequency + base + lengthFactor * (lengths[claim] as number));
        }
        position += 1;
      }
    }
    cursors[list] = position;
  }
  return count;
}

/**
 * The first list from which on the lists together cannot lift a claim they alone reach to
 * `weakestScore` (`listCount` when even the last cannot be left out so).
 */
function firstJoining(boundsFrom: Float64Array, listCount: number, weakestScore: number): number {
  let list = listCount;
  while (list > 0 && (boundsFrom[list - 1] as number) < weakestScore) list -= 1;
  return list;
}

/**
 * BM25 over the given posting lists for a collection of `claims` claims, and the `limit` claims
 * with the highest sums, written best first to `accumulator.found`; returns how many. Ties go to the
 * earlier claim, so results depend on nothing but the claims and the query. Scores are summed (in
 * 32 bits) term at a time, one block of claims at a time: a block's scores and lengths stay in the
 * CPU cache while every list is read over it, and its best claims are picked, and its scores
 * cleared, before the next block, so no pass over all claims or over a list of every claim reached
 * is needed. Only claims some list reaches can be chosen.
 *
 * @example
 * const count = bestByPostings([{ postings: fields[0], termId, weight: idf }], { k1: 1.2, b: 0.5 }, accumulator, claims, 40);
 * const best = accumulator.found.subarray(0, count);
 */
export function bestByPostings(
  lists: readonly ListToRead[],
  parameters: Bm25Parameters,
  accumulator: Accumulator,
  claims: number,
  limit: number,
  listCount = lists.length,
): number {
  const capacity = Math.max(limit, 0);
  accumulator.reserve(claims, listCount, capacity);
  accumulator.cursors.fill(0, 0, listCount);
  prepareLists(lists, listCount, parameters, accumulator);
  const { scores, touched, blockClaims, heapScores, heapClaims } = accumulator;
  let size = 0;
  // The weakest kept claim, held in locals: most claims lose to it, and the test then allocates nothing.
  let weakestScore = Number.NEGATIVE_INFINITY;
  let weakestClaim = -1;
  for (let from = 0; from < claims; from += blockClaims) {
    // Once the heap is full, claims only the commonest lists reach can be left unscored when those
    // lists together cannot lift them to the weakest kept claim: they could never be kept.
    const joinFrom =
      size === capacity && size > 0
        ? firstJoining(accumulator.boundsFrom, listCount, weakestScore)
        : listCount;
    const count = accumulateBlock(
      lists,
      listCount,
      joinFrom,
      parameters,
      accumulator,
      Math.min(from + blockClaims, claims),
    );
    for (let position = 0; position < count; position += 1) {
      const claim = touched[position] as number;
      const score = scores[claim] as number;
      scores[claim] = 0;
      if (size < capacity) {
        siftUp(heapScores, heapClaims, size, score, claim);
        size += 1;
      } else if (size > 0 && (score > weakestScore || (score === weakestScore && claim < weakestClaim))) {
        siftDown(heapScores, heapClaims, size, 0, score, claim);
      } else continue;
      weakestScore = heapScores[0] as number;
      weakestClaim = heapClaims[0] as number;
    }
  }
  drainHeap(heapScores, heapClaims, size, accumulator.found, accumulator.foundScores);
  return size;
}
