import {
  createSlotTable,
  FeatureArrays,
  grown,
  listed,
  occursBefore,
  shinglesInto,
} from './feature-arrays.ts';
import {
  type ClaimSpan,
  type CoverageFloor,
  FEATURE_COUNT,
  type FeatureScorer,
  type FeatureWriter,
  type FirstStage,
  featuresAt,
  type IndexStatistics,
  NO_COVERAGE_FLOOR,
  type QueryProfile,
} from './feature-schema.ts';
import { jaccardOf } from './minhash.ts';

// The feature vocabulary and the types around it live in their own module; callers read them here.
export * from './feature-schema.ts';

/**
 * Relative room left for rounding when a claim's coverage is bounded by its matched mass summed in
 * another order: far more than the rounding of tens of sums, far less than any share that matters.
 */
const COVERAGE_MARGIN = 1e-9;

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
  const write = createFeatureWriter(profile, statistics);
  const vector = new Float64Array(FEATURE_COUNT);
  return (claim, firstStage) => {
    write(claim, firstStage, vector, 0);
    return featuresAt(vector);
  };
}

/**
 * The same features as `createFeatureScorer`, written into a caller's vector instead of a new record:
 * a query scores dozens of candidates and returns a few, and a record per candidate (with a boxed
 * number per feature) was most of what a query left for the garbage collector.
 *
 * A candidate whose `queryCoverage` and `claimCoverage` both fall below `sharing.either`, or either
 * falls below `sharing.each`, is left unwritten (past those two) and the writer returns false: a
 * caller that would discard such candidates anyway skips their word pairs, numbers and names, most of
 * a candidate's cost.
 *
 * @example
 * const write = createFeatureWriter(profile, statistics);
 * write(claimTerms.span(index), { score, bestScore, maximumScore, rank }, vector, 0); // true
 * featuresAt(vector).numberConflict; // 1 when the claim says "1985" and the query "1987"
 */
export function createFeatureWriter(
  profile: QueryProfile,
  statistics: IndexStatistics,
  arrays: FeatureArrays = new FeatureArrays(),
  sharing: CoverageFloor = NO_COVERAGE_FLOOR,
): FeatureWriter {
  const { either, each } = sharing;
  const { termIds, idfs } = profile;
  const queryTerms = termIds.length;
  const slotOf = createSlotTable(termIds, arrays);
  arrays.reserve(queryTerms, 0, profile.numberIds.length, profile.entityIds.length);
  const fieldIdfs = [arrays.textIdfs, arrays.titleIdfs] as const;
  const fieldMaximum = [0, 0];
  for (const field of [0, 1] as const) {
    termIds.forEach((termId, slot) => {
      const idf = statistics.idf(termId, field);
      fieldIdfs[field][slot] = idf;
      fieldMaximum[field] = (fieldMaximum[field] as number) + idf;
    });
  }
  const numberSlots = arrays.numberSlots;
  const numberSlotCount = profile.numberIds.length;
  profile.numberIds.forEach((termId, position) => {
    numberSlots[position] = slotOf(termId);
  });
  const entitySlots = arrays.entitySlots;
  const entitySlotCount = profile.entityIds.length;
  profile.entityIds.forEach((termId, position) => {
    entitySlots[position] = slotOf(termId);
  });
  const counts = [arrays.textCounts, arrays.titleCounts] as const;
  const scratch = arrays.shingles;
  // A claim has few numbers and names: distinct ones are kept in short lists, reused from claim to
  // claim (an array emptied by setting its length would let its storage go and grow it anew).
  let numbers = arrays.numbers;
  let numberCount = 0;
  let entities = arrays.entities;
  let entityCount = 0;
  const { k1, b, termHashes } = statistics;
  const queryShingles = profile.shingles;
  const queryNumberCount = profile.numberIds.length + profile.unknownNumbers;
  const queryEntityCount = profile.entityIds.length + profile.unknownEntities;
  const queryLength = Math.min(Math.log1p(profile.length) / Math.log(64), 1);

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

  const idfOut = arrays.idf;
  const wordSlots = profile.wordIds.map((termId) => slotOf(termId));
  // Per query slot, 1 when its term is one of the query's names: every name the query knows is one
  // of its terms, so a claim's term is such a name exactly when its slot is flagged.
  const nameSlots = arrays.nameSlots.fill(0, 0, queryTerms);
  for (let position = 0; position < entitySlotCount; position += 1) {
    nameSlots[entitySlots[position] as number] = 1;
  }

  /**
   * The share of the field's idf mass that the query has; or -1 as soon as it must fall below
   * `floor`, given that the query's terms in the field hold at most `matchedMost` of it: the mass
   * read so far only grows, so the share can only fall below what it would be with `matchedMost`.
   */
  const coverage = (claim: ClaimSpan, from: number, to: number, floor = 0, matchedMost = 0): number => {
    const { tokens } = claim;
    // The matched mass is summed in another order than `matchedMost`: the margin covers its rounding.
    const most = matchedMost * (1 + COVERAGE_MARGIN);
    let total = 0;
    let matched = 0;
    for (let index = from; index < to; index += 1) {
      const term = tokens[index] as number;
      if (occursBefore(tokens, from, index, term)) continue;
      statistics.anyIdfInto(term, idfOut, 0);
      const idf = idfOut[0] as number;
      total += idf;
      if (slotOf(term) !== -1) matched += idf;
      if (most < floor * total * (1 - COVERAGE_MARGIN)) return -1;
    }
    return total > 0 ? matched / total : 0;
  };

  /**
   * The share of the field's words (neither names nor numbers) that the query has, or -1 when it
   * has none. Apart from `coverage`: most candidates fall below the sharing floor on coverage alone,
   * and this is then never read.
   */
  const wordShareOf = (claim: ClaimSpan, from: number, to: number): number => {
    const { tokens, entity: flags } = claim;
    let wordTotal = 0;
    let wordMatched = 0;
    for (let index = from; index < to; index += 1) {
      if (flags[index] === 1) continue;
      const term = tokens[index] as number;
      if (statistics.isNumber(term) || occursBefore(tokens, from, index, term)) continue;
      const slot = slotOf(term);
      if (slot !== -1 && nameSlots[slot] === 1) continue;
      statistics.anyIdfInto(term, idfOut, 0);
      const idf = idfOut[0] as number;
      wordTotal += idf;
      if (slot !== -1) wordMatched += idf;
    }
    return wordTotal > 0 ? wordMatched / wordTotal : -1;
  };

  /** The query's share of its words (neither names nor numbers) found in the claim text, or -1. */
  const queryWordShare = (): number => {
    if (!(profile.wordMass > 0)) return -1;
    let matched = 0;
    for (const slot of wordSlots) {
      if ((counts[0][slot] as number) > 0) matched += idfs[slot] as number;
    }
    return matched / profile.wordMass;
  };

  /** Counts the query's terms in one field of the claim. */
  const countField = (tokens: ArrayLike<number>, from: number, to: number, field: 0 | 1) => {
    const fieldCounts = counts[field];
    for (let index = from; index < to; index += 1) {
      const slot = slotOf(tokens[index] as number);
      if (slot !== -1) fieldCounts[slot] = (fieldCounts[slot] as number) + 1;
    }
  };

  /** Collects the claim's distinct numbers and names. */
  const collectNames = (claim: ClaimSpan, from: number, to: number) => {
    const { tokens, entity: flags } = claim;
    for (let index = from; index < to; index += 1) {
      const term = tokens[index] as number;
      if (statistics.isNumber(term)) {
        if (!listed(numbers, numberCount, term)) {
          if (numberCount === numbers.length) {
            numbers = grown(numbers);
            arrays.numbers = numbers;
          }
          numbers[numberCount] = term;
          numberCount += 1;
        }
      } else if (flags[index] === 1 && !listed(entities, entityCount, term)) {
        if (entityCount === entities.length) {
          entities = grown(entities);
          arrays.entities = entities;
        }
        entities[entityCount] = term;
        entityCount += 1;
      }
    }
  };

  // Whether the query term in `slot` occurs in either field of the claim being scored.
  const present = (slot: number) =>
    slot >= 0 && ((counts[0][slot] as number) > 0 || (counts[1][slot] as number) > 0);

  /**
   * Word pairs of the claim (text and title, each distinct pair once) and how many of them the query
   * has: the two fields' sorted shingles merged, walked beside the query's sorted shingles.
   */
  const bigramOverlap = (textCount: number, titleCount: number): number => {
    const text = scratch.text;
    const title = scratch.title;
    let bigrams = 0;
    let sharedBigrams = 0;
    let left = 0;
    let right = 0;
    let query = 0;
    while (left < textCount || right < titleCount) {
      const fromText = left < textCount ? (text[left] as number) : Number.POSITIVE_INFINITY;
      const fromTitle = right < titleCount ? (title[right] as number) : Number.POSITIVE_INFINITY;
      const shingle = Math.min(fromText, fromTitle);
      if (fromText === shingle) left += 1;
      if (fromTitle === shingle) right += 1;
      bigrams += 1;
      while (query < queryShingles.length && (queryShingles[query] as number) < shingle) query += 1;
      if (query < queryShingles.length && queryShingles[query] === shingle) sharedBigrams += 1;
    }
    return bigrams > 0 ? sharedBigrams / bigrams : 0;
  };

  const writeWordPairs = (claim: ClaimSpan, into: Float64Array, offset: number): void => {
    const { tokens, start, titleStart, end } = claim;
    const textShingles = shinglesInto(tokens, start, titleStart, termHashes, scratch, 'text');
    const titleShingles =
      end > titleStart ? shinglesInto(tokens, titleStart, end, termHashes, scratch, 'title') : 0;
    into[offset + 8] = bigramOverlap(textShingles, titleShingles);
    into[offset + 9] = jaccardOf(queryShingles, queryShingles.length, scratch.text, textShingles);
  };

  const write = (
    claim: ClaimSpan,
    firstStage: FirstStage,
    into: Float64Array,
    offset: number,
    wordPairs = true,
  ): boolean => {
    counts[0].fill(0, 0, queryTerms);
    counts[1].fill(0, 0, queryTerms);
    numberCount = 0;
    entityCount = 0;
    const { tokens, start, titleStart, end } = claim;
    countField(tokens, start, titleStart, 0);
    countField(tokens, titleStart, end, 1);

    let queryMatched = 0;
    let sharedTerms = 0;
    // The idf mass of the query's terms in the claim text: what the claim's coverage can match.
    let textMatched = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      if (present(slot)) {
        queryMatched += idfs[slot] as number;
        sharedTerms += 1;
        if ((counts[0][slot] as number) > 0) textMatched += idfs[slot] as number;
      }
    }
    const queryCoverage = profile.idfMass > 0 ? queryMatched / profile.idfMass : 0;
    // Most candidates a floor leaves out fall short on this side: the claim's side is not read for them.
    if (queryCoverage < each) return false;
    // The least claim coverage that passes, now that the query's side is known.
    const claimFloor = queryCoverage < either ? Math.max(either, each) : each;
    const claimCoverage = coverage(claim, start, titleStart, claimFloor, textMatched);
    if (
      claimCoverage < 0 ||
      Math.max(queryCoverage, claimCoverage) < either ||
      Math.min(queryCoverage, claimCoverage) < each
    ) {
      return false;
    }
    const claimWordShare = wordShareOf(claim, start, titleStart);
    collectNames(claim, start, end);

    let sharedNumbers = 0;
    for (let index = 0; index < numberSlotCount; index += 1) {
      if (present(numberSlots[index] as number)) sharedNumbers += 1;
    }
    const missingNumbers = numberCount - sharedNumbers;
    const queryOnlyNumbers = queryNumberCount - sharedNumbers;

    let entitiesFound = 0;
    for (let index = 0; index < entityCount; index += 1) {
      if (slotOf(entities[index] as number) !== -1) entitiesFound += 1;
    }
    let queryEntitiesFound = 0;
    for (let index = 0; index < entitySlotCount; index += 1) {
      if (present(entitySlots[index] as number)) queryEntitiesFound += 1;
    }
    const claimTerms = end - start;

    // In FEATURE_NAMES order.
    writeStanding(firstStage, into, offset);
    into[offset + 3] = fieldScore(titleStart - start, 0);
    into[offset + 4] = fieldScore(end - titleStart, 1);
    into[offset + 5] = queryCoverage;
    into[offset + 6] = claimCoverage;
    into[offset + 7] = coverage(claim, titleStart, end);
    if (wordPairs) writeWordPairs(claim, into, offset);
    into[offset + 10] = Math.min(sharedNumbers, 2) / 2;
    into[offset + 11] = missingNumbers > 0 && queryOnlyNumbers > 0 ? 1 : 0;
    into[offset + 12] = Math.min(missingNumbers, 2) / 2;
    into[offset + 13] = entityCount > 0 ? entitiesFound / entityCount : 0;
    into[offset + 14] = Math.min(entityCount - entitiesFound, 3) / 3;
    into[offset + 15] = queryEntityCount > 0 ? queryEntitiesFound / queryEntityCount : 0;
    into[offset + 16] = queryLength;
    into[offset + 17] = Math.min(Math.log1p(claimTerms) / Math.log(64), 1);
    const queryWords = queryWordShare();
    into[offset + 18] = Math.min(queryWords < 0 ? 1 : queryWords, claimWordShare < 0 ? 1 : claimWordShare);
    into[offset + 19] = Math.max(queryWords, claimWordShare, 0);
    into[offset + 20] = queryWords < 0 || claimWordShare < 0 ? 1 : 0;
    into[offset + 21] = Math.min(Math.log1p(sharedTerms) / Math.log(16), 1);
    return true;
  };
  return Object.assign(write, { wordPairs: writeWordPairs });
}

/** Writes `bm25`, `bm25Relative` and `reciprocalRank`, the features of a claim's first-stage standing. */
export function writeStanding(firstStage: FirstStage, into: Float64Array, offset: number): void {
  into[offset] = firstStage.maximumScore > 0 ? firstStage.score / firstStage.maximumScore : 0;
  into[offset + 1] = firstStage.bestScore > 0 ? firstStage.score / firstStage.bestScore : 0;
  into[offset + 2] = 1 / (1 + firstStage.rank);
}
