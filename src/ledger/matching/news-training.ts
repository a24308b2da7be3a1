import { type FeatureName, type Features, NEWS_FEATURES } from './features.ts';
import { JOIN_FEATURES, type JoinModel, joinProbability } from './model.ts';
import { bestThreshold } from './training.ts';

/**
 * What the news join model reads: the join features but the title ones (the ledger matches sentences
 * without titles), and the features for what a pair shares besides names and how much.
 */
export const NEWS_JOIN_FEATURES: readonly FeatureName[] = [
  ...JOIN_FEATURES.filter((name) => name !== 'titleScore' && name !== 'titleCoverage'),
  ...NEWS_FEATURES,
];

/** A claim's first-ranked candidate, judged: the ranker's score, the pair's features, and a weight. */
export interface WeightedJoinExample {
  score: number;
  features: Features;
  label: 0 | 1;
  /** How many pairs of the population this one stands for (one over its chance of being sampled). */
  weight: number;
}

export interface WeightedFitOptions {
  /** L2 penalty on the weights (not the bias), in units of one average example. */
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

/**
 * Fits a join model by weighted logistic regression: full-batch gradient descent from zero, so the
 * same examples give the same model whatever their order. Examples count by their weight, scaled so
 * the average is 1; with a few hundred judged pairs standing for thousands, stochastic steps of one
 * heavy example each would swing the weights.
 */
export function fitWeightedJoinModel(
  examples: readonly WeightedJoinExample[],
  options: WeightedFitOptions = {},
): JoinModel {
  const { l2 = 1, iterations = 4000, learningRate = 0.5 } = options;
  const features = NEWS_JOIN_FEATURES;
  // Column 0 is the ranker's score, then the features, then the bias.
  const width = features.length + 2;
  const rows = examples.map((example) => [
    example.score,
    ...features.map((name) => example.features[name]),
    1,
  ]);
  const totalWeight = examples.reduce((sum, example) => sum + example.weight, 0);
  const scale = examples.length > 0 && totalWeight > 0 ? examples.length / totalWeight : 0;
  const beta = new Float64Array(width);
  const gradient = new Float64Array(width);
  const count = Math.max(examples.length, 1);
  for (let step = 0; step < iterations; step += 1) {
    gradient.fill(0);
    rows.forEach((row, position) => {
      const example = examples[position] as WeightedJoinExample;
      let logit = 0;
      for (let column = 0; column < width; column += 1)
        logit += (beta[column] as number) * (row[column] as number);
      const error = (sigmoid(logit) - example.label) * example.weight * scale;
      for (let column = 0; column < width; column += 1) {
        gradient[column] = (gradient[column] as number) + error * (row[column] as number);
      }
    });
    for (let column = 0; column < width; column += 1) {
      const penalty = column < width - 1 ? l2 * (beta[column] as number) : 0;
      beta[column] =
        (beta[column] as number) - (learningRate * ((gradient[column] as number) + penalty)) / count;
    }
  }
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    scoreWeight: round(beta[0] as number),
    features: [...features],
    weights: features.map((_, position) => round(beta[position + 1] as number)),
    bias: round(beta[width - 1] as number),
  };
}

function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/** Weighted precision, recall and F-beta of joining every example whose probability reaches `threshold`. */
export interface WeightedJoinCounts {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Weighted counts: joined and right, joined and wrong, not joined though the same claim. */
  correct: number;
  wrong: number;
  missed: number;
}

/** A judged example reduced to what a threshold is compared with. */
export interface ScoredJoin {
  probability: number;
  label: 0 | 1;
  weight: number;
}

/** The join decisions at `threshold` over `scored`, each counted by its weight. */
export function weightedJoinCounts(scored: readonly ScoredJoin[], threshold: number): WeightedJoinCounts {
  let correct = 0;
  let wrong = 0;
  let missed = 0;
  for (const { probability, label, weight } of scored) {
    if (probability >= threshold) {
      if (label === 1) correct += weight;
      else wrong += weight;
    } else if (label === 1) missed += weight;
  }
  const precision = correct + wrong > 0 ? correct / (correct + wrong) : 1;
  const recall = correct + missed > 0 ? correct / (correct + missed) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, precision, recall, f1, correct, wrong, missed };
}

/**
 * The threshold, on a 0.01 grid, that maximizes weighted F-beta: beta 1 weighs a wrong join (two
 * claims' trails merged) and a missed one (one claim's trail split in two) alike.
 */
export function chooseWeightedThreshold(scored: readonly ScoredJoin[], beta = 1): WeightedJoinCounts {
  return bestThreshold((threshold) => weightedJoinCounts(scored, threshold), beta);
}

/** `joinProbability` of each example under `model`, with its label and weight. */
export function scoreJoins(examples: readonly WeightedJoinExample[], model: JoinModel): ScoredJoin[] {
  return examples.map((example) => ({
    probability: joinProbability(model, example.score, example.features),
    label: example.label,
    weight: example.weight,
  }));
}
