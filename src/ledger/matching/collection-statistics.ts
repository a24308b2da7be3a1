import type { ClaimTerms } from './claim-terms.ts';
import type { IndexStatistics } from './feature-schema.ts';
import type { FieldPostings, IdfCache } from './postings.ts';

/**
 * Collection statistics the features read, kept by an index and brought up to date (`refresh`) when
 * claims were added since: one object with its methods, where statistics made anew for every query
 * (the collection grows by a claim between most queries) left a record and its closures each time.
 * Idfs are remembered per term in the index's cache until the collection grows.
 */
export class CollectionStatistics implements IndexStatistics {
  readonly #fields: readonly [FieldPostings, FieldPostings];
  readonly #claimTerms: ClaimTerms;
  readonly #idfCache: IdfCache;
  /** The number of claims the statistics were taken at, -1 before the first refresh. */
  claims = -1;
  /** The claim count idfs are computed for: at least 1. */
  #idfClaims = 1;
  termHashes: ArrayLike<number> = [];
  readonly k1: number;
  readonly b: number;
  readonly averageLength: [number, number] = [1, 1];
  readonly fieldWeights: [number, number];

  constructor(
    fields: readonly [FieldPostings, FieldPostings],
    claimTerms: ClaimTerms,
    idfCache: IdfCache,
    parameters: { k1: number; b: number; titleWeight: number },
  ) {
    this.#fields = fields;
    this.#claimTerms = claimTerms;
    this.#idfCache = idfCache;
    this.k1 = parameters.k1;
    this.b = parameters.b;
    this.fieldWeights = [1, parameters.titleWeight];
  }

  /** Takes the statistics anew at the collection's present size. */
  refresh(): this {
    const claimTerms = this.#claimTerms;
    const fields = this.#fields;
    this.claims = claimTerms.count;
    this.#idfClaims = Math.max(claimTerms.count, 1);
    this.#idfCache.reserve(claimTerms.terms.length);
    this.termHashes = claimTerms.termHashes.values;
    this.averageLength[0] = fields[0].averageLength();
    this.averageLength[1] = fields[1].averageLength();
    return this;
  }

  /** Inverse document frequency within one field. */
  idf(termId: number, field: 0 | 1): number {
    return this.#cached(this.#fields[field].documentFrequency(termId), termId * 3 + field);
  }

  /** Inverse document frequency counting a claim that has the term in either field. */
  anyIdf(termId: number): number {
    const fields = this.#fields;
    const frequency = Math.max(fields[0].documentFrequency(termId), fields[1].documentFrequency(termId));
    return this.#cached(frequency, termId * 3 + 2);
  }

  anyIdfInto(termId: number, into: Float64Array, at: number): void {
    into[at] = this.anyIdf(termId);
  }

  isNumber(termId: number): boolean {
    return this.#claimTerms.numeric.values[termId] === 1;
  }

  /**
   * The idf of `frequency`, read from the idfs by frequency while it is among them: the claim count
   * changes with every claim stored, and a slot per term was then read, found stale and written
   * back, term after term, for the same number the frequency gives. Else from the term's `slot`.
   */
  #cached(frequency: number, slot: number): number {
    const idfCache = this.#idfCache;
    const claims = this.#idfClaims;
    if (idfCache.remembersFrequency(frequency)) return idfCache.idf(claims, frequency);
    const { values, stamps } = idfCache;
    if (stamps[slot] === claims) return values[slot] as number;
    const idf = idfCache.idf(claims, frequency);
    values[slot] = idf;
    stamps[slot] = claims;
    return idf;
  }
}
