import type { IndexState } from './claim-index.ts';
import type { QueryProfile } from './features.ts';
import { bestByPostings, bm25Idf, type ListToRead } from './postings.ts';

/** The first stage's answer: the best claims by BM25 and a way to score any claim exactly. */
export interface FirstStageResult {
  /** Claim indexes of the best `poolSize` claims, best first (ties to the claim stored first). */
  pool: number[];
  /** The highest BM25 score the query could reach, for normalizing. */
  maximum: number;
  /** The claim's full BM25 score over both fields. */
  scoreOf(index: number): number;
}

interface QueryTermWeights {
  termId: number;
  /** Field weight times idf, per field (0 when no claim has the term in that field). */
  weights: [number, number];
}

function termWeights(state: IndexState, profile: QueryProfile): QueryTermWeights[] {
  const { fields, options, claimTerms } = state;
  const claims = Math.max(claimTerms.count, 1);
  const fieldWeights = [1, options.titleWeight] as const;
  return profile.termIds.map((termId) => {
    const weights = [0, 1].map((field) => {
      const frequency = fields[field as 0 | 1].documentFrequency(termId);
      return frequency > 0 ? (fieldWeights[field] as number) * bm25Idf(claims, frequency) : 0;
    }) as [number, number];
    return { termId, weights };
  });
}

/**
 * Scores claims from their stored terms (the forward index) rather than from posting lists, for the
 * given query terms. Term frequency is capped at 15 as in the postings, so both ways agree. The
 * scratch arrays are reused from claim to claim, so scoring thousands of claims allocates nothing.
 */
export function createForwardScorer(
  state: IndexState,
  terms: ReadonlyMap<number, [number, number]>,
): (index: number) => number {
  const { k1, b } = state.options;
  const weights: [number, number][] = [];
  // Query term id to slot, by open addressing in a table at most half full: a claim's every token is
  // looked up, and a Map lookup would cost several times as much.
  let capacity = 8;
  while (capacity < terms.size * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Int32Array(capacity).fill(-1);
  const values = new Int32Array(capacity);
  const hash = (termId: number) => Math.imul(termId, 0x9e3779b1) >>> 0;
  for (const [termId, termWeights] of terms) {
    let at = hash(termId) & mask;
    while (keys[at] !== -1) at = (at + 1) & mask;
    keys[at] = termId;
    values[at] = weights.length;
    weights.push(termWeights);
  }
  const counts = new Float64Array(weights.length);
  const used = new Int32Array(weights.length);
  const fieldWeights = [
    Float64Array.from(weights, (pair) => pair[0]),
    Float64Array.from(weights, (pair) => pair[1]),
  ] as const;
  const averages = [state.fields[0].averageLength(), state.fields[1].averageLength()] as const;
  const { claimTerms } = state;
  // The running score lives in a typed array, not in arguments and return values: a double passed
  // between functions that are not inlined is boxed, and scoring hundreds of claims per query would
  // leave as many objects for the garbage collector.
  const total = new Float64Array(1);
  // Adds one field's BM25 over tokens [from, to) to the total: count the query terms, then add their
  // contributions in first-seen order (the order, and so the rounding, of the scorer before it).
  const scoreField = (tokens: Int32Array, from: number, to: number, field: 0 | 1): void => {
    let distinct = 0;
    for (let position = from; position < to; position += 1) {
      const termId = tokens[position] as number;
      let at = hash(termId) & mask;
      let key = keys[at] as number;
      while (key !== termId && key !== -1) {
        at = (at + 1) & mask;
        key = keys[at] as number;
      }
      if (key === -1) continue;
      const slot = values[at] as number;
      if (counts[slot] === 0) {
        used[distinct] = slot;
        distinct += 1;
      }
      counts[slot] = (counts[slot] as number) + 1;
    }
    const norm = k1 * (1 - b + (b * (to - from)) / averages[field]);
    const weight = fieldWeights[field];
    for (let entry = 0; entry < distinct; entry += 1) {
      const slot = used[entry] as number;
      const frequency = Math.min(counts[slot] as number, 15);
      total[0] =
        (total[0] as number) + ((weight[slot] as number) * frequency * (k1 + 1)) / (frequency + norm);
      counts[slot] = 0;
    }
  };
  return (index) => {
    const tokens = claimTerms.tokens.values;
    const start = claimTerms.starts.values[index] as number;
    const titleStart = claimTerms.titleStarts.values[index] as number;
    const end =
      index + 1 < claimTerms.count
        ? (claimTerms.starts.values[index + 1] as number)
        : claimTerms.tokens.length;
    total[0] = 0;
    scoreField(tokens, start, titleStart, 0);
    scoreField(tokens, titleStart, end, 1);
    return total[0] as number;
  };
}

/** How many more claims than the pool are re-scored exactly when common words' lists were left unread. */
const WIDENING = 8;
/** The rarest query terms are read whatever their lists' length, so every query finds something. */
const ALWAYS_READ = 2;

/**
 * BM25 over claim text and title, summed from the posting lists one block of claims at a time (see
 * `bestByPostings`), then the best `poolSize` claims by exact score (ties to the claim stored
 * first). Terms are read rarest first; once the
 * lists read hold `options.postingBudget` postings, the commoner terms' lists are left unread (they
 * are the long ones, and their low idf adds least to any score). The claims are then chosen by what
 * the lists read give them, `WIDENING` times the pool, and ranked by their exact score over every
 * query term, so a skipped word still orders the pool. A claim is missed only when the lists read
 * leave it out of that wider set (as they do a claim matching skipped words alone): the benchmark
 * measures how often against reading every posting. With a budget of 0, or when the query's lists
 * fit the budget, every posting is read and the pool is exact. Document-at-a-time MaxScore was
 * measured slower on the synthetic million: its per-list bounds are close to one another and far
 * above the pool's edge, so nearly every list stays essential. A smaller budget with a wider
 * re-scored set was measured too: it loses more of the exact pool than it saves in time.
 */
export function runFirstStage(state: IndexState, profile: QueryProfile, poolSize: number): FirstStageResult {
  const { fields, options, accumulator, claimTerms } = state;
  const parameters = { k1: options.k1, b: options.b };
  const terms = termWeights(state, profile);
  let maximum = 0;
  for (const term of terms) {
    for (const weight of term.weights) if (weight > 0) maximum += weight * (options.k1 + 1);
  }
  const length = (term: QueryTermWeights) =>
    fields[0].documentFrequency(term.termId) + fields[1].documentFrequency(term.termId);
  const order = terms
    .map((term) => ({ term, length: length(term) }))
    .sort((a, b) => a.length - b.length || a.term.termId - b.term.termId);
  const budget = options.postingBudget > 0 ? options.postingBudget : Number.POSITIVE_INFINITY;
  let read = 0;
  let skipped = false;
  const lists: ListToRead[] = [];
  for (const [position, { term, length: postings }] of order.entries()) {
    if (position >= ALWAYS_READ && read + postings > budget) {
      skipped = true;
      break;
    }
    read += postings;
    for (const field of [0, 1] as const) {
      const weight = term.weights[field];
      if (weight > 0) lists.push({ postings: fields[field], termId: term.termId, weight });
    }
  }
  const exactScore = createForwardScorer(state, new Map(terms.map((term) => [term.termId, term.weights])));
  const limit = skipped ? poolSize * WIDENING : poolSize;
  const found = bestByPostings(lists, parameters, accumulator, claimTerms.count, limit);
  const exactScores = new Float64Array(found.length);
  for (let position = 0; position < found.length; position += 1) {
    exactScores[position] = exactScore(found[position] as number);
  }
  const pool = Array.from(found.keys())
    .sort(
      (left, right) =>
        (exactScores[right] as number) - (exactScores[left] as number) ||
        (found[left] as number) - (found[right] as number),
    )
    .slice(0, poolSize);
  // Callers ask for the pool's scores and a few more (near-duplicates): only those are remembered.
  const exact = new Map<number, number>();
  for (const position of pool) exact.set(found[position] as number, exactScores[position] as number);
  const scoreOf = (index: number) => {
    let score = exact.get(index);
    if (score === undefined) {
      score = exactScore(index);
      exact.set(index, score);
    }
    return score;
  };
  return { pool: pool.map((position) => found[position] as number), maximum, scoreOf };
}
