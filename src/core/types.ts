/** A half-open character range [start, end) into the original input text, with the text it covers. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** What is known about an article apart from its text. */
export interface ArticleMeta {
  title?: string;
  url?: string;
  publisher?: string;
  published?: string;
  byline?: string;
}

/** An article ready for analysis: plain text (offsets index it) and its metadata. */
export interface ArticleInput {
  text: string;
  meta?: ArticleMeta;
}

export interface Token extends Span {
  /** Lower-cased text with curly quotes and apostrophes straightened. */
  normal: string;
  /** Universal part-of-speech tag (PROPN, NOUN, VERB, AUX, PUNCT, ...). */
  pos: string;
}

export interface Sentence extends Span {
  index: number;
  tokens: Token[];
}

export const ENTITY_TYPES = ['person', 'organization', 'place', 'date', 'codename'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity extends Span {
  type: EntityType;
  /** The fullest name the article uses for the same referent ("Mussayev" -> "Alnur Mussayev"). */
  canonical: string;
}

export const SIGNAL_TYPES = [
  'hedge',
  'conditional',
  'evidence-absent',
  'evidence-cited',
  'rhetorical-question',
  'loaded-language',
  'vague-source',
  'presupposition',
  'booster',
  'prediction',
  'opinion',
  // The claim's own source denies it: "the ministry denied that ...".
  'denial',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** Signals that make a claim hedged rather than stated as fact: a hedge, a condition, missing evidence, a question. */
export const HEDGING_SIGNAL_TYPES: readonly SignalType[] = [
  'hedge',
  'conditional',
  'evidence-absent',
  'rhetorical-question',
];

export interface Signal extends Span {
  type: SignalType;
  sentenceIndex: number;
}

export const SOURCE_KINDS = ['person', 'organization', 'anonymous', 'vague', 'document', 'author'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface Source extends Span {
  /** Canonical name: the fullest form the article uses, or the phrase itself for unnamed sources. */
  name: string;
  kind: SourceKind;
  /** Title or appositive that describes the source here ("a former Kazakh intelligence chief"). */
  description?: string;
}

export interface Attribution {
  sentenceIndex: number;
  source: Source;
  cue: Span;
  content: Span;
  /** `reference` when the sentence points back ("the claim that ...") to an earlier attribution. */
  via: 'direct' | 'reference';
}

export interface Claim {
  id: string;
  sentenceIndex: number;
  text: string;
  start: number;
  end: number;
  checkworthiness: number;
  /** Canonical name of who makes the claim; null when the article asserts it itself. */
  claimant: string | null;
  /** How firmly the article commits to the claim, 0..1, derived from its signals. */
  certainty: number;
  signals: Signal[];
}

export interface SourceSummary {
  name: string;
  kind: SourceKind;
  descriptions: string[];
  mentions: number;
}

export interface SentenceScore {
  checkworthiness: number;
  isClaim: boolean;
  /** Probability that the sentence is hedged or uncertain, when a hedging model is loaded. */
  uncertainty?: number;
}

/** A span wink-nlp's model tags: DATE, TIME, CARDINAL, ORDINAL, MONEY, PERCENT, URL, EMAIL, ... */
export interface TaggedSpan {
  start: number;
  end: number;
  tag: string;
}

/** The document that pipeline stages enrich, one stage after another. */
export interface Doc {
  /** The text every offset indexes. */
  text: string;
  /** Same length as `text`, curly quotes and apostrophes straightened, for matching. */
  normalized: string;
  meta: ArticleMeta;
  sentences: Sentence[];
  tagged: TaggedSpan[];
  entities: Entity[];
  scores: SentenceScore[];
  attributions: Attribution[];
  signals: Signal[];
  claims: Claim[];
}
