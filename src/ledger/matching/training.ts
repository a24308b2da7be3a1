import { type LabelledVector, trainLogistic } from '../../models/logistic.ts';
import type { ClaimExtras, ClaimIndex } from './claim-index.ts';
import { type FeatureName, type Features, RETRIEVAL_FEATURES } from './features.ts';
import {
  JOIN_FEATURES,
  type JoinModel,
  joinProbability,
  type MatchModel,
  matchProbability,
} from './model.ts';

/** A query with the ids of the stored claims it should match. */
export interface LabelledQuery {
  id: string;
  text: string;
  extras?: ClaimExtras;
  gold: ReadonlySet<string>;
}

/** One (query, stored claim) pair with its features and whether it is a true match. */
export interface PairExample {
  queryId: string;
  claimId: string;
  features: Features;
  label: 0 | 1;
  /** False for a gold claim the first stage missed: it trains the model but cannot be ranked. */
  inPool: boolean;
}

/**
 * The candidate pool of every query, with features, plus each gold claim the pool missed (so the
 * model sees the positives the first stage ranks badly). Pools come in the index's ranking order.
 */
export function collectPairs(index: ClaimIndex, queries: readonly LabelledQuery[]): PairExample[] {
  const examples: PairExample[] = [];
  for (const query of queries) {
    const pool = index.query(query.text, query.extras, index.options.candidates + 64);
    const seen = new Set<string>();
    for (const candidate of pool) {
      seen.add(candidate.id);
      examples.push({
        queryId: query.id,
        claimId: candidate.id,
        features: candidate.signals,
        label: query.gold.has(candidate.id) ? 1 : 0,
        inPool: true,
      });
    }
    for (const goldId of query.gold) {
      if (seen.has(goldId) || !index.has(goldId)) continue;
      const candidate = index.compare(query.text, goldId, query.extras);
      examples.push({
        queryId: query.id,
        claimId: goldId,
        features: candidate.signals,
        label: 1,
        inPool: false,
      });
    }
  }
  return examples;
}

export interface MatchTrainingOptions {
  features?: readonly FeatureName[];
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/**
 * Fits the re-ranker on labelled pairs with the project's seeded AdaGrad logistic regression; the
 * same pairs and seed give the same weights.
 */
export function trainMatchModel(
  examples: readonly PairExample[],
  options: MatchTrainingOptions = {},
): MatchModel {
  const { features = RETRIEVAL_FEATURES, epochs = 30, learningRate = 0.1, l2 = 1e-5, seed = 7 } = options;
  const vectors: LabelledVector[] = examples.map((example) => ({
    features: {
      indices: features.map((_, index) => index),
      values: features.map((name) => example.features[name]),
    },
    label: example.label,
  }));
  const model = trainLogistic(vectors, { dimensions: features.length, epochs, learningRate, l2, seed });
  return {
    features: [...features],
    weights: Array.from(model.weights, (weight) => Math.round(weight * 1e6) / 1e6),
    bias: Math.round(model.bias * 1e6) / 1e6,
  };
}

/** Each query's pooled candidates ordered by the model, as ranked id lists. */
export function rerankPairs(examples: readonly PairExample[], model: MatchModel): Map<string, string[]> {
  const byQuery = new Map<string, { id: string; score: number; order: number }[]>();
  examples.forEach((example, order) => {
    if (!example.inPool) return;
    const list = byQuery.get(example.queryId) ?? [];
    list.push({ id: example.claimId, score: matchProbability(model, example.features), order });
    byQuery.set(example.queryId, list);
  });
  const rankings = new Map<string, string[]>();
  for (const [queryId, list] of byQuery) {
    list.sort((a, b) => b.score - a.score || a.order - b.order);
    rankings.set(
      queryId,
      list.map((entry) => entry.id),
    );
  }
  return rankings;
}

/** A query's fold: a stable hash of its id, so folds do not depend on the order of queries. */
export function foldOf(queryId: string, folds: number): number {
  let hash = 2166136261;
  for (const character of queryId) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619);
  return (hash >>> 0) % folds;
}

/**
 * Models for cross-validation: queries are split into `folds` groups by a stable hash of their id,
 * and the returned function gives, for a query, the model trained on the other groups.
 */
export function crossValidatedModels(
  examples: readonly PairExample[],
  options: MatchTrainingOptions & { folds?: number } = {},
): (queryId: string) => MatchModel {
  const { folds = 5, ...training } = options;
  const models = Array.from({ length: folds }, (_, fold) =>
    trainMatchModel(
      examples.filter((example) => foldOf(example.queryId, folds) !== fold),
      training,
    ),
  );
  return (queryId) => models[foldOf(queryId, folds)] as MatchModel;
}

/** One query's join situation: its top candidate with the gold claim stored, and without it. */
export interface JoinScenario {
  queryId: string;
  /** The ranker's best candidate with everything stored: its score, features and whether it is gold. */
  top: { score: number; features: Features; label: 0 | 1 };
  /** The best candidate with the gold claims left out, so joining it is always wrong. */
  topWithoutGold: { score: number; features: Features } | null;
}

/**
 * Builds join scenarios from pooled pairs ranked by `modelFor(queryId)`. Leaving the gold claims out
 * changes the first-stage standing of the rest (the runner-up becomes the leader), so the
 * rank-relative features are recomputed before ranking that case; otherwise a decision tuned here
 * would be too lenient on claims that have no match.
 */
export function joinScenarios(
  examples: readonly PairExample[],
  modelFor: (queryId: string) => MatchModel,
): JoinScenario[] {
  const byQuery = new Map<string, PairExample[]>();
  for (const example of examples) {
    if (!example.inPool) continue;
    byQuery.set(example.queryId, [...(byQuery.get(example.queryId) ?? []), example]);
  }
  const scenarios: JoinScenario[] = [];
  for (const [queryId, pool] of byQuery) {
    const model = modelFor(queryId);
    let top: JoinScenario['top'] | null = null;
    for (const example of pool) {
      const score = matchProbability(model, example.features);
      if (!top || score > top.score) top = { score, features: example.features, label: example.label };
    }
    const rest = pool
      .filter((example) => example.label === 0)
      .sort((a, b) => b.features.bm25Relative - a.features.bm25Relative);
    const leader = rest[0]?.features.bm25Relative ?? 0;
    let topWithoutGold: JoinScenario['topWithoutGold'] = null;
    rest.forEach((example, rank) => {
      const features = {
        ...example.features,
        bm25Relative: leader > 0 ? example.features.bm25Relative / leader : 0,
        reciprocalRank: 1 / (1 + rank),
      };
      const score = matchProbability(model, features);
      if (!topWithoutGold || score > topWithoutGold.score) topWithoutGold = { score, features };
    });
    if (top) scenarios.push({ queryId, top, topWithoutGold });
  }
  return scenarios;
}

/**
 * Fits the join model: for each scenario, the top candidate with gold stored (label: is it gold) and
 * the top candidate without gold (label 0), described by the ranker's score and the absolute
 * features. The ranker's own features include the candidate's standing against the others, which
 * says little about whether any stored claim matches at all; the join model learns that part.
 */
export function trainJoinModel(
  scenarios: readonly JoinScenario[],
  options: { seed?: number; epochs?: number } = {},
): JoinModel {
  const { seed = 13, epochs = 30 } = options;
  const features = JOIN_FEATURES;
  const vectors: LabelledVector[] = [];
  const indices = [0, ...features.map((_, position) => position + 1)];
  const add = (score: number, values: Features, label: 0 | 1) =>
    vectors.push({ features: { indices, values: [score, ...features.map((name) => values[name])] }, label });
  for (const { top, topWithoutGold } of scenarios) {
    add(top.score, top.features, top.label);
    if (topWithoutGold) add(topWithoutGold.score, topWithoutGold.features, 0);
  }
  const model = trainLogistic(vectors, {
    dimensions: features.length + 1,
    epochs,
    learningRate: 0.1,
    l2: 1e-5,
    seed,
  });
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    scoreWeight: round(model.weights[0] as number),
    features: [...features],
    weights: features.map((_, position) => round(model.weights[position + 1] as number)),
    bias: round(model.bias),
  };
}

/** Join probabilities for every scenario from a join model per query (out of fold when cross-validating). */
export function scoreScenarios(
  scenarios: readonly JoinScenario[],
  joinModelFor: (queryId: string) => JoinModel,
): ScoredScenario[] {
  return scenarios.map(({ queryId, top, topWithoutGold }) => {
    const model = joinModelFor(queryId);
    return {
      top: { probability: joinProbability(model, top.score, top.features), label: top.label },
      withoutGold: topWithoutGold ? joinProbability(model, topWithoutGold.score, topWithoutGold.features) : 0,
    };
  });
}

/** A scenario reduced to the join probabilities the threshold is compared with. */
export interface ScoredScenario {
  top: { probability: number; label: 0 | 1 };
  withoutGold: number;
}

/** Join models for cross-validation, folded by query id like `crossValidatedModels`. */
export function crossValidatedJoinModels(
  scenarios: readonly JoinScenario[],
  folds = 5,
): (queryId: string) => JoinModel {
  const models = Array.from({ length: folds }, (_, fold) =>
    trainJoinModel(scenarios.filter((scenario) => foldOf(scenario.queryId, folds) !== fold)),
  );
  return (queryId) => models[foldOf(queryId, folds)] as JoinModel;
}

/** How well a join threshold decides, over queries whose claim is stored and queries whose is not. */
export interface JoinDecisionCounts {
  threshold: number;
  /** Joined the right claim. */
  correct: number;
  /** Joined a wrong claim (the gold claim stored or not). */
  wrong: number;
  /** Started a new cluster although the gold claim was stored. */
  missed: number;
  precision: number;
  recall: number;
}

/**
 * Join decisions at `threshold`, each query counted twice: with its gold claim stored (joining the
 * top candidate is right or wrong, not joining is a miss) and with it absent (joining is wrong).
 */
export function joinDecisions(scenarios: readonly ScoredScenario[], threshold: number): JoinDecisionCounts {
  let correct = 0;
  let wrong = 0;
  let missed = 0;
  for (const { top, withoutGold } of scenarios) {
    if (top.probability >= threshold) {
      if (top.label === 1) correct += 1;
      else wrong += 1;
    } else missed += 1;
    if (withoutGold >= threshold) wrong += 1;
  }
  const joined = correct + wrong;
  return {
    threshold,
    correct,
    wrong,
    missed,
    precision: joined > 0 ? correct / joined : 1,
    recall: correct + missed > 0 ? correct / (correct + missed) : 0,
  };
}

/**
 * The threshold that maximizes F-beta of join decisions, on a 0.01 grid. Beta 0.5 weighs precision
 * twice: a wrong join merges two different claims' trails, which is worse than a claim left on its
 * own until a fact-checker links it.
 */
export function chooseJoinThreshold(scenarios: readonly ScoredScenario[], beta = 0.5): JoinDecisionCounts {
  return bestThreshold((threshold) => joinDecisions(scenarios, threshold), beta);
}

/**
 * The decisions, among those `decide` gives at thresholds 0.01 .. 0.99, whose F-beta is highest (the
 * lowest such threshold on a tie).
 */
export function bestThreshold<Counts extends { precision: number; recall: number }>(
  decide: (threshold: number) => Counts,
  beta: number,
): Counts {
  let best = decide(0.5);
  let bestScore = -1;
  for (let step = 1; step < 100; step += 1) {
    const counts = decide(step / 100);
    const { precision, recall } = counts;
    const denominator = beta * beta * precision + recall;
    const score = denominator > 0 ? ((1 + beta * beta) * precision * recall) / denominator : 0;
    if (score > bestScore) {
      bestScore = score;
      best = counts;
    }
  }
  return best;
}
