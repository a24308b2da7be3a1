import { loadCheckThat2020, type VerifiedClaim } from '../scripts/eval/claim-retrieval.ts';
import { findSharedData, missingSharedDataMessage } from '../scripts/eval/shared-data.ts';
import { formatTable } from '../scripts/eval/table.ts';
import { type ClaimIndex, claimIndexFromJSON, createClaimIndex } from '../src/ledger/matching/index.ts';
import { createRandom } from '../src/models/random.ts';

const MEGABYTE = 1024 * 1024;

/** Latency of one way of answering queries over one collection size. */
export interface LatencyRun {
  /** The index as configured; the same index reading every posting; every claim scored. */
  method: 'index' | 'every posting' | 'brute force';
  claims: number;
  queries: number;
  p50Milliseconds: number;
  p99Milliseconds: number;
  meanMilliseconds: number;
  /** The same percentiles of CPU time (user and system) per query. */
  cpuP50Milliseconds: number;
  cpuP99Milliseconds: number;
  buildSeconds: number;
  /** Bytes the index's typed arrays hold (postings, terms, LSH, scratch). */
  indexMegabytes: number;
  /** Growth of V8 heap plus array buffers across the build: strings and maps included. */
  heapGrowthMegabytes: number;
}

/** How much of a reference top 10 the index's top 10 holds, averaged over queries. */
export interface RecallRun {
  reference: 'every posting' | 'brute force';
  claims: number;
  queries: number;
  /** Mean share of the reference's top 10 found in the index's top 10. */
  recallAt10: number;
  /** Queries whose top 10 is the reference's, in the same order. */
  identical: number;
}

export interface MatchingBenchReport {
  schema: 'claimtrail.bench.matching/1';
  node: string;
  runs: LatencyRun[];
  recall: RecallRun[];
  /** Brute-force p50 over index p50 at the brute-force size. */
  speedup: number;
  targetP99Milliseconds: number;
  pass: boolean;
}

export interface MatchingBenchOptions {
  /** Collection sizes for the index, largest last. */
  sizes?: readonly number[];
  /** Size at which the brute-force scan is measured next to the index. */
  bruteForceSize?: number;
  queries?: number;
  bruteForceQueries?: number;
  seed?: number;
  /** Called with a line of progress now and then. */
  onProgress?: (message: string) => void;
}

/**
 * A seeded paraphrase of a claim: some words replaced by words of other claims, some dropped, and now
 * and then two neighbours swapped, so a million synthetic claims keep the vocabulary and length of
 * real ones while few are exact copies.
 */
export function paraphrase(text: string, random: () => number, vocabulary: readonly string[]): string {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const result: string[] = [];
  for (const word of words) {
    const draw = random();
    if (draw < 0.08) continue;
    if (draw < 0.2) result.push(vocabulary[Math.floor(random() * vocabulary.length)] as string);
    else result.push(word);
  }
  if (result.length > 3 && random() < 0.3) {
    const position = Math.floor(random() * (result.length - 1));
    [result[position], result[position + 1]] = [result[position + 1] as string, result[position] as string];
  }
  return result.join(' ');
}

function buildIndex(
  claims: readonly VerifiedClaim[],
  size: number,
  seed: number,
): { index: ClaimIndex; seconds: number; heapGrowth: number } {
  const random = createRandom(seed);
  const vocabulary = claims
    .flatMap((claim) => claim.claim.split(/\s+/))
    .filter((word) => /^[a-z]{4,}$/i.test(word));
  const before = memoryInUse();
  const started = performance.now();
  const index = createClaimIndex();
  for (let number = 0; number < size; number += 1) {
    const claim = claims[number % claims.length] as VerifiedClaim;
    const original = number < claims.length;
    index.add(`s${number}`, original ? claim.claim : paraphrase(claim.claim, random, vocabulary), {
      title: original ? claim.title : paraphrase(claim.title, random, vocabulary),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return { index, seconds, heapGrowth: memoryInUse() - before };
}

function memoryInUse(): number {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

/**
 * Wall-clock and CPU milliseconds per query, each sorted. CPU time leaves out the time other
 * processes hold the core, so on a shared machine it is the steadier measure of the work a query does.
 */
function time(
  queries: readonly string[],
  answer: (text: string) => unknown,
): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const text of queries) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    answer(text);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

function latencyRun(
  method: LatencyRun['method'],
  built: { index: ClaimIndex; seconds: number; heapGrowth: number },
  queries: readonly string[],
): LatencyRun {
  const answer =
    method === 'brute force'
      ? (text: string) => built.index.scan(text, {}, 10)
      : (text: string) => built.index.query(text, {}, 10);
  for (const text of queries.slice(0, 20)) answer(text);
  const { wall: times, cpu } = time(queries, answer);
  return {
    method,
    claims: built.index.size,
    queries: queries.length,
    p50Milliseconds: percentile(times, 0.5),
    p99Milliseconds: percentile(times, 0.99),
    meanMilliseconds: times.reduce((sum, value) => sum + value, 0) / Math.max(times.length, 1),
    cpuP50Milliseconds: percentile(cpu, 0.5),
    cpuP99Milliseconds: percentile(cpu, 0.99),
    buildSeconds: built.seconds,
    indexMegabytes: built.index.statistics().bytes / MEGABYTE,
    heapGrowthMegabytes: built.heapGrowth / MEGABYTE,
  };
}

function recallRun(
  reference: RecallRun['reference'],
  index: ClaimIndex,
  answer: (text: string) => string[],
  queries: readonly string[],
): RecallRun {
  let recall = 0;
  let identical = 0;
  for (const text of queries) {
    const expected = answer(text);
    const found = index.query(text, {}, 10).map((candidate) => candidate.id);
    const held = new Set(found);
    recall += expected.length === 0 ? 1 : expected.filter((id) => held.has(id)).length / expected.length;
    if (found.join('\n') === expected.join('\n')) identical += 1;
  }
  return {
    reference,
    claims: index.size,
    queries: queries.length,
    recallAt10: queries.length > 0 ? recall / queries.length : 1,
    identical,
  };
}

/**
 * Times claim matching: query latency (p50, p99) of the index with 100k and 1M stored claims (the
 * verified claims of CheckThat! 2020 task 2 and seeded paraphrases of them), its build time and
 * memory, and a brute-force scan with the same scorer at a smaller size in the same run. At the
 * largest size the same claims are also queried reading every posting (no pruning), and the
 * index's top 10 is compared with that one's and, at the small size, with the brute force's. Queries are
 * the data set's tweets and paraphrased claims. Returns null when the shared data is absent.
 */
export function runMatchingBench(options: MatchingBenchOptions = {}): MatchingBenchReport | null {
  const {
    sizes = [100_000, 1_000_000],
    bruteForceSize = 10_000,
    queries: queryCount = 1000,
    bruteForceQueries = 100,
    seed = 2020,
    onProgress,
  } = options;
  const sharedData = findSharedData();
  const data = sharedData ? loadCheckThat2020(sharedData) : null;
  if (!data) return null;
  const random = createRandom(seed + 1);
  const vocabulary = data.claims.flatMap((claim) => claim.claim.split(/\s+/));
  const tweets = [...data.dev, ...data.train].map((query) => query.text);
  const queries = Array.from({ length: queryCount }, (_, number) =>
    number % 2 === 0
      ? (tweets[number % tweets.length] as string)
      : paraphrase(
          (data.claims[Math.floor(random() * data.claims.length)] as VerifiedClaim).claim,
          random,
          vocabulary,
        ),
  );
  const runs: LatencyRun[] = [];
  const recall: RecallRun[] = [];
  onProgress?.(`building ${bruteForceSize} claims`);
  const small = buildIndex(data.claims, bruteForceSize, seed);
  runs.push(latencyRun('index', small, queries));
  onProgress?.(`brute force over ${bruteForceSize} claims`);
  const bruteForceSet = queries.slice(0, bruteForceQueries);
  runs.push(latencyRun('brute force', small, bruteForceSet));
  const scanIds = (text: string) => small.index.scan(text, {}, 10).map((candidate) => candidate.id);
  recall.push(recallRun('brute force', small.index, scanIds, bruteForceSet));
  for (const [position, size] of sizes.entries()) {
    onProgress?.(`building ${size} claims`);
    const built = buildIndex(data.claims, size, seed);
    onProgress?.(`querying ${size} claims`);
    runs.push(latencyRun('index', built, queries));
    if (position !== sizes.length - 1) continue;
    // The same claims read in full, every posting of every query term: what pruning is checked against.
    onProgress?.(`querying ${size} claims, every posting`);
    const full = claimIndexFromJSON(built.index.toJSON(), { postingBudget: 0 });
    runs.push(latencyRun('every posting', { ...built, index: full }, queries));
    const fullIds = (text: string) => full.query(text, {}, 10).map((candidate) => candidate.id);
    recall.push(recallRun('every posting', built.index, fullIds, queries));
  }
  const indexAtSmall = runs[0] as LatencyRun;
  const bruteForce = runs[1] as LatencyRun;
  const largest = runs.filter((run) => run.method === 'index').at(-1) as LatencyRun;
  return {
    schema: 'claimtrail.bench.matching/1',
    node: process.version,
    runs,
    recall,
    speedup: indexAtSmall.p50Milliseconds > 0 ? bruteForce.p50Milliseconds / indexAtSmall.p50Milliseconds : 0,
    targetP99Milliseconds: 5,
    pass: largest.p99Milliseconds < 5,
  };
}

/** The report as an aligned table and a verdict line; the message for absent data when null. */
export function formatMatchingBench(report: MatchingBenchReport | null): string {
  if (!report) return `claimtrail bench matching: ${missingSharedDataMessage()}`;
  const number = new Intl.NumberFormat('en-US');
  const table = formatTable(
    [
      'method',
      'claims',
      'queries',
      'p50 ms',
      'p99 ms',
      'mean ms',
      'CPU p50',
      'CPU p99',
      'build s',
      'index MB',
      'heap MB',
    ],
    report.runs.map((run) => [
      run.method,
      number.format(run.claims),
      String(run.queries),
      run.p50Milliseconds.toFixed(3),
      run.p99Milliseconds.toFixed(3),
      run.meanMilliseconds.toFixed(3),
      run.cpuP50Milliseconds.toFixed(3),
      run.cpuP99Milliseconds.toFixed(3),
      run.buildSeconds.toFixed(1),
      run.indexMegabytes.toFixed(1),
      run.heapGrowthMegabytes.toFixed(1),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const largest = report.runs.filter((run) => run.method === 'index').at(-1) as LatencyRun;
  const recallTable = formatTable(
    ['index top 10 against', 'claims', 'queries', 'recall@10', 'identical'],
    report.recall.map((run) => [
      run.reference,
      number.format(run.claims),
      String(run.queries),
      run.recallAt10.toFixed(4),
      `${run.identical}/${run.queries}`,
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  );
  return [
    `claimtrail bench matching · node ${report.node} · one process`,
    '',
    table,
    '',
    recallTable,
    '',
    `brute force / index at ${number.format(report.runs[0]?.claims ?? 0)} claims (p50): ${report.speedup.toFixed(0)}x`,
    `p99 at ${number.format(largest.claims)} claims: ${largest.p99Milliseconds.toFixed(2)} ms wall, ` +
      `${largest.cpuP99Milliseconds.toFixed(2)} ms CPU (target under ${report.targetP99Milliseconds} ms) ` +
      `${report.pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
