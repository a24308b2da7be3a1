export {
  type CueLexicon,
  type CuePhrase,
  type CuePhraseLists,
  createCueLexicon,
  type LexiconHit,
  type SentenceFeatureOptions,
  type SentenceScan,
  scanSentence,
} from './features.ts';
export { createHedgingModel, type HedgingWeights, type TrainedHedgingModel } from './model.ts';
export {
  HEDGING_SCHEMA,
  type HedgingFile,
  hedgingFileSchema,
  loadHedgingModel,
  parseHedgingFile,
  toHedgingFile,
} from './model-file.ts';
export { type HedgingExample, type HedgingTrainingOptions, trainHedgingModel } from './train.ts';
