import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { findSharedData, missingSharedDataMessage } from '../scripts/eval/shared-data.ts';
import { loadModels } from '../src/models/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { nlp } from '../src/pipeline/nlp.ts';
import { loadBenchArticles } from './corpus.ts';
import { formatLedgerBench, runLedgerBench } from './ledger.ts';
import { formatMatchingBench, runMatchingBench } from './matching.ts';
import { measurePair, measurePipeline, measureWink, type ProgressListener, warmUp } from './measure.ts';
import {
  type BenchReport,
  compareModels,
  formatBenchReport,
  formatModelsComparison,
  ratioPercent,
  TARGET_PERCENT,
} from './report.ts';
import { runSoak } from './soak.ts';
import { formatSoakReport } from './soak-report.ts';
import { formatWorkersBench, runWorkersBench } from './workers.ts';

const WARM_UP_ARTICLES = 20;
/** Articles queued for each worker run: enough for a steady rate, few enough for three runs in minutes. */
const WORKER_ARTICLES = 200;
const MEGABYTE = 1024 * 1024;
/** The soak's length when `--minutes` is not given. */
const SOAK_MINUTES = 10;

/**
 * Times wink-nlp tokenization and the full pipeline over the PolNeAR texts and prints both rates,
 * their ratio against the target, and peak memory. `npm run bench -- --limit 100 --json`.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      'skip-matching': { type: 'boolean', default: false },
      'skip-workers': { type: 'boolean', default: false },
      only: { type: 'string' },
      soak: { type: 'boolean', default: false },
      minutes: { type: 'string' },
    },
  });
  if (values.only !== undefined && !['ledger', 'matching', 'workers', 'soak'].includes(values.only)) {
    console.error(`claimtrail bench: --only takes ledger, matching, workers or soak, got "${values.only}"`);
    return 2;
  }
  const minutes = values.minutes === undefined ? SOAK_MINUTES : Number(values.minutes);
  if (!(Number.isFinite(minutes) && minutes > 0)) {
    console.error(`claimtrail bench: --minutes takes a positive number of minutes, got "${values.minutes}"`);
    return 2;
  }
  // The soak needs no shared data: it runs on the bundled examples and generated articles.
  const soak = () =>
    runSoak({
      minutes,
      clients: 50,
      ...(process.stderr.isTTY ? { onProgress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
    });
  if (values.only === 'soak') {
    const report = await soak();
    console.log(values.json ? JSON.stringify(report, null, 2) : formatSoakReport(report));
    return report.failures === 0 && report.memory.pass ? 0 : 1;
  }
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(Number.isInteger(limit) && limit > 0) && limit !== Number.POSITIVE_INFINITY) {
    console.error(
      `claimtrail bench: --limit takes a positive whole number of articles, got "${values.limit}"`,
    );
    return 2;
  }
  const sharedData = findSharedData();
  const articles = sharedData ? loadBenchArticles(sharedData, limit) : [];
  if (!sharedData || articles.length === 0) {
    const message = sharedData
      ? `claimtrail bench: no PolNeAR texts under ${sharedData}/attribution/polnear; no figures.`
      : missingSharedDataMessage();
    console.log(values.json ? JSON.stringify({ schema: 'claimtrail.bench/1', skipped: message }) : message);
    return 0;
  }

  if (values.only === 'ledger') {
    const ledger = await runLedgerBench(sharedData, createPipeline({ models: loadModels() }), limit);
    console.log(values.json ? JSON.stringify(ledger, null, 2) : formatLedgerBench(ledger));
    return 0;
  }
  if (values.only === 'workers') {
    const workers = await runWorkersBench(sharedData, { limit: Math.min(limit, WORKER_ARTICLES) });
    console.log(values.json ? JSON.stringify(workers, null, 2) : formatWorkersBench(workers));
    return 0;
  }
  if (values.only === 'matching') {
    const matching = runMatchingBench();
    console.log(values.json ? JSON.stringify(matching, null, 2) : formatMatchingBench(matching));
    return 0;
  }

  const pipeline = createPipeline();
  const warmUpSet = articles.slice(0, WARM_UP_ARTICLES);
  warmUp(nlp, pipeline, warmUpSet);
  const onProgress = process.stderr.isTTY ? showProgress : undefined;
  const wink = measureWink(nlp, articles, onProgress);
  const pipelineRun = measurePipeline(pipeline, articles, wink.tokens, onProgress);
  // The trained models may cost at most 20% of the rule pipeline's throughput, measured in this same run
  // with the two pipelines taking turns, so a busy machine slows both alike.
  const withModels = createPipeline({ models: loadModels() });
  warmUp(nlp, withModels, warmUpSet);
  const models = compareModels(...measurePair(pipeline, withModels, articles, wink.tokens, onProgress));
  if (onProgress) process.stderr.write('\r\x1b[K');

  const percent = ratioPercent(wink, pipelineRun);
  const report: BenchReport = {
    schema: 'claimtrail.bench/1',
    corpus: 'PolNeAR train+dev',
    articles: articles.length,
    characters: articles.reduce((sum, article) => sum + article.text.length, 0),
    warmUpArticles: warmUpSet.length,
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    wink,
    pipeline: pipelineRun,
    ratio: { percent, targetPercent: TARGET_PERCENT, pass: percent >= TARGET_PERCENT },
    memory: {
      // maxRSS is in kilobytes.
      maxRssMegabytes: (process.resourceUsage().maxRSS * 1024) / MEGABYTE,
      heapUsedMegabytes: process.memoryUsage().heapUsed / MEGABYTE,
    },
  };
  const ledgerBench = await runLedgerBench(sharedData, withModels, limit);
  const matching = values['skip-matching']
    ? null
    : runMatchingBench({
        ...(onProgress ? { onProgress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) } : {}),
      });
  const workers = values['skip-workers']
    ? null
    : await runWorkersBench(sharedData, { limit: Math.min(limit, WORKER_ARTICLES) });
  const soakReport = values.soak ? await soak() : null;
  if (values.json) {
    console.log(
      JSON.stringify(
        { ...report, models, ledger: ledgerBench, matching, workers, soak: soakReport },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `${formatBenchReport(report)}\n\n${formatModelsComparison(models)}\n\n${formatLedgerBench(ledgerBench)}`,
    );
    if (matching) console.log(`\n${formatMatchingBench(matching)}`);
    if (workers) console.log(`\n${formatWorkersBench(workers)}`);
    if (soakReport) console.log(`\n${formatSoakReport(soakReport)}`);
  }
  return 0;
}

const showProgress: ProgressListener = (label, done, total) => {
  if (done % 10 === 0 || done === total) process.stderr.write(`\r\x1b[K${label} ${done}/${total}`);
};

process.exitCode = await main();
