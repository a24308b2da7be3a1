import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { createRandom } from '../src/models/random.ts';
import { nextRequest, SOAK_MIX, type SoakKind, type SoakRequest } from './soak-mix.ts';
import type { ServerMemory } from './soak-server.ts';

export interface SoakOptions {
  /** Length of the measured soak; fractions are allowed (0.5 is thirty seconds). */
  minutes: number;
  clients?: number;
  /** Mixed load before the first memory reading, so caches and JIT have settled. */
  warmUpSeconds?: number;
  /** Length of the baseline run against a static file. */
  baselineSeconds?: number;
  /** Allowed growth of the server's heap (after a full collection) over the soak, in percent. */
  memoryBoundPercent?: number;
  seed?: number;
  onProgress?: (line: string) => void;
}

export interface LatencyFigures {
  requests: number;
  failures: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SoakReport {
  clients: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  failures: number;
  /** Up to ten failed requests, as "kind METHOD path -> status or error". */
  failureSamples: string[];
  /** Statuses seen, by code ("error" for network errors). */
  statuses: Record<string, number>;
  overall: LatencyFigures;
  /** Requests per second in each tenth of the soak, first to last: a slowdown shows as a falling row. */
  tenths: number[];
  kinds: Record<SoakKind, LatencyFigures>;
  /** The same clients on GET /static/app.css: the cost of HTTP, routing and middleware alone. */
  baseline: LatencyFigures & { requestsPerSecond: number; seconds: number };
  articles: { afterWarmUp: number; afterSoak: number };
  memory: {
    afterWarmUp: ServerMemory;
    afterSoak: ServerMemory;
    /** heapUsed after the soak over heapUsed after warm-up, both after a full collection. */
    heapRatio: number;
    rssRatio: number;
    boundPercent: number;
    pass: boolean;
  };
}

const SERVER_SCRIPT = join(import.meta.dirname, 'soak-server.ts');
const REPOSITORY = join(import.meta.dirname, '..');
const REQUEST_TIMEOUT_MS = 30_000;

/** The server child and a way to ask it one line at a time. */
interface SoakServer {
  url: string;
  secret: string;
  ask(command: string): Promise<string>;
  stop(): Promise<void>;
}

async function startServer(database: string): Promise<SoakServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', SERVER_SCRIPT, database],
    { cwd: REPOSITORY, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Interface = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else early.push(line);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the soak server exited with code ${code}`))),
  );
  exited.catch(() => undefined);
  const readLine = () =>
    Promise.race([
      new Promise<string>((resolve) => {
        const line = early.shift();
        if (line !== undefined) resolve(line);
        else waiting.push(resolve);
      }),
      exited,
    ]);
  const hello = JSON.parse(await readLine()) as { url: string; secret: string };
  return {
    url: hello.url,
    secret: hello.secret,
    ask: (command) => {
      child.stdin?.write(`${command}\n`);
      return readLine();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin?.end();
      }),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function figures(latencies: number[], failures: number): LatencyFigures {
  const sorted = [...latencies].sort((left, right) => left - right);
  return {
    requests: latencies.length,
    failures,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? 0,
  };
}

function throughputByTenth(finishedAt: readonly number[], seconds: number): number[] {
  const counts = Array.from({ length: 10 }, () => 0);
  for (const ms of finishedAt) {
    const tenth = Math.min(9, Math.floor((ms / 1000 / seconds) * 10));
    counts[tenth] = (counts[tenth] ?? 0) + 1;
  }
  return counts.map((count) => count / (seconds / 10));
}

/** What one phase of load recorded. */
interface Tally {
  latencies: Map<SoakKind | 'baseline', number[]>;
  failures: Map<SoakKind | 'baseline', number>;
  failureSamples: string[];
  statuses: Record<string, number>;
  /** When each request finished, in ms since the phase began: throughput over time. */
  finishedAt: number[];
}

function newTally(): Tally {
  return { latencies: new Map(), failures: new Map(), failureSamples: [], statuses: {}, finishedAt: [] };
}

async function send(
  server: SoakServer,
  request: SoakRequest,
): Promise<{ status: number | 'error'; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${server.url}${request.path}`, {
      method: request.method,
      headers: {
        ...(request.authorized ? { Authorization: `Bearer ${server.secret}` } : {}),
        ...(request.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // The whole body is read: a page is not served until its last byte is.
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 'error', ms: performance.now() - started };
  }
}

/** Runs `clients` loops until `seconds` pass, each drawing its next request from `draw`. */
async function load(
  server: SoakServer,
  clients: number,
  seconds: number,
  draw: (random: () => number) => SoakRequest,
  seed: number,
  tally: Tally,
  /** Files every request under one label instead of its kind: the baseline's. */
  label?: 'baseline',
): Promise<void> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const client = async (index: number) => {
    const random = createRandom(seed * 1000 + index);
    while (performance.now() < deadline) {
      const request = draw(random);
      const { status, ms } = await send(server, request);
      const key = label ?? request.kind;
      tally.finishedAt.push(performance.now() - start);
      tally.statuses[String(status)] = (tally.statuses[String(status)] ?? 0) + 1;
      const latencies = tally.latencies.get(key) ?? [];
      latencies.push(ms);
      tally.latencies.set(key, latencies);
      if (status === 'error' || !request.ok.includes(status)) {
        tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
        if (tally.failureSamples.length < 10) {
          tally.failureSamples.push(`${request.kind} ${request.method} ${request.path} -> ${status}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
}

async function readJson<Body>(server: SoakServer, path: string): Promise<Body> {
  const response = await fetch(`${server.url}${path}`);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}; the soak needs it to start`);
  return (await response.json()) as Body;
}

/**
 * A mixed soak on loopback: a review desk in its own process over a fresh SQLite file with the
 * bundled examples, `clients` concurrent clients reading the board, claim pages and dossiers, posting
 * articles and review records, for `minutes`. Reports latency percentiles per kind of request, every
 * failed request, and the server's memory after warm-up against after the soak. A baseline in the
 * same run sends the same clients at a static file.
 *
 * @example
 * const report = await runSoak({ minutes: 10, clients: 50 });
 * console.log(formatSoakReport(report));
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const clients = options.clients ?? 50;
  const seconds = options.minutes * 60;
  const warmUpSeconds = options.warmUpSeconds ?? Math.min(30, Math.max(5, seconds / 10));
  const baselineSeconds = options.baselineSeconds ?? Math.min(30, Math.max(3, seconds / 20));
  const boundPercent = options.memoryBoundPercent ?? 10;
  const seed = options.seed ?? 1;
  const progress = options.onProgress ?? (() => undefined);
  const directory = mkdtempSync(join(tmpdir(), 'claimtrail-soak-'));
  const server = await startServer(join(directory, 'soak.db'));
  try {
    const firstPage = await readJson<{ items: { id: string }[] }>(server, '/api/claims?limit=100');
    const clusterIds = firstPage.items.map((item) => item.id);
    if (clusterIds.length === 0)
      throw new Error('the examples gave no claims to read; check examples/articles');
    // Every client numbers its articles apart from the others, so no two posts share a text or URL.
    let serial = 0;
    const mixed = (random: () => number) => {
      serial += 1;
      return nextRequest(random, clusterIds, serial);
    };
    const articleTotal = async () =>
      (await readJson<{ total: number }>(server, '/api/articles?limit=1')).total;

    progress(`baseline: ${clients} clients on /static/app.css for ${baselineSeconds} s`);
    const baselineTally = newTally();
    const staticRequest: SoakRequest = {
      kind: 'board',
      method: 'GET',
      path: '/static/app.css',
      authorized: false,
      ok: [200],
    };
    await load(server, clients, baselineSeconds, () => staticRequest, seed, baselineTally, 'baseline');

    progress(`warm-up: ${clients} clients, mixed, for ${warmUpSeconds} s`);
    await load(server, clients, warmUpSeconds, mixed, seed + 1, newTally());
    const afterWarmUp = JSON.parse(await server.ask('memory')) as ServerMemory;
    const articlesAfterWarmUp = await articleTotal();

    progress(`soak: ${clients} clients, mixed, for ${seconds} s`);
    const tally = newTally();
    const started = performance.now();
    await load(server, clients, seconds, mixed, seed + 2, tally);
    const elapsed = (performance.now() - started) / 1000;
    const afterSoak = JSON.parse(await server.ask('memory')) as ServerMemory;
    const articlesAfterSoak = await articleTotal();

    const all = [...tally.latencies.values()].flat();
    const failures = [...tally.failures.values()].reduce((sum, count) => sum + count, 0);
    const kinds = Object.fromEntries(
      SOAK_MIX.map(({ kind }) => [
        kind,
        figures(tally.latencies.get(kind) ?? [], tally.failures.get(kind) ?? 0),
      ]),
    ) as Record<SoakKind, LatencyFigures>;
    const baselineLatencies = baselineTally.latencies.get('baseline') ?? [];
    const heapRatio = afterSoak.heapUsed / afterWarmUp.heapUsed;
    return {
      clients,
      seconds: elapsed,
      requests: all.length,
      requestsPerSecond: all.length / elapsed,
      failures: failures + (baselineTally.failures.get('baseline') ?? 0),
      failureSamples: [...baselineTally.failureSamples, ...tally.failureSamples].slice(0, 10),
      statuses: tally.statuses,
      overall: figures(all, failures),
      tenths: throughputByTenth(tally.finishedAt, elapsed),
      kinds,
      baseline: {
        ...figures(baselineLatencies, baselineTally.failures.get('baseline') ?? 0),
        requestsPerSecond: baselineLatencies.length / baselineSeconds,
        seconds: baselineSeconds,
      },
      articles: { afterWarmUp: articlesAfterWarmUp, afterSoak: articlesAfterSoak },
      memory: {
        afterWarmUp,
        afterSoak,
        heapRatio,
        rssRatio: afterSoak.rss / afterWarmUp.rss,
        boundPercent,
        pass: heapRatio <= 1 + boundPercent / 100,
      },
    };
  } finally {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
