import { createRandom, shuffled } from './random.ts';
import type { SparseVector } from './sparse.ts';

export interface LogisticModel {
  dimensions: number;
  weights: Float32Array;
  bias: number;
}

export interface LogisticTrainingOptions {
  dimensions: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per example step; larger values favour features that carry over to new data. */
  l2?: number;
  seed?: number;
  /** Weight of positive examples relative to negative ones. */
  positiveWeight?: number;
}

export interface LabelledVector {
  features: SparseVector;
  label: 0 | 1;
}

function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/** The model's probability that the label is 1. */
export function predictLogistic(model: LogisticModel, features: SparseVector): number {
  let score = model.bias;
  for (let index = 0; index < features.indices.length; index += 1) {
    score += (model.weights[features.indices[index] as number] ?? 0) * (features.values[index] as number);
  }
  return sigmoid(score);
}

/**
 * Trains L2-regularized logistic regression with AdaGrad over shuffled examples. Deterministic for a
 * given seed: the shuffle is seeded and the arithmetic order fixed.
 */
export function trainLogistic(
  examples: readonly LabelledVector[],
  options: LogisticTrainingOptions,
): LogisticModel {
  const { dimensions, epochs = 10, learningRate = 0.2, l2 = 1e-6, seed = 1, positiveWeight = 1 } = options;
  const weights = new Float64Array(dimensions);
  const squared = new Float64Array(dimensions);
  let bias = 0;
  let biasSquared = 0;
  const random = createRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (const { features, label } of shuffled(examples, random)) {
      let score = bias;
      for (let index = 0; index < features.indices.length; index += 1) {
        score += (weights[features.indices[index] as number] as number) * (features.values[index] as number);
      }
      const weight = label === 1 ? positiveWeight : 1;
      const gradient = (sigmoid(score) - label) * weight;
      for (let index = 0; index < features.indices.length; index += 1) {
        const feature = features.indices[index] as number;
        const step = gradient * (features.values[index] as number) + l2 * (weights[feature] as number);
        squared[feature] = (squared[feature] as number) + step * step;
        weights[feature] =
          (weights[feature] as number) -
          (learningRate * step) / Math.sqrt((squared[feature] as number) + 1e-8);
      }
      biasSquared += gradient * gradient;
      bias -= (learningRate * gradient) / Math.sqrt(biasSquared + 1e-8);
    }
  }
  return { dimensions, weights: Float32Array.from(weights), bias };
}
