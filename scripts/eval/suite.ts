import type { Counts, Scores } from '../../src/core/metrics.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline, type Models, ruleCheckworthiness } from '../../src/pipeline/index.ts';
import { evaluateCheckworthiness, loadCheckworthinessSets } from './checkworthiness.ts';
import { EMERGENT_PATH, evaluateClaimClustering, loadEmergentHeadlines } from './claim-clustering.ts';
import { evaluateHedging, loadWikiWeasel } from './hedging.ts';
import { evaluateNewsClaims, loadNewsClaims } from './news-claims.ts';
import { evaluateNewsJoins } from './news-joins.ts';
import { ATTRIBUTION_ROLES, evaluatePolnear, loadPolnear } from './polnear.ts';

/** One figure of the evaluation table. */
export interface EvalRow {
  dataset: string;
  measure: string;
  system: string;
  precision?: number;
  recall?: number;
  f1?: number;
  /** ROC-AUC for check-worthiness, accuracy for claimers. */
  extra?: { name: 'auc' | 'acc'; value: number };
  counts: string;
}

export interface SuiteOptions {
  /** A small slice of every data set, for CI (the judged news joins excepted: they need every PolNeAR article). */
  quick?: boolean;
  models?: Partial<Models>;
}

function scored(
  row: Omit<EvalRow, 'precision' | 'recall' | 'f1' | 'counts'>,
  figures: Counts & Scores,
): EvalRow {
  return {
    ...row,
    precision: figures.precision,
    recall: figures.recall,
    f1: figures.f1,
    counts: `tp ${figures.truePositives} fp ${figures.falsePositives} fn ${figures.falseNegatives}`,
  };
}

/**
 * Every figure of `npm run eval`: each trained model next to the rule baseline it replaces, on the
 * shared development data. With `quick`, the same measures on fixed small slices.
 */
export function runSuite(
  sharedData: string,
  options: SuiteOptions = {},
): { rows: EvalRow[]; skipped: string[] } {
  const { quick = false, models = loadModels() } = options;
  const rows: EvalRow[] = [];
  const skipped: string[] = [];
  const rules = createPipeline();
  const trained = createPipeline({ models });
  const systems = [
    { name: 'rules', pipeline: rules },
    { name: 'models', pipeline: trained },
  ];

  try {
    const sets = loadCheckworthinessSets(sharedData);
    const slice = quick
      ? { groundtruth: sets.groundtruth.slice(0, 300), checkthat: sets.checkthat.slice(0, 120) }
      : sets;
    const candidates = [ruleCheckworthiness, ...(models.checkworthiness ? [models.checkworthiness] : [])];
    for (const model of candidates) {
      const evaluation = evaluateCheckworthiness(model, slice);
      for (const { threshold, reason, sets: results } of evaluation.results) {
        if (reason === 'best F1 on groundtruth') continue;
        for (const result of results) {
          rows.push({
            ...scored(
              { dataset: result.set, measure: `check-worthy @${threshold.toFixed(2)}`, system: model.name },
              result,
            ),
            extra: { name: 'auc', value: result.auc },
          });
        }
      }
    }
  } catch (error) {
    skipped.push(`check-worthiness (${(error as Error).message})`);
  }

  try {
    if (models.hedging) {
      const { heldOut } = loadWikiWeasel(sharedData);
      const evaluation = evaluateHedging(
        quick ? heldOut.filter((_, index) => index % 4 === 0) : heldOut,
        models.hedging,
      );
      const dataset = 'wikiweasel held-out';
      if (evaluation.lexiconBaseline)
        rows.push(
          scored({ dataset, measure: 'uncertain sentence', system: 'rules' }, evaluation.lexiconBaseline),
        );
      rows.push(
        scored(
          { dataset, measure: 'uncertain sentence @0.50', system: models.hedging.name },
          evaluation.model,
        ),
      );
      rows.push(
        scored(
          {
            dataset,
            measure: `uncertain sentence @${evaluation.modelRecommended.threshold.toFixed(2)}`,
            system: models.hedging.name,
          },
          evaluation.modelRecommended,
        ),
      );
      if (evaluation.lexiconHedges)
        rows.push(scored({ dataset, measure: 'has a hedge cue', system: 'rules' }, evaluation.lexiconHedges));
      rows.push(
        scored({ dataset, measure: 'has a hedge cue', system: models.hedging.name }, evaluation.modelCues),
      );
    }
  } catch (error) {
    skipped.push(`hedging (${(error as Error).message})`);
  }

  const newsClaims = loadNewsClaims(sharedData);
  if (!newsClaims) skipped.push('news-claims (news-claims/newsclaims-dev-*.json not found)');
  const polnear = loadPolnear(sharedData, 'dev');
  if (!polnear) skipped.push('polnear dev (attribution/polnear/dev not found)');
  for (const { name, pipeline } of systems) {
    if (newsClaims) {
      const result = evaluateNewsClaims(quick ? newsClaims.slice(0, 6) : newsClaims, pipeline);
      rows.push(
        scored(
          { dataset: 'news-claims dev', measure: 'claim sentence', system: name },
          result.claimSentences,
        ),
      );
      rows.push({
        dataset: 'news-claims dev',
        measure: 'claimer',
        system: name,
        extra: { name: 'acc', value: result.claimer.all.accuracy },
        counts: `${result.claimer.all.correct}/${result.claimer.all.total} right`,
      });
    }
    if (polnear) {
      const corpus = quick ? { ...polnear, articles: polnear.articles.slice(0, 12) } : polnear;
      const result = evaluatePolnear(corpus, pipeline);
      for (const role of ATTRIBUTION_ROLES) {
        for (const mode of ['exact', 'overlap'] as const) {
          rows.push(
            scored(
              { dataset: 'polnear dev', measure: `${role} ${mode}`, system: name },
              result.byRole[role][mode],
            ),
          );
        }
      }
    }
  }
  const headlines = loadEmergentHeadlines(sharedData);
  if (headlines) {
    // Matching alone, without the pipeline: every headline is matched whole, so quick runs all of them.
    const scores = evaluateClaimClustering(headlines);
    const dataset = 'emergent headlines';
    rows.push(scored({ dataset, measure: 'same-claim pairs', system: 'ledger' }, scores.pairs));
    rows.push({
      dataset,
      measure: 'same-claim B-cubed',
      system: 'ledger',
      ...scores.bcubed,
      counts: `${scores.clusters} clusters for ${scores.groups} claims`,
    });
  } else skipped.push(`claim clustering (${EMERGENT_PATH} not found)`);
  if (headlines && polnear) {
    // The judged pairs need every PolNeAR article replayed in order, so quick runs them all too.
    const { figures } = evaluateNewsJoins(sharedData, trained);
    for (const { system, threshold, polnear: counts } of figures.slice(0, 2)) {
      rows.push({
        dataset: 'polnear judged pairs',
        measure: `same-claim join @${threshold.toFixed(2)}`,
        system,
        precision: counts.precision,
        recall: counts.recall,
        f1: counts.f1,
        counts: `weighted: right ${Math.round(counts.correct)} wrong ${Math.round(counts.wrong)} missed ${Math.round(counts.missed)}`,
      });
    }
  } else skipped.push('news joins (PolNeAR or Emergent not found)');
  return { rows, skipped };
}
