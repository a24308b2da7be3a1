import { jaccard, mix32 } from './minhash.ts';

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

/** Reusable scratch arrays for shingles, grown as needed. */
interface ShingleScratch {
  text: Uint32Array;
  title: Uint32Array;
  readonly empty: Uint32Array;
}

/**
 * Writes the sorted, deduplicated 2-word shingle hashes of a term sequence into `into` (grown when
 * short) and returns the filled part: the same values as `shingleHashes`, without a Set per claim.
 */
function shinglesInto(
  tokens: ArrayLike<number>,
  from: number,
  to: number,
  termHashes: ArrayLike<number>,
  scratch: ShingleScratch,
  slot: 'text' | 'title',
): Uint32Array {
  const length = to - from;
  const count = length === 1 ? 1 : Math.max(length - 1, 0);
  if (scratch[slot].length < count)
    scratch[slot] = new Uint32Array(Math.max(count, scratch[slot].length * 2));
  const into = scratch[slot];
  if (length === 1) into[0] = mix32(termHashes[tokens[from] as number] as number);
  for (let index = 0; index + 1 < length; index += 1) {
    const left = termHashes[tokens[from + index] as number] as number;
    const right = termHashes[tokens[from + index + 1] as number] as number;
    into[index] = mix32(Math.imul(left, 0x9e3779b1) ^ right);
  }
  const filled = into.subarray(0, count).sort();
  let unique = 0;
  for (let index = 0; index < filled.length; index += 1) {
    if (index === 0 || filled[index] !== filled[index - 1]) {
      filled[unique] = filled[index] as number;
      unique += 1;
    }
  }
  return filled.subarray(0, unique);
}

/** Whether `term` occurs in `tokens[from, before)`: claims are short, so a scan beats a set. */
function occursBefore(tokens: ArrayLike<number>, from: number, before: number, term: number): boolean {
  for (let index = from; index < before; index += 1) if (tokens[index] === term) return true;
  return false;
}

/**
 * The slot (position in `termIds`) of a term, or -1: open addressing in a table at most half full,
 * several times faster than a Map for the per-token lookups of every candidate.
 */
function createSlotTable(termIds: readonly number[]): (termId: number) => number {
  let capacity = 8;
  while (capacity < termIds.length * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Int32Array(capacity).fill(-1);
  const slots = new Int32Array(capacity);
  termIds.forEach((termId, slot) => {
    let at = Math.imul(termId, 0x9e3779b1) & mask;
    while (keys[at] !== -1 && keys[at] !== termId) at = (at + 1) & mask;
    if (keys[at] === termId) return;
    keys[at] = termId;
    slots[at] = slot;
  });
  return (termId) => {
    let at = Math.imul(termId, 0x9e3779b1) & mask;
    for (;;) {
      const key = keys[at] as number;
      if (key === termId) return slots[at] as number;
      if (key === -1) return -1;
      at = (at + 1) & mask;
    }
  };
}

/** Computes one candidate's features; see `createFeatureScorer`. */
export type FeatureScorer = (claim: ClaimSpan, firstStage: FirstStage) => Features;

/**
 * Prepares a query for scoring many candidates: per-term idfs and their sums are computed once, and
 * the scratch space is reused from claim to claim, so a candidate costs a few passes over its terms.
 *
 * @example
 * const score = createFeatureScorer(profile, statistics);
 * const features = score(claimTerms.span(index), { score, bestScore, maximumScore, rank });
 * features.numberConflict; // 1 when the claim says "1985" and the query "1987"
 */
export function createFeatureScorer(profile: QueryProfile, statistics: IndexStatistics): FeatureScorer {
  const { termIds, idfs } = profile;
  const queryTerms = termIds.length;
  const slotOf = createSlotTable(termIds);
  const fieldIdfs = [new Float64Array(queryTerms), new Float64Array(queryTerms)] as const;
  const fieldMaximum = [0, 0];
  for (const field of [0, 1] as const) {
    termIds.forEach((termId, slot) => {
      const idf = statistics.idf(termId, field);
      fieldIdfs[field][slot] = idf;
      fieldMaximum[field] = (fieldMaximum[field] as number) + idf;
    });
  }
  const numberSlots = [...profile.numberIds].map(slotOf);
  const entitySlots = [...profile.entityIds].map(slotOf);
  const counts = [new Float64Array(queryTerms), new Float64Array(queryTerms)] as const;
  const scratch: ShingleScratch = {
    text: new Uint32Array(64),
    title: new Uint32Array(64),
    empty: new Uint32Array(0),
  };
  // A claim has few numbers and names: distinct ones are kept in short lists.
  const numbers: number[] = [];
  const entities: number[] = [];
  const { k1, b, termHashes } = statistics;
  const queryShingles = profile.shingles;
  const queryShingleSet = profile.shingleSet;

  const fieldScore = (length: number, field: 0 | 1): number => {
    if (length === 0) return 0;
    const norm = k1 * (1 - b + (b * length) / statistics.averageLength[field]);
    const fieldCounts = counts[field];
    const idf = fieldIdfs[field];
    let score = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      const frequency = fieldCounts[slot] as number;
      if (frequency > 0) score += ((idf[slot] as number) * frequency) / (frequency + norm);
    }
    const maximum = fieldMaximum[field] as number;
    return maximum > 0 ? score / maximum : 0;
  };

  const coverage = (tokens: ArrayLike<number>, from: number, to: number): number => {
    let total = 0;
    let matched = 0;
    for (let index = from; index < to; index += 1) {
      const term = tokens[index] as number;
      if (occursBefore(tokens, from, index, term)) continue;
      const idf = statistics.anyIdf(term);
      total += idf;
      if (slotOf(term) !== -1) matched += idf;
    }
    return total > 0 ? matched / total : 0;
  };

  /** Counts query terms per field, and collects the claim's numbers and names. */
  const readField = (claim: ClaimSpan, from: number, to: number, field: 0 | 1) => {
    const fieldCounts = counts[field];
    const { tokens, entity: flags } = claim;
    for (let index = from; index < to; index += 1) {
      const term = tokens[index] as number;
      const slot = slotOf(term);
      if (slot !== -1) fieldCounts[slot] = (fieldCounts[slot] as number) + 1;
      if (statistics.isNumber(term)) {
        if (!numbers.includes(term)) numbers.push(term);
      } else if (flags[index] === 1 && !entities.includes(term)) entities.push(term);
    }
  };

  // Whether the query term in `slot` occurs in either field of the claim being scored.
  const present = (slot: number) =>
    slot >= 0 && ((counts[0][slot] as number) > 0 || (counts[1][slot] as number) > 0);

  return (claim, firstStage) => {
    counts[0].fill(0);
    counts[1].fill(0);
    numbers.length = 0;
    entities.length = 0;
    const { tokens, start, titleStart, end } = claim;
    readField(claim, start, titleStart, 0);
    readField(claim, titleStart, end, 1);

    let queryMatched = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      if (present(slot)) queryMatched += idfs[slot] as number;
    }

    const textShingles = shinglesInto(tokens, start, titleStart, termHashes, scratch, 'text');
    const titleShingles =
      end > titleStart ? shinglesInto(tokens, titleStart, end, termHashes, scratch, 'title') : scratch.empty;
    // The union of both fields' shingles, merged from the two sorted lists.
    let bigrams = 0;
    let sharedBigrams = 0;
    let left = 0;
    let right = 0;
    while (left < textShingles.length || right < titleShingles.length) {
      const fromText = left < textShingles.length ? (textShingles[left] as number) : Number.POSITIVE_INFINITY;
      const fromTitle =
        right < titleShingles.length ? (titleShingles[right] as number) : Number.POSITIVE_INFINITY;
      const shingle = Math.min(fromText, fromTitle);
      if (fromText === shingle) left += 1;
      if (fromTitle === shingle) right += 1;
      bigrams += 1;
      if (queryShingleSet.has(shingle)) sharedBigrams += 1;
    }

    let sharedNumbers = 0;
    for (const slot of numberSlots) if (present(slot)) sharedNumbers += 1;
    const missingNumbers = numbers.length - sharedNumbers;
    const queryNumberCount = profile.numberIds.size + profile.unknownNumbers;
    const queryOnlyNumbers = queryNumberCount - sharedNumbers;

    let entitiesFound = 0;
    for (const entity of entities) if (slotOf(entity) !== -1) entitiesFound += 1;
    let queryEntitiesFound = 0;
    for (const slot of entitySlots) if (present(slot)) queryEntitiesFound += 1;
    const queryEntityCount = profile.entityIds.size + profile.unknownEntities;
    const claimTerms = end - start;

    return {
      bm25: firstStage.maximumScore > 0 ? firstStage.score / firstStage.maximumScore : 0,
      bm25Relative: firstStage.bestScore > 0 ? firstStage.score / firstStage.bestScore : 0,
      reciprocalRank: 1 / (1 + firstStage.rank),
      textScore: fieldScore(titleStart - start, 0),
      titleScore: fieldScore(end - titleStart, 1),
      queryCoverage: profile.idfMass > 0 ? queryMatched / profile.idfMass : 0,
      claimCoverage: coverage(tokens, start, titleStart),
      titleCoverage: coverage(tokens, titleStart, end),
      bigramOverlap: bigrams > 0 ? sharedBigrams / bigrams : 0,
      shingleJaccard: jaccard(queryShingles, textShingles),
      sharedNumbers: Math.min(sharedNumbers, 2) / 2,
      numberConflict: missingNumbers > 0 && queryOnlyNumbers > 0 ? 1 : 0,
      missingNumbers: Math.min(missingNumbers, 2) / 2,
      entityCoverage: entities.length > 0 ? entitiesFound / entities.length : 0,
      missingEntities: Math.min(entities.length - entitiesFound, 3) / 3,
      queryEntityCoverage: queryEntityCount > 0 ? queryEntitiesFound / queryEntityCount : 0,
      queryLength: Math.min(Math.log1p(profile.length) / Math.log(64), 1),
      claimLength: Math.min(Math.log1p(claimTerms) / Math.log(64), 1),
    };
  };
}
