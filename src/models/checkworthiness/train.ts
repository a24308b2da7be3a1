import type { ArticleInput, Doc, Sentence } from '../../core/types.ts';
import { type LabelledVector, trainLogistic } from '../logistic.ts';
import { encodeFloat32 } from '../model-file.ts';
import { createRandom, shuffled } from '../random.ts';
import type { SparseVector } from '../sparse.ts';
import { fitPlatt, type PlattScaling } from './calibration.ts';
import { checkworthinessFeatures, type FeatureOptions, viewSentence } from './features.ts';
import { CHECKWORTHINESS_SCHEMA, type CheckworthinessFile } from './model.ts';

/** One training example: a sentence as the pipeline analyzed it, and whether it is check-worthy. */
export interface CheckworthinessTrainingRow {
  sentence: Sentence;
  doc: Doc;
  label: 0 | 1;
}

export interface CheckworthinessTrainingOptions {
  name?: string;
  features: FeatureOptions;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per step (see trainLogistic). */
  l2?: number;
  /** Weight of a check-worthy example relative to a negative one. */
  positiveWeight?: number;
  /** How many models, each with its own shuffle seed, are averaged into one. */
  ensemble?: number;
  seed?: number;
  /** Folds whose out-of-fold scores fit Platt scaling; below 2, scaling is left at slope 1, intercept 0. */
  calibrationFolds?: number;
  recommendedThreshold?: number;
  /** Extra facts to record in the file's `training` field. */
  notes?: Record<string, unknown>;
}

/**
 * The options the shipped model is trained with. Chosen on groundtruth and on the 2016 debates held
 * out of training (an unseen year): a small AdaGrad step over few epochs, averaged over three seeds,
 * carried over to unseen years better than fitting longer or penalizing harder.
 */
export const CHECKWORTHINESS_TRAINING: CheckworthinessTrainingOptions = {
  name: 'logreg-checkworthiness-v1',
  features: {
    dimensions: 1 << 18,
    groups: {
      words: 1,
      bigrams: 1,
      characters: 1,
      partOfSpeech: 1,
      shape: 1,
      tagged: 1,
      entities: 1,
      signals: 1,
      form: 1,
      lexicon: 1,
    },
  },
  epochs: 5,
  learningRate: 0.05,
  l2: 1e-6,
  positiveWeight: 1,
  ensemble: 3,
  seed: 1,
  calibrationFolds: 5,
};

/** Training options with every default filled in. */
type ResolvedOptions = Required<
  Omit<CheckworthinessTrainingOptions, 'name' | 'notes' | 'recommendedThreshold'>
>;

interface LinearModel {
  weights: Float32Array;
  bias: number;
}

/**
 * Turns one text into a single pipeline sentence covering all of it, so a labelled text that wink
 * splits in two still gives one example whose features match what scoring sees.
 */
export function wholeTextSentence(
  analyze: (input: ArticleInput) => Doc,
  text: string,
): { sentence: Sentence; doc: Doc } {
  const doc = analyze({ text });
  const first = doc.sentences[0];
  const last = doc.sentences[doc.sentences.length - 1];
  if (!first || !last || doc.sentences.length === 1) {
    return { sentence: first ?? { index: 0, start: 0, end: 0, text: '', tokens: [] }, doc };
  }
  const sentence: Sentence = {
    index: 0,
    start: first.start,
    end: last.end,
    text: doc.text.slice(first.start, last.end),
    tokens: doc.sentences.flatMap((part) => part.tokens),
  };
  return {
    sentence,
    doc: {
      ...doc,
      sentences: [sentence],
      signals: doc.signals.map((signal) => ({ ...signal, sentenceIndex: 0 })),
      attributions: doc.attributions.map((attribution) => ({ ...attribution, sentenceIndex: 0 })),
    },
  };
}

/** Averages several seeded logistic regressions; averaging linear models averages their scores. */
function trainAveraged(
  examples: readonly LabelledVector[],
  options: ResolvedOptions,
  seed: number,
): LinearModel {
  const { dimensions } = options.features;
  const sum = new Float64Array(dimensions);
  let bias = 0;
  for (let member = 0; member < options.ensemble; member += 1) {
    const model = trainLogistic(examples, {
      dimensions,
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      positiveWeight: options.positiveWeight,
      seed: seed + member * 7919,
    });
    for (let index = 0; index < dimensions; index += 1)
      sum[index] = (sum[index] as number) + (model.weights[index] as number);
    bias += model.bias;
  }
  return {
    weights: Float32Array.from(sum, (value) => value / options.ensemble),
    bias: bias / options.ensemble,
  };
}

function linearScore(model: LinearModel, vector: SparseVector): number {
  let score = model.bias;
  for (let index = 0; index < vector.indices.length; index += 1) {
    score += (model.weights[vector.indices[index] as number] as number) * (vector.values[index] as number);
  }
  return score;
}

/** Out-of-fold scores over stratified seeded folds, then Platt scaling fit to them. */
function calibrate(examples: readonly LabelledVector[], options: ResolvedOptions): PlattScaling {
  const folds = options.calibrationFolds;
  if (folds < 2) return { slope: 1, intercept: 0 };
  const random = createRandom(options.seed ^ 0x5bd1e995);
  const foldOf = new Array<number>(examples.length).fill(0);
  for (const label of [0, 1] as const) {
    const members = examples.flatMap((example, index) => (example.label === label ? [index] : []));
    shuffled(members, random).forEach((index, position) => {
      foldOf[index] = position % folds;
    });
  }
  const scores = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < folds; fold += 1) {
    const model = trainAveraged(
      examples.filter((_, index) => foldOf[index] !== fold),
      options,
      options.seed + 104729 * (fold + 1),
    );
    examples.forEach((example, index) => {
      if (foldOf[index] === fold) scores[index] = linearScore(model, example.features);
    });
  }
  return fitPlatt(
    scores,
    examples.map((example) => example.label),
  );
}

/**
 * Trains the check-worthiness model on analyzed sentences and returns the model file. Pure and
 * deterministic: the same rows, options and seed give identical weights.
 *
 * @example
 * const file = trainCheckworthiness(rows, { features: { dimensions: 1 << 18, groups: { words: 1 } } });
 * const model = createCheckworthinessModel(file);
 */
export function trainCheckworthiness(
  rows: readonly CheckworthinessTrainingRow[],
  options: CheckworthinessTrainingOptions,
): CheckworthinessFile {
  const settings: ResolvedOptions = {
    features: options.features,
    epochs: options.epochs ?? 10,
    learningRate: options.learningRate ?? 0.2,
    l2: options.l2 ?? 1e-6,
    positiveWeight: options.positiveWeight ?? 1,
    ensemble: options.ensemble ?? 1,
    seed: options.seed ?? 1,
    calibrationFolds: options.calibrationFolds ?? 0,
  };
  const examples: LabelledVector[] = rows.map(({ sentence, doc, label }) => ({
    features: checkworthinessFeatures(viewSentence(sentence, doc), options.features),
    label,
  }));
  const model = trainAveraged(examples, settings, settings.seed);
  const calibration = calibrate(examples, settings);
  return {
    schema: CHECKWORTHINESS_SCHEMA,
    name: options.name ?? 'logreg-checkworthiness-v1',
    features: { dimensions: options.features.dimensions, groups: { ...options.features.groups } },
    weights: encodeFloat32(model.weights),
    bias: model.bias,
    calibration,
    recommendedThreshold: options.recommendedThreshold ?? 0.5,
    training: {
      rows: rows.length,
      positives: rows.filter((row) => row.label === 1).length,
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      l2: settings.l2,
      positiveWeight: settings.positiveWeight,
      ensemble: settings.ensemble,
      seed: settings.seed,
      calibrationFolds: settings.calibrationFolds,
      ...options.notes,
    },
  };
}
