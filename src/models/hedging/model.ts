import type { Doc, Sentence, Span, Token } from '../../core/types.ts';
import type { HedgingModel } from '../../pipeline/index.ts';
import { type LogisticModel, predictLogistic } from '../logistic.ts';
import { normalize, type SparseVector } from '../sparse.ts';
import {
  type CueLexicon,
  type CuePhraseLists,
  createCueLexicon,
  type HashedFeatures,
  hashJoined,
  hitFeatures,
  isCueCandidate,
  type LexiconHit,
  normalPhrase,
  type SentenceFeatureOptions,
  type SentenceScan,
  scanSentence,
  sentenceFeatures,
  toSparse,
} from './features.ts';

/** Everything a trained hedging model is: its lexicon, its feature choices and two logistic models. */
export interface HedgingWeights {
  name: string;
  /** The cue phrases the model was trained with; kept with the weights so both always agree. */
  lexicon: CuePhraseLists;
  features: SentenceFeatureOptions;
  /** Scale sentence vectors to unit length. */
  normalized: boolean;
  /** Whether the sentence model also reads the cue scorer's scores (its strongest hit, how many pass). */
  stacked: boolean;
  /**
   * Uncertainty at or above which a sentence is best called uncertain (best out-of-fold F1 in training).
   * The probability itself stays calibrated; positives being a minority, this sits below 0.5.
   */
  recommendedThreshold: number;
  /** Probability at or above which a lexicon hit is a cue. */
  cueThreshold: number;
  /**
   * Thresholds of their own for hits of some lists, set or tuned apart. The rule lexicon's hedges were
   * chosen for news, where "may" and "could" hedge far more often than in the Wikipedia training text,
   * whose labels mark weasel words more than modals; there the bar can sit at 0, keeping every hit that
   * can be a cue at all (not a name such as the month "May").
   */
  listThresholds: Record<string, number>;
  /**
   * The phrase lists whose hits `cues` reports, when scored as cues. Weasel and peacock words count
   * towards a sentence's uncertainty but are reported by other signals, not as hedges.
   */
  cueLists: string[];
  /** Scores each lexicon hit in its context: is it what makes its sentence uncertain? */
  cue: LogisticModel;
  /** Scores the sentence. */
  sentence: LogisticModel;
}

/** The score of a hit that is never a cue: below every threshold, 0 included. */
export const NOT_SCORED = -1;

/** What the features of one sentence are built from; computed once and shared by both outputs. */
export interface SentenceReading extends SentenceScan {
  /**
   * Cue probability of each hit; NOT_SCORED for hits that cannot be cues (those that start on a name)
   * and for hits nothing reads (from lists `cues` does not report, when the sentence model is not
   * stacked).
   */
  hitScores: number[];
}

function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/**
 * The probability `predictLogistic(model, toSparse(features, model.dimensions))` gives, without
 * building the vector: colliding features add up either way, and this is the path that runs per
 * sentence in the pipeline.
 */
export function scoreFeatures(model: LogisticModel, ...groups: HashedFeatures[]): number {
  let score = model.bias;
  for (const features of groups) {
    for (const [hash, value] of features) score += (model.weights[hash % model.dimensions] ?? 0) * value;
  }
  return sigmoid(score);
}

/** The cue scorer's probability for one hit, summed as its features come. */
export function scoreHit(
  cue: LogisticModel,
  sentence: Sentence,
  hit: LexiconHit,
  others: readonly LexiconHit[],
): number {
  let score = cue.bias;
  hitFeatures(sentence, hit, others, (hash, value) => {
    score += (cue.weights[hash % cue.dimensions] ?? 0) * value;
  });
  return sigmoid(score);
}

/**
 * Reads a sentence with the cue scorer: lexicon hits and a cue probability for each hit whose phrase
 * `scored` holds (every hit when absent). Scoring is most of the model's cost after reading the tokens,
 * so hits nothing reads are skipped.
 */
export function readSentence(
  sentence: Sentence,
  lexicon: CueLexicon,
  cue: LogisticModel,
  scored?: ReadonlySet<string>,
): SentenceReading {
  const scan = scanSentence(sentence, lexicon);
  const hitScores: number[] = [];
  for (const hit of scan.hits) {
    const wanted = isCueCandidate(sentence, hit) && (!scored || scored.has(hit.phrase));
    hitScores.push(wanted ? scoreHit(cue, sentence, hit, scan.hits) : NOT_SCORED);
  }
  return { hits: scan.hits, anchors: scan.anchors, hitScores };
}

/** The stacked features: how strongly the cue scorer points at some hit of the sentence. */
export function cueScoreFeatures(hitScores: readonly number[], cueThreshold: number): HashedFeatures {
  const strongest = hitScores.reduce((best, score) => Math.max(best, score), 0);
  const above = hitScores.filter((score) => score >= cueThreshold).length;
  return new Map([
    [hashJoined('K:max'), strongest],
    [hashJoined('K:any'), above > 0 ? 1 : 0],
    [hashJoined('K:several'), above > 1 ? 1 : 0],
  ]);
}

/** The sentence vector the sentence model scores, as training reads it. */
export function sentenceVector(
  sentence: Sentence,
  reading: SentenceReading,
  weights: Pick<HedgingWeights, 'features' | 'normalized' | 'stacked' | 'cueThreshold'>,
  dimensions: number,
): SparseVector {
  const vector = toSparse(sentenceFeatures(sentence, reading, weights.features), dimensions);
  const scaled = weights.normalized ? normalize(vector) : vector;
  if (!weights.stacked) return scaled;
  // Stacked scores are added after scaling so that their strength does not depend on sentence length.
  const stacked = toSparse(cueScoreFeatures(reading.hitScores, weights.cueThreshold), dimensions);
  const sums = new Map<number, number>();
  for (const vector of [scaled, stacked]) {
    vector.indices.forEach((index, position) => {
      sums.set(index, (sums.get(index) ?? 0) + (vector.values[position] as number));
    });
  }
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => sums.get(index) ?? 0) };
}

/** The bar a hit must reach to be a cue: the lowest of its lists' own thresholds and the general one. */
export function hitThreshold(
  hit: LexiconHit,
  weights: Pick<HedgingWeights, 'cueThreshold' | 'listThresholds'>,
): number {
  let threshold = weights.cueThreshold;
  for (const type of hit.types) threshold = Math.min(threshold, weights.listThresholds[type] ?? threshold);
  return threshold;
}

/** Whether a hit is reported as a cue: it comes from one of `cueLists` and reaches its threshold. */
export function isReportedCue(
  hit: LexiconHit,
  score: number,
  weights: Pick<HedgingWeights, 'cueThreshold' | 'listThresholds' | 'cueLists'>,
): boolean {
  return hit.types.some((type) => weights.cueLists.includes(type)) && score >= hitThreshold(hit, weights);
}

/** Cue spans: the reported cues among a sentence's hits, with touching hits merged. */
export function cueSpans(
  sentence: Sentence,
  doc: Doc,
  reading: SentenceReading,
  weights: Pick<HedgingWeights, 'cueThreshold' | 'listThresholds' | 'cueLists'>,
): Span[] {
  const ranges: [number, number][] = [];
  reading.hitScores.forEach((score, index) => {
    const hit = reading.hits[index] as LexiconHit;
    if (!isReportedCue(hit, score, weights)) return;
    const range: [number, number] = [hit.first, hit.last];
    const previous = ranges[ranges.length - 1];
    if (previous && range[0] <= previous[1] + 1) previous[1] = Math.max(previous[1], range[1]);
    else ranges.push(range);
  });
  return ranges.map(([first, last]) => {
    const start = (sentence.tokens[first] as Token).start;
    const end = (sentence.tokens[last] as Token).end;
    return { start, end, text: doc.text.slice(start, end) };
  });
}

/** The pipeline's hedging model, with the threshold its training recommends for a yes/no decision. */
export interface TrainedHedgingModel extends HedgingModel {
  recommendedThreshold: number;
}

/**
 * Builds the pipeline's hedging model from trained weights. The readings of the current document's
 * sentences are kept, so the signals stage (cues) and the scores stage (uncertainty) share them.
 *
 * @example
 * const pipeline = createPipeline({ models: { hedging: createHedgingModel(weights) } });
 */
export function createHedgingModel(weights: HedgingWeights): TrainedHedgingModel {
  const lexicon = createCueLexicon(weights.lexicon);
  // Unstacked, only the cues `cues` may report need scores.
  const scored = weights.stacked
    ? undefined
    : new Set(weights.cueLists.flatMap((list) => (weights.lexicon[list] ?? []).map(normalPhrase)));
  // The readings of each document's sentences. The signals stage asks for cues and a later stage for
  // uncertainty, each with its own copy of the document but the same sentences array. Weakly held, so a
  // document's sentences are not kept alive past its analysis: holding the last one strongly made every
  // young-generation collection during the next document copy it.
  const cache = new WeakMap<readonly Sentence[], (SentenceReading | undefined)[]>();
  const read = (sentence: Sentence, doc: Doc): SentenceReading => {
    const own = doc.sentences[sentence.index] === sentence;
    let readings = own ? cache.get(doc.sentences) : undefined;
    if (own && !readings) {
      readings = [];
      cache.set(doc.sentences, readings);
    }
    const known = readings?.[sentence.index];
    if (known) return known;
    const reading = readSentence(sentence, lexicon, weights.cue, scored);
    if (readings) readings[sentence.index] = reading;
    return reading;
  };
  return {
    name: weights.name,
    recommendedThreshold: weights.recommendedThreshold,
    uncertainty(sentence, doc) {
      const reading = read(sentence, doc);
      if (weights.normalized) {
        return predictLogistic(
          weights.sentence,
          sentenceVector(sentence, reading, weights, weights.sentence.dimensions),
        );
      }
      const features = sentenceFeatures(sentence, reading, weights.features);
      if (!weights.stacked) return scoreFeatures(weights.sentence, features);
      return scoreFeatures(
        weights.sentence,
        features,
        cueScoreFeatures(reading.hitScores, weights.cueThreshold),
      );
    },
    cues(sentence, doc) {
      return cueSpans(sentence, doc, read(sentence, doc), weights);
    },
  };
}
