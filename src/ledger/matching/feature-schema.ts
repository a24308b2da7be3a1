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
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
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
  /** Terms read as names (other than numbers): distinct known ids, and how many are unknown. */
  entityIds: number[];
  unknownEntities: number;
  length: number;
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
