export { fitPlatt, type PlattScaling } from './calibration.ts';
export {
  checkworthinessFeatures,
  FEATURE_GROUPS,
  type FeatureGroup,
  type FeatureOptions,
  type SentenceView,
  viewSentence,
  visitFeatures,
} from './features.ts';
export { CHECKWORTHINESS_MODEL_PATH, loadCheckworthinessModel } from './load.ts';
export {
  bestF1Threshold,
  bestSharedThreshold,
  rocAuc,
  scoresAtThreshold,
  type ThresholdScores,
} from './measures.ts';
export {
  CHECKWORTHINESS_SCHEMA,
  type CheckworthinessFile,
  checkworthinessFileSchema,
  createCheckworthinessModel,
  parseCheckworthinessFile,
  type TrainedCheckworthinessModel,
} from './model.ts';
export {
  CHECKWORTHINESS_TRAINING,
  type CheckworthinessTrainingOptions,
  type CheckworthinessTrainingRow,
  trainCheckworthiness,
  wholeTextSentence,
} from './train.ts';
