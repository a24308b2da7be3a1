import type { Dossier } from '../ledger/index.ts';
import type { ClusterSummary } from '../store/index.ts';
import { sparkline } from './progress.ts';

function day(time: string): string {
  return time.slice(0, 10);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `claimtrail claims` as text: one line per cluster. */
export function renderClusterList(clusters: readonly ClusterSummary[], total: number): string {
  if (clusters.length === 0) return 'No claim clusters yet: add articles with claimtrail ingest.\n';
  const count = (value: number, noun: string) => `${value} ${noun}${value === 1 ? '' : 's'}`;
  const lines = clusters.map(
    (cluster) =>
      `${cluster.id.padStart(6)}  ${count(cluster.outlets, 'outlet').padStart(11)} ${count(cluster.appearances, 'appearance').padStart(16)}  ` +
      `${cluster.status.padEnd(12)}  ${day(cluster.firstSeenAt)}..${day(cluster.lastSeenAt)}  ${truncate(cluster.representative, 72)}`,
  );
  return `${lines.join('\n')}\n${clusters.length} of ${total} clusters; see one with claimtrail claim ID\n`;
}

function signalList(types: readonly string[]): string {
  return types.length ? ` [${[...new Set(types)].join(', ')}]` : '';
}

/** `claimtrail claim ID` as text: summary, a sparkline of appearances per day, then every appearance. */
export function renderDossierText(dossier: Dossier): string {
  const { cluster, traction, independence, appearances } = dossier;
  const counts = traction.days.map((entry) => entry.appearances);
  const hedged = traction.days.map((entry) => Math.round(entry.hedgedShare * 100));
  const lines = [
    `Claim ${cluster.id}: ${cluster.representative}`,
    '',
    independence.verdict,
    `Independent outlets: ${independence.independentOutlets} of ${independence.outlets}`,
    `Original sources: ${independence.originalSources.join('; ') || 'none'}`,
    ...(independence.deniedBy.length > 0 ? [`Denied by: ${independence.deniedBy.join('; ')}`] : []),
    `Traction ${traction.days[0]?.day ?? ''}..${traction.days.at(-1)?.day ?? ''}: ${sparkline(counts)}  (${counts.join(' ')})`,
    `Hedged share per day (%): ${hedged.join(' ')}`,
    '',
    'Appearances:',
    ...appearances.map(
      (appearance) =>
        `  ${day(appearance.publishedAt)}  ${appearance.publisher ?? '?'}${appearance.copyOf ? ' (copy)' : ''}: ` +
        `${appearance.claimant ? `${appearance.claimant} (${appearance.claimantKind})` : 'the article itself'}` +
        `${signalList(appearance.signals.map((signal) => signal.type))}\n      ${truncate(appearance.text, 140)}` +
        (appearance.url ? `\n      ${appearance.url}` : ''),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** A small SVG bar chart of appearances per day, as a data URI a Markdown viewer can show. */
export function tractionChart(counts: readonly number[], labels: readonly string[]): string {
  const width = Math.max(120, counts.length * 24);
  const height = 80;
  const max = Math.max(1, ...counts);
  const bars = counts
    .map((count, index) => {
      const barHeight = Math.round((count / max) * (height - 20));
      return `<rect x="${index * 24 + 4}" y="${height - 14 - barHeight}" width="16" height="${barHeight}" fill="#3b6ea8"><title>${labels[index]}: ${count}</title></rect>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="2" y="${height - 2}" font-size="10">${labels[0] ?? ''}</text>${bars}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

/** `claimtrail claim ID --format markdown`: the dossier as a report with a traction chart. */
export function renderDossierMarkdown(dossier: Dossier): string {
  const { cluster, traction, independence, appearances } = dossier;
  const chart = tractionChart(
    traction.days.map((entry) => entry.appearances),
    traction.days.map((entry) => entry.day),
  );
  return [
    `# Claim ${cluster.id}`,
    '',
    `> ${cell(cluster.representative)}`,
    '',
    `**${independence.verdict}.** Independent outlets: ${independence.independentOutlets} of ${independence.outlets}. Original sources: ${independence.originalSources.join('; ') || 'none'}.${independence.deniedBy.length > 0 ? ` Denied by: ${independence.deniedBy.join('; ')}.` : ''}`,
    '',
    `![Appearances per day](${chart})`,
    '',
    '| day | appearances | outlets | hedged | stated as fact |',
    '|---|---:|---:|---:|---:|',
    ...traction.days.map(
      (entry) =>
        `| ${entry.day} | ${entry.appearances} | ${entry.outlets} | ${Math.round(entry.hedgedShare * 100)}% | ${Math.round(entry.statedShare * 100)}% |`,
    ),
    '',
    '## Appearances',
    '',
    '| published | outlet | claimant | signals | sentence |',
    '|---|---|---|---|---|',
    ...appearances.map(
      (appearance) =>
        `| ${day(appearance.publishedAt)} | ${cell(appearance.publisher ?? '?')}${appearance.copyOf ? ' (copy)' : ''} | ${cell(appearance.claimant ?? 'the article itself')} | ${[...new Set(appearance.signals.map((signal) => signal.type))].join(', ')} | ${appearance.url ? `[${cell(truncate(appearance.text, 100))}](${appearance.url})` : cell(truncate(appearance.text, 100))} |`,
    ),
    '',
  ].join('\n');
}
