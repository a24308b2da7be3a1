import { jaccard, shingleHashes } from './minhash.ts';

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

/** A query prepared once and compared against many claims. */
export interface QueryProfile {
  /** Distinct known term ids, with their count in the query and their idf. */
  termIds: number[];
  termCounts: number[];
  idfs: number[];
  termSet: Set<number>;
  /** Summed idf of all distinct query terms, unknown ones counting at the highest idf. */
  idfMass: number;
  shingles: Uint32Array;
  shingleSet: Set<number>;
  /** Numeric terms: known ids, and how many are not in the vocabulary at all. */
  numberIds: Set<number>;
  unknownNumbers: number;
  entityIds: Set<number>;
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

/** What the features need to know about the index as a whole. */
export interface IndexStatistics {
  /** Inverse document frequency within one field. */
  idf: (termId: number, field: 0 | 1) => number;
  /** Inverse document frequency counting a claim that has the term in either field. */
  anyIdf: (termId: number) => number;
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

function fieldScore(
  profile: QueryProfile,
  terms: ArrayLike<number>,
  field: 0 | 1,
  statistics: IndexStatistics,
): number {
  if (terms.length === 0) return 0;
  const counts = countTerms(terms);
  const { k1, b } = statistics;
  const norm = k1 * (1 - b + (b * terms.length) / statistics.averageLength[field]);
  let score = 0;
  let maximum = 0;
  profile.termIds.forEach((termId) => {
    const weight = statistics.idf(termId, field);
    maximum += weight;
    const frequency = counts.get(termId) ?? 0;
    if (frequency > 0) score += (weight * frequency) / (frequency + norm);
  });
  return maximum > 0 ? score / maximum : 0;
}

function countTerms(terms: ArrayLike<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < terms.length; index += 1) {
    const term = terms[index] as number;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

function coverage(terms: ArrayLike<number>, profile: QueryProfile, statistics: IndexStatistics): number {
  const seen = new Set<number>();
  let total = 0;
  let matched = 0;
  for (let index = 0; index < terms.length; index += 1) {
    const term = terms[index] as number;
    if (seen.has(term)) continue;
    seen.add(term);
    const idf = statistics.anyIdf(term);
    total += idf;
    if (profile.termSet.has(term)) matched += idf;
  }
  return total > 0 ? matched / total : 0;
}

function hashesOf(terms: ArrayLike<number>, statistics: IndexStatistics): number[] {
  return Array.from(terms, (term) => statistics.termHashes[term] as number);
}

/**
 * The features of one candidate claim for a prepared query.
 *
 * @example
 * const features = computeFeatures(profile, claimView, statistics, { score, bestScore, maximumScore, rank });
 * features.numberConflict; // 1 when the claim says "1985" and the query "1987"
 */
export function computeFeatures(
  profile: QueryProfile,
  claim: ClaimView,
  statistics: IndexStatistics,
  firstStage: FirstStage,
): Features {
  const allTerms = [...Array.from(claim.text), ...Array.from(claim.title)];
  const allEntity = [...Array.from(claim.textEntity), ...Array.from(claim.titleEntity)];
  const claimSet = new Set(allTerms);

  let queryMatched = 0;
  profile.termIds.forEach((termId, index) => {
    if (claimSet.has(termId)) queryMatched += profile.idfs[index] as number;
  });

  const claimShingles = shingleHashes(hashesOf(claim.text, statistics));
  const bigramSource = [
    ...claimShingles,
    ...(claim.title.length > 0 ? shingleHashes(hashesOf(claim.title, statistics)) : []),
  ];
  const bigrams = new Set(bigramSource);
  let sharedBigrams = 0;
  for (const bigram of bigrams) if (profile.shingleSet.has(bigram)) sharedBigrams += 1;

  const claimNumbers = new Set(allTerms.filter((term) => statistics.isNumber(term)));
  let sharedNumbers = 0;
  for (const number of claimNumbers) if (profile.numberIds.has(number)) sharedNumbers += 1;
  const missingNumbers = claimNumbers.size - sharedNumbers;
  const queryNumberCount = profile.numberIds.size + profile.unknownNumbers;
  const queryOnlyNumbers = queryNumberCount - sharedNumbers;

  const claimEntities = new Set<number>();
  allTerms.forEach((term, index) => {
    if (allEntity[index] === 1 && !statistics.isNumber(term)) claimEntities.add(term);
  });
  let entitiesFound = 0;
  for (const entity of claimEntities) if (profile.termSet.has(entity)) entitiesFound += 1;
  let queryEntitiesFound = 0;
  for (const entity of profile.entityIds) if (claimSet.has(entity)) queryEntitiesFound += 1;
  const queryEntityCount = profile.entityIds.size + profile.unknownEntities;

  return {
    bm25: firstStage.maximumScore > 0 ? firstStage.score / firstStage.maximumScore : 0,
    bm25Relative: firstStage.bestScore > 0 ? firstStage.score / firstStage.bestScore : 0,
    reciprocalRank: 1 / (1 + firstStage.rank),
    textScore: fieldScore(profile, claim.text, 0, statistics),
    titleScore: fieldScore(profile, claim.title, 1, statistics),
    queryCoverage: profile.idfMass > 0 ? queryMatched / profile.idfMass : 0,
    claimCoverage: coverage(claim.text, profile, statistics),
    titleCoverage: coverage(claim.title, profile, statistics),
    bigramOverlap: bigrams.size > 0 ? sharedBigrams / bigrams.size : 0,
    shingleJaccard: jaccard(profile.shingles, claimShingles),
    sharedNumbers: Math.min(sharedNumbers, 2) / 2,
    numberConflict: missingNumbers > 0 && queryOnlyNumbers > 0 ? 1 : 0,
    missingNumbers: Math.min(missingNumbers, 2) / 2,
    entityCoverage: claimEntities.size > 0 ? entitiesFound / claimEntities.size : 0,
    missingEntities: Math.min(claimEntities.size - entitiesFound, 3) / 3,
    queryEntityCoverage: queryEntityCount > 0 ? queryEntitiesFound / queryEntityCount : 0,
    queryLength: Math.min(Math.log1p(profile.length) / Math.log(64), 1),
    claimLength: Math.min(Math.log1p(allTerms.length) / Math.log(64), 1),
  };
}
