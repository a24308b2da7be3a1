import {
  FEATURE_NAMES,
  FEATURE_POSITIONS,
  type FeatureName,
  type Features,
  RETRIEVAL_FEATURES,
} from './features.ts';

/**
 * The re-ranker: logistic regression over the pair features, so a candidate's score is the
 * probability that it states the same claim as the query. Weights are learned by
 * `scripts/eval/claim-retrieval.ts --train` on the CheckThat! 2020 task 2 train split.
 */
export interface MatchModel {
  /** Feature names in weight order; features not listed are ignored. */
  features: readonly FeatureName[];
  weights: readonly number[];
  bias: number;
}

/** The logistic function, written so that neither branch overflows. */
export function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/** The model's probability that the candidate matches. */
export function matchProbability(model: MatchModel, features: Features): number {
  let score = model.bias;
  for (let index = 0; index < model.features.length; index += 1) {
    score += (model.weights[index] ?? 0) * features[model.features[index] as FeatureName];
  }
  return sigmoid(score);
}

/** A match model laid out for feature vectors: each weight beside its feature's vector position. */
export interface VectorModel {
  bias: number;
  /** Per model feature, in model order: its position in a feature vector (`FEATURE_NAMES` order). */
  positions: Int32Array;
  weights: Float64Array;
}

/** The model for `vectorProbability`. */
export function vectorModel(model: MatchModel): VectorModel {
  return {
    bias: model.bias,
    positions: Int32Array.from(model.features, (name) => FEATURE_POSITIONS[name]),
    weights: Float64Array.from(model.features, (_, index) => model.weights[index] ?? 0),
  };
}

/**
 * `matchProbability` of the features at `offset` of a vector in `FEATURE_NAMES` order: the same sum
 * in the same order, so the same probability to the last bit.
 */
export function vectorProbability(model: VectorModel, vector: Float64Array, offset: number): number {
  return sigmoid(vectorLogit(model, vector, offset));
}

/** The sum `vectorProbability` takes the sigmoid of: the model's log-odds for the features at `offset`. */
export function vectorLogit(model: VectorModel, vector: Float64Array, offset: number): number {
  const { positions, weights } = model;
  let score = model.bias;
  for (let index = 0; index < positions.length; index += 1) {
    score += (weights[index] as number) * (vector[offset + (positions[index] as number)] as number);
  }
  return score;
}

/** The features in model order, as the dense vector training uses. */
export function featureVector(model: Pick<MatchModel, 'features'>, features: Features): number[] {
  return model.features.map((name) => features[name]);
}

/**
 * A model that scores by first-stage BM25 alone: what a caller gets with `rerank: false`, and the
 * starting point that training replaces.
 */
export const FIRST_STAGE_MODEL: MatchModel = {
  features: ['bm25Relative', 'reciprocalRank'],
  weights: [4, 1],
  bias: -3,
};

/**
 * The join decision: logistic regression over the ranker's score for the best candidate and the
 * features that do not depend on the other candidates, giving the probability that the new claim
 * states the same claim as that candidate (see `decideCluster`).
 */
export interface JoinModel {
  scoreWeight: number;
  features: readonly FeatureName[];
  weights: readonly number[];
  bias: number;
}

/**
 * Features the join model fitted on tweets uses: the retrieval features but the candidate's standing
 * among the others.
 */
export const JOIN_FEATURES: readonly FeatureName[] = RETRIEVAL_FEATURES.filter(
  (name) => name !== 'bm25Relative' && name !== 'reciprocalRank',
);

/** The join model's probability for a candidate with ranker score `score` and these features. */
export function joinProbability(model: JoinModel, score: number, features: Features): number {
  let total = model.bias + model.scoreWeight * score;
  for (let index = 0; index < model.features.length; index += 1) {
    total += (model.weights[index] ?? 0) * features[model.features[index] as FeatureName];
  }
  return sigmoid(total);
}

/** Checks that a model names only known features and has one weight per feature. */
export function isMatchModel(value: unknown): value is MatchModel {
  if (typeof value !== 'object' || value === null) return false;
  const model = value as Partial<MatchModel>;
  return (
    Array.isArray(model.features) &&
    Array.isArray(model.weights) &&
    typeof model.bias === 'number' &&
    model.features.length === model.weights.length &&
    model.features.every((name) => (FEATURE_NAMES as readonly string[]).includes(name)) &&
    model.weights.every((weight) => typeof weight === 'number' && Number.isFinite(weight))
  );
}
