import type { IndexState } from './claim-index.ts';
import type { QueryProfile } from './features.ts';
import { accumulateTerm, bm25Idf, topScored } from './postings.ts';

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
  const slots = new Map<number, number>();
  const weights: [number, number][] = [];
  for (const [termId, termWeights] of terms) {
    slots.set(termId, weights.length);
    weights.push(termWeights);
  }
  const counts = new Float64Array(weights.length);
  const used: number[] = [];
  const averages = [state.fields[0].averageLength(), state.fields[1].averageLength()] as const;
  const { claimTerms } = state;
  return (index) => {
    const tokens = claimTerms.tokens.values;
    const start = claimTerms.starts.values[index] as number;
    const titleStart = claimTerms.titleStarts.values[index] as number;
    const end =
      index + 1 < claimTerms.count
        ? (claimTerms.starts.values[index + 1] as number)
        : claimTerms.tokens.length;
    let score = 0;
    for (const field of [0, 1] as const) {
      const from = field === 0 ? start : titleStart;
      const to = field === 0 ? titleStart : end;
      for (let position = from; position < to; position += 1) {
        const slot = slots.get(tokens[position] as number);
        if (slot === undefined) continue;
        if (counts[slot] === 0) used.push(slot);
        counts[slot] = (counts[slot] as number) + 1;
      }
      const norm = k1 * (1 - b + (b * (to - from)) / averages[field]);
      for (const slot of used) {
        const frequency = Math.min(counts[slot] as number, 15);
        score += ((weights[slot] as [number, number])[field] * frequency * (k1 + 1)) / (frequency + norm);
        counts[slot] = 0;
      }
      used.length = 0;
    }
    return score;
  };
}

/**
 * BM25 over claim text and title, term at a time into the accumulator, then the best `poolSize`
 * claims by linear-time selection. Every posting of every query term is read: MaxScore-style
 * pruning (stop opening claims once the pool's edge beats what the remaining terms could add, then
 * finish the contenders from their stored terms) was measured slower on the synthetic million, where
 * a hundred paraphrases of each claim keep many contenders alive.
 */
export function runFirstStage(state: IndexState, profile: QueryProfile, poolSize: number): FirstStageResult {
  const { fields, options, accumulator, claimTerms } = state;
  accumulator.reset(claimTerms.count);
  const parameters = { k1: options.k1, b: options.b };
  const terms = termWeights(state, profile);
  let maximum = 0;
  for (const term of terms) {
    for (const field of [0, 1] as const) {
      const weight = term.weights[field];
      if (weight <= 0) continue;
      maximum += weight * (options.k1 + 1);
      accumulateTerm(fields[field], term.termId, weight, parameters, accumulator);
    }
  }
  const exactScore = createForwardScorer(state, new Map(terms.map((term) => [term.termId, term.weights])));
  const exact = new Map<number, number>();
  const scoreOf = (index: number) => {
    let score = exact.get(index);
    if (score === undefined) {
      score = exactScore(index);
      exact.set(index, score);
    }
    return score;
  };
  const pool = topScored(accumulator, poolSize).sort((a, b) => scoreOf(b) - scoreOf(a) || a - b);
  return { pool, maximum, scoreOf };
}
