import { readFileSync } from 'node:fs';
import type { Doc, Sentence } from '../../core/types.ts';
import type { AttributionModel, AttributionSpans } from '../../pipeline/index.ts';
import { decodeFloat32, encodeFloat32, ModelError } from '../model-file.ts';
import { createWordLexicon, extractFeatures, FEATURE_COUNT, type WordLexicon } from './features.ts';
import { type GroupedAttribution, groupRuns } from './grouping.ts';
import { runsOf, type TaggedRun } from './labels.ts';
import { labelCount, type TaggerWeights, tagSequence } from './tagger.ts';
import { type TaggingUnit, taggingUnits } from './units.ts';
import { createWorkspace, FRESH_MEMORY, type Workspace } from './workspace.ts';

export const ATTRIBUTION_MODEL_FORMAT = 'claimtrail.attribution-tagger/1';

/** Trained attribution tagging: one or more taggers over the same hashed features. */
export interface AttributionTagger {
  /** Hashed feature buckets shared by every tagger; a power of two. */
  dimensions: number;
  taggers: TaggerWeights[];
  /** Words training showed to act as cues, beyond the lexicon's; features treat them as cue candidates. */
  cueWords: string[];
  /** How the weights were made, for reports: seed, epochs, data. */
  training: Record<string, unknown>;
}

interface TaggerFile {
  roles: string[];
  emission: string;
  transition: string;
  start: string;
}

interface ModelFile {
  format: string;
  dimensions: number;
  featureCount: number;
  training: Record<string, unknown>;
  cueWords: string[];
  taggers: TaggerFile[];
}

/** The model file's JSON: Float32 weights in base64, with the format and feature layout to check on load. */
export function serializeAttributionTagger(model: AttributionTagger): string {
  const file: ModelFile = {
    format: ATTRIBUTION_MODEL_FORMAT,
    dimensions: model.dimensions,
    featureCount: FEATURE_COUNT,
    training: model.training,
    cueWords: model.cueWords,
    taggers: model.taggers.map((tagger) => ({
      roles: tagger.roles,
      emission: encodeFloat32(tagger.emission),
      transition: encodeFloat32(tagger.transition),
      start: encodeFloat32(tagger.start),
    })),
  };
  return JSON.stringify(file);
}

const KNOWN_ROLES = new Set(['source', 'cue', 'content']);

function decodeWeights(encoded: unknown, length: number, what: string): Float32Array {
  if (typeof encoded !== 'string') throw new ModelError(`attribution model: ${what} is not a base64 string`);
  let weights: Float32Array;
  try {
    weights = decodeFloat32(encoded);
  } catch (error) {
    throw new ModelError(`attribution model: ${what} is not a whole number of Float32 weights`, error);
  }
  if (weights.length !== length) {
    throw new ModelError(`attribution model: ${what} holds ${weights.length} weights, expected ${length}`);
  }
  return weights;
}

/**
 * Reads a model from its JSON text, checking the format, the feature layout and every weight array's
 * length. Throws ModelError naming what is wrong: a broken file should fail at load, not mid-analysis.
 */
export function parseAttributionTagger(json: string): AttributionTagger {
  let file: Partial<ModelFile>;
  try {
    file = JSON.parse(json) as Partial<ModelFile>;
  } catch (error) {
    throw new ModelError('attribution model: the file is not valid JSON; retrain it', error);
  }
  if (file === null || typeof file !== 'object' || file.format !== ATTRIBUTION_MODEL_FORMAT) {
    throw new ModelError(`attribution model: expected format "${ATTRIBUTION_MODEL_FORMAT}"; retrain it`);
  }
  const { dimensions, featureCount, taggers } = file;
  if (typeof dimensions !== 'number' || dimensions < 2 || (dimensions & (dimensions - 1)) !== 0) {
    throw new ModelError(`attribution model: dimensions ${String(dimensions)} is not a power of two`);
  }
  if (featureCount !== FEATURE_COUNT) {
    throw new ModelError(
      `attribution model: made with ${String(featureCount)} features per token, this code uses ${FEATURE_COUNT}; retrain it`,
    );
  }
  if (!Array.isArray(taggers) || taggers.length === 0) {
    throw new ModelError('attribution model: no taggers in the file');
  }
  const { cueWords } = file;
  if (!Array.isArray(cueWords) || cueWords.some((word) => typeof word !== 'string')) {
    throw new ModelError('attribution model: cueWords is not a list of words');
  }
  return {
    dimensions,
    cueWords,
    training: typeof file.training === 'object' && file.training !== null ? file.training : {},
    taggers: taggers.map((tagger, index) => {
      const roles = tagger?.roles;
      if (!Array.isArray(roles) || roles.length === 0 || roles.some((role) => !KNOWN_ROLES.has(role))) {
        throw new ModelError(`attribution model: tagger ${index} has roles ${JSON.stringify(roles)}`);
      }
      const labels = labelCount(roles);
      return {
        roles,
        dimensions,
        emission: decodeWeights(tagger.emission, dimensions * labels, `tagger ${index} emission`),
        transition: decodeWeights(tagger.transition, labels * labels, `tagger ${index} transition`),
        start: decodeWeights(tagger.start, labels, `tagger ${index} start`),
      };
    }),
  };
}

/**
 * Tags one unit with every tagger and returns the runs of all roles. With a workspace, the arrays of
 * the work live in its memory, reused by the next call; the runs returned do not.
 */
export function tagUnit(
  model: AttributionTagger,
  unit: TaggingUnit,
  doc: Doc,
  lexicon: WordLexicon = createWordLexicon(model.cueWords),
  memory: Workspace = FRESH_MEMORY,
): TaggedRun[] {
  memory.reset();
  const features = extractFeatures(unit, doc, model.dimensions, lexicon, memory);
  return model.taggers.flatMap((tagger) => runsOf(tagSequence(tagger, features, memory), tagger.roles));
}

/** Every attribution the tagger finds in a doc, paragraph by paragraph. */
export function tagDoc(
  model: AttributionTagger,
  doc: Doc,
  lexicon: WordLexicon = createWordLexicon(model.cueWords),
): GroupedAttribution[] {
  return taggingUnits(doc).flatMap((unit) => groupRuns(unit, tagUnit(model, unit, doc, lexicon), doc));
}

/** One doc's paragraphs and, once tagged, each paragraph's attributions by sentence index. */
interface DocTagging {
  units: TaggingUnit[];
  /** Position in `units` of each sentence, by the sentence's index in the doc. */
  unitOfSentence: Int32Array;
  tagged: (Map<number, AttributionSpans[]> | undefined)[];
}

function docTagging(doc: Doc): DocTagging {
  const units = taggingUnits(doc);
  const unitOfSentence = new Int32Array(doc.sentences.length).fill(-1);
  units.forEach((unit, position) => {
    for (const sentence of unit.sentences) unitOfSentence[sentence.index] = position;
  });
  return { units, unitOfSentence, tagged: new Array(units.length) };
}

/**
 * Wraps a tagger as the pipeline's `AttributionModel`. The tagger reads a whole paragraph at once, so
 * the first sentence asked about in a paragraph tags that paragraph and its other sentences read the
 * result, kept per doc and dropped with it. Paragraphs no sentence is asked about are never tagged,
 * which is where a caller that asks only where an attribution can stand saves time.
 */
export function attributionModelFrom(
  model: AttributionTagger,
  name = 'attribution-tagger',
): AttributionModel {
  const tagging = new WeakMap<Doc, DocTagging>();
  const lexicon = createWordLexicon(model.cueWords);
  const memory = createWorkspace();
  return {
    name,
    spans(sentence: Sentence, doc: Doc): AttributionSpans[] {
      let state = tagging.get(doc);
      if (!state) {
        state = docTagging(doc);
        tagging.set(doc, state);
      }
      const position = state.unitOfSentence[sentence.index] ?? -1;
      const unit = state.units[position];
      if (!unit) return [];
      let bySentence = state.tagged[position];
      if (!bySentence) {
        bySentence = new Map();
        for (const { sentenceIndex, ...spans } of groupRuns(
          unit,
          tagUnit(model, unit, doc, lexicon, memory),
          doc,
        )) {
          bySentence.set(sentenceIndex, [...(bySentence.get(sentenceIndex) ?? []), spans]);
        }
        state.tagged[position] = bySentence;
      }
      return bySentence.get(sentence.index) ?? [];
    },
  };
}

/**
 * Loads the attribution model from its file (`models/attribution.json`), ready to pass to the pipeline.
 *
 * @example
 * const attribution = createAttributionModel('models/attribution.json');
 * const pipeline = createPipeline({ models: { attribution } });
 */
export function createAttributionModel(path: string): AttributionModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelError(`attribution model: cannot read ${path}; run scripts/train/attribution.ts`, error);
  }
  return attributionModelFrom(parseAttributionTagger(json));
}
