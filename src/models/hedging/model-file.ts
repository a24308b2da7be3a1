import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LogisticModel } from '../logistic.ts';
import { decodeFloat32, encodeFloat32, ModelError } from '../model-file.ts';
import { createHedgingModel, type HedgingWeights, type TrainedHedgingModel } from './model.ts';

export const HEDGING_SCHEMA = 'claimtrail.hedging/1';

const RETRAIN = 'reinstall claimtrail or retrain with npx tsx scripts/train/hedging.ts';

const logisticSchema = z.object({
  dimensions: z
    .number()
    .int()
    .min(2)
    .refine((value) => (value & (value - 1)) === 0, 'must be a power of two'),
  bias: z.number().finite(),
  /** Float32 weights, one per hash bucket, little-endian, in base64. */
  weights: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

/** The shape of `models/hedging.json`. */
export const hedgingFileSchema = z.object({
  schema: z.literal(HEDGING_SCHEMA),
  name: z.string().min(1),
  lexicon: z.record(z.string(), z.array(z.string().min(1))),
  features: z.object({
    words: z.number().min(0).finite(),
    characters: z.number().min(0).finite(),
    lexicon: z.number().min(0).finite(),
    weasel: z.number().min(0).finite(),
  }),
  normalized: z.boolean(),
  stacked: z.boolean(),
  recommendedThreshold: z.number().min(0).max(1),
  cueThreshold: z.number().min(0).max(1),
  listThresholds: z.record(z.string(), z.number().min(0).max(1)),
  cueLists: z.array(z.string().min(1)),
  cue: logisticSchema,
  sentence: logisticSchema,
  /** How the file was made: data, split, options, figures. Informational only. */
  training: z.record(z.string(), z.unknown()),
});

export type HedgingFile = z.infer<typeof hedgingFileSchema>;

function encodeLogistic(model: LogisticModel) {
  return { dimensions: model.dimensions, bias: model.bias, weights: encodeFloat32(model.weights) };
}

function decodeLogistic(encoded: HedgingFile['cue'], role: string): LogisticModel {
  const weights = decodeFloat32(encoded.weights);
  if (weights.length !== encoded.dimensions) {
    throw new ModelError(
      `claimtrail: hedging model file holds ${weights.length} ${role} weights but its features need ` +
        `${encoded.dimensions}; ${RETRAIN}`,
    );
  }
  return { dimensions: encoded.dimensions, bias: encoded.bias, weights };
}

/** The JSON object that `models/hedging.json` holds for trained weights. */
export function toHedgingFile(weights: HedgingWeights, training: Record<string, unknown> = {}): HedgingFile {
  const { name, lexicon, features, normalized, stacked, recommendedThreshold, cueThreshold } = weights;
  const { listThresholds, cueLists } = weights;
  return {
    schema: HEDGING_SCHEMA,
    name,
    lexicon,
    features,
    normalized,
    stacked,
    recommendedThreshold,
    cueThreshold,
    listThresholds,
    cueLists,
    cue: encodeLogistic(weights.cue),
    sentence: encodeLogistic(weights.sentence),
    training,
  };
}

/**
 * Checks a parsed model file and returns its weights; throws ModelError naming the first bad field.
 *
 * @example
 * const weights = parseHedgingFile(JSON.parse(readFileSync('models/hedging.json', 'utf8')));
 */
export function parseHedgingFile(value: unknown): HedgingWeights {
  const result = hedgingFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new ModelError(
      `claimtrail: hedging model file is malformed at ${where}: ${issue?.message ?? 'invalid'}; ${RETRAIN}`,
    );
  }
  const file = result.data;
  return {
    name: file.name,
    lexicon: file.lexicon,
    features: file.features,
    normalized: file.normalized,
    stacked: file.stacked,
    recommendedThreshold: file.recommendedThreshold,
    cueThreshold: file.cueThreshold,
    listThresholds: file.listThresholds,
    cueLists: file.cueLists,
    cue: decodeLogistic(file.cue, 'cue'),
    sentence: decodeLogistic(file.sentence, 'sentence'),
  };
}

/**
 * Reads `models/hedging.json` (or another path) and builds the pipeline's hedging model.
 *
 * @example
 * const hedging = loadHedgingModel(new URL('../../../models/hedging.json', import.meta.url));
 * createPipeline({ models: { hedging } });
 */
export function loadHedgingModel(path: string | URL): TrainedHedgingModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelError(`claimtrail: cannot read the hedging model at ${String(path)}; ${RETRAIN}`, error);
  }
  return createHedgingModel(parseHedgingFile(parsed));
}
