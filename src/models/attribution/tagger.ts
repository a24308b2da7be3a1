import { createRandom, shuffled } from '../random.ts';
import { FEATURE_COUNT } from './features.ts';
import { FRESH_MEMORY, type Workspace } from './workspace.ts';

/**
 * A first-order sequence tagger over BIO labels, trained as an averaged structured perceptron and
 * decoded with Viterbi. Label 0 is O; role `r` has B = 1 + 2r and I = 2 + 2r. Decoding only ever
 * produces valid BIO sequences: I-r may follow only B-r or I-r, and no sequence starts with I.
 */

export interface TaggerWeights {
  /** Role names in label order, like `['source', 'cue', 'content']`. */
  roles: string[];
  /** Hashed feature buckets; a power of two. */
  dimensions: number;
  /** `dimensions * labels` emission weights, bucket-major. */
  emission: Float32Array;
  /** `labels * labels` transition weights, from-label-major. */
  transition: Float32Array;
  /** Weight of each label as the first of a sequence. */
  start: Float32Array;
}

/** One training sequence: `FEATURE_COUNT` feature ids per token and the gold label of each token. */
export interface TaggedSequence {
  features: Int32Array;
  labels: Int32Array;
}

export interface TaggerTrainingOptions {
  roles: string[];
  dimensions: number;
  epochs?: number;
  seed?: number;
}

export function labelCount(roles: readonly string[]): number {
  return 1 + 2 * roles.length;
}

export function isInside(label: number): boolean {
  return label > 0 && label % 2 === 0;
}

/** Whether `label` may follow `previous` (-1: at the start of a sequence). */
export function isAllowed(previous: number, label: number): boolean {
  if (!isInside(label)) return true;
  return previous === label || previous === label - 1;
}

/** Whether a label sequence is valid BIO: every I continues a span of its own role. */
export function isValidSequence(labels: ArrayLike<number>): boolean {
  for (let index = 0; index < labels.length; index += 1) {
    if (!isAllowed(index === 0 ? -1 : (labels[index - 1] as number), labels[index] as number)) return false;
  }
  return true;
}

/** Sums each token's emission scores, `labels` per token. */
function emissionScores(
  emission: Float32Array,
  features: Int32Array,
  count: number,
  labels: number,
  memory: Workspace,
): Float64Array {
  // A local copy: an imported binding may be read through a getter, too slow for this loop.
  const featureCount = FEATURE_COUNT;
  const scores = memory.float64(count * labels);
  if (labels === 7) {
    // The joint tagger's case, unrolled so the sums stay in registers.
    for (let token = 0; token < count; token += 1) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      const featureBase = token * featureCount;
      for (let slot = 0; slot < featureCount; slot += 1) {
        const base = (features[featureBase + slot] as number) * 7;
        s0 += emission[base] as number;
        s1 += emission[base + 1] as number;
        s2 += emission[base + 2] as number;
        s3 += emission[base + 3] as number;
        s4 += emission[base + 4] as number;
        s5 += emission[base + 5] as number;
        s6 += emission[base + 6] as number;
      }
      const row = token * 7;
      scores[row] = s0;
      scores[row + 1] = s1;
      scores[row + 2] = s2;
      scores[row + 3] = s3;
      scores[row + 4] = s4;
      scores[row + 5] = s5;
      scores[row + 6] = s6;
    }
    return scores;
  }
  for (let token = 0; token < count; token += 1) {
    const row = token * labels;
    const featureBase = token * featureCount;
    for (let slot = 0; slot < featureCount; slot += 1) {
      const weightBase = (features[featureBase + slot] as number) * labels;
      for (let label = 0; label < labels; label += 1) {
        scores[row + label] = (scores[row + label] as number) + (emission[weightBase + label] as number);
      }
    }
  }
  return scores;
}

/**
 * The best valid label sequence for one unit's features.
 */
export function viterbi(
  emission: Float32Array,
  transition: Float32Array,
  start: Float32Array,
  features: Int32Array,
  labels: number,
  memory: Workspace = FRESH_MEMORY,
): Int32Array {
  const count = features.length / FEATURE_COUNT;
  const path = memory.int32(count);
  if (count === 0) return path;
  const scores = emissionScores(emission, features, count, labels, memory);
  const best = memory.float64(count * labels);
  const back = memory.int32(count * labels);
  for (let label = 0; label < labels; label += 1) {
    best[label] = isInside(label)
      ? Number.NEGATIVE_INFINITY
      : (start[label] as number) + (scores[label] as number);
  }
  for (let token = 1; token < count; token += 1) {
    const row = token * labels;
    const previousRow = row - labels;
    for (let label = 0; label < labels; label += 1) {
      // An I label continues only its own B or I; any other label may follow anything.
      const inside = isInside(label);
      const first = inside ? label - 1 : 0;
      const last = inside ? label : labels - 1;
      let top = Number.NEGATIVE_INFINITY;
      let from = first;
      for (let previous = first; previous <= last; previous += 1) {
        const score =
          (best[previousRow + previous] as number) + (transition[previous * labels + label] as number);
        if (score > top) {
          top = score;
          from = previous;
        }
      }
      best[row + label] = top + (scores[row + label] as number);
      back[row + label] = from;
    }
  }
  const lastRow = (count - 1) * labels;
  let label = 0;
  for (let candidate = 1; candidate < labels; candidate += 1) {
    if ((best[lastRow + candidate] as number) > (best[lastRow + label] as number)) label = candidate;
  }
  for (let token = count - 1; token >= 0; token -= 1) {
    path[token] = label;
    label = back[token * labels + label] as number;
  }
  return path;
}

/** Decodes one unit with trained weights; with a workspace, the path lives in its memory. */
export function tagSequence(
  weights: TaggerWeights,
  features: Int32Array,
  memory: Workspace = FRESH_MEMORY,
): Int32Array {
  return viterbi(
    weights.emission,
    weights.transition,
    weights.start,
    features,
    labelCount(weights.roles),
    memory,
  );
}

/**
 * Trains the tagger as an averaged structured perceptron: decode each sequence, and where the
 * prediction differs from gold, move weights toward gold's features and away from the prediction's.
 * The returned weights are the average over all steps, which generalizes far better than the last
 * ones. Deterministic for a given seed.
 */
export function trainTagger(
  sequences: readonly TaggedSequence[],
  options: TaggerTrainingOptions,
): TaggerWeights {
  const { roles, dimensions, epochs = 10, seed = 1 } = options;
  const labels = labelCount(roles);
  // Perceptron weights are whole numbers, exact in Float32 up to 2^24; only the running sums need Float64.
  const emission = new Float32Array(dimensions * labels);
  const emissionSum = new Float64Array(dimensions * labels);
  const transition = new Float32Array(labels * labels);
  const transitionSum = new Float64Array(labels * labels);
  const start = new Float32Array(labels);
  const startSum = new Float64Array(labels);
  const random = createRandom(seed);
  const featureCount = FEATURE_COUNT;
  let step = 1;
  const add = (weights: Float32Array, sums: Float64Array, index: number, delta: number) => {
    weights[index] = (weights[index] as number) + delta;
    sums[index] = (sums[index] as number) + step * delta;
  };
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (const { features, labels: gold } of shuffled(sequences, random)) {
      const predicted = viterbi(emission, transition, start, features, labels);
      for (let token = 0; token < gold.length; token += 1) {
        const right = gold[token] as number;
        const wrong = predicted[token] as number;
        if (right !== wrong) {
          for (let slot = 0; slot < featureCount; slot += 1) {
            const base = (features[token * featureCount + slot] as number) * labels;
            add(emission, emissionSum, base + right, 1);
            add(emission, emissionSum, base + wrong, -1);
          }
        }
        if (token === 0) {
          if (right !== wrong) {
            add(start, startSum, right, 1);
            add(start, startSum, wrong, -1);
          }
          continue;
        }
        const goldPair = (gold[token - 1] as number) * labels + right;
        const predictedPair = (predicted[token - 1] as number) * labels + wrong;
        if (goldPair !== predictedPair) {
          add(transition, transitionSum, goldPair, 1);
          add(transition, transitionSum, predictedPair, -1);
        }
      }
      step += 1;
    }
  }
  const average = (weights: Float32Array, sums: Float64Array) =>
    Float32Array.from(weights, (weight, index) => weight - (sums[index] as number) / step);
  return {
    roles: [...roles],
    dimensions,
    emission: average(emission, emissionSum),
    transition: average(transition, transitionSum),
    start: average(start, startSum),
  };
}
