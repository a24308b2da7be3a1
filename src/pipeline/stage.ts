import type { Settings } from '../core/index.ts';
import type { Doc, Sentence } from '../core/types.ts';

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
}

export interface StageContext {
  settings: Settings;
  checkworthiness: CheckworthinessModel;
}
