import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ArticleInput, Doc } from '../../src/core/types.ts';
import {
  bestF1Threshold,
  loadCheckworthinessModel,
  rocAuc,
  scoresAtThreshold,
  type ThresholdScores,
  wholeTextSentence,
} from '../../src/models/checkworthiness/index.ts';
import { type CheckworthinessModel, createPipeline, ruleCheckworthiness } from '../../src/pipeline/index.ts';
import { findSharedData, missingSharedDataMessage } from './shared-data.ts';
import { formatRatio, formatTable } from './table.ts';

/** One labelled sentence of the check-worthiness data sets. */
export interface CheckworthinessRow {
  id: string;
  text: string;
  label: 0 | 1;
  /** The debate the sentence comes from (`1988-09-25.txt`), when the data set says. */
  file?: string;
}

/**
 * Splits delimited text into records, honouring double-quoted fields that hold the delimiter, doubled
 * quotes or line breaks (RFC 4180).
 */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.length === 0) quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((row) => row.some((cell) => cell.length > 0));
}

function readTable(path: string, delimiter: string): Record<string, string>[] {
  const [header = [], ...records] = parseDelimited(readFileSync(path, 'utf8'), delimiter);
  return records.map((record) =>
    Object.fromEntries(header.map((name, column) => [name, record[column] ?? ''])),
  );
}

/** ClaimBuster CSV: Verdict 1 (check-worthy factual) is positive; -1 and 0 are negative. */
export function readClaimbuster(path: string): CheckworthinessRow[] {
  return readTable(path, ',').map((row) => ({
    id: row.Sentence_id ?? '',
    text: row.Text ?? '',
    label: row.Verdict?.trim() === '1' ? 1 : 0,
    file: row.File_id,
  }));
}

/** CheckThat! TSV: class_label Yes is positive. */
export function readCheckthat(path: string): CheckworthinessRow[] {
  return readTable(path, '\t').map((row) => ({
    id: row.Sentence_id ?? '',
    text: row.Text ?? '',
    label: row.class_label?.trim() === 'Yes' ? 1 : 0,
  }));
}

export interface CheckworthinessSets {
  crowdsourced: CheckworthinessRow[];
  groundtruth: CheckworthinessRow[];
  checkthat: CheckworthinessRow[];
}

export function loadCheckworthinessSets(sharedData: string): CheckworthinessSets {
  const folder = join(sharedData, 'checkworthiness');
  return {
    crowdsourced: readClaimbuster(join(folder, 'claimbuster-crowdsourced.csv')),
    groundtruth: readClaimbuster(join(folder, 'claimbuster-groundtruth.csv')),
    checkthat: readCheckthat(join(folder, 'checkthat2024-dev-test.tsv')),
  };
}

/** A model's figures on one evaluation set at one threshold. */
export interface CheckworthinessSetResult extends ThresholdScores {
  set: 'claimbuster-groundtruth' | 'checkthat2024-dev-test';
  sentences: number;
  positives: number;
  auc: number;
}

/** Figures at one threshold, and why that threshold. */
export interface CheckworthinessThresholdResult {
  threshold: number;
  /** `claimThreshold default`, `recommended by the model file` or `best F1 on groundtruth`. */
  reason: string;
  sets: CheckworthinessSetResult[];
}

export interface CheckworthinessEvaluation {
  model: string;
  results: CheckworthinessThresholdResult[];
  seconds: number;
}

/**
 * Scores each labelled text as one sentence through the pipeline's analysis (a text wink splits in two
 * is scored whole, as in training).
 */
export function scoreRows(
  model: CheckworthinessModel,
  rows: readonly CheckworthinessRow[],
  analyze: (input: ArticleInput) => Doc = createPipeline().analyze,
): number[] {
  return rows.map((row) => {
    const { sentence, doc } = wholeTextSentence(analyze, row.text);
    return model.score(sentence, doc);
  });
}

/**
 * Precision, recall, F1 (with counts) and ROC AUC of a check-worthiness model on claimbuster-groundtruth
 * (dev) and checkthat2024-dev-test, at 0.5 (the `claimThreshold` default), at the model's recommended
 * threshold when it has one, and at the threshold with the best F1 on groundtruth. Nothing is tuned on
 * checkthat2024-dev-test.
 *
 * @example
 * const sets = loadCheckworthinessSets(findSharedData() ?? '');
 * evaluateCheckworthiness(ruleCheckworthiness, sets).results[0]?.sets[1]?.f1;
 */
export function evaluateCheckworthiness(
  model: CheckworthinessModel & { recommendedThreshold?: number },
  sets: Pick<CheckworthinessSets, 'groundtruth' | 'checkthat'>,
): CheckworthinessEvaluation {
  const started = performance.now();
  const analyze = createPipeline().analyze;
  const scored = [
    { set: 'claimbuster-groundtruth' as const, rows: sets.groundtruth },
    { set: 'checkthat2024-dev-test' as const, rows: sets.checkthat },
  ].map(({ set, rows }) => ({
    set,
    scores: scoreRows(model, rows, analyze),
    labels: rows.map((row) => row.label),
  }));
  const groundtruth = scored[0] as (typeof scored)[number];
  const thresholds = [
    { threshold: 0.5, reason: 'claimThreshold default' },
    ...(model.recommendedThreshold === undefined
      ? []
      : [{ threshold: model.recommendedThreshold, reason: 'recommended by the model file' }]),
    {
      threshold: bestF1Threshold(groundtruth.scores, groundtruth.labels).threshold,
      reason: 'best F1 on groundtruth',
    },
  ];
  return {
    model: model.name,
    results: thresholds.map(({ threshold, reason }) => ({
      threshold,
      reason,
      sets: scored.map(({ set, scores, labels }) => ({
        set,
        sentences: labels.length,
        positives: labels.filter((label) => label === 1).length,
        auc: rocAuc(scores, labels),
        ...scoresAtThreshold(scores, labels, threshold),
      })),
    })),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Table rows (model, set, threshold, P, R, F1, AUC, counts) for one or more evaluations. */
export function checkworthinessRows(evaluations: readonly CheckworthinessEvaluation[]): string[][] {
  return evaluations.flatMap((evaluation) =>
    evaluation.results.flatMap(({ threshold, reason, sets }) =>
      sets.map((result) => [
        evaluation.model,
        result.set,
        `${threshold.toFixed(3)} (${reason})`,
        formatRatio(result.precision),
        formatRatio(result.recall),
        formatRatio(result.f1),
        formatRatio(result.auc),
        `tp ${result.truePositives}  fp ${result.falsePositives}  fn ${result.falseNegatives}  of ${result.sentences}`,
      ]),
    ),
  );
}

export const CHECKWORTHINESS_HEADERS = ['model', 'set', 'threshold', 'P', 'R', 'F1', 'AUC', 'counts'];

/**
 * `tsx scripts/eval/checkworthiness.ts [--model path] [--json]`: the rule baseline and the trained
 * model side by side, each at 0.5, at the model file's recommended threshold and at the best
 * threshold on groundtruth.
 */
function main(): void {
  const { values } = parseArgs({
    options: { model: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const sharedData = findSharedData();
  if (!sharedData) {
    console.log(missingSharedDataMessage());
    return;
  }
  const sets = loadCheckworthinessSets(sharedData);
  const loadStarted = performance.now();
  const model = loadCheckworthinessModel(values.model);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const evaluations = [
    evaluateCheckworthiness(ruleCheckworthiness, sets),
    evaluateCheckworthiness(model, sets),
  ];
  if (values.json) {
    console.log(JSON.stringify({ loadSeconds, evaluations }, null, 2));
    return;
  }
  console.log(
    formatTable(CHECKWORTHINESS_HEADERS, checkworthinessRows(evaluations), [
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
    ]),
  );
  console.log(`model loaded in ${(loadSeconds * 1000).toFixed(0)} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
