import {
  FeatureArrays,
  fillSlotTable,
  grown,
  listed,
  occursBefore,
  shinglesInto,
  slotIn,
} from './feature-arrays.ts';
import {
  type ClaimSpan,
  type CoverageFloor,
  type FirstStage,
  type IndexStatistics,
  NO_COVERAGE_FLOOR,
  type QueryProfile,
} from './feature-schema.ts';
import { jaccardOf } from './minhash.ts';

/**
 * Relative room left for rounding when a claim's coverage is bounded by its matched mass summed in
 * another order: far more than the rounding of tens of sums, far less than any share that matters.
 */
const COVERAGE_MARGIN = 1e-9;

/** An empty profile, for a writer not yet prepared for a query. */
const NO_PROFILE: QueryProfile = {
  termIds: [],
  termCounts: [],
  idfs: [],
  idfMass: 0,
  shingles: new Uint32Array(0),
  numberIds: [],
  unknownNumbers: 0,
  entityIds: [],
  unknownEntities: 0,
  length: 0,
  wordIds: [],
  wordMass: 0,
};

/**
 * Writes candidates' features for one query at a time; `createFeatureWriter` describes what it
 * writes. An index keeps one and prepares it for each query: a writer made per query (its closures,
 * per-field arrays and word slots) was a fair share of what every query left for the garbage collector.
 * A writer serves one query at a time, over the arrays it was made with.
 */
export class QueryFeatures {
  readonly #arrays: FeatureArrays;
  #profile: QueryProfile = NO_PROFILE;
  #statistics: IndexStatistics | null = null;
  #either = 0;
  #each = 0;
  #queryTerms = 0;
  #mask = 0;
  #textMaximum = 0;
  #titleMaximum = 0;
  #numberSlotCount = 0;
  #entitySlotCount = 0;
  #wordSlotCount = 0;
  #queryNumberCount = 0;
  #queryEntityCount = 0;
  #queryLength = 0;
  // A claim has few numbers and names: distinct ones are counted in short lists, reused from claim to claim.
  #numberCount = 0;
  #entityCount = 0;

  constructor(arrays: FeatureArrays = new FeatureArrays()) {
    this.#arrays = arrays;
  }

  /** Readies the writer for `profile`'s candidates; see `createFeatureWriter` for `sharing`. */
  prepare(
    profile: QueryProfile,
    statistics: IndexStatistics,
    sharing: CoverageFloor = NO_COVERAGE_FLOOR,
  ): this {
    const arrays = this.#arrays;
    const { termIds } = profile;
    const queryTerms = termIds.length;
    this.#profile = profile;
    this.#statistics = statistics;
    this.#either = sharing.either;
    this.#each = sharing.each;
    this.#queryTerms = queryTerms;
    this.#mask = fillSlotTable(termIds, arrays);
    arrays.reserve(queryTerms, 0, profile.numberIds.length, profile.entityIds.length, profile.wordIds.length);
    const { textIdfs, titleIdfs } = arrays;
    let textMaximum = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      const idf = statistics.idf(termIds[slot] as number, 0);
      textIdfs[slot] = idf;
      textMaximum += idf;
    }
    let titleMaximum = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      const idf = statistics.idf(termIds[slot] as number, 1);
      titleIdfs[slot] = idf;
      titleMaximum += idf;
    }
    this.#textMaximum = textMaximum;
    this.#titleMaximum = titleMaximum;
    this.#numberSlotCount = this.#fillSlots(profile.numberIds, arrays.numberSlots);
    this.#entitySlotCount = this.#fillSlots(profile.entityIds, arrays.entitySlots);
    this.#wordSlotCount = this.#fillSlots(profile.wordIds, arrays.wordSlots);
    this.#queryNumberCount = profile.numberIds.length + profile.unknownNumbers;
    this.#queryEntityCount = profile.entityIds.length + profile.unknownEntities;
    this.#queryLength = Math.min(Math.log1p(profile.length) / Math.log(64), 1);
    // Per query slot, 1 when its term is one of the query's names: every name the query knows is one
    // of its terms, so a claim's term is such a name exactly when its slot is flagged.
    const nameSlots = arrays.nameSlots.fill(0, 0, queryTerms);
    const entitySlots = arrays.entitySlots;
    for (let position = 0; position < this.#entitySlotCount; position += 1) {
      nameSlots[entitySlots[position] as number] = 1;
    }
    return this;
  }

  #fillSlots(termIds: readonly number[], into: Int32Array): number {
    for (let position = 0; position < termIds.length; position += 1) {
      into[position] = this.#slotOf(termIds[position] as number);
    }
    return termIds.length;
  }

  #slotOf(termId: number): number {
    const arrays = this.#arrays;
    return slotIn(arrays.slotKeys, arrays.slotValues, this.#mask, termId);
  }

  #fieldScore(length: number, field: 0 | 1): number {
    if (length === 0) return 0;
    const statistics = this.#statistics as IndexStatistics;
    const arrays = this.#arrays;
    const norm =
      statistics.k1 * (1 - statistics.b + (statistics.b * length) / statistics.averageLength[field]);
    const fieldCounts = field === 0 ? arrays.textCounts : arrays.titleCounts;
    const idf = field === 0 ? arrays.textIdfs : arrays.titleIdfs;
    const queryTerms = this.#queryTerms;
    let score = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      const frequency = fieldCounts[slot] as number;
      if (frequency > 0) score += ((idf[slot] as number) * frequency) / (frequency + norm);
    }
    const maximum = field === 0 ? this.#textMaximum : this.#titleMaximum;
    return maximum > 0 ? score / maximum : 0;
  }

  /**
   * The share of the field's idf mass that the query has; or -1 as soon as it must fall below
   * `floor`, given that the query's terms in the field hold at most `matchedMost` of it: the mass
   * read so far only grows, so the share can only fall below what it would be with `matchedMost`.
   */
  #coverage(claim: ClaimSpan, from: number, to: number, floor = 0, matchedMost = 0): number {
    const { tokens } = claim;
    const statistics = this.#statistics as IndexStatistics;
    const { slotKeys, slotValues, idf: idfOut } = this.#arrays;
    const mask = this.#mask;
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
      if (slotIn(slotKeys, slotValues, mask, term) !== -1) matched += idf;
      if (most < floor * total * (1 - COVERAGE_MARGIN)) return -1;
    }
    return total > 0 ? matched / total : 0;
  }

  /**
   * The share of the field's words (neither names nor numbers) that the query has, or -1 when it
   * has none. Apart from `coverage`: most candidates fall below the sharing floor on coverage alone,
   * and this is then never read.
   */
  #wordShareOf(claim: ClaimSpan, from: number, to: number): number {
    const { tokens, entity: flags } = claim;
    const statistics = this.#statistics as IndexStatistics;
    const { slotKeys, slotValues, nameSlots, idf: idfOut } = this.#arrays;
    const mask = this.#mask;
    let wordTotal = 0;
    let wordMatched = 0;
    for (let index = from; index < to; index += 1) {
      if (flags[index] === 1) continue;
      const term = tokens[index] as number;
      if (statistics.isNumber(term) || occursBefore(tokens, from, index, term)) continue;
      const slot = slotIn(slotKeys, slotValues, mask, term);
      if (slot !== -1 && nameSlots[slot] === 1) continue;
      statistics.anyIdfInto(term, idfOut, 0);
      const idf = idfOut[0] as number;
      wordTotal += idf;
      if (slot !== -1) wordMatched += idf;
    }
    return wordTotal > 0 ? wordMatched / wordTotal : -1;
  }

  /** The query's share of its words (neither names nor numbers) found in the claim text, or -1. */
  #queryWordShare(): number {
    const profile = this.#profile;
    if (!(profile.wordMass > 0)) return -1;
    const { wordSlots, textCounts } = this.#arrays;
    const { idfs } = profile;
    let matched = 0;
    for (let position = 0; position < this.#wordSlotCount; position += 1) {
      const slot = wordSlots[position] as number;
      if ((textCounts[slot] as number) > 0) matched += idfs[slot] as number;
    }
    return matched / profile.wordMass;
  }

  /** Counts the query's terms in one field of the claim. */
  #countField(tokens: ArrayLike<number>, from: number, to: number, fieldCounts: Float64Array): void {
    const { slotKeys, slotValues } = this.#arrays;
    const mask = this.#mask;
    for (let index = from; index < to; index += 1) {
      const slot = slotIn(slotKeys, slotValues, mask, tokens[index] as number);
      if (slot !== -1) fieldCounts[slot] = (fieldCounts[slot] as number) + 1;
    }
  }

  /** Collects the claim's distinct numbers and names. */
  #collectNames(claim: ClaimSpan, from: number, to: number): void {
    const { tokens, entity: flags } = claim;
    const statistics = this.#statistics as IndexStatistics;
    const arrays = this.#arrays;
    let numberCount = 0;
    let entityCount = 0;
    for (let index = from; index < to; index += 1) {
      const term = tokens[index] as number;
      if (statistics.isNumber(term)) {
        if (!listed(arrays.numbers, numberCount, term)) {
          if (numberCount === arrays.numbers.length) arrays.numbers = grown(arrays.numbers);
          arrays.numbers[numberCount] = term;
          numberCount += 1;
        }
      } else if (flags[index] === 1 && !listed(arrays.entities, entityCount, term)) {
        if (entityCount === arrays.entities.length) arrays.entities = grown(arrays.entities);
        arrays.entities[entityCount] = term;
        entityCount += 1;
      }
    }
    this.#numberCount = numberCount;
    this.#entityCount = entityCount;
  }

  // Whether the query term in `slot` occurs in either field of the claim being scored.
  #present(slot: number): boolean {
    const arrays = this.#arrays;
    return slot >= 0 && ((arrays.textCounts[slot] as number) > 0 || (arrays.titleCounts[slot] as number) > 0);
  }

  /**
   * Word pairs of the claim (text and title, each distinct pair once) and how many of them the query
   * has: the two fields' sorted shingles merged, walked beside the query's sorted shingles.
   */
  #bigramOverlap(textCount: number, titleCount: number): number {
    const { text, title } = this.#arrays.shingles;
    const queryShingles = this.#profile.shingles;
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
  }

  /** Writes `bigramOverlap` and `shingleJaccard` of `claim` at `offset`, as a full write would. */
  wordPairs(claim: ClaimSpan, into: Float64Array, offset: number): void {
    const { tokens, start, titleStart, end } = claim;
    const scratch = this.#arrays.shingles;
    const termHashes = (this.#statistics as IndexStatistics).termHashes;
    const queryShingles = this.#profile.shingles;
    const textShingles = shinglesInto(tokens, start, titleStart, termHashes, scratch, 'text');
    const titleShingles =
      end > titleStart ? shinglesInto(tokens, titleStart, end, termHashes, scratch, 'title') : 0;
    into[offset + 8] = this.#bigramOverlap(textShingles, titleShingles);
    into[offset + 9] = jaccardOf(queryShingles, queryShingles.length, scratch.text, textShingles);
  }

  /** The features of one candidate, as `createFeatureWriter`'s writer writes them. */
  write(
    claim: ClaimSpan,
    firstStage: FirstStage,
    into: Float64Array,
    offset: number,
    wordPairs = true,
  ): boolean {
    const arrays = this.#arrays;
    const profile = this.#profile;
    const { idfs } = profile;
    const queryTerms = this.#queryTerms;
    const textCounts = arrays.textCounts.fill(0, 0, queryTerms);
    const titleCounts = arrays.titleCounts.fill(0, 0, queryTerms);
    const { tokens, start, titleStart, end } = claim;
    this.#countField(tokens, start, titleStart, textCounts);
    this.#countField(tokens, titleStart, end, titleCounts);

    let queryMatched = 0;
    let sharedTerms = 0;
    // The idf mass of the query's terms in the claim text: what the claim's coverage can match.
    let textMatched = 0;
    for (let slot = 0; slot < queryTerms; slot += 1) {
      if ((textCounts[slot] as number) > 0 || (titleCounts[slot] as number) > 0) {
        queryMatched += idfs[slot] as number;
        sharedTerms += 1;
        if ((textCounts[slot] as number) > 0) textMatched += idfs[slot] as number;
      }
    }
    const queryCoverage = profile.idfMass > 0 ? queryMatched / profile.idfMass : 0;
    const either = this.#either;
    const each = this.#each;
    // Most candidates a floor leaves out fall short on this side: the claim's side is not read for them.
    if (queryCoverage < each) return false;
    // The least claim coverage that passes, now that the query's side is known.
    const claimFloor = queryCoverage < either ? Math.max(either, each) : each;
    const claimCoverage = this.#coverage(claim, start, titleStart, claimFloor, textMatched);
    if (
      claimCoverage < 0 ||
      Math.max(queryCoverage, claimCoverage) < either ||
      Math.min(queryCoverage, claimCoverage) < each
    ) {
      return false;
    }
    const claimWordShare = this.#wordShareOf(claim, start, titleStart);
    this.#collectNames(claim, start, end);
    const numberCount = this.#numberCount;
    const entityCount = this.#entityCount;

    let sharedNumbers = 0;
    const { numberSlots, entitySlots, entities, slotKeys, slotValues } = arrays;
    for (let index = 0; index < this.#numberSlotCount; index += 1) {
      if (this.#present(numberSlots[index] as number)) sharedNumbers += 1;
    }
    const missingNumbers = numberCount - sharedNumbers;
    const queryOnlyNumbers = this.#queryNumberCount - sharedNumbers;

    let entitiesFound = 0;
    for (let index = 0; index < entityCount; index += 1) {
      if (slotIn(slotKeys, slotValues, this.#mask, entities[index] as number) !== -1) entitiesFound += 1;
    }
    let queryEntitiesFound = 0;
    for (let index = 0; index < this.#entitySlotCount; index += 1) {
      if (this.#present(entitySlots[index] as number)) queryEntitiesFound += 1;
    }
    const claimTerms = end - start;
    const queryEntityCount = this.#queryEntityCount;

    // In FEATURE_NAMES order.
    writeStanding(firstStage, into, offset);
    into[offset + 3] = this.#fieldScore(titleStart - start, 0);
    into[offset + 4] = this.#fieldScore(end - titleStart, 1);
    into[offset + 5] = queryCoverage;
    into[offset + 6] = claimCoverage;
    into[offset + 7] = this.#coverage(claim, titleStart, end);
    if (wordPairs) this.wordPairs(claim, into, offset);
    into[offset + 10] = Math.min(sharedNumbers, 2) / 2;
    into[offset + 11] = missingNumbers > 0 && queryOnlyNumbers > 0 ? 1 : 0;
    into[offset + 12] = Math.min(missingNumbers, 2) / 2;
    into[offset + 13] = entityCount > 0 ? entitiesFound / entityCount : 0;
    into[offset + 14] = Math.min(entityCount - entitiesFound, 3) / 3;
    into[offset + 15] = queryEntityCount > 0 ? queryEntitiesFound / queryEntityCount : 0;
    into[offset + 16] = this.#queryLength;
    into[offset + 17] = Math.min(Math.log1p(claimTerms) / Math.log(64), 1);
    const queryWords = this.#queryWordShare();
    into[offset + 18] = Math.min(queryWords < 0 ? 1 : queryWords, claimWordShare < 0 ? 1 : claimWordShare);
    into[offset + 19] = Math.max(queryWords, claimWordShare, 0);
    into[offset + 20] = queryWords < 0 || claimWordShare < 0 ? 1 : 0;
    into[offset + 21] = Math.min(Math.log1p(sharedTerms) / Math.log(16), 1);
    return true;
  }
}

/** Writes `bm25`, `bm25Relative` and `reciprocalRank`, the features of a claim's first-stage standing. */
export function writeStanding(firstStage: FirstStage, into: Float64Array, offset: number): void {
  into[offset] = firstStage.maximumScore > 0 ? firstStage.score / firstStage.maximumScore : 0;
  into[offset + 1] = firstStage.bestScore > 0 ? firstStage.score / firstStage.bestScore : 0;
  into[offset + 2] = 1 / (1 + firstStage.rank);
}
