/**
 * What the re-ranker knows about one (query, stored claim) pair. Every feature is scaled to about
 * 0..1 so that one learning rate suits them all, and none depends on the order claims were added in.
 */
export const FEATURE_NAMES = [
  /** First-stage BM25 over both fields, over the best score the query could reach. */
  'bm25',
  /** First-stage BM25 over the best candidate's: how far behind the leader this claim is. */
  'bm25Relative',
  /** 1 / (1 + first-stage rank). */
  'reciprocalRank',
  /** BM25 of the claim-text field alone, over its reachable maximum. */
  'textScore',
  /** BM25 of the title field alone, over its reachable maximum. */
  'titleScore',
  /** Share of the query's idf mass that the claim (either field) contains. */
  'queryCoverage',
  /** Share of the claim text's idf mass that the query contains. */
  'claimCoverage',
  /** Share of the title's idf mass that the query contains. */
  'titleCoverage',
  /** Share of the claim's word pairs (text and title) that occur in the query. */
  'bigramOverlap',
  /** Jaccard similarity of query and claim-text word-pair shingles (what MinHash estimates). */
  'shingleJaccard',
  /** Numbers the claim shares with the query (0, 0.5 for one, 1 for two or more). */
  'sharedNumbers',
  /** Numbers in the claim that the query lacks, while the query has numbers of its own. */
  'numberConflict',
  /** Numbers in the claim that the query lacks (0, 0.5, 1 for two or more). */
  'missingNumbers',
  /** Share of the claim's names (capitalized words, acronyms, given entities) found in the query. */
  'entityCoverage',
  /** Names in the claim the query lacks (0, 1/3, 2/3, 1 for three or more). */
  'missingEntities',
  /** Share of the query's names found in the claim. */
  'queryEntityCoverage',
  /** Query length in terms, log-scaled: long tweets match more by chance. */
  'queryLength',
  /** Claim length in terms (text and title), log-scaled. */
  'claimLength',
  /**
   * Of the words that are neither names nor numbers (a claim's word counts as a name when the query
   * reads it as one: a name opening a sentence is not written as one), the smaller of two shares: how much of the
   * query's such words (by idf mass) the claim text has, and how much of the claim text's the query
   * has. A side without such words counts 1. Two news sentences naming the same people often share
   * nothing else ("Sen. Bernie Sanders did best with men", "Sen. Bernie Sanders says …").
   */
  'sharedWordsLow',
  /** The larger of the same two shares; a side without such words counts 0. */
  'sharedWordsHigh',
  /** 1 when the query or the claim text has no word that is neither a name nor a number. */
  'namesOnly',
  /**
   * How many of the query's distinct terms the claim has, log-scaled (15 or more count 1): how much
   * the pair shares, where the coverages only say what share of each side it is (two short sentences
   * can share all of one common word). A count, not an idf sum, so it reads the same in a small store.
   */
  'sharedTerms',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The features added for joining news sentences, which the models fitted on tweets do not read. */
export const NEWS_FEATURES: readonly FeatureName[] = [
  'sharedWordsLow',
  'sharedWordsHigh',
  'namesOnly',
  'sharedTerms',
];

/**
 * The features the claim-retrieval models read: those fitted on tweets against fact-checks
 * (`DEFAULT_MATCH_MODEL`, `DEFAULT_JOIN_MODEL`), so that retraining them reproduces them.
 */
export const RETRIEVAL_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter(
  (name) => !NEWS_FEATURES.includes(name),
);
export type Features = Record<FeatureName, number>;

/** How many features a candidate has: the length of one candidate's part of a feature vector. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Each feature's position in a feature vector: its position in `FEATURE_NAMES`. */
export const FEATURE_POSITIONS: Readonly<Record<FeatureName, number>> = Object.fromEntries(
  FEATURE_NAMES.map((name, position) => [name, position]),
) as Record<FeatureName, number>;

/** The features stored at `offset` of a vector, in `FEATURE_NAMES` order, as a named record. */
export function featuresAt(vector: ArrayLike<number>, offset = 0): Features {
  const features = {} as Features;
  for (let position = 0; position < FEATURE_COUNT; position += 1) {
    features[FEATURE_NAMES[position] as FeatureName] = vector[offset + position] as number;
  }
  return features;
}

/** A query prepared once and compared against many claims. */
export interface QueryProfile {
  /** Distinct known term ids, with their count in the query and their idf. */
  termIds: number[];
  termCounts: number[];
  idfs: number[];
  /** Summed idf of all distinct query terms, unknown ones counting at the highest idf. */
  idfMass: number;
  /** Sorted, distinct word-pair shingle hashes. */
  shingles: Uint32Array;
  /** Numeric terms: distinct known ids, and how many are not in the vocabulary at all. */
  numberIds: number[];
  unknownNumbers: number;
  /**
   * Terms read as names (other than numbers): distinct known ids, each one of `termIds` too (the
   * feature writer tells a claim's names from the query's by their slots), and how many are unknown.
   */
  entityIds: number[];
  unknownEntities: number;
  length: number;
  /**
   * Terms that are neither numbers nor names (written as one anywhere in the query, or given with
   * it): distinct known ids, and the idf mass of all such terms, unknown ones at the highest idf.
   */
  wordIds: number[];
  wordMass: number;
}

/** A stored claim's terms, by field, with entity flags parallel to each. */
export interface ClaimView {
  text: ArrayLike<number>;
  title: ArrayLike<number>;
  textEntity: ArrayLike<number>;
  titleEntity: ArrayLike<number>;
}

/**
 * Where a stored claim's terms sit in the index's flat arrays: its text at `[start, titleStart)` and
 * its title at `[titleStart, end)` of `tokens`, with entity flags parallel in `entity`.
 */
export interface ClaimSpan {
  tokens: ArrayLike<number>;
  entity: ArrayLike<number>;
  start: number;
  titleStart: number;
  end: number;
}

/** What the features need to know about the index as a whole. */
export interface IndexStatistics {
  /** Inverse document frequency within one field. */
  idf: (termId: number, field: 0 | 1) => number;
  /** Inverse document frequency counting a claim that has the term in either field. */
  anyIdf: (termId: number) => number;
  /**
   * `anyIdf(termId)` written to `into[at]`: a number returned from a call that is not inlined is boxed,
   * and the features read it for every term of every candidate.
   */
  anyIdfInto: (termId: number, into: Float64Array, at: number) => void;
  isNumber: (termId: number) => boolean;
  termHashes: ArrayLike<number>;
  k1: number;
  b: number;
  averageLength: [number, number];
  fieldWeights: [number, number];
}

/** First-stage standing of the claim among the candidates of this query. */
export interface FirstStage {
  score: number;
  bestScore: number;
  maximumScore: number;
  rank: number;
}

/** The least `queryCoverage` or `claimCoverage` a candidate needs, the larger and each of the two. */
export interface CoverageFloor {
  either: number;
  each: number;
}

/** No floor: every candidate is scored. */
export const NO_COVERAGE_FLOOR: CoverageFloor = { either: 0, each: 0 };

/** Computes one candidate's features; see `createFeatureScorer`. */
export type FeatureScorer = (claim: ClaimSpan, firstStage: FirstStage) => Features;

/**
 * Computes one candidate's features into `into[offset, offset + FEATURE_COUNT)`, in `FEATURE_NAMES`
 * order, and says whether it did; see `createFeatureWriter`. With `wordPairs` false, `bigramOverlap`
 * and `shingleJaccard` (hashing and sorting the claim's word pairs, the dearest part) are left
 * unwritten, for `wordPairs` to write when the candidate turns out to need them.
 */
export interface FeatureWriter {
  (
    claim: ClaimSpan,
    firstStage: FirstStage,
    into: Float64Array,
    offset: number,
    wordPairs?: boolean,
  ): boolean;
  /** Writes `bigramOverlap` and `shingleJaccard` of `claim` at `offset`, as a full write would. */
  wordPairs(claim: ClaimSpan, into: Float64Array, offset: number): void;
}
