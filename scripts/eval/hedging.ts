import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Counts, type Scores, scoresFromCounts } from '../../src/core/metrics.ts';
import type { Doc, Sentence } from '../../src/core/types.ts';
import type { HedgingExample } from '../../src/models/hedging/index.ts';
import { hashString } from '../../src/models/sparse.ts';
import {
  createPipeline,
  DEFAULT_STAGES,
  type HedgingModel,
  type Pipeline,
} from '../../src/pipeline/index.ts';

/** One WikiWeasel sentence: 1 uncertain (hedge or weasel words), 0 certain. */
export interface WikiWeaselRow {
  /** The sentence as the data set gives it: Penn Treebank tokens (`-LRB-`, `` `` ``, `did n't`). */
  raw: string;
  /** The same sentence as ordinary text, which is what the pipeline reads. */
  text: string;
  label: 0 | 1;
}

/** Where the data set lives inside the shared data folder. */
export const WIKIWEASEL_PATH = join('hedging', 'wikiweasel-train.csv');

/** Undoes Penn Treebank tokenization so the sentences read like the text the pipeline sees. */
export function detokenize(raw: string): string {
  return raw
    .replace(/\\ n/g, ' ')
    .replace(/-LRB-/g, '(')
    .replace(/-RRB-/g, ')')
    .replace(/-LSB-/g, '[')
    .replace(/-RSB-/g, ']')
    .replace(/-LCB-/g, '{')
    .replace(/-RCB-/g, '}')
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    .replace(/`\s*/g, "'")
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s+([),.;:!?\]])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads the two-column CSV (`text,label`); texts are quoted and may hold line breaks and doubled quotes. */
export function readWikiWeasel(path: string): WikiWeaselRow[] {
  const content = readFileSync(path, 'utf8');
  const rows: WikiWeaselRow[] = [];
  const record = /"((?:[^"]|"")*)",([01])\r?\n?/g;
  for (const match of content.matchAll(record)) {
    const raw = (match[1] ?? '').replace(/""/g, '"').trim();
    // A few rows are empty: nothing to read, and nothing a model could be right or wrong about.
    if (raw === '') continue;
    rows.push({ raw, text: detokenize(raw), label: match[2] === '1' ? 1 : 0 });
  }
  return rows;
}

/**
 * The held-out part: sentences whose FNV-1a hash of the raw text is 0 mod 5, about 20%. A hash rather
 * than a shuffle keeps a sentence on the same side whatever the order of the file, and puts duplicates
 * on one side.
 */
export function isHeldOut(row: WikiWeaselRow): boolean {
  return hashString(row.raw) % 5 === 0;
}

export function splitWikiWeasel(rows: readonly WikiWeaselRow[]): {
  train: WikiWeaselRow[];
  heldOut: WikiWeaselRow[];
} {
  return { train: rows.filter((row) => !isHeldOut(row)), heldOut: rows.filter(isHeldOut) };
}

/** Reads the data set from the shared data folder and splits it. */
export function loadWikiWeasel(sharedData: string) {
  return splitWikiWeasel(readWikiWeasel(join(sharedData, WIKIWEASEL_PATH)));
}

/**
 * The held-out figures for `scripts/eval.ts`: null when the data set is not in the shared folder.
 *
 * @example
 * const hedging = loadHedgingModel(join(REPO_ROOT, 'models', 'hedging.json'));
 * evaluateWikiWeasel(sharedData, hedging)?.model.f1;
 */
export function evaluateWikiWeasel(
  sharedData: string,
  model: HedgingModel & { recommendedThreshold?: number },
): HedgingEvaluation | null {
  if (!existsSync(join(sharedData, WIKIWEASEL_PATH))) return null;
  return evaluateHedging(loadWikiWeasel(sharedData).heldOut, model);
}

/**
 * Tokenizes a row with the pipeline's own sentence stage. A row is one labelled unit, so when the
 * splitter breaks it in two, the tokens are joined into one sentence again.
 */
export function readRow(row: WikiWeaselRow, sentencer: Pipeline): { sentence: Sentence; doc: Doc } {
  const doc = sentencer.analyze({ text: row.text });
  const tokens = doc.sentences.flatMap((sentence) => sentence.tokens);
  const start = tokens[0]?.start ?? 0;
  const end = tokens[tokens.length - 1]?.end ?? 0;
  const sentence: Sentence = { index: 0, start, end, text: doc.text.slice(start, end), tokens };
  return { sentence, doc: { ...doc, sentences: [sentence] } };
}

/** A pipeline that only splits sentences and tags tokens: what the models' features are built from. */
export function createSentencer(): Pipeline {
  return createPipeline({ stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences') });
}

export function toExamples(rows: readonly WikiWeaselRow[], sentencer: Pipeline): HedgingExample[] {
  return rows.map((row) => ({ ...readRow(row, sentencer), label: row.label }));
}

export type Figures = Counts & Scores;

function figures(predicted: readonly boolean[], labels: readonly (0 | 1)[]): Figures {
  const counts: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  predicted.forEach((positive, index) => {
    const gold = labels[index] === 1;
    if (positive && gold) counts.truePositives += 1;
    else if (positive) counts.falsePositives += 1;
    else if (gold) counts.falseNegatives += 1;
  });
  return { ...counts, ...scoresFromCounts(counts) };
}

export interface HedgingEvaluation {
  sentences: number;
  uncertain: number;
  /** The rule pipeline as it is without a model: uncertain when it reports a hedge or vague-source signal. */
  lexiconBaseline?: Figures;
  /** The rule pipeline's hedge signals alone: "has at least one lexicon hedge", to compare with model cues. */
  lexiconHedges?: Figures;
  /** The model's uncertainty at 0.5. */
  model: Figures;
  /** The model's uncertainty at the threshold its training recommends (chosen without the held-out part). */
  modelRecommended: Figures & { threshold: number };
  /** The best F1 any uncertainty threshold reaches on this part, for reference only. */
  modelBestThreshold: Figures & { threshold: number };
  /** Mean squared error of the probabilities, and the expected calibration error over ten bins. */
  calibration: { brier: number; expectedError: number };
  /** "Has at least one model cue." */
  modelCues: Figures;
  /** The pipeline with the model: uncertain when it reports a hedge (model cues) or vague-source signal. */
  pipelineWithModel?: Figures;
  /** The pipeline with the model, hedge signals alone. */
  pipelineWithModelHedges?: Figures;
  seconds: number;
}

function hasSignal(doc: Doc, types: readonly string[]): boolean {
  return doc.signals.some((signal) => types.includes(signal.type));
}

function bestThreshold(probabilities: readonly number[], labels: readonly (0 | 1)[]) {
  let best = { ...figures([], []), threshold: 0.5 };
  for (let step = 5; step <= 95; step += 1) {
    const threshold = step / 100;
    const scored = figures(
      probabilities.map((probability) => probability >= threshold),
      labels,
    );
    if (scored.f1 > best.f1) best = { ...scored, threshold };
  }
  return best;
}

function calibration(probabilities: readonly number[], labels: readonly (0 | 1)[]) {
  const brier =
    probabilities.reduce((sum, probability, index) => sum + (probability - (labels[index] ?? 0)) ** 2, 0) /
    Math.max(1, probabilities.length);
  let expectedError = 0;
  for (let bin = 0; bin < 10; bin += 1) {
    const members = probabilities
      .map((probability, index) => ({ probability, label: labels[index] ?? 0 }))
      .filter(({ probability }) => Math.min(9, Math.floor(probability * 10)) === bin);
    if (members.length === 0) continue;
    const meanProbability = members.reduce((sum, member) => sum + member.probability, 0) / members.length;
    const meanLabel = members.reduce((sum, member) => sum + member.label, 0) / members.length;
    expectedError += (members.length / probabilities.length) * Math.abs(meanProbability - meanLabel);
  }
  return { brier, expectedError };
}

export interface HedgingEvaluationOptions {
  /** Also run the whole pipeline with and without the model (slower); default true. */
  pipelines?: boolean;
}

/**
 * Scores a hedging model on held-out rows: sentence uncertainty, cue presence, and the pipeline with and
 * without the model. Each row is read as one sentence by the sentence stage, as in training.
 *
 * @example
 * const { heldOut } = loadWikiWeasel(findSharedData() ?? '');
 * evaluateHedging(heldOut, loadHedgingModel('models/hedging.json')).model.f1;
 */
export function evaluateHedging(
  rows: readonly WikiWeaselRow[],
  model: HedgingModel & { recommendedThreshold?: number },
  options: HedgingEvaluationOptions = {},
): HedgingEvaluation {
  const { pipelines = true } = options;
  const started = performance.now();
  const sentencer = createSentencer();
  const labels = rows.map((row) => row.label);
  const probabilities: number[] = [];
  const hasCue: boolean[] = [];
  for (const row of rows) {
    const { sentence, doc } = readRow(row, sentencer);
    probabilities.push(model.uncertainty(sentence, doc));
    hasCue.push(model.cues(sentence, doc).length > 0);
  }
  const threshold = model.recommendedThreshold ?? 0.5;
  const pipelineFigures = (pipeline: Pipeline) => {
    const docs = rows.map((row) => pipeline.analyze({ text: row.text }));
    return {
      uncertain: figures(
        docs.map((doc) => hasSignal(doc, ['hedge', 'vague-source'])),
        labels,
      ),
      hedges: figures(
        docs.map((doc) => hasSignal(doc, ['hedge'])),
        labels,
      ),
    };
  };
  const rules = pipelines ? pipelineFigures(createPipeline()) : undefined;
  const withModel = pipelines ? pipelineFigures(createPipeline({ models: { hedging: model } })) : undefined;
  return {
    sentences: rows.length,
    uncertain: labels.filter((label) => label === 1).length,
    ...(rules ? { lexiconBaseline: rules.uncertain, lexiconHedges: rules.hedges } : {}),
    model: figures(
      probabilities.map((probability) => probability >= 0.5),
      labels,
    ),
    modelRecommended: {
      ...figures(
        probabilities.map((probability) => probability >= threshold),
        labels,
      ),
      threshold,
    },
    modelBestThreshold: bestThreshold(probabilities, labels),
    calibration: calibration(probabilities, labels),
    modelCues: figures(hasCue, labels),
    ...(withModel
      ? { pipelineWithModel: withModel.uncertain, pipelineWithModelHedges: withModel.hedges }
      : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
