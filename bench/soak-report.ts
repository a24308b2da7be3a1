import type { LatencyFigures, SoakReport } from './soak.ts';
import { SOAK_MIX } from './soak-mix.ts';

const MEGABYTE = 1024 * 1024;

function row(label: string, figures: LatencyFigures, perSecond?: number): string {
  const cells = [
    label.padEnd(14),
    String(figures.requests).padStart(8),
    (perSecond === undefined ? '' : perSecond.toFixed(0)).padStart(7),
    String(figures.failures).padStart(6),
    ...[figures.p50Ms, figures.p95Ms, figures.p99Ms, figures.maxMs].map((ms) => ms.toFixed(1).padStart(8)),
  ];
  return cells.join(' ');
}

function megabytes(bytes: number): string {
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** The soak's figures as a plain-text table with the memory verdict. */
export function formatSoakReport(report: SoakReport): string {
  const { memory } = report;
  const header = `${'request'.padEnd(14)} ${'count'.padStart(8)} ${'req/s'.padStart(7)} ${'failed'.padStart(6)} ${[
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
  ]
    .map((cell) => cell.padStart(8))
    .join(' ')}`;
  const lines = [
    `Soak: ${report.clients} clients on loopback for ${report.seconds.toFixed(0)} s, ${report.requests} requests, ` +
      `${report.requestsPerSecond.toFixed(0)} req/s, ${report.failures} failed`,
    '',
    header,
    ...SOAK_MIX.map(({ kind }) => row(kind, report.kinds[kind])),
    row('all', report.overall, report.requestsPerSecond),
    row('baseline', report.baseline, report.baseline.requestsPerSecond),
    '',
    `baseline: GET /static/app.css with the same clients for ${report.baseline.seconds} s; ` +
      `mixed p99 ${report.overall.p99Ms.toFixed(1)} ms is ${(report.overall.p99Ms / Math.max(report.baseline.p99Ms, 0.001)).toFixed(1)}x its p99, ` +
      `mixed throughput ${((100 * report.requestsPerSecond) / Math.max(report.baseline.requestsPerSecond, 1)).toFixed(1)}% of its req/s`,
    `req/s by tenth of the soak: ${report.tenths.map((rate) => rate.toFixed(0)).join(' ')}`,
    `statuses: ${Object.entries(report.statuses)
      .map(([status, count]) => `${status} x${count}`)
      .join(', ')}`,
    `articles in the ledger: ${report.articles.afterWarmUp} after warm-up, ${report.articles.afterSoak} after the soak`,
    `server memory after a full GC${memory.afterWarmUp.collected ? '' : ' (gc not exposed: no collection)'}: ` +
      `heap ${megabytes(memory.afterWarmUp.heapUsed)} -> ${megabytes(memory.afterSoak.heapUsed)} ` +
      `(${((memory.heapRatio - 1) * 100).toFixed(1)}%), RSS ${megabytes(memory.afterWarmUp.rss)} -> ` +
      `${megabytes(memory.afterSoak.rss)} (${((memory.rssRatio - 1) * 100).toFixed(1)}%)`,
    `server event-loop delay during the soak: p99 ${memory.afterSoak.loopDelayP99Ms.toFixed(0)} ms, ` +
      `max ${memory.afterSoak.loopDelayMaxMs.toFixed(0)} ms`,
    `heap growth within ${memory.boundPercent}%: ${memory.pass ? 'PASS' : 'MISS'}; ` +
      `no failed request: ${report.failures === 0 ? 'PASS' : 'MISS'}`,
  ];
  if (report.failureSamples.length > 0)
    lines.push('failed requests:', ...report.failureSamples.map((s) => `  ${s}`));
  return lines.join('\n');
}
