import { z } from 'zod';
import type { Doc, Sentence } from '../../core/types.ts';
import type { CheckworthinessModel } from '../../pipeline/index.ts';
import { decodeFloat32, ModelError } from '../model-file.ts';
import { sigmoid } from './calibration.ts';
import {
  FEATURE_GROUPS,
  type FeatureOptions,
  viewSentence,
  viewSentences,
  visitFeatures,
} from './features.ts';
import { createLinearScorer } from './scorer.ts';

export const CHECKWORTHINESS_SCHEMA = 'claimtrail.checkworthiness/1';

const groupsSchema = z
  .object(Object.fromEntries(FEATURE_GROUPS.map((group) => [group, z.number().min(0).finite().optional()])))
  .strict();

/** The shape of `models/checkworthiness.json`. */
export const checkworthinessFileSchema = z.object({
  schema: z.literal(CHECKWORTHINESS_SCHEMA),
  name: z.string().min(1),
  features: z.object({
    dimensions: z
      .number()
      .int()
      .min(2)
      .refine((value) => (value & (value - 1)) === 0, 'must be a power of two'),
    groups: groupsSchema,
  }),
  /** Float32 weights, one per hash bucket, little-endian, in base64. */
  weights: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  bias: z.number().finite(),
  /** Platt scaling of the raw score into a probability. */
  calibration: z.object({ slope: z.number().finite(), intercept: z.number().finite() }),
  /** The decision threshold that gave the best F1 on the development set. */
  recommendedThreshold: z.number().min(0).max(1),
  /** How the file was made: data, options, figures. Informational only. */
  training: z.record(z.string(), z.unknown()),
});

export type CheckworthinessFile = z.infer<typeof checkworthinessFileSchema>;

/**
 * Checks a parsed model file and returns it typed; throws ModelError naming the first bad field.
 *
 * @example
 * const file = parseCheckworthinessFile(JSON.parse(readFileSync('models/checkworthiness.json', 'utf8')));
 */
export function parseCheckworthinessFile(value: unknown): CheckworthinessFile {
  const result = checkworthinessFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new ModelError(
      `claimtrail: check-worthiness model file is malformed at ${where}: ${issue?.message ?? 'invalid'}; ` +
        'reinstall claimtrail or retrain with npm run train:checkworthiness',
    );
  }
  const file = result.data;
  const bytes = Buffer.byteLength(file.weights, 'base64');
  if (bytes !== file.features.dimensions * 4) {
    throw new ModelError(
      `claimtrail: check-worthiness model file holds ${bytes / 4} weights but its features need ` +
        `${file.features.dimensions}; reinstall claimtrail or retrain with npm run train:checkworthiness`,
    );
  }
  return file;
}

/** The raw (uncalibrated) linear score of a sentence. */
export function rawScore(
  weights: Float32Array,
  bias: number,
  features: FeatureOptions,
  sentence: Sentence,
  doc: Doc,
): number {
  let score = bias;
  visitFeatures(viewSentence(sentence, doc), features, (bucket, value) => {
    score += (weights[bucket] as number) * value;
  });
  return score;
}

/** A check-worthiness model loaded from a file, with the threshold its training recommends. */
export interface TrainedCheckworthinessModel extends CheckworthinessModel {
  recommendedThreshold: number;
  scoreAll(doc: Doc): number[];
}

/**
 * The trained check-worthiness model: hashed word, character, part-of-speech and analysis features,
 * a linear score and Platt scaling into a probability, so `claimThreshold` 0.5 means "more likely
 * check-worthy than not".
 *
 * @example
 * const model = createCheckworthinessModel(parseCheckworthinessFile(json));
 * const pipeline = createPipeline({ checkworthiness: model });
 */
export function createCheckworthinessModel(
  input: CheckworthinessFile | unknown,
): TrainedCheckworthinessModel {
  const file = parseCheckworthinessFile(input);
  const weights = decodeFloat32(file.weights);
  const { slope, intercept } = file.calibration;
  // The same sum as rawScore, with per-word work remembered across sentences.
  const linearScore = createLinearScorer(weights, file.bias, file.features);
  return {
    name: file.name,
    recommendedThreshold: file.recommendedThreshold,
    score(sentence: Sentence, doc: Doc): number {
      return sigmoid(slope * linearScore(viewSentence(sentence, doc)) + intercept);
    },
    scoreAll(doc: Doc): number[] {
      return viewSentences(doc).map((view) => sigmoid(slope * linearScore(view) + intercept));
    },
  };
}
