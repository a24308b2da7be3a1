import { type IndexState, statisticsOf } from './claim-index.ts';
import type { QueryProfile } from './features.ts';
import { bestByPostings, type FieldPostings, type ListToRead } from './postings.ts';

/** The first stage's answer: the best claims by BM25 and a way to score any claim exactly. */
export interface FirstStageResult {
  /** Claim indexes of the best `poolSize` claims, best first (ties to the claim stored first). */
  pool: Int32Array;
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

/** Query terms a slot table starts with room for; it grows by doubling. */
const INITIAL_TERMS = 32;

/**
 * The arrays a forward scorer and a first stage work in, and the scorer itself, made once: an index
 * keeps one set for its queries, which then allocate neither arrays nor functions for their first
 * stage. A scorer configured on a set is good until the set is configured again, and a first stage's
 * result until the next first stage run with the set; a set serves one query at a time.
 */
export class ForwardArrays {
  /** Query term id to slot, by open addressing in a table at most half full. */
  keys = new Int32Array(INITIAL_TERMS * 2);
  values = new Int32Array(INITIAL_TERMS * 2);
  /** Per slot (query term, in the order given): count in the claim's field, and weight per field. */
  counts = new Float64Array(INITIAL_TERMS);
  used = new Int32Array(INITIAL_TERMS);
  textWeights = new Float64Array(INITIAL_TERMS);
  titleWeights = new Float64Array(INITIAL_TERMS);
  /** Per query term, for the first stage: its id, its postings in both fields, and the reading order. */
  termIds = new Int32Array(INITIAL_TERMS);
  listLengths = new Int32Array(INITIAL_TERMS);
  order = new Int32Array(INITIAL_TERMS);
  /** The lists a first stage reads, kept from query to query and rewritten in place. */
  readonly lists: ListToRead[] = [];
  /** The pool of the last first stage, best first, and its scores. */
  pool = new Int32Array(64);
  poolScores = new Float64Array(64);
  /** The pool sorted by claim, and the near-duplicates kept beyond it, for `addNearDuplicatesBeyond`. */
  sortedPool = new Int32Array(64);
  keptClaims = new Int32Array(64);
  keptScores = new Float64Array(64);
  readonly total = new Float64Array(1);
  /** Exact BM25 over the configured terms; the same function for every configuration. */
  readonly scorer: ForwardScorer;
  #state: IndexState | null = null;
  #mask = 0;
  #textAverage = 1;
  #titleAverage = 1;

  constructor() {
    const scorer = (index: number): number => {
      this.#scoreClaim(index);
      return this.total[0] as number;
    };
    scorer.scoresInto = (indexes: ArrayLike<number>, from: number, to: number, into: Float64Array) => {
      for (let position = from; position < to; position += 1) {
        this.#scoreClaim(indexes[position] as number);
        into[position] = this.total[0] as number;
      }
    };
    this.scorer = scorer;
  }

  /** Room for `terms` query terms. */
  reserve(terms: number): void {
    let capacity = 8;
    while (capacity < terms * 2) capacity *= 2;
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
      this.termIds = new Int32Array(size);
      this.listLengths = new Int32Array(size);
      this.order = new Int32Array(size);
    }
  }

  /** Room for a pool of `claims` claims, and as many near-duplicates kept beyond it. */
  reservePool(claims: number): void {
    if (this.pool.length >= claims) return;
    const size = Math.max(claims, this.pool.length * 2);
    this.pool = new Int32Array(size);
    this.poolScores = new Float64Array(size);
    this.sortedPool = new Int32Array(size);
    this.keptClaims = new Int32Array(size);
    this.keptScores = new Float64Array(size);
  }

  /**
   * Points the scorer at the first `terms` query terms of `termIds`, `textWeights` and
   * `titleWeights` (distinct ids) over the state's claims, and returns it.
   */
  configure(state: IndexState, terms: number): ForwardScorer {
    let capacity = 8;
    while (capacity < terms * 2) capacity *= 2;
    const mask = capacity - 1;
    const keys = this.keys.fill(-1, 0, capacity);
    const { values, termIds } = this;
    for (let slot = 0; slot < terms; slot += 1) {
      const termId = termIds[slot] as number;
      let at = slotHash(termId) & mask;
      while (keys[at] !== -1) at = (at + 1) & mask;
      keys[at] = termId;
      values[at] = slot;
    }
    this.counts.fill(0, 0, terms);
    this.#state = state;
    this.#mask = mask;
    this.#textAverage = state.fields[0].averageLength();
    this.#titleAverage = state.fields[1].averageLength();
    return this.scorer;
  }

  // Leaves claim `index`'s score in `total[0]`.
  #scoreClaim(index: number): void {
    const { claimTerms } = this.#state as IndexState;
    const tokens = claimTerms.tokens.values;
    const start = claimTerms.starts.values[index] as number;
    const titleStart = claimTerms.titleStarts.values[index] as number;
    const end =
      index + 1 < claimTerms.count
        ? (claimTerms.starts.values[index + 1] as number)
        : claimTerms.tokens.length;
    this.total[0] = 0;
    this.#scoreField(tokens, start, titleStart, this.textWeights, this.#textAverage);
    this.#scoreField(tokens, titleStart, end, this.titleWeights, this.#titleAverage);
  }

  // Adds one field's BM25 over tokens [from, to) to the total: count the query terms, then add their
  // contributions in first-seen order (the order, and so the rounding, of the scorer before it). The
  // running score lives in a typed array, not in return values: a double returned from a function
  // that is not inlined is boxed, and scoring hundreds of claims per query would leave as many objects.
  #scoreField(tokens: Int32Array, from: number, to: number, weight: Float64Array, average: number): void {
    const { k1, b } = (this.#state as IndexState).options;
    const { keys, values, counts, used, total } = this;
    const mask = this.#mask;
    let distinct = 0;
    for (let position = from; position < to; position += 1) {
      const termId = tokens[position] as number;
      let at = slotHash(termId) & mask;
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
    const norm = k1 * (1 - b + (b * (to - from)) / average);
    for (let entry = 0; entry < distinct; entry += 1) {
      const slot = used[entry] as number;
      const frequency = Math.min(counts[slot] as number, 15);
      total[0] =
        (total[0] as number) + ((weight[slot] as number) * frequency * (k1 + 1)) / (frequency + norm);
      counts[slot] = 0;
    }
  }
}

/** A query term id's home in the slot table: a claim's every token is looked up, and a Map costs more. */
function slotHash(termId: number): number {
  return Math.imul(termId, 0x9e3779b1) >>> 0;
}

/**
 * Scores claims from their stored terms (the forward index) rather than from posting lists, for the
 * given query terms (distinct ids, each with its weight per field). Term frequency is capped at 15 as
 * in the postings, so both ways agree. Scoring thousands of claims allocates nothing; with `arrays`,
 * neither does making the scorer, which is then good until the next scorer made with them.
 */
export function createForwardScorer(
  state: IndexState,
  terms: readonly { termId: number; weights: readonly [number, number] }[],
  arrays: ForwardArrays = new ForwardArrays(),
): ForwardScorer {
  arrays.reserve(terms.length);
  terms.forEach(({ termId, weights }, slot) => {
    arrays.termIds[slot] = termId;
    arrays.textWeights[slot] = weights[0];
    arrays.titleWeights[slot] = weights[1];
  });
  return arrays.configure(state, terms.length);
}

/**
 * Writes to `ranked` the positions in `found` of its best `most` claims by `scores` (parallel to
 * `found`), best first, ties to the claim stored first; returns how many. Kept by insertion into a
 * short sorted run: the found claims come nearly in order already, and no array is sorted per query.
 */
function bestFound(
  found: Int32Array,
  count: number,
  scores: Float64Array,
  ranked: Int32Array,
  most: number,
): number {
  let kept = 0;
  for (let position = 0; position < count; position += 1) {
    if (kept === most && !foundBefore(found, scores, position, ranked[kept - 1] as number)) continue;
    let at = kept === most ? kept - 1 : kept;
    if (kept < most) kept += 1;
    while (at > 0 && foundBefore(found, scores, position, ranked[at - 1] as number)) {
      ranked[at] = ranked[at - 1] as number;
      at -= 1;
    }
    ranked[at] = position;
  }
  return kept;
}

/** Whether found claim `position` ranks before `other`: a higher score, or the claim stored first. */
function foundBefore(found: Int32Array, scores: Float64Array, position: number, other: number): boolean {
  const score = scores[position] as number;
  const otherScore = scores[other] as number;
  return (
    score > otherScore || (score === otherScore && (found[position] as number) < (found[other] as number))
  );
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
 * above the pool's edge, so nearly every list stays essential (the summing leaves out only claims
 * that the commonest lists alone reach, once they cannot reach the pool's edge). A smaller budget
 * with a wider re-scored set was measured too: it loses more of the exact pool than it saves in
 * time. With `arrays`, the result (its pool and scoring functions) is good until the next first
 * stage run with them; without, the query allocates its own.
 */
export function runFirstStage(
  state: IndexState,
  profile: QueryProfile,
  poolSize: number,
  arrays: ForwardArrays = new ForwardArrays(),
): FirstStageResult {
  const { count, maximum, exactScore } = sumPostings(state, profile, poolSize, arrays);
  // The accumulator's arrays hold `limit` claims or more, so the found claims' scores and order fit.
  const { found, exactScores, ranked } = state.accumulator;
  exactScore.scoresInto(found, 0, count, exactScores);
  const kept = bestFound(found, count, exactScores, ranked, poolSize);
  arrays.reservePool(kept);
  const pool = arrays.pool.subarray(0, kept);
  const poolScores = arrays.poolScores.subarray(0, kept);
  for (let rank = 0; rank < kept; rank += 1) {
    pool[rank] = found[ranked[rank] as number] as number;
    poolScores[rank] = exactScores[ranked[rank] as number] as number;
  }
  // Callers ask for the pool's scores and a few more (near-duplicates): those are computed anew.
  const scoreOf = (index: number) => {
    const position = pool.indexOf(index);
    return position === -1 ? exactScore(index) : (poolScores[position] as number);
  };
  return { pool, poolScores, maximum, scoreOf, scoresInto: exactScore.scoresInto };
}

/** What the posting lists alone give a first stage; see `sumPostings`. */
export interface SummedPostings {
  /** How many claims `accumulator.found` and `accumulator.foundScores` hold, best first. */
  count: number;
  /** The highest BM25 score the query could reach. */
  maximum: number;
  /** Exact BM25 of any claim over every query term. */
  exactScore: ForwardScorer;
  /**
   * Whether common terms' lists were left unread: the claims found are then more than the pool,
   * and the pool is the best of them by exact score, not their first claims.
   */
  skipped: boolean;
  /** How many lists were summed: each sum's rounding (in 32 bits) is at most that many steps. */
  lists: number;
}

/**
 * The first stage up to its pool: the claims with the highest BM25 summed (in 32 bits) from the
 * posting lists, `poolSize` of them (more when lists were left unread), in `accumulator.found`.
 * When no list was left unread they are the pool itself, in the order of their sums, which are
 * within a rounding of their exact scores.
 */
export function sumPostings(
  state: IndexState,
  profile: QueryProfile,
  poolSize: number,
  arrays: ForwardArrays,
): SummedPostings {
  const { fields, options, accumulator, claimTerms } = state;
  const { termIds } = profile;
  const terms = termIds.length;
  arrays.reserve(terms);
  const { textWeights, titleWeights, listLengths, order, lists } = arrays;
  // The idfs the query's profile and features read too: each logarithm is taken once per size.
  const statistics = statisticsOf(state);
  let maximum = 0;
  for (let position = 0; position < terms; position += 1) {
    const termId = termIds[position] as number;
    const inText = fields[0].documentFrequency(termId);
    const inTitle = fields[1].documentFrequency(termId);
    arrays.termIds[position] = termId;
    textWeights[position] = inText > 0 ? statistics.idf(termId, 0) : 0;
    titleWeights[position] = inTitle > 0 ? options.titleWeight * statistics.idf(termId, 1) : 0;
    if ((textWeights[position] as number) > 0)
      maximum += (textWeights[position] as number) * (options.k1 + 1);
    if ((titleWeights[position] as number) > 0)
      maximum += (titleWeights[position] as number) * (options.k1 + 1);
    listLengths[position] = inText + inTitle;
    // Terms by the length of their lists, shortest first (ties to the lower term id), by insertion:
    // a query has tens of terms.
    let at = position;
    while (at > 0 && readsBefore(arrays, position, order[at - 1] as number)) {
      order[at] = order[at - 1] as number;
      at -= 1;
    }
    order[at] = position;
  }
  const budget = options.postingBudget > 0 ? options.postingBudget : Number.POSITIVE_INFINITY;
  let read = 0;
  let skipped = false;
  let listCount = 0;
  for (let position = 0; position < terms; position += 1) {
    const term = order[position] as number;
    const postings = listLengths[term] as number;
    if (position >= ALWAYS_READ && read + postings > budget) {
      skipped = true;
      break;
    }
    read += postings;
    const termId = arrays.termIds[term] as number;
    if ((textWeights[term] as number) > 0) {
      setList(lists, listCount, fields[0], termId, textWeights[term] as number);
      listCount += 1;
    }
    if ((titleWeights[term] as number) > 0) {
      setList(lists, listCount, fields[1], termId, titleWeights[term] as number);
      listCount += 1;
    }
  }
  const exactScore = arrays.configure(state, terms);
  const limit = skipped ? poolSize * WIDENING : poolSize;
  const count = bestByPostings(lists, options, accumulator, claimTerms.count, limit, listCount);
  return { count, maximum, exactScore, skipped, lists: listCount };
}

/** Writes list `at` of `lists` in place (adding it when the array is that short): no object per query. */
function setList(
  lists: ListToRead[],
  at: number,
  postings: FieldPostings,
  termId: number,
  weight: number,
): void {
  if (at === lists.length) lists.push({ postings, termId, weight });
  const list = lists[at] as ListToRead;
  list.postings = postings;
  list.termId = termId;
  list.weight = weight;
}

/** Whether query term `position` is read before term `other`: shorter lists first, then lower ids. */
function readsBefore(arrays: ForwardArrays, position: number, other: number): boolean {
  const { listLengths, termIds } = arrays;
  const length = listLengths[position] as number;
  const otherLength = listLengths[other] as number;
  return (
    length < otherLength ||
    (length === otherLength && (termIds[position] as number) < (termIds[other] as number))
  );
}
