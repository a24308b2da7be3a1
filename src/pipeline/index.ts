import { type ArticleInput, type Doc, resolveSettings, type Settings } from '../core/index.ts';
import { attributionStage } from './attribution.ts';
import { checkworthinessStage } from './checkworthiness.ts';
import { ruleCheckworthiness } from './checkworthiness-rules.ts';
import { claimsStage } from './claims.ts';
import { entitiesStage } from './entities.ts';
import { sentencesStage } from './sentences.ts';
import { signalsStage } from './signals.ts';
import type { CheckworthinessModel, Models, Stage, StageContext } from './stage.ts';
import { normalizeQuotes } from './text.ts';

export { isWhiteSpace } from './characters.ts';
export { ruleCheckworthiness } from './checkworthiness-rules.ts';
export { UNIVERSAL_POS_TAGS } from './nlp.ts';
export * from './selectors.ts';
export type {
  AttributionModel,
  AttributionSpans,
  CheckworthinessModel,
  HedgingModel,
  Models,
  Stage,
  StageContext,
} from './stage.ts';
export { normalizeQuotes } from './text.ts';

/** The stages in the order they run. */
export const DEFAULT_STAGES: Stage[] = [
  sentencesStage,
  entitiesStage,
  attributionStage,
  signalsStage,
  checkworthinessStage,
  claimsStage,
];

export interface PipelineOptions {
  settings?: Partial<Settings>;
  /** Trained models; whatever is absent falls back to the rules. */
  models?: Partial<Models>;
  /** Shorthand for `models.checkworthiness`. */
  checkworthiness?: CheckworthinessModel;
  stages?: Stage[];
}

export interface Pipeline {
  stages: readonly string[];
  /** Names of the models in use, for reports: `{ checkworthiness: 'rules', ... }`. */
  models: Record<string, string>;
  /** Analyzes one article. Pure: the same input always gives the same document. */
  analyze(input: ArticleInput): Doc;
}

/**
 * Builds the analysis pipeline, checking that every stage runs after the stages it reads.
 *
 * @example
 * const pipeline = createPipeline();
 * const doc = pipeline.analyze({ text: 'Officials said the bridge was closed.' });
 * toAnalysis(doc).attributions[0]?.source.kind; // 'anonymous'
 */
export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const { settings = {}, models = {}, stages = DEFAULT_STAGES } = options;
  const checkworthiness = options.checkworthiness ?? models.checkworthiness ?? ruleCheckworthiness;
  const seen = new Set<string>();
  for (const stage of stages) {
    for (const needed of stage.after) {
      if (!seen.has(needed)) {
        throw new Error(`claimtrail: stage "${stage.name}" needs stage "${needed}" to run before it`);
      }
    }
    seen.add(stage.name);
  }
  const context: StageContext = {
    settings: resolveSettings(settings),
    models: { ...models, checkworthiness },
  };
  return {
    stages: stages.map((stage) => stage.name),
    models: Object.fromEntries(
      Object.entries(context.models).flatMap(([role, model]) => (model ? [[role, model.name]] : [])),
    ),
    analyze(input: ArticleInput): Doc {
      let doc = emptyDoc(input);
      for (const stage of stages) doc = stage.run(doc, context);
      return doc;
    },
  };
}

function emptyDoc(input: ArticleInput): Doc {
  return {
    text: input.text,
    normalized: normalizeQuotes(input.text),
    meta: { ...input.meta },
    sentences: [],
    tagged: [],
    entities: [],
    scores: [],
    attributions: [],
    signals: [],
    claims: [],
  };
}
