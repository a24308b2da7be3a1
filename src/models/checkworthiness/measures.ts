import { type Counts, type Scores, scoresFromCounts } from '../../core/metrics.ts';

/** Precision, recall and F1 of one decision threshold, with the counts behind them. */
export interface ThresholdScores extends Counts, Scores {
  threshold: number;
}

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative, ties
 * counting half. 0.5 when either class is missing.
 *
 * @example
 * rocAuc([0.9, 0.2, 0.6], [1, 0, 0]); // 1
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((score, index) => ({ score, label: labels[index] ?? 0 }));
  order.sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]?.score === order[start]?.score) end += 1;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index += 1) {
      if (order[index]?.label === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Counts and scores when every score at or above `threshold` is predicted positive. */
export function scoresAtThreshold(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  threshold: number,
): ThresholdScores {
  const counts: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  scores.forEach((score, index) => {
    const predicted = score >= threshold;
    const actual = labels[index] === 1;
    if (predicted && actual) counts.truePositives += 1;
    else if (predicted) counts.falsePositives += 1;
    else if (actual) counts.falseNegatives += 1;
  });
  return { threshold, ...counts, ...scoresFromCounts(counts) };
}

/**
 * The threshold with the best F1, tried at every distinct score. Among equally good thresholds the
 * middle of the widest gap is returned, so the choice does not sit on one sentence's score.
 */
export function bestF1Threshold(scores: readonly number[], labels: readonly (0 | 1)[]): ThresholdScores {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  let best = scoresAtThreshold(scores, labels, distinct[0] ?? 0.5);
  let bestIndex = 0;
  distinct.forEach((threshold, index) => {
    const candidate = scoresAtThreshold(scores, labels, threshold);
    if (candidate.f1 > best.f1) {
      best = candidate;
      bestIndex = index;
    }
  });
  const below = distinct[bestIndex - 1];
  const threshold = below === undefined ? best.threshold : (below + best.threshold) / 2;
  return { ...best, threshold };
}

/**
 * One threshold for several sets at once: the one, on a 0.01 grid, with the best mean F1 over them.
 * Used to pick a threshold that holds both on the development set and on data from an unseen year.
 *
 * @example
 * bestSharedThreshold([{ scores: [0.9, 0.2], labels: [1, 0] }, { scores: [0.4, 0.1], labels: [1, 0] }]);
 * // 0.11: the first threshold on the grid at which both sets are perfect
 */
export function bestSharedThreshold(
  sets: readonly { scores: readonly number[]; labels: readonly (0 | 1)[] }[],
): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let step = 1; step < 100; step += 1) {
    const threshold = step / 100;
    const f1 =
      sets.reduce((sum, set) => sum + scoresAtThreshold(set.scores, set.labels, threshold).f1, 0) /
      sets.length;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = threshold;
    }
  }
  return best;
}
