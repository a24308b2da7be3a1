import type { Settings } from '../core/index.ts';
import type { Doc, Sentence, Span } from '../core/types.ts';

/** A named, pure step over the document: it reads what earlier stages added and returns a new doc. */
export interface Stage {
  name: string;
  /** Names of stages whose output this one reads; checked when the pipeline is built. */
  after: string[];
  run(doc: Doc, context: StageContext): Doc;
}

/** Scores how check-worthy a sentence is, 0..1. The rule baseline and trained models both plug in here. */
export interface CheckworthinessModel {
  name: string;
  score(sentence: Sentence, doc: Doc): number;
  /** `score` of every sentence of the doc, in order, where the model can share work between them. */
  scoreAll?(doc: Doc): number[];
  /** The decision threshold the model was tuned for; 0.5 when absent. */
  recommendedThreshold?: number;
}

/** Finds uncertainty: the probability that a sentence is hedged, and the hedge cues in it. */
export interface HedgingModel {
  name: string;
  uncertainty(sentence: Sentence, doc: Doc): number;
  cues(sentence: Sentence, doc: Doc): Span[];
}

/** Spans of one reported statement as a sequence tagger finds them, before the source is named and typed. */
export interface AttributionSpans {
  source: Span;
  cue: Span;
  content: Span;
}

/** Tags sources, cues and contents in a sentence (and the sentences around it, through `doc`). */
export interface AttributionModel {
  name: string;
  spans(sentence: Sentence, doc: Doc): AttributionSpans[];
}

/** The models a pipeline runs with; only check-worthiness is required (the rule baseline by default). */
export interface Models {
  checkworthiness: CheckworthinessModel;
  hedging?: HedgingModel;
  attribution?: AttributionModel;
}

export interface StageContext {
  settings: Settings;
  models: Models;
}
