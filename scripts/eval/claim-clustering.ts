import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Counts, type Scores, scoresFromCounts } from '../../src/core/metrics.ts';
import { clusterToJoin, joinCandidates } from '../../src/ledger/index.ts';
import { createClaimIndex } from '../../src/ledger/matching/index.ts';
import { parseDelimited } from './checkworthiness.ts';
import { findSharedData, missingSharedDataMessage } from './shared-data.ts';
import { type Alignment, formatRatio, formatTable } from './table.ts';

/** Where the Emergent headlines sit under the shared data folder. */
export const EMERGENT_PATH = join('stance', 'emergent-train.csv');

/** One news headline and the rumoured claim it reports on (for, against or observing it). */
export interface ClaimHeadline {
  text: string;
  claimId: string;
}

/** The Emergent headlines in file order, or null when the file is absent. */
export function loadEmergentHeadlines(sharedData: string): ClaimHeadline[] | null {
  let content: string;
  try {
    content = readFileSync(join(sharedData, EMERGENT_PATH), 'utf8');
  } catch {
    return null;
  }
  const [header = [], ...records] = parseDelimited(content, ',');
  const textColumn = header.indexOf('articleHeadline');
  const claimColumn = header.indexOf('claimId');
  if (textColumn === -1 || claimColumn === -1) {
    throw new Error(`${EMERGENT_PATH}: expected the columns articleHeadline and claimId`);
  }
  return records
    .map((record) => ({ text: record[textColumn] ?? '', claimId: record[claimColumn] ?? '' }))
    .filter((headline) => headline.text.trim() !== '' && headline.claimId !== '');
}

/**
 * Clusters headlines one at a time, in order, by the ledger's own rule: each joins the cluster of
 * the best-matching earlier headline that shares enough words, if the join model accepts it, or
 * starts a cluster. Returns each headline's cluster, named by the first headline in it.
 */
export function clusterHeadlines(headlines: readonly ClaimHeadline[], threshold?: number): number[] {
  const index = createClaimIndex();
  const clusters: number[] = [];
  const clusterOf = (id: string) => {
    const cluster = clusters[Number(id)];
    return cluster === undefined ? undefined : String(cluster);
  };
  headlines.forEach((headline, position) => {
    const prepared = index.prepare(headline.text);
    const decision = clusterToJoin(joinCandidates(index, prepared), clusterOf, threshold);
    clusters.push(decision ? Number(decision.clusterId) : position);
    index.add(String(position), prepared);
  });
  return clusters;
}

/**
 * The headlines split in two by claim: claims dealt alternately in order of first appearance, every
 * headline going with its claim, each half in file order. A change that helps on one half only was
 * tuned to noise.
 */
export function halvesByClaim(headlines: readonly ClaimHeadline[]): [ClaimHeadline[], ClaimHeadline[]] {
  const half = new Map<string, 0 | 1>();
  const halves: [ClaimHeadline[], ClaimHeadline[]] = [[], []];
  for (const headline of headlines) {
    if (!half.has(headline.claimId)) half.set(headline.claimId, half.size % 2 === 0 ? 0 : 1);
    halves[half.get(headline.claimId) as 0 | 1].push(headline);
  }
  return halves;
}

/** How a clustering agrees with the gold grouping. */
export interface ClusteringScores {
  /** Over every pair of items: put together by both (true positive), by the clustering alone, by gold alone. */
  pairs: Counts & Scores;
  /** B-cubed: per item, the share of its cluster that is its gold group and the reverse, averaged. */
  bcubed: Scores;
  clusters: number;
  groups: number;
}

function pairsIn(size: number): number {
  return (size * (size - 1)) / 2;
}

function sizes<T>(values: readonly T[]): Map<T, number> {
  const counted = new Map<T, number>();
  for (const value of values) counted.set(value, (counted.get(value) ?? 0) + 1);
  return counted;
}

/** Pairwise and B-cubed precision, recall and F1 of `predicted` against `gold`, item by item. */
export function scoreClustering(predicted: readonly unknown[], gold: readonly unknown[]): ClusteringScores {
  if (predicted.length !== gold.length) {
    throw new Error(`scoreClustering: ${predicted.length} predictions for ${gold.length} items`);
  }
  const clusterSizes = sizes(predicted);
  const groupSizes = sizes(gold);
  const both = sizes(predicted.map((cluster, item) => JSON.stringify([cluster, gold[item]])));
  let together = 0;
  for (const size of both.values()) together += pairsIn(size);
  let clustered = 0;
  for (const size of clusterSizes.values()) clustered += pairsIn(size);
  let grouped = 0;
  for (const size of groupSizes.values()) grouped += pairsIn(size);
  const counts: Counts = {
    truePositives: together,
    falsePositives: clustered - together,
    falseNegatives: grouped - together,
  };
  let precision = 0;
  let recall = 0;
  predicted.forEach((cluster, item) => {
    const shared = both.get(JSON.stringify([cluster, gold[item]])) as number;
    precision += shared / (clusterSizes.get(cluster) as number);
    recall += shared / (groupSizes.get(gold[item]) as number);
  });
  const items = Math.max(predicted.length, 1);
  const bcubedPrecision = precision / items;
  const bcubedRecall = recall / items;
  const sum = bcubedPrecision + bcubedRecall;
  return {
    pairs: { ...counts, ...scoresFromCounts(counts) },
    bcubed: {
      precision: bcubedPrecision,
      recall: bcubedRecall,
      f1: sum > 0 ? (2 * bcubedPrecision * bcubedRecall) / sum : 0,
    },
    clusters: clusterSizes.size,
    groups: groupSizes.size,
  };
}

/** The ledger's clustering of the headlines, scored against their claims. */
export function evaluateClaimClustering(
  headlines: readonly ClaimHeadline[],
  threshold?: number,
): ClusteringScores {
  return scoreClustering(
    clusterHeadlines(headlines, threshold),
    headlines.map((headline) => headline.claimId),
  );
}

/** `npx tsx scripts/eval/claim-clustering.ts`: the figures at the ledger's threshold and around it. */
function main(): void {
  const sharedData = findSharedData();
  if (!sharedData) {
    console.log(missingSharedDataMessage());
    return;
  }
  const headlines = loadEmergentHeadlines(sharedData);
  if (!headlines) {
    console.log(`skipped: ${EMERGENT_PATH} not found under ${sharedData}`);
    return;
  }
  const row = (label: string, scores: ClusteringScores) => [
    label,
    formatRatio(scores.pairs.precision),
    formatRatio(scores.pairs.recall),
    formatRatio(scores.pairs.f1),
    formatRatio(scores.bcubed.precision),
    formatRatio(scores.bcubed.recall),
    formatRatio(scores.bcubed.f1),
    String(scores.clusters),
  ];
  const rows = [undefined, 0.3, 0.4, 0.5, 0.6, 0.7].map((threshold) =>
    row(
      threshold === undefined ? 'ledger default' : threshold.toFixed(2),
      evaluateClaimClustering(headlines, threshold),
    ),
  );
  console.log(
    `Claim clustering: ${headlines.length} Emergent headlines of ${new Set(headlines.map((h) => h.claimId)).size} claims, in file order\n`,
  );
  // Both tables: a label, then the figures `row` gives, right-aligned.
  const figures = ['pair P', 'pair R', 'pair F1', 'B3 P', 'B3 R', 'B3 F1', 'clusters'];
  const table = (label: string, body: string[][]) =>
    formatTable([label, ...figures], body, ['left', ...figures.map((): Alignment => 'right')]);
  console.log(table('join threshold', rows));
  const halves = halvesByClaim(headlines).map((half, position) =>
    row(`half ${position + 1}: ${half.length}`, evaluateClaimClustering(half)),
  );
  console.log('\nAt the ledger default, the claims split in two (dealt alternately as they first appear):\n');
  console.log(table('headlines', halves));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
