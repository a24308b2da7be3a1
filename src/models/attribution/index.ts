export {
  createWordLexicon,
  extractFeatures,
  FEATURE_COUNT,
  insideQuotes,
  type WordLexicon,
} from './features.ts';
export { type GroupedAttribution, groupRuns } from './grouping.ts';
export { goldLabels, type RoleSpan, runsOf, type TaggedRun } from './labels.ts';
export {
  ATTRIBUTION_MODEL_FORMAT,
  type AttributionTagger,
  attributionModelFrom,
  createAttributionModel,
  parseAttributionTagger,
  serializeAttributionTagger,
  tagDoc,
  tagUnit,
} from './model.ts';
export {
  isValidSequence,
  type TaggedSequence,
  type TaggerWeights,
  tagSequence,
  trainTagger,
} from './tagger.ts';
export {
  type AttributionExample,
  type AttributionTrainingOptions,
  trainAttributionTagger,
} from './training.ts';
export { type TaggingUnit, taggingUnits } from './units.ts';
