import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  bestF1Threshold,
  bestSharedThreshold,
  CHECKWORTHINESS_TRAINING,
  type CheckworthinessTrainingRow,
  createCheckworthinessModel,
  rocAuc,
  scoresAtThreshold,
  trainCheckworthiness,
  wholeTextSentence,
} from '../../src/models/checkworthiness/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { type CheckworthinessRow, loadCheckworthinessSets, scoreRows } from '../eval/checkworthiness.ts';
import { findSharedData, missingSharedDataMessage, REPO_ROOT } from '../eval/shared-data.ts';

/** The debates held out to see how the model carries over to a year it has not seen. */
const UNSEEN_YEAR = '2016';

/** Texts compared for leakage: case and spacing do not make a sentence new. */
function textKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function figures(scores: number[], labels: (0 | 1)[], threshold: number) {
  const at = scoresAtThreshold(scores, labels, threshold);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    threshold: round(threshold),
    precision: round(at.precision),
    recall: round(at.recall),
    f1: round(at.f1),
    auc: round(rocAuc(scores, labels)),
  };
}

/**
 * `npm run train:checkworthiness [-- --out path]`: trains the check-worthiness model on
 * claimbuster-crowdsourced (deduplicated against both evaluation sets), picks its threshold, and
 * writes models/checkworthiness.json. Deterministic: the same data give the same file.
 */
function main(): void {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: join(REPO_ROOT, 'models', 'checkworthiness.json') } },
  });
  const sharedData = findSharedData();
  if (!sharedData) {
    console.error(missingSharedDataMessage());
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const sets = loadCheckworthinessSets(sharedData);
  const groundtruthKeys = new Set(sets.groundtruth.map((row) => textKey(row.text)));
  const checkthatKeys = new Set(sets.checkthat.map((row) => textKey(row.text)));
  const training = sets.crowdsourced.filter(
    (row) => !groundtruthKeys.has(textKey(row.text)) && !checkthatKeys.has(textKey(row.text)),
  );
  const removed = {
    groundtruth: sets.crowdsourced.filter((row) => groundtruthKeys.has(textKey(row.text))).length,
    checkthat: sets.crowdsourced.filter((row) => checkthatKeys.has(textKey(row.text))).length,
  };
  console.log(
    `training rows ${training.length} of ${sets.crowdsourced.length}: removed ${removed.groundtruth} whose text ` +
      `is in groundtruth, ${removed.checkthat} in checkthat2024-dev-test`,
  );

  const analyze = createPipeline().analyze;
  const toTraining = (rows: CheckworthinessRow[]): CheckworthinessTrainingRow[] =>
    rows.map((row) => ({ ...wholeTextSentence(analyze, row.text), label: row.label }));
  const analyzedRows = toTraining(training);
  const isUnseenYear = training.map((row) => row.file?.startsWith(UNSEEN_YEAR) ?? false);
  console.log(`analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The same recipe without the unseen year's debates: its calibrated scores there show where the
  // threshold should sit for speakers and years the model has not seen.
  const heldOut = createCheckworthinessModel(
    trainCheckworthiness(
      analyzedRows.filter((_, index) => !isUnseenYear[index]),
      CHECKWORTHINESS_TRAINING,
    ),
  );
  const unseenRows = analyzedRows.filter((_, index) => isUnseenYear[index]);
  const unseenScores = unseenRows.map(({ sentence, doc }) => heldOut.score(sentence, doc));
  const unseenLabels = unseenRows.map(({ label }) => label);

  const file = trainCheckworthiness(analyzedRows, CHECKWORTHINESS_TRAINING);
  const model = createCheckworthinessModel(file);
  const groundtruthScores = scoreRows(model, sets.groundtruth, analyze);
  const groundtruthLabels = sets.groundtruth.map((row) => row.label);
  const groundtruthBest = bestF1Threshold(groundtruthScores, groundtruthLabels).threshold;
  const recommended = bestSharedThreshold([
    { scores: groundtruthScores, labels: groundtruthLabels },
    { scores: unseenScores, labels: unseenLabels },
  ]);
  const seconds = (performance.now() - started) / 1000;
  const report = {
    groundtruthBestThreshold: Math.round(groundtruthBest * 1000) / 1000,
    recommendedThreshold: recommended,
    groundtruth: {
      atHalf: figures(groundtruthScores, groundtruthLabels, 0.5),
      atGroundtruthBest: figures(groundtruthScores, groundtruthLabels, groundtruthBest),
      atRecommended: figures(groundtruthScores, groundtruthLabels, recommended),
    },
    [`heldOut${UNSEEN_YEAR}`]: {
      atHalf: figures(unseenScores, unseenLabels, 0.5),
      atGroundtruthBest: figures(unseenScores, unseenLabels, groundtruthBest),
      atRecommended: figures(unseenScores, unseenLabels, recommended),
    },
  };
  const shipped = {
    ...file,
    recommendedThreshold: recommended,
    training: {
      ...file.training,
      data: 'checkworthiness/claimbuster-crowdsourced.csv (Verdict 1 positive; -1 and 0 negative)',
      removedDuplicates: removed,
      calibration: `Platt scaling on ${CHECKWORTHINESS_TRAINING.calibrationFolds}-fold out-of-fold scores of the training rows`,
      threshold:
        `best mean F1 over claimbuster-groundtruth and the ${UNSEEN_YEAR} debates scored by the same recipe ` +
        `trained without them; the best on groundtruth alone is ${report.groundtruthBestThreshold}`,
      figures: report,
    },
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(shipped)}\n`);
  console.log(JSON.stringify(report, null, 2));
  console.log(`wrote ${values.out} in ${seconds.toFixed(0)} s`);
}

main();
