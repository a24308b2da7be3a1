import { formatTable } from '../scripts/eval/table.ts';
import type { Throughput } from './measure.ts';

/** The pipeline should keep at least this share of wink-nlp's bare tokenization speed. */
export const TARGET_PERCENT = 25;

/** The pipeline with the trained models should keep at least this share of the rule pipeline's speed. */
export const MODELS_TARGET_PERCENT = 80;

/** The rule pipeline and the pipeline with the trained models, timed article by article in turn. */
export interface ModelsComparison {
  rules: Throughput;
  models: Throughput;
  /** Models tokens/s as a percentage of rules tokens/s. */
  percent: number;
  targetPercent: number;
  pass: boolean;
}

/** Compares the two runs of `measurePair` against MODELS_TARGET_PERCENT. */
export function compareModels(rules: Throughput, models: Throughput): ModelsComparison {
  const percent = rules.tokensPerSecond > 0 ? (100 * models.tokensPerSecond) / rules.tokensPerSecond : 0;
  return {
    rules,
    models,
    percent,
    targetPercent: MODELS_TARGET_PERCENT,
    pass: percent >= MODELS_TARGET_PERCENT,
  };
}

/** The comparison as a small table and a PASS / MISS line, labelled (e). */
export function formatModelsComparison(comparison: ModelsComparison): string {
  const table = formatTable(
    ['run (article by article, in turn)', 'seconds', 'tokens/s', 'articles/s'],
    [row('rule pipeline', comparison.rules), row('pipeline with trained models', comparison.models)],
    ['left', 'right', 'right', 'right'],
  );
  return [
    table,
    '',
    `(e) models / rules: ${comparison.percent.toFixed(1)}%  (target at least ${comparison.targetPercent}%)  ` +
      `${comparison.pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}

/** Everything one benchmark run measured; `--json` prints exactly this. */
export interface BenchReport {
  schema: 'claimtrail.bench/1';
  corpus: string;
  articles: number;
  characters: number;
  warmUpArticles: number;
  node: string;
  cpu: string;
  wink: Throughput;
  pipeline: Throughput;
  ratio: { percent: number; targetPercent: number; pass: boolean };
  memory: { maxRssMegabytes: number; heapUsedMegabytes: number };
}

/**
 * Pipeline speed as a share of wink's, in percent. Both rates count the same tokens, so this is the
 * ratio of the times taken.
 */
export function ratioPercent(wink: Throughput, pipeline: Throughput): number {
  return wink.tokensPerSecond > 0 ? (100 * pipeline.tokensPerSecond) / wink.tokensPerSecond : 0;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function row(label: string, run: Throughput): string[] {
  return [
    label,
    run.seconds.toFixed(2),
    integer.format(run.tokensPerSecond),
    run.articlesPerSecond.toFixed(1),
  ];
}

/** The report as a header line, a small aligned table and the memory figures. */
export function formatBenchReport(report: BenchReport): string {
  const { wink, pipeline, ratio, memory } = report;
  const table = formatTable(
    ['run', 'seconds', 'tokens/s', 'articles/s'],
    [row('(a) wink-nlp tokenize', wink), row('(b) full pipeline', pipeline)],
    ['left', 'right', 'right', 'right'],
  );
  return [
    `claimtrail bench · ${report.articles} ${report.corpus} articles · ${integer.format(wink.tokens)} wink tokens · ` +
      `${integer.format(report.characters)} characters`,
    `node ${report.node} · ${report.cpu} · one process · warm-up ${report.warmUpArticles} articles`,
    '',
    table,
    '',
    `(c) pipeline / wink: ${ratio.percent.toFixed(1)}%  (target at least ${ratio.targetPercent}%)  ` +
      `${ratio.pass ? 'PASS' : 'MISS'}`,
    `(d) memory after the run: max RSS ${memory.maxRssMegabytes.toFixed(1)} MB, heap used ` +
      `${memory.heapUsedMegabytes.toFixed(1)} MB`,
  ].join('\n');
}
