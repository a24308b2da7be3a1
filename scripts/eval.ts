import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findSharedData, missingSharedDataMessage } from './eval/shared-data.ts';
import { type EvalRow, runSuite } from './eval/suite.ts';
import { formatRatio, formatTable } from './eval/table.ts';

/** Figures of the quick evaluation as last recorded; CI fails when one falls more than 0.03 below. */
export const QUICK_RECORD = new URL('../models/quick-eval.json', import.meta.url);

function format(rows: readonly EvalRow[]): string {
  return formatTable(
    ['dataset', 'measure', 'system', 'P', 'R', 'F1', 'AUC/acc', 'counts'],
    rows.map((row) => [
      row.dataset,
      row.measure,
      row.system,
      row.precision === undefined ? '' : formatRatio(row.precision),
      row.recall === undefined ? '' : formatRatio(row.recall),
      row.f1 === undefined ? '' : formatRatio(row.f1),
      row.extra ? `${formatRatio(row.extra.value)} ${row.extra.name}` : '',
      row.counts,
    ]),
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
  );
}

/**
 * `npm run eval`: every model next to the rule baseline on the shared development data, in one table.
 * `--json` prints the rows as JSON; `--quick` uses small fixed slices; `--quick --record` writes the
 * figures CI compares against to models/quick-eval.json.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
    },
  });
  const sharedData = findSharedData();
  if (!sharedData) {
    console.log(missingSharedDataMessage());
    return;
  }
  const started = performance.now();
  const { rows, skipped } = runSuite(sharedData, { quick: values.quick });
  if (values.record) {
    if (!values.quick) throw new Error('--record writes the quick figures; run it with --quick');
    const record = Object.fromEntries(
      rows
        .filter((row) => row.f1 !== undefined)
        .map((row) => [`${row.dataset} | ${row.measure} | ${row.system}`, Number(row.f1?.toFixed(4))]),
    );
    writeFileSync(QUICK_RECORD, `${JSON.stringify(record, null, 2)}\n`);
  }
  if (values.json) {
    console.log(
      JSON.stringify(
        { schema: 'claimtrail.eval/2', sharedData, quick: values.quick, rows, skipped },
        null,
        2,
      ),
    );
    return;
  }
  console.log(`claimtrail eval${values.quick ? ' (quick slices)' : ''} · data: ${sharedData}\n`);
  console.log(format(rows));
  console.log(
    [
      '',
      'check-worthiness: trained on claimbuster-crowdsourced, scored at 0.5 and at the threshold the model file recommends;',
      '  AUC is ROC-AUC. Hedging: a fixed 20% of wikiweasel held out by hash, never trained on. news-claims: 18 real',
      '  articles; claimer accuracy counts missed claims as wrong. polnear: spans micro-averaged, exact = same start',
      '  and end, overlap = at least one shared character.',
      ...skipped.map((what) => `skipped: ${what}`),
      `time: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
}

main();
