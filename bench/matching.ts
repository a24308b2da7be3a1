import { loadCheckThat2020, type VerifiedClaim } from '../scripts/eval/claim-retrieval.ts';
import { findSharedData, missingSharedDataMessage } from '../scripts/eval/shared-data.ts';
import { formatTable } from '../scripts/eval/table.ts';
import { type ClaimIndex, createClaimIndex } from '../src/ledger/matching/index.ts';
import { createRandom } from '../src/models/random.ts';

const MEGABYTE = 1024 * 1024;

/** Latency of one way of answering queries over one collection size. */
export interface LatencyRun {
  method: 'index' | 'brute force';
  claims: number;
  queries: number;
  p50Milliseconds: number;
  p99Milliseconds: number;
  meanMilliseconds: number;
  buildSeconds: number;
  /** Bytes the index's typed arrays hold (postings, terms, LSH, scratch). */
  indexMegabytes: number;
  /** Growth of V8 heap plus array buffers across the build: strings and maps included. */
  heapGrowthMegabytes: number;
}

export interface MatchingBenchReport {
  schema: 'claimtrail.bench.matching/1';
  node: string;
  runs: LatencyRun[];
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

function time(queries: readonly string[], answer: (text: string) => unknown): number[] {
  const times = queries.map((text) => {
    const started = performance.now();
    answer(text);
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b);
}

function latencyRun(
  method: LatencyRun['method'],
  built: { index: ClaimIndex; seconds: number; heapGrowth: number },
  queries: readonly string[],
): LatencyRun {
  const answer =
    method === 'index'
      ? (text: string) => built.index.query(text, {}, 10)
      : (text: string) => built.index.scan(text, {}, 10);
  for (const text of queries.slice(0, 20)) answer(text);
  const times = time(queries, answer);
  return {
    method,
    claims: built.index.size,
    queries: queries.length,
    p50Milliseconds: percentile(times, 0.5),
    p99Milliseconds: percentile(times, 0.99),
    meanMilliseconds: times.reduce((sum, value) => sum + value, 0) / Math.max(times.length, 1),
    buildSeconds: built.seconds,
    indexMegabytes: built.index.statistics().bytes / MEGABYTE,
    heapGrowthMegabytes: built.heapGrowth / MEGABYTE,
  };
}

/**
 * Times claim matching: query latency (p50, p99) of the index with 100k and 1M stored claims (the
 * verified claims of CheckThat! 2020 task 2 and seeded paraphrases of them), its build time and
 * memory, and a brute-force scan with the same scorer at a smaller size in the same run. Queries are
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
  onProgress?.(`building ${bruteForceSize} claims`);
  const small = buildIndex(data.claims, bruteForceSize, seed);
  runs.push(latencyRun('index', small, queries));
  onProgress?.(`brute force over ${bruteForceSize} claims`);
  runs.push(latencyRun('brute force', small, queries.slice(0, bruteForceQueries)));
  for (const size of sizes) {
    onProgress?.(`building ${size} claims`);
    const built = buildIndex(data.claims, size, seed);
    onProgress?.(`querying ${size} claims`);
    runs.push(latencyRun('index', built, queries));
  }
  const indexAtSmall = runs[0] as LatencyRun;
  const bruteForce = runs[1] as LatencyRun;
  const largest = runs[runs.length - 1] as LatencyRun;
  return {
    schema: 'claimtrail.bench.matching/1',
    node: process.version,
    runs,
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
    ['method', 'claims', 'queries', 'p50 ms', 'p99 ms', 'mean ms', 'build s', 'index MB', 'heap MB'],
    report.runs.map((run) => [
      run.method,
      number.format(run.claims),
      String(run.queries),
      run.p50Milliseconds.toFixed(3),
      run.p99Milliseconds.toFixed(3),
      run.meanMilliseconds.toFixed(3),
      run.buildSeconds.toFixed(1),
      run.indexMegabytes.toFixed(1),
      run.heapGrowthMegabytes.toFixed(1),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const largest = report.runs[report.runs.length - 1] as LatencyRun;
  return [
    `claimtrail bench matching · node ${report.node} · one process`,
    '',
    table,
    '',
    `brute force / index at ${number.format(report.runs[0]?.claims ?? 0)} claims (p50): ${report.speedup.toFixed(0)}x`,
    `p99 at ${number.format(largest.claims)} claims: ${largest.p99Milliseconds.toFixed(2)} ms (target under ` +
      `${report.targetP99Milliseconds} ms) ${report.pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
