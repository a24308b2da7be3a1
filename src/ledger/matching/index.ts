export {
  type ClaimExtras,
  type ClaimIndex,
  type ClaimIndexOptions,
  type ClaimIndexStatistics,
  DEFAULT_CLAIM_INDEX_OPTIONS,
  type MatchCandidate,
  type QueryOptions,
  type QueryTerm,
  type SerializedClaimIndex,
} from './claim-index.ts';
export {
  type ClusterCandidate,
  type ClusterDecision,
  type DecideClusterOptions,
  decideCluster,
  rankClusters,
} from './cluster.ts';
export { addClaims, claimIndexFromJSON, createClaimIndex } from './create-claim-index.ts';
export { DEFAULT_JOIN_MODEL, DEFAULT_JOIN_THRESHOLD, DEFAULT_MATCH_MODEL } from './default-model.ts';
export { MatchingError } from './errors.ts';
export {
  FEATURE_NAMES,
  type FeatureName,
  type Features,
  NEWS_FEATURES,
  RETRIEVAL_FEATURES,
} from './features.ts';
export type { GroupDecision, JoinQuery } from './join-query.ts';
export {
  FIRST_STAGE_MODEL,
  JOIN_FEATURES,
  type JoinModel,
  joinProbability,
  type MatchModel,
  matchProbability,
} from './model.ts';
export { NEWS_JOIN_MODEL, NEWS_JOIN_THRESHOLD } from './news-join-model.ts';
export {
  chooseWeightedThreshold,
  fitWeightedJoinModel,
  NEWS_JOIN_FEATURES,
  type ScoredJoin,
  scoreJoins,
  type WeightedJoinCounts,
  type WeightedJoinExample,
  weightedJoinCounts,
} from './news-training.ts';
export { type PreparedClaim, prepareClaim } from './prepared.ts';
export { averagePrecision, type RankingMetrics, rankingMetrics } from './ranking-metrics.ts';
export { porterStem, type StemmerName, sStem } from './stemmer.ts';
export { analyzeText, DEFAULT_TEXT_OPTIONS, type TextOptions } from './text.ts';
export {
  chooseJoinThreshold,
  collectPairs,
  crossValidatedJoinModels,
  crossValidatedModels,
  foldOf,
  type JoinDecisionCounts,
  type JoinScenario,
  joinDecisions,
  joinScenarios,
  type LabelledQuery,
  type MatchTrainingOptions,
  type PairExample,
  rerankPairs,
  type ScoredScenario,
  scoreScenarios,
  trainJoinModel,
  trainMatchModel,
} from './training.ts';
