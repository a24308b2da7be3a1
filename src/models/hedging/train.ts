import type { Doc, Sentence } from '../../core/types.ts';
import { type LabelledVector, type LogisticModel, predictLogistic, trainLogistic } from '../logistic.ts';
import type { SparseVector } from '../sparse.ts';
import {
  type CuePhraseLists,
  collectFeatures,
  createCueLexicon,
  hitFeatures,
  isCueCandidate,
  type LexiconHit,
  type SentenceFeatureOptions,
  scanSentence,
  toSparse,
} from './features.ts';
import {
  type HedgingWeights,
  isReportedCue,
  NOT_SCORED,
  type SentenceReading,
  sentenceVector,
} from './model.ts';

/** One labelled sentence, read by the pipeline's sentence stage. */
export interface HedgingExample {
  sentence: Sentence;
  doc: Doc;
  /** 1: the sentence is uncertain (hedged, or a weasel claim). */
  label: 0 | 1;
}

export interface HedgingTrainingOptions {
  lexicon: CuePhraseLists;
  features: SentenceFeatureOptions;
  normalized?: boolean;
  stacked?: boolean;
  seed?: number;
  sentenceDimensions?: number;
  cueDimensions?: number;
  sentenceL2?: number;
  cueL2?: number;
  sentenceEpochs?: number;
  cueEpochs?: number;
  /** Relabelling rounds of the cue scorer after the first, which learns from sentence labels alone. */
  cueRounds?: number;
  /** How those rounds relabel; default `witness`. */
  cueRelabelling?: CueRelabelling;
  /** The lists whose hits `cues` reports; default every list. */
  cueLists?: string[];
  /** Thresholds of their own for hits of some lists, fixed; see HedgingWeights.listThresholds. */
  listThresholds?: Record<string, number>;
  /** Lists whose hits get a threshold of their own, tuned for reported cues; default none. */
  tunedLists?: string[];
  /** Folds for the out-of-fold cue scores that pick the cue threshold and feed the stacked sentence model. */
  folds?: number;
  name?: string;
}

/** The candidate hits of one sentence as cue-scorer vectors, with their places among the hits. */
interface HitBag {
  label: 0 | 1;
  indices: number[];
  vectors: SparseVector[];
}

function hitBag(example: HedgingExample, lexicon: ReturnType<typeof createCueLexicon>, dimensions: number) {
  const { sentence } = example;
  const scan = scanSentence(sentence, lexicon);
  const { hits } = scan;
  const bag: HitBag = { label: example.label, indices: [], vectors: [] };
  hits.forEach((hit, index) => {
    if (!isCueCandidate(sentence, hit)) return;
    bag.indices.push(index);
    bag.vectors.push(
      toSparse(
        collectFeatures((emit) => hitFeatures(sentence, hit, hits, emit)),
        dimensions,
      ),
    );
  });
  return { scan, bag };
}

/** How the cue scorer relabels the hits of uncertain sentences after its first round. */
export type CueRelabelling = 'witness' | 'confident';

/**
 * Trains the cue scorer from sentence labels alone (multiple-instance learning). First every hit takes
 * its sentence's label. Then, round by round, each uncertain sentence keeps as positive its strongest
 * hit (`witness`: the other hits sit the round out, since they may or may not be cues), or its strongest
 * hit and any the scorer rates at 0.5 or more, the rest negative (`confident`). Hits in certain
 * sentences are always negative. A witness explains its sentence away, so a word that merely stands
 * beside cues does not learn to be one.
 */
export function trainCueScorer(
  bags: readonly HitBag[],
  options: {
    dimensions: number;
    rounds: number;
    epochs: number;
    l2: number;
    seed: number;
    relabelling: CueRelabelling;
  },
): LogisticModel {
  const { dimensions, rounds, epochs, l2, seed, relabelling } = options;
  let labels: (0 | 1 | null)[][] = bags.map((bag) => bag.vectors.map(() => bag.label));
  let model: LogisticModel | undefined;
  for (let round = 0; round <= rounds; round += 1) {
    const examples: LabelledVector[] = [];
    bags.forEach((bag, bagIndex) => {
      bag.vectors.forEach((features, position) => {
        const label = labels[bagIndex]?.[position] ?? 0;
        if (label !== null) examples.push({ features, label });
      });
    });
    model = trainLogistic(examples, { dimensions, epochs, l2, seed: seed + round });
    const scorer = model;
    labels = bags.map((bag) => {
      if (bag.label === 0 || bag.vectors.length === 0) return bag.vectors.map(() => 0 as const);
      const scores = bag.vectors.map((features) => predictLogistic(scorer, features));
      const strongest = scores.indexOf(Math.max(...scores));
      return scores.map((score, position) => {
        if (position === strongest) return 1;
        if (relabelling === 'witness') return null;
        return score >= 0.5 ? 1 : 0;
      });
    });
  }
  return model as LogisticModel;
}

/** Scores of every hit of a sentence, NOT_SCORED where a hit is no candidate. */
function scoreBag(bag: HitBag, hitCount: number, model: LogisticModel): number[] {
  const scores = new Array<number>(hitCount).fill(NOT_SCORED);
  bag.vectors.forEach((features, position) => {
    scores[bag.indices[position] as number] = predictLogistic(model, features);
  });
  return scores;
}

/**
 * The score threshold whose decisions best match the labels (F1): for the strongest hit of each sentence
 * it decides "has a cue", for the sentence score "is uncertain".
 */
export function bestThreshold(scored: readonly { score: number; label: 0 | 1 }[]): number {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  const positives = scored.filter((entry) => entry.label === 1).length;
  let truePositives = 0;
  let best = { f1: -1, threshold: 0.5 };
  sorted.forEach((entry, rank) => {
    if (entry.label === 1) truePositives += 1;
    const next = sorted[rank + 1];
    if (next && next.score === entry.score) return;
    const f1 = (2 * truePositives) / (rank + 1 + positives);
    const threshold = next ? (entry.score + next.score) / 2 : entry.score;
    if (f1 > best.f1) best = { f1, threshold };
  });
  return best.threshold;
}

type CueDecision = Pick<HedgingWeights, 'cueThreshold' | 'listThresholds' | 'cueLists'>;

/**
 * Gives each of `lists` the threshold at which "has a reported cue" best matches the sentence labels
 * (F1 over out-of-fold hit scores), one list after another, the others held where they are.
 */
export function tuneListThresholds(
  sentences: readonly { hits: readonly LexiconHit[]; scores: readonly number[]; label: 0 | 1 }[],
  decision: CueDecision,
  lists: readonly string[],
): Record<string, number> {
  const thresholds: Record<string, number> = { ...decision.listThresholds };
  for (const list of lists) {
    let best = { f1: -1, threshold: decision.cueThreshold };
    for (let step = 1; step <= 99; step += 1) {
      const candidate = { ...decision, listThresholds: { ...thresholds, [list]: step / 100 } };
      const counts = { truePositives: 0, predicted: 0, positives: 0 };
      for (const { hits, scores, label } of sentences) {
        const predicted = hits.some((hit, index) => isReportedCue(hit, scores[index] ?? 0, candidate));
        if (predicted) counts.predicted += 1;
        if (label === 1) counts.positives += 1;
        if (predicted && label === 1) counts.truePositives += 1;
      }
      const f1 = (2 * counts.truePositives) / Math.max(1, counts.predicted + counts.positives);
      if (f1 > best.f1) best = { f1, threshold: step / 100 };
    }
    thresholds[list] = best.threshold;
  }
  return thresholds;
}

/**
 * Trains the hedging model: a cue scorer over lexicon hits and a sentence scorer over words, character
 * n-grams, lexicon hits, weasel patterns and (when stacked) out-of-fold cue scores. Pure and deterministic: the
 * same examples and options give the same weights.
 */
export function trainHedgingModel(
  examples: readonly HedgingExample[],
  options: HedgingTrainingOptions,
): HedgingWeights {
  const {
    lexicon: phrases,
    features,
    normalized = false,
    stacked = true,
    seed = 1,
    sentenceDimensions = 1 << 18,
    cueDimensions = 1 << 16,
    sentenceL2 = 1e-5,
    cueL2 = 1e-6,
    sentenceEpochs = 3,
    cueEpochs = 5,
    cueRounds = 3,
    folds = 4,
    name = 'hedging-logistic',
  } = options;
  const cueLists = options.cueLists ?? Object.keys(phrases);
  const tunedLists = options.tunedLists ?? [];
  const lexicon = createCueLexicon(phrases);
  const read = examples.map((example) => hitBag(example, lexicon, cueDimensions));
  const cueOptions = {
    dimensions: cueDimensions,
    rounds: cueRounds,
    epochs: cueEpochs,
    l2: cueL2,
    seed,
    relabelling: options.cueRelabelling ?? 'witness',
  };

  // Out-of-fold hit scores: what the final cue scorer will do on sentences it has not seen.
  const outOfFold: number[][] = examples.map(() => []);
  for (let fold = 0; fold < folds; fold += 1) {
    const inFold = (index: number) => index % folds === fold;
    const scorer = trainCueScorer(
      read.filter((_, index) => !inFold(index)).map((entry) => entry.bag),
      cueOptions,
    );
    read.forEach((entry, index) => {
      if (inFold(index)) outOfFold[index] = scoreBag(entry.bag, entry.scan.hits.length, scorer);
    });
  }
  const cueThreshold = bestThreshold(
    examples.map((example, index) => ({
      score: Math.max(0, ...(outOfFold[index] ?? [])),
      label: example.label,
    })),
  );
  const listThresholds = tuneListThresholds(
    read.map((entry, index) => ({
      hits: entry.scan.hits,
      scores: outOfFold[index] ?? [],
      label: (examples[index] as HedgingExample).label,
    })),
    { cueThreshold, cueLists, listThresholds: options.listThresholds ?? {} },
    tunedLists,
  );
  const cue = trainCueScorer(
    read.map((entry) => entry.bag),
    cueOptions,
  );

  const settings = { features, normalized, stacked, cueThreshold };
  const sentenceExamples: LabelledVector[] = examples.map((example, index) => {
    const entry = read[index] as (typeof read)[number];
    const reading: SentenceReading = { ...entry.scan, hitScores: outOfFold[index] ?? [] };
    return {
      features: sentenceVector(example.sentence, reading, settings, sentenceDimensions),
      label: example.label,
    };
  });
  const sentenceOptions = { dimensions: sentenceDimensions, epochs: sentenceEpochs, l2: sentenceL2, seed };
  // Out-of-fold sentence scores pick the threshold a caller should use to decide "uncertain".
  const scored: { score: number; label: 0 | 1 }[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const model = trainLogistic(
      sentenceExamples.filter((_, index) => index % folds !== fold),
      sentenceOptions,
    );
    sentenceExamples.forEach((example, index) => {
      if (index % folds === fold)
        scored.push({ score: predictLogistic(model, example.features), label: example.label });
    });
  }
  const recommendedThreshold = bestThreshold(scored);
  const sentence = trainLogistic(sentenceExamples, sentenceOptions);
  return {
    name,
    lexicon: phrases,
    ...settings,
    recommendedThreshold,
    listThresholds,
    cueLists,
    cue,
    sentence,
  };
}
