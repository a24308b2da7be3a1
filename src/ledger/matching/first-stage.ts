import type { IndexState } from './claim-index.ts';
import type { QueryProfile } from './features.ts';
import { bestByPostings, bm25Idf, type ListToRead } from './postings.ts';

/** The first stage's answer: the best claims by BM25 and a way to score any claim exactly. */
export interface FirstStageResult {
  /** Claim indexes of the best `poolSize` claims, best first (ties to the claim stored first). */
  pool: number[];
  /** Their scores, as `scoreOf` gives them. */
  poolScores: Float64Array;
  /** The highest BM25 score the query could reach, for normalizing. */
  maximum: number;
  /** The claim's full BM25 score over both fields. */
  scoreOf(index: number): number;
  /** The same scores for many claims, written to an array: no number is boxed per claim. */
  scoresInto(indexes: ArrayLike<number>, from: number, to: number, into: Float64Array): void;
}

/** Exact BM25 of claims over the query's terms, from the forward index. */
export interface ForwardScorer {
  /** The score of claim `index`. */
  (index: number): number;
  /** Writes the score of `indexes[position]` to `into[position]` for every position in `[from, to)`. */
  scoresInto(indexes: ArrayLike<number>, from: number, to: number, into: Float64Array): void;
}

interface QueryTermWeights {
  termId: number;
  /** Field weight times idf, per field (0 when no claim has the term in that field). */
  weights: [number, number];
}

function termWeights(state: IndexState, profile: QueryProfile): QueryTermWeights[] {
  const { fields, options, claimTerms } = state;
  const claims = Math.max(claimTerms.count, 1);
  const { termIds } = profile;
  const terms = new Array<QueryTermWeights>(termIds.length);
  for (let position = 0; position < termIds.length; position += 1) {
    const termId = termIds[position] as number;
    const inText = fields[0].documentFrequency(termId);
    const inTitle = fields[1].documentFrequency(termId);
    terms[position] = {
      termId,
      weights: [
        inText > 0 ? 1 * bm25Idf(claims, inText) : 0,
        inTitle > 0 ? options.titleWeight * bm25Idf(claims, inTitle) : 0,
      ],
    };
  }
  return terms;
}

/**
 * The arrays a forward scorer works in. A scorer made with a set of them grows them as it needs and
 * leaves them to the next scorer: an index keeps one set for its queries, which then allocate no
 * arrays for exact scores. A set serves one scorer at a time.
 */
export class ForwardArrays {
  keys = new Int32Array(64);
  values = new Int32Array(64);
  counts = new Float64Array(32);
  used = new Int32Array(32);
  textWeights = new Float64Array(32);
  titleWeights = new Float64Array(32);
  readonly total = new Float64Array(1);

  /** Room for `terms` query terms in a slot table of `capacity`. */
  reserve(terms: number, capacity: number): void {
    if (this.keys.length < capacity) {
      this.keys = new Int32Array(capacity);
      this.values = new Int32Array(capacity);
    }
    if (this.counts.length < terms) {
      const size = Math.max(terms, this.counts.length * 2);
      this.counts = new Float64Array(size);
      this.used = new Int32Array(size);
      this.textWeights = new Float64Array(size);
      this.titleWeights = new Float64Array(size);
    }
  }
}

/**
 * Scores claims from their stored terms (the forward index) rather than from posting lists, for the
 * given query terms (distinct ids, each with its weight per field). Term frequency is capped at 15 as
 * in the postings, so both ways agree. The scratch arrays are reused from claim to claim, so scoring
 * thousands of claims allocates nothing; with `arrays`, they are reused from query to query as well,
 * and the scorer is good until the next scorer made with them.
 */
export function createForwardScorer(
  state: IndexState,
  terms: readonly { termId: number; weights: readonly [number, number] }[],
  arrays: ForwardArrays = new ForwardArrays(),
): ForwardScorer {
  const { k1, b } = state.options;
  const weights: (readonly [number, number])[] = [];
  // Query term id to slot, by open addressing in a table at most half full: a claim's every token is
  // looked up, and a Map lookup would cost several times as much.
  let capacity = 8;
  while (capacity < terms.length * 2) capacity *= 2;
  const mask = capacity - 1;
  arrays.reserve(terms.length, capacity);
  const keys = arrays.keys.fill(-1, 0, capacity);
  const values = arrays.values;
  const hash = (termId: number) => Math.imul(termId, 0x9e3779b1) >>> 0;
  for (const { termId, weights: termWeights } of terms) {
    let at = hash(termId) & mask;
    while (keys[at] !== -1) at = (at + 1) & mask;
    keys[at] = termId;
    values[at] = weights.length;
    weights.push(termWeights);
  }
  const counts = arrays.counts.fill(0, 0, weights.length);
  const used = arrays.used;
  const fieldWeights = [arrays.textWeights, arrays.titleWeights] as const;
  for (let slot = 0; slot < weights.length; slot += 1) {
    const pair = weights[slot] as readonly [number, number];
    fieldWeights[0][slot] = pair[0];
    fieldWeights[1][slot] = pair[1];
  }
  const averages = [state.fields[0].averageLength(), state.fields[1].averageLength()] as const;
  const { claimTerms } = state;
  // The running score lives in a typed array, not in arguments and return values: a double passed
  // between functions that are not inlined is boxed, and scoring hundreds of claims per query would
  // leave as many objects for the garbage collector.
  const total = arrays.total;
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
  // Leaves claim `index`'s score in `total[0]`.
  const scoreClaim = (index: number): void => {
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
  };
  const scorer = (index: number): number => {
    scoreClaim(index);
    return total[0] as number;
  };
  scorer.scoresInto = (indexes: ArrayLike<number>, from: number, to: number, into: Float64Array) => {
    for (let position = from; position < to; position += 1) {
      scoreClaim(indexes[position] as number);
      into[position] = total[0] as number;
    }
  };
  return scorer;
}

/**
 * Writes to `ranked` the positions in `found` of its best `most` claims by `scores` (parallel to
 * `found`), best first, ties to the claim stored first; returns how many. Kept by insertion into a
 * short sorted run: the found claims come nearly in order already, and no array is sorted per query.
 */
function bestFound(found: readonly number[], scores: Float64Array, ranked: Int32Array, most: number): number {
  const better = (position: number, other: number) => {
    const score = scores[position] as number;
    const otherScore = scores[other] as number;
    return (
      score > otherScore || (score === otherScore && (found[position] as number) < (found[other] as number))
    );
  };
  let kept = 0;
  for (let position = 0; position < found.length; position += 1) {
    if (kept === most && !better(position, ranked[kept - 1] as number)) continue;
    let at = kept === most ? kept - 1 : kept;
    if (kept < most) kept += 1;
    while (at > 0 && better(position, ranked[at - 1] as number)) {
      ranked[at] = ranked[at - 1] as number;
      at -= 1;
    }
    ranked[at] = position;
  }
  return kept;
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
 * re-scored set was measured too: it loses more of the exact pool than it saves in time. With
 * `arrays`, the result's scoring functions are good until the next first stage run with them.
 */
export function runFirstStage(
  state: IndexState,
  profile: QueryProfile,
  poolSize: number,
  arrays?: ForwardArrays,
): FirstStageResult {
  const { fields, options, accumulator, claimTerms } = state;
  const parameters = { k1: options.k1, b: options.b };
  const terms = termWeights(state, profile);
  let maximum = 0;
  for (let position = 0; position < terms.length; position += 1) {
    const { weights } = terms[position] as QueryTermWeights;
    if (weights[0] > 0) maximum += weights[0] * (options.k1 + 1);
    if (weights[1] > 0) maximum += weights[1] * (options.k1 + 1);
  }
  // Terms by the length of their lists, shortest first (ties to the lower term id).
  const lengths = new Int32Array(terms.length);
  const order = new Array<number>(terms.length);
  for (let position = 0; position < terms.length; position += 1) {
    const { termId } = terms[position] as QueryTermWeights;
    lengths[position] = fields[0].documentFrequency(termId) + fields[1].documentFrequency(termId);
    order[position] = position;
  }
  order.sort(
    (a, b) =>
      (lengths[a] as number) - (lengths[b] as number) ||
      (terms[a] as QueryTermWeights).termId - (terms[b] as QueryTermWeights).termId,
  );
  const budget = options.postingBudget > 0 ? options.postingBudget : Number.POSITIVE_INFINITY;
  let read = 0;
  let skipped = false;
  const lists: ListToRead[] = [];
  for (let position = 0; position < order.length; position += 1) {
    const term = terms[order[position] as number] as QueryTermWeights;
    const postings = lengths[order[position] as number] as number;
    if (position >= ALWAYS_READ && read + postings > budget) {
      skipped = true;
      break;
    }
    read += postings;
    if (term.weights[0] > 0)
      lists.push({ postings: fields[0], termId: term.termId, weight: term.weights[0] });
    if (term.weights[1] > 0)
      lists.push({ postings: fields[1], termId: term.termId, weight: term.weights[1] });
  }
  const exactScore = createForwardScorer(state, terms, arrays);
  const limit = skipped ? poolSize * WIDENING : poolSize;
  const found = bestByPostings(lists, parameters, accumulator, claimTerms.count, limit);
  // The accumulator's arrays hold `limit` claims or more, so the found claims' scores and order fit.
  const { exactScores, ranked } = accumulator;
  exactScore.scoresInto(found, 0, found.length, exactScores);
  const kept = bestFound(found, exactScores, ranked, poolSize);
  const poolClaims = new Array<number>(kept);
  const poolScores = new Float64Array(kept);
  for (let rank = 0; rank < kept; rank += 1) {
    poolClaims[rank] = found[ranked[rank] as number] as number;
    poolScores[rank] = exactScores[ranked[rank] as number] as number;
  }
  // Callers ask for the pool's scores and a few more (near-duplicates): those are computed anew.
  const scoreOf = (index: number) => {
    const position = poolClaims.indexOf(index);
    return position === -1 ? exactScore(index) : (poolScores[position] as number);
  };
  return { pool: poolClaims, poolScores, maximum, scoreOf, scoresInto: exactScore.scoresInto };
}
