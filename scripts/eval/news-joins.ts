import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { joinCandidates } from '../../src/ledger/joining.ts';
import { claimEntities } from '../../src/ledger/ledger.ts';
import {
  chooseWeightedThreshold,
  createClaimIndex,
  DEFAULT_JOIN_MODEL,
  DEFAULT_JOIN_THRESHOLD,
  fitWeightedJoinModel,
  foldOf,
  type JoinModel,
  joinProbability,
  NEWS_JOIN_MODEL,
  NEWS_JOIN_THRESHOLD,
  prepareClaim,
  type ScoredJoin,
  scoreJoins,
  type WeightedJoinCounts,
  type WeightedJoinExample,
  weightedJoinCounts,
} from '../../src/ledger/matching/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline, type Pipeline, toAnalysis } from '../../src/pipeline/index.ts';
import { loadEmergentHeadlines } from './claim-clustering.ts';
import { polnearLedgerArticles } from './polnear-articles.ts';
import { findSharedData, missingSharedDataMessage, REPO_ROOT } from './shared-data.ts';
import { formatRatio, formatTable } from './table.ts';

/** The judged PolNeAR pairs: see the comment at the top of the file. */
export const LABELS_PATH = join(REPO_ROOT, 'data', 'labels', 'polnear-joins.tsv');

/**
 * Emergent's first-ranked pairs together weigh this share of the judged PolNeAR pairs' weight. They
 * are nearly all the same claim (a collection of headlines about 300 rumours, where a stream of news
 * has few repeated claims), so they teach what paraphrases of one claim look like, and PolNeAR what
 * a stream's near misses look like; at 0.2 they pull the threshold down without swamping the news.
 */
const EMERGENT_SHARE = 0.2;

const FOLDS = 5;

/** One judgement: the claim, the candidate ranked first for it, whether they state the same claim. */
export interface JoinLabel {
  query: string;
  candidate: string;
  same: 0 | 1;
  weight: number;
}

/** Parses the labels file; a malformed row throws with its line number. */
export function parseJoinLabels(content: string): JoinLabel[] {
  const labels: JoinLabel[] = [];
  content.split('\n').forEach((line, position) => {
    if (line === '' || line.startsWith('#') || line.startsWith('query\t')) return;
    const [query = '', candidate = '', same, weight] = line.split('\t');
    const value = Number(weight);
    if (!query.includes('#') || !candidate.includes('#') || (same !== '0' && same !== '1') || !(value > 0)) {
      throw new Error(`${LABELS_PATH}:${position + 1}: expected query, candidate, 0 or 1, and a weight > 0`);
    }
    labels.push({ query, candidate, same: same === '1' ? 1 : 0, weight: value });
  });
  return labels;
}

/** How the labels file names a PolNeAR claim: its article (split/file) and a hash of its text. */
export function claimRef(articleUrl: string, text: string): string {
  const article = new URL(articleUrl).pathname.slice(1);
  return `${article}#${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/** A judged pair as the ledger's matcher sees it, with where it came from (for folds). */
export interface JudgedPair extends WeightedJoinExample {
  source: 'polnear' | 'emergent';
  group: string;
}

/**
 * Replays the PolNeAR articles through the pipeline and a claim index as the ledger matches them
 * (each claim with its sentence's names, stored without them, article by article in file order), and
 * gives each judged pair the features the matcher computes for it when the claim arrives. Pairs whose
 * claims the pipeline no longer finds are counted as missing.
 */
export function polnearJudgedPairs(
  sharedData: string,
  labels: readonly JoinLabel[],
  pipeline: Pipeline,
): { pairs: JudgedPair[]; missing: number } {
  const byQuery = new Map<string, JoinLabel[]>();
  for (const label of labels) byQuery.set(label.query, [...(byQuery.get(label.query) ?? []), label]);
  const index = createClaimIndex();
  const idOf = new Map<string, string>();
  const pairs: JudgedPair[] = [];
  polnearLedgerArticles(sharedData).forEach((article, articlePosition) => {
    const analysis = toAnalysis(pipeline.analyze(article));
    analysis.claims.forEach((claim, claimPosition) => {
      const prepared = index.prepare(claim.text, { entities: claimEntities(analysis, claim.sentenceIndex) });
      const ref = claimRef(article.url ?? '', claim.text);
      for (const label of byQuery.get(ref) ?? []) {
        const candidate = idOf.get(label.candidate);
        if (candidate === undefined) continue;
        const compared = index.compare(prepared, candidate);
        pairs.push({
          score: compared.score,
          features: compared.signals,
          label: label.same,
          weight: label.weight,
          source: 'polnear',
          group: label.query,
        });
      }
      byQuery.delete(ref);
      const id = `${articlePosition}:${claimPosition}`;
      index.add(id, prepareClaim(claim.text, {}, index.options.text, prepared));
      if (!idOf.has(ref)) idOf.set(ref, id);
    });
  });
  return { pairs, missing: labels.length - pairs.length };
}

/**
 * Emergent's headlines in file order, each with the first-ranked earlier headline past the ledger's
 * shared-words floors: the same claim when both report on one rumour. Weighted to `EMERGENT_SHARE`
 * of `polnearWeight` in all.
 */
export function emergentJudgedPairs(sharedData: string, polnearWeight: number): JudgedPair[] {
  const headlines = loadEmergentHeadlines(sharedData) ?? [];
  const index = createClaimIndex();
  const found: Omit<JudgedPair, 'weight'>[] = [];
  headlines.forEach((headline, position) => {
    const prepared = index.prepare(headline.text);
    const best = joinCandidates(index, prepared)[0];
    if (best) {
      const other = headlines[Number(best.id)];
      found.push({
        score: best.score,
        features: best.signals,
        label: other?.claimId === headline.claimId ? 1 : 0,
        source: 'emergent',
        group: headline.claimId,
      });
    }
    index.add(String(position), prepared);
  });
  const weight = found.length > 0 ? (EMERGENT_SHARE * polnearWeight) / found.length : 0;
  return found.map((pair) => ({ ...pair, weight }));
}

/** Every judged pair, PolNeAR's and Emergent's, and how many labels found no pair. */
export function judgedPairs(
  sharedData: string,
  pipeline: Pipeline,
): { pairs: JudgedPair[]; missing: number } {
  const labels = parseJoinLabels(readFileSync(LABELS_PATH, 'utf8'));
  const polnear = polnearJudgedPairs(sharedData, labels, pipeline);
  const polnearWeight = polnear.pairs.reduce((sum, pair) => sum + pair.weight, 0);
  return {
    pairs: [...polnear.pairs, ...emergentJudgedPairs(sharedData, polnearWeight)],
    missing: polnear.missing,
  };
}

/** Each pair's out-of-fold probability: folds by claim (PolNeAR) and by rumour (Emergent). */
export function outOfFold(pairs: readonly JudgedPair[]): (ScoredJoin & { source: JudgedPair['source'] })[] {
  const models = Array.from({ length: FOLDS }, (_, fold) =>
    fitWeightedJoinModel(pairs.filter((pair) => foldOf(pair.group, FOLDS) !== fold)),
  );
  return pairs.map((pair) => ({
    probability: joinProbability(models[foldOf(pair.group, FOLDS)] as JoinModel, pair.score, pair.features),
    label: pair.label,
    weight: pair.weight,
    source: pair.source,
  }));
}

/** What the training run found: the model, its threshold and the out-of-fold figures behind them. */
export interface NewsJoinTraining {
  model: JoinModel;
  threshold: number;
  polnear: WeightedJoinCounts;
  emergent: WeightedJoinCounts;
  missing: number;
}

/**
 * Fits the news join model on every judged pair. Its threshold maximizes F1 of the out-of-fold joins
 * of the judged PolNeAR pairs, the sample of a stream of news: Emergent's headlines, nearly all the
 * same claim as the one ranked first, would pull it down to joining almost anything.
 */
export function trainNewsJoinModel(sharedData: string, pipeline: Pipeline): NewsJoinTraining {
  const { pairs, missing } = judgedPairs(sharedData, pipeline);
  const scored = outOfFold(pairs);
  const of = (source: JudgedPair['source']) => scored.filter((pair) => pair.source === source);
  const polnear = chooseWeightedThreshold(of('polnear'));
  return {
    model: fitWeightedJoinModel(pairs),
    threshold: polnear.threshold,
    polnear,
    emergent: weightedJoinCounts(of('emergent'), polnear.threshold),
    missing,
  };
}

/** How a join model decides the judged pairs of one source at one threshold. */
export interface NewsJoinFigures {
  system: string;
  threshold: number;
  polnear: WeightedJoinCounts;
  emergent: WeightedJoinCounts;
}

/**
 * The ledger's news join model next to the join model fitted on tweets, on the judged pairs: the
 * news model out of fold (each pair scored by a model fitted without its fold) and as shipped.
 */
export function evaluateNewsJoins(
  sharedData: string,
  pipeline: Pipeline,
): { figures: NewsJoinFigures[]; missing: number } {
  const { pairs, missing } = judgedPairs(sharedData, pipeline);
  const bySource = (
    scored: readonly (ScoredJoin & { source: JudgedPair['source'] })[],
    threshold: number,
  ) => ({
    polnear: weightedJoinCounts(
      scored.filter((pair) => pair.source === 'polnear'),
      threshold,
    ),
    emergent: weightedJoinCounts(
      scored.filter((pair) => pair.source === 'emergent'),
      threshold,
    ),
  });
  const withSource = (model: JoinModel) =>
    scoreJoins(pairs, model).map((scored, position) => ({
      ...scored,
      source: (pairs[position] as JudgedPair).source,
    }));
  return {
    figures: [
      {
        system: 'tweets join model',
        threshold: DEFAULT_JOIN_THRESHOLD,
        ...bySource(withSource(DEFAULT_JOIN_MODEL), DEFAULT_JOIN_THRESHOLD),
      },
      {
        system: 'news join model, 5-fold',
        threshold: NEWS_JOIN_THRESHOLD,
        ...bySource(outOfFold(pairs), NEWS_JOIN_THRESHOLD),
      },
      {
        system: 'news join model, as shipped',
        threshold: NEWS_JOIN_THRESHOLD,
        ...bySource(withSource(NEWS_JOIN_MODEL), NEWS_JOIN_THRESHOLD),
      },
    ],
    missing,
  };
}

function modelSource(model: JoinModel, threshold: number): string {
  const list = (values: readonly (string | number)[]) =>
    values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ');
  return `import type { JoinModel } from './model.ts';

/**
 * The ledger's join decision between news sentences, fitted by \`npx tsx scripts/eval/news-joins.ts
 * --train --write\` on judged PolNeAR pairs and Emergent headlines (deterministic: the run reproduces
 * these numbers).
 */
export const NEWS_JOIN_MODEL: JoinModel = {
  scoreWeight: ${model.scoreWeight},
  features: [${list(model.features)}],
  weights: [${list(model.weights)}],
  bias: ${model.bias},
};

/**
 * Join probability at or above which a news claim joins the best cluster: the F1 optimum of
 * out-of-fold joins of the judged PolNeAR pairs.
 */
export const NEWS_JOIN_THRESHOLD = ${threshold};
`;
}

function countsCells(counts: WeightedJoinCounts): string[] {
  return [formatRatio(counts.precision), formatRatio(counts.recall), formatRatio(counts.f1)];
}

/**
 * `npx tsx scripts/eval/news-joins.ts` prints how the join models decide the judged pairs;
 * `--train` refits the news join model and its threshold (`--write` rewrites
 * src/ledger/matching/news-join-model.ts).
 */
function main(): void {
  const { values } = parseArgs({
    options: { train: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } },
  });
  const sharedData = findSharedData();
  if (!sharedData) {
    console.log(missingSharedDataMessage());
    return;
  }
  const pipeline = createPipeline({ models: loadModels() });
  if (values.train) {
    const trained = trainNewsJoinModel(sharedData, pipeline);
    if (values.write) {
      writeFileSync(
        join(REPO_ROOT, 'src/ledger/matching/news-join-model.ts'),
        modelSource(trained.model, trained.threshold),
      );
    }
    console.log(
      `threshold ${trained.threshold} (out of fold): PolNeAR P ${formatRatio(trained.polnear.precision)} R ${formatRatio(trained.polnear.recall)}; Emergent P ${formatRatio(trained.emergent.precision)} R ${formatRatio(trained.emergent.recall)}; ${trained.missing} labels without a pair`,
    );
    console.log(
      trained.model.features.map((name, position) => `${name} ${trained.model.weights[position]}`).join(', '),
    );
    return;
  }
  const { figures, missing } = evaluateNewsJoins(sharedData, pipeline);
  console.log(
    'Joins on judged first-ranked pairs: PolNeAR claims against earlier articles (weighted to the 9,049 such pairs), Emergent headlines against earlier ones\n',
  );
  console.log(
    formatTable(
      ['join model', 'threshold', 'PolNeAR P', 'R', 'F1', 'Emergent P', 'R', 'F1'],
      figures.map((row) => [
        row.system,
        row.threshold.toFixed(2),
        ...countsCells(row.polnear),
        ...countsCells(row.emergent),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  if (missing > 0)
    console.log(
      `\n${missing} judged pairs were not found (the pipeline no longer finds one of their claims)`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
