/** Evaluation measures shared by the evaluation scripts: counts, scores, span and name matching. */

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** A half-open character range [start, end). */
export interface CharRange {
  start: number;
  end: number;
}

/**
 * A span to score. `start`/`end` give its extent; `fragments`, when present, are the pieces a
 * discontinuous annotation actually covers (brat writes them as `start end;start end`).
 */
export interface ScoredSpan extends CharRange {
  fragments?: readonly CharRange[];
}

/** `exact`: same start and end. `overlap`: at least one character in common. */
export type SpanMatchMode = 'exact' | 'overlap';

export const EMPTY_COUNTS: Readonly<Counts> = Object.freeze({
  truePositives: 0,
  falsePositives: 0,
  falseNegatives: 0,
});

/**
 * Precision, recall and F1 from counts. A ratio whose denominator is zero is 0, so a system that
 * predicts nothing scores 0 rather than a vacuous 1.
 *
 * @example
 * scoresFromCounts({ truePositives: 3, falsePositives: 1, falseNegatives: 3 });
 * // { precision: 0.75, recall: 0.5, f1: 0.6 }
 */
export function scoresFromCounts(counts: Counts): Scores {
  const { truePositives, falsePositives, falseNegatives } = counts;
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { precision, recall, f1 };
}

/** Sums counts, for micro-averaging over documents. */
export function addCounts(...all: Counts[]): Counts {
  return all.reduce<Counts>(
    (sum, counts) => ({
      truePositives: sum.truePositives + counts.truePositives,
      falsePositives: sum.falsePositives + counts.falsePositives,
      falseNegatives: sum.falseNegatives + counts.falseNegatives,
    }),
    { ...EMPTY_COUNTS },
  );
}

/** `numerator / denominator`, or 0 when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * How many characters two spans share, counting only the fragments each actually covers.
 *
 * @example
 * overlapLength({ start: 0, end: 10 }, { start: 5, end: 20 }); // 5
 */
export function overlapLength(first: ScoredSpan, second: ScoredSpan): number {
  let shared = 0;
  for (const a of piecesOf(first)) {
    for (const b of piecesOf(second)) {
      shared += Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
    }
  }
  return shared;
}

/** Two spans match exactly when their extents are the same. */
export function spansEqual(first: ScoredSpan, second: ScoredSpan): boolean {
  return first.start === second.start && first.end === second.end;
}

/**
 * Counts predicted spans that match gold spans, each gold and each predicted span used at most once.
 * The pairing is a maximum matching, so the count does not depend on the order spans are listed in and
 * overlap matching never finds fewer pairs than exact matching. Among candidates, a prediction tries
 * the gold span it shares most characters with first.
 *
 * @example
 * matchSpans([{ start: 0, end: 4 }], [{ start: 2, end: 9 }], 'overlap');
 * // { truePositives: 1, falsePositives: 0, falseNegatives: 0 }
 */
export function matchSpans(
  predicted: readonly ScoredSpan[],
  gold: readonly ScoredSpan[],
  mode: SpanMatchMode,
): Counts {
  const candidates = predicted.map((prediction) =>
    gold
      .map((reference, goldIndex) => ({ goldIndex, shared: overlapLength(prediction, reference) }))
      .filter(({ goldIndex, shared }) =>
        mode === 'exact' ? spansEqual(prediction, gold[goldIndex] as ScoredSpan) : shared > 0,
      )
      .sort((a, b) => b.shared - a.shared || a.goldIndex - b.goldIndex)
      .map(({ goldIndex }) => goldIndex),
  );
  // Kuhn's augmenting paths: small inputs (tens of spans per document) make the simple form enough.
  const predictionOfGold = new Map<number, number>();
  const tryAssign = (predictedIndex: number, visited: Set<number>): boolean => {
    for (const goldIndex of candidates[predictedIndex] ?? []) {
      if (visited.has(goldIndex)) continue;
      visited.add(goldIndex);
      const holder = predictionOfGold.get(goldIndex);
      if (holder === undefined || tryAssign(holder, visited)) {
        predictionOfGold.set(goldIndex, predictedIndex);
        return true;
      }
    }
    return false;
  };
  predicted.forEach((_, predictedIndex) => {
    tryAssign(predictedIndex, new Set());
  });
  const truePositives = predictionOfGold.size;
  return {
    truePositives,
    falsePositives: predicted.length - truePositives,
    falseNegatives: gold.length - truePositives,
  };
}

/** Keeps one span per extent and fragment layout, so a span shared by two relations counts once. */
export function uniqueSpans<T extends ScoredSpan>(spans: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const span of spans) {
    const key = piecesOf(span)
      .map((piece) => `${piece.start}-${piece.end}`)
      .join(';');
    if (!byKey.has(key)) byKey.set(key, span);
  }
  return [...byKey.values()];
}

function piecesOf(span: ScoredSpan): readonly CharRange[] {
  return span.fragments && span.fragments.length > 0 ? span.fragments : [span];
}

const LEADING_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'some',
  'many',
  'several',
  'most',
  'all',
  'his',
  'her',
  'its',
  'their',
  'our',
]);

/**
 * Lower-cases a name, straightens quotes, turns punctuation into spaces and drops leading
 * determiners: "The U.S. Food and Drug Administration" -> "u s food and drug administration".
 */
export function normalizeName(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  while (words.length > 1 && LEADING_DETERMINERS.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

/**
 * Whether a predicted claimant names the same claimer as the gold annotation. Case-insensitive; after
 * `normalizeName` the two match when they are equal, when one contains the other as whole words
 * ("Trump" in "Donald Trump"), or when they share their head (last) word ("health officials" and
 * "officials"). Lenient on purpose: the gold names are free text, often a fuller or shorter form
 * of the name the article uses in the sentence.
 *
 * @example
 * claimantsMatch('President Trump', 'Donald Trump'); // true (head word "trump")
 * claimantsMatch('Pfizer', 'Moderna'); // false
 */
export function claimantsMatch(predicted: string, gold: string): boolean {
  const a = normalizeName(predicted);
  const b = normalizeName(gold);
  if (a.length === 0 || b.length === 0) return false;
  if (a === b) return true;
  if (` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `)) return true;
  return a.split(' ').at(-1) === b.split(' ').at(-1);
}
