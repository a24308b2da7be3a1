import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type ClaimIndex,
  type ClaimIndexOptions,
  chooseJoinThreshold,
  claimIndexFromJSON,
  collectPairs,
  createClaimIndex,
  crossValidatedJoinModels,
  crossValidatedModels,
  DEFAULT_TEXT_OPTIONS,
  FIRST_STAGE_MODEL,
  type JoinDecisionCounts,
  type JoinModel,
  joinDecisions,
  joinScenarios,
  type MatchModel,
  type MatchTrainingOptions,
  type RankingMetrics,
  RETRIEVAL_FEATURES,
  rankingMetrics,
  rerankPairs,
  scoreScenarios,
  trainJoinModel,
  trainMatchModel,
} from '../../src/ledger/matching/index.ts';
import { findSharedData, missingSharedDataMessage, REPO_ROOT } from './shared-data.ts';
import { formatRatio, formatTable } from './table.ts';

/** One Snopes verified claim of CheckThat! 2020 task 2. */
export interface VerifiedClaim {
  id: string;
  claim: string;
  title: string;
}

/** A tweet and the verified claims it repeats. */
export interface TweetQuery {
  id: string;
  text: string;
  gold: Set<string>;
}

export interface CheckThatData {
  claims: VerifiedClaim[];
  train: TweetQuery[];
  dev: TweetQuery[];
}

/** Where the data set sits under the shared data folder. */
export const CHECKTHAT_FOLDER = join('claim-matching', 'checkthat2020-task2');

/**
 * Parses the data set's TSV files, which pandas wrote with CSV quoting: a field may be wrapped in
 * double quotes, hold tabs or newlines, and double its inner quotes.
 */
export function parseQuotedTsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < content.length; index += 1) {
    const character = content[index] as string;
    if (quoted) {
      if (character === '"' && content[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field.length === 0) quoted = true;
    else if (character === '\t') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && content[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

function readQueries(folder: string): TweetQuery[] {
  const rows = parseQuotedTsv(readFileSync(join(folder, 'tweets.queries.tsv'), 'utf8')).slice(1);
  const gold = new Map<string, Set<string>>();
  for (const line of readFileSync(join(folder, 'tweet-vclaim-pairs.qrels'), 'utf8').split('\n')) {
    const [tweetId, , claimId, relevance] = line.trim().split(/\s+/);
    if (!tweetId || !claimId || relevance !== '1') continue;
    gold.set(tweetId, (gold.get(tweetId) ?? new Set()).add(claimId));
  }
  return rows
    .filter((row) => row.length >= 2 && gold.has(row[0] as string))
    .map((row) => ({
      id: row[0] as string,
      text: row[1] as string,
      gold: gold.get(row[0] as string) as Set<string>,
    }));
}

/**
 * The data set from the shared data folder, or null after printing one line saying what is missing:
 * how every claim-retrieval script starts.
 */
export function loadCheckThat2020OrSay(): CheckThatData | null {
  const sharedData = findSharedData();
  const data = sharedData ? loadCheckThat2020(sharedData) : null;
  if (!data) {
    console.log(
      sharedData
        ? `claimtrail: ${CHECKTHAT_FOLDER} not found under ${sharedData}; no figures.`
        : missingSharedDataMessage(),
    );
  }
  return data;
}

/** Reads verified claims and the train and dev tweets with their gold pairs; null when absent. */
export function loadCheckThat2020(sharedData: string): CheckThatData | null {
  const folder = join(sharedData, CHECKTHAT_FOLDER);
  if (!existsSync(join(folder, 'verified_claims.docs.tsv'))) return null;
  const claims = parseQuotedTsv(readFileSync(join(folder, 'verified_claims.docs.tsv'), 'utf8'))
    .slice(1)
    .filter((row) => row.length >= 3)
    .map((row) => ({ id: row[0] as string, claim: row[1] as string, title: row[2] as string }));
  return { claims, train: readQueries(join(folder, 'train')), dev: readQueries(join(folder, 'dev')) };
}

/** How many results each query is ranked to; MRR counts hits within this depth. */
export const RANKING_DEPTH = 40;

/**
 * The baseline the matcher is measured against: plain BM25 (k1 1.2, b 0.75) over lower-cased
 * alphanumeric tokens of claim and title together, scanning every claim.
 */
export function rankWithPlainBm25(claims: readonly VerifiedClaim[], queries: readonly TweetQuery[]) {
  const tokenize = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const documents = claims.map((claim) => tokenize(`${claim.claim} ${claim.title}`));
  const frequencies = new Map<string, number>();
  for (const document of documents)
    for (const term of new Set(document)) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / documents.length;
  const postings = new Map<string, [number, number][]>();
  documents.forEach((document, index) => {
    const counts = new Map<string, number>();
    for (const term of document) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      const list = postings.get(term) ?? [];
      list.push([index, count]);
      postings.set(term, list);
    }
  });
  const [k1, b] = [1.2, 0.75];
  const rankings = new Map<string, string[]>();
  for (const query of queries) {
    const scores = new Float64Array(documents.length);
    for (const term of new Set(tokenize(query.text))) {
      const frequency = frequencies.get(term) ?? 0;
      const idf = Math.log(1 + (documents.length - frequency + 0.5) / (frequency + 0.5));
      for (const [index, count] of postings.get(term) ?? []) {
        const length = (documents[index] as string[]).length;
        scores[index] =
          (scores[index] as number) +
          (idf * count * (k1 + 1)) / (count + k1 * (1 - b + (b * length) / averageLength));
      }
    }
    const order = [...scores.keys()].filter((index) => (scores[index] as number) > 0);
    order.sort((left, right) => (scores[right] as number) - (scores[left] as number) || left - right);
    rankings.set(
      query.id,
      order.slice(0, RANKING_DEPTH).map((index) => (claims[index] as VerifiedClaim).id),
    );
  }
  return rankings;
}

/** An index holding every verified claim, with its title as the second field. */
export function indexVerifiedClaims(
  claims: readonly VerifiedClaim[],
  options: Partial<ClaimIndexOptions> = {},
): ClaimIndex {
  const index = createClaimIndex(options);
  for (const claim of claims) index.add(claim.id, claim.claim, { title: claim.title });
  return index;
}

/** Ranks each query with the matcher. */
export function rankWithIndex(index: ClaimIndex, queries: readonly TweetQuery[]): Map<string, string[]> {
  return new Map(
    queries.map((query) => [
      query.id,
      index.query(query.text, {}, RANKING_DEPTH).map((candidate) => candidate.id),
    ]),
  );
}

function goldOf(queries: readonly TweetQuery[]): Map<string, Set<string>> {
  return new Map(queries.map((query) => [query.id, query.gold]));
}

const LEGACY_BM25 = { b: 0.75, titleWeight: 1 };
const NO_TWEET_HANDLING = {
  stemmer: 'none',
  cleanSocial: false,
  splitMentions: false,
  keepPostDate: false,
  segmentWords: false,
} as const;

/** Named option sets measured against each other; each changes one thing from the one before. */
export const CLAIM_RETRIEVAL_VARIANTS: { name: string; options: Partial<ClaimIndexOptions> }[] = [
  {
    name: 'bm25 k1 1.2 b 0.75, title weight 1, no tweet handling',
    options: { ...LEGACY_BM25, text: NO_TWEET_HANDLING },
  },
  {
    name: '+ tweet cleanup (links, signature date), hashtags and mentions split',
    options: { ...LEGACY_BM25, text: { ...NO_TWEET_HANDLING, cleanSocial: true, splitMentions: true } },
  },
  {
    name: '+ S-stemmer',
    options: {
      ...LEGACY_BM25,
      text: { ...NO_TWEET_HANDLING, cleanSocial: true, splitMentions: true, stemmer: 's' },
    },
  },
  {
    name: '+ Porter stemmer instead',
    options: {
      ...LEGACY_BM25,
      text: { ...NO_TWEET_HANDLING, cleanSocial: true, splitMentions: true, stemmer: 'porter' },
    },
  },
  {
    name: '+ b 0.5, title weight 0.5',
    options: { text: { ...NO_TWEET_HANDLING, cleanSocial: true, splitMentions: true, stemmer: 'porter' } },
  },
  {
    name: '+ keep month and year of the post date',
    options: { text: { ...DEFAULT_TEXT_OPTIONS, segmentWords: false } },
  },
  { name: '+ split unknown run-together words (default first stage)', options: {} },
  { name: '  with k1 0.9', options: { k1: 0.9 } },
  { name: '  with b 0.3', options: { b: 0.3 } },
  { name: '  with title weight 0.7', options: { titleWeight: 0.7 } },
  { name: '  without near-duplicate LSH', options: { nearDuplicates: false } },
];

export interface VariantResult {
  name: string;
  train: RankingMetrics;
  dev: RankingMetrics;
}

/** First-stage ranking (BM25 order, no re-ranker) of every variant on train and dev. */
export function evaluateVariants(data: CheckThatData): VariantResult[] {
  return CLAIM_RETRIEVAL_VARIANTS.map(({ name, options }) => {
    const index = indexVerifiedClaims(data.claims, { ...options, model: FIRST_STAGE_MODEL });
    return {
      name,
      train: rankingMetrics(rankWithIndex(index, data.train), goldOf(data.train)),
      dev: rankingMetrics(rankWithIndex(index, data.dev), goldOf(data.dev)),
    };
  });
}

export interface TrainedMatcher {
  model: MatchModel;
  joinModel: JoinModel;
  /** Join decisions at the chosen threshold, from out-of-fold scores on train. */
  trainJoin: JoinDecisionCounts;
  /** The same threshold applied to dev with the final model. */
  devJoin: JoinDecisionCounts;
  /** Re-ranked MAP@5 etc. on train from 5-fold cross-validation (each fold scored by the others' model). */
  trainCrossValidated: RankingMetrics;
  dev: RankingMetrics;
}

/**
 * Trains the re-ranker on the train split: pools of the default first stage, every gold claim in
 * them or added, seeded logistic regression over all pair features. The join threshold is chosen on
 * out-of-fold train scores, then both are measured on dev.
 */
export function trainClaimMatcher(
  data: CheckThatData,
  options: Partial<ClaimIndexOptions> = {},
): TrainedMatcher {
  const index = indexVerifiedClaims(data.claims, { ...options, model: FIRST_STAGE_MODEL });
  const trainPairs = collectPairs(index, data.train);
  const devPairs = collectPairs(index, data.dev);
  const training: MatchTrainingOptions = { features: RETRIEVAL_FEATURES, seed: 7 };
  const model = trainMatchModel(trainPairs, training);
  const modelFor = crossValidatedModels(trainPairs, training);
  const trainScenarios = joinScenarios(trainPairs, modelFor);
  const joinModel = trainJoinModel(trainScenarios);
  const trainJoin = chooseJoinThreshold(
    scoreScenarios(trainScenarios, crossValidatedJoinModels(trainScenarios)),
  );
  const crossValidated = new Map<string, string[]>();
  for (const queryId of new Set(trainPairs.map((pair) => pair.queryId))) {
    const pairs = trainPairs.filter((pair) => pair.queryId === queryId);
    for (const [id, ranking] of rerankPairs(pairs, modelFor(queryId))) crossValidated.set(id, ranking);
  }
  return {
    model,
    trainJoin,
    joinModel,
    devJoin: joinDecisions(
      scoreScenarios(
        joinScenarios(devPairs, () => model),
        () => joinModel,
      ),
      trainJoin.threshold,
    ),
    trainCrossValidated: rankingMetrics(crossValidated, goldOf(data.train)),
    dev: rankingMetrics(rerankPairs(devPairs, model), goldOf(data.dev)),
  };
}

export interface ClaimRetrievalResult {
  split: 'train' | 'dev';
  queries: number;
  claims: number;
  baseline: RankingMetrics;
  firstStage: RankingMetrics;
  matcher: RankingMetrics;
}

/**
 * Measures the matcher (default options and shipped model) against the plain-BM25 baseline on one
 * split of CheckThat! 2020 task 2: MAP@5 (the official measure), MRR (within the first
 * RANKING_DEPTH results), Recall@5 and P@1. Returns null when the data set is not in `sharedData`.
 *
 * @example
 * evaluateClaimRetrieval(findSharedData() ?? '', { split: 'dev' })?.matcher.map5;
 */
export function evaluateClaimRetrieval(
  sharedData: string,
  options: { split?: 'train' | 'dev'; index?: Partial<ClaimIndexOptions> } = {},
): ClaimRetrievalResult | null {
  const data = loadCheckThat2020(sharedData);
  if (!data) return null;
  const split = options.split ?? 'dev';
  const queries = data[split];
  const gold = goldOf(queries);
  const index = indexVerifiedClaims(data.claims, options.index);
  const firstStage = claimIndexFromJSON(index.toJSON(), { model: FIRST_STAGE_MODEL });
  return {
    split,
    queries: queries.length,
    claims: data.claims.length,
    baseline: rankingMetrics(rankWithPlainBm25(data.claims, queries), gold),
    firstStage: rankingMetrics(rankWithIndex(firstStage, queries), gold),
    matcher: rankingMetrics(rankWithIndex(index, queries), gold),
  };
}

function metricCells(metrics: RankingMetrics): string[] {
  return [metrics.map5, metrics.mrr, metrics.recall5, metrics.precision1].map(formatRatio);
}

const METRIC_HEADERS = ['MAP@5', 'MRR', 'R@5', 'P@1'];

function joinLine(label: string, counts: JoinDecisionCounts): string {
  return (
    `${label}: threshold ${counts.threshold.toFixed(2)}  precision ${formatRatio(counts.precision)}  ` +
    `recall ${formatRatio(counts.recall)}  (right ${counts.correct}, wrong ${counts.wrong}, missed ${counts.missed})`
  );
}

function modelSource(model: MatchModel, joinModel: JoinModel, threshold: number): string {
  const list = (values: readonly (string | number)[]) =>
    values.map((value) => `    ${typeof value === 'string' ? `'${value}'` : value},`).join('\n');
  return `import type { JoinModel, MatchModel } from './model.ts';

/**
 * Re-ranker weights learned by \`npx tsx scripts/eval/claim-retrieval.ts --train --write\` on the
 * CheckThat! 2020 task 2 train split (seeded, so the run reproduces these numbers).
 */
export const DEFAULT_MATCH_MODEL: MatchModel = {
  features: [
${list(model.features)}
  ],
  weights: [
${list(model.weights)}
  ],
  bias: ${model.bias},
};

/** The join decision for the best candidate, trained with the ranker above; see \`decideCluster\`. */
export const DEFAULT_JOIN_MODEL: JoinModel = {
  scoreWeight: ${joinModel.scoreWeight},
  features: [
${list(joinModel.features)}
  ],
  weights: [
${list(joinModel.weights)}
  ],
  bias: ${joinModel.bias},
};

/**
 * Join probability at or above which a claim joins the best cluster: the F0.5 optimum on out-of-fold
 * train scores, where each train tweet is judged twice, with its verified claim stored and without.
 */
export const DEFAULT_JOIN_THRESHOLD = ${threshold};
`;
}

/**
 * `npx tsx scripts/eval/claim-retrieval.ts` prints baseline and matcher on dev (and train);
 * `--variants` the first-stage ablation; `--train` retrains the re-ranker and threshold (and with
 * `--write` rewrites src/ledger/matching/default-model.ts); `--json` prints figures as JSON.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      variants: { type: 'boolean', default: false },
      train: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const sharedData = findSharedData();
  const data = loadCheckThat2020OrSay();
  if (!sharedData || !data) return;
  if (values.train) {
    const trained = trainClaimMatcher(data);
    if (values.write)
      writeFileSync(
        join(REPO_ROOT, 'src/ledger/matching/default-model.ts'),
        modelSource(trained.model, trained.joinModel, trained.trainJoin.threshold),
      );
    if (values.json) {
      console.log(JSON.stringify(trained, null, 2));
      return;
    }
    console.log(
      formatTable(
        ['re-ranker', ...METRIC_HEADERS],
        [
          ['train, 5-fold cross-validated', ...metricCells(trained.trainCrossValidated)],
          ['dev', ...metricCells(trained.dev)],
        ],
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    console.log(joinLine('join on train (out of fold)', trained.trainJoin));
    console.log(joinLine('join on dev', trained.devJoin));
    console.log(
      trained.model.features.map((name, position) => `${name} ${trained.model.weights[position]}`).join(', '),
    );
    return;
  }
  if (values.variants) {
    const results = evaluateVariants(data);
    if (values.json) {
      console.log(JSON.stringify(results, null, 2));
      return;
    }
    console.log(
      formatTable(
        ['first stage variant', 'train MAP@5', ...METRIC_HEADERS.map((header) => `dev ${header}`)],
        results.map((result) => [result.name, formatRatio(result.train.map5), ...metricCells(result.dev)]),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
    return;
  }
  const results = (['dev', 'train'] as const).map(
    (split) => evaluateClaimRetrieval(sharedData, { split }) as ClaimRetrievalResult,
  );
  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const rows = results.flatMap((result) => [
    [`${result.split} plain BM25 baseline`, ...metricCells(result.baseline)],
    [`${result.split} first stage`, ...metricCells(result.firstStage)],
    [`${result.split} matcher (re-ranked)`, ...metricCells(result.matcher)],
  ]);
  console.log(
    `CheckThat! 2020 task 2 · ${results[0]?.claims} verified claims · ${results.map((result) => `${result.queries} ${result.split}`).join(', ')} tweets`,
  );
  console.log(formatTable(['run', ...METRIC_HEADERS], rows, ['left', 'right', 'right', 'right', 'right']));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
