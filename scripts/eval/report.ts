import type { Counts, Scores } from '../../src/core/metrics.ts';
import type { Accuracy, NewsClaimsResult } from './news-claims.ts';
import { ATTRIBUTION_ROLES, type PolnearResult } from './polnear.ts';
import { formatRatio, formatTable } from './table.ts';

/** Everything one evaluation run measured; `--json` prints exactly this. */
export interface EvalReport {
  schema: 'claimtrail.eval/1';
  checkworthinessModel: string;
  sharedData: string;
  newsClaims: NewsClaimsResult | null;
  polnear: PolnearResult | null;
  /** What was absent and therefore not measured. */
  skipped: string[];
  seconds: number;
}

const HEADERS = ['dataset', 'measure', 'P', 'R', 'F1', 'acc', 'counts'];
const ALIGNMENTS = ['left', 'left', 'right', 'right', 'right', 'right', 'left'] as const;

function scoreRow(dataset: string, measure: string, result: Counts & Scores): string[] {
  return [
    dataset,
    measure,
    formatRatio(result.precision),
    formatRatio(result.recall),
    formatRatio(result.f1),
    '',
    `tp ${result.truePositives}  fp ${result.falsePositives}  fn ${result.falseNegatives}`,
  ];
}

function accuracyRow(dataset: string, measure: string, result: Accuracy): string[] {
  return [
    dataset,
    measure,
    '',
    '',
    '',
    formatRatio(result.accuracy),
    `${result.correct}/${result.total} right`,
  ];
}

/** The report as one table with a header line and footnotes explaining each measure. */
export function formatReport(report: EvalReport): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  const { newsClaims, polnear } = report;
  if (newsClaims) {
    const dataset = 'news-claims dev';
    rows.push(scoreRow(dataset, 'claim sentences [a]', newsClaims.claimSentences));
    rows.push(accuracyRow(dataset, 'claimer, all claims [b]', newsClaims.claimer.all));
    rows.push(accuracyRow(dataset, 'claimer, has claimer', newsClaims.claimer.withClaimer));
    rows.push(accuracyRow(dataset, 'claimer, none (null)', newsClaims.claimer.withoutClaimer));
    notes.push(
      `[a] news-claims: ${newsClaims.articles} articles, ${newsClaims.sentences} sentences; each gold sentence is ` +
        'scored through the pipeline sentence it overlaps most; predicted positive when that sentence has a claim ' +
        'or is flagged isClaim.',
      '[b] claimer: predicted = the claim’s claimant, else the source of an attribution in the sentence, else null. ' +
        'A gold claimer matches case-insensitively when equal after dropping leading determiners, when one ' +
        'contains the other, or when both end in the same head word; a gold claim without claimer is right when ' +
        `the prediction is null. Claims the pipeline missed count as wrong (${newsClaims.claimer.missed} of ` +
        `${newsClaims.claimer.all.total}).`,
    );
  }
  if (polnear) {
    const dataset = `polnear ${polnear.split}`;
    const polnearFirstRow = rows.length;
    for (const role of [...ATTRIBUTION_ROLES, 'all'] as const) {
      for (const mode of ['exact', 'overlap'] as const) {
        const marker = rows.length === polnearFirstRow ? ' [c]' : '';
        rows.push(scoreRow(dataset, `${role} ${mode}${marker}`, polnear.byRole[role][mode]));
      }
    }
    notes.push(
      `[c] polnear: ${polnear.articles} articles, spans micro-averaged; exact = same start and end (a discontinuous ` +
        'gold span by its first start and last end), overlap = at least one shared character; each gold span ' +
        `matched at most once; "all" pools the three roles. ${polnear.multiplyAnnotated} texts have several ` +
        'annotators: the first annotation file is used.',
    );
  }
  const timings = [
    newsClaims ? `news-claims ${newsClaims.seconds.toFixed(1)} s` : null,
    polnear ? `polnear ${polnear.seconds.toFixed(1)} s` : null,
    `total ${report.seconds.toFixed(1)} s`,
  ].filter((part): part is string => part !== null);
  const lines = [
    `claimtrail eval · checkworthiness model: ${report.checkworthinessModel} · data: ${report.sharedData}`,
    '',
    rows.length > 0 ? formatTable(HEADERS, rows, [...ALIGNMENTS]) : 'No data set found to evaluate.',
    '',
    ...notes.flatMap((note) => wrap(note, 110)),
    ...[...(newsClaims?.failures ?? []), ...(polnear?.failures ?? [])].map(
      (failure) => `pipeline failed on ${failure.article}: ${failure.message}`,
    ),
    ...report.skipped.map((what) => `skipped: ${what}`),
    `time: ${timings.join(', ')}`,
  ];
  return lines.join('\n');
}

/** Breaks a note into lines of at most `width` characters, indenting the continuation lines. */
function wrap(note: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of note.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `    ${word}`;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
