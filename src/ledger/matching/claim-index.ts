import { ClaimTerms } from './claim-terms.ts';
import { CollectionStatistics } from './collection-statistics.ts';
import { DEFAULT_MATCH_MODEL } from './default-model.ts';
import { MatchingError } from './errors.ts';
import type { Features, IndexStatistics } from './features.ts';
import type { GroupDecision, JoinQuery } from './join-query.ts';
import { type BandOptions, createBandHasher, LshTable } from './minhash.ts';
import { isMatchModel, type MatchModel } from './model.ts';
import { Accumulator, FieldPostings, IdfCache, MAX_CLAIMS } from './postings.ts';
import { type PreparedClaim, preparedFor } from './prepared.ts';
import { QueryScratch } from './query-scratch.ts';
import { DEFAULT_TEXT_OPTIONS, type TermSource, type TextOptions, TokenMemo } from './text.ts';

/** What may come with a claim besides its sentence. */
export interface ClaimExtras {
  /** A headline or fact-check title, indexed as a second field with its own weight. */
  title?: string;
  /** Names already found in the claim (by the pipeline's entity stage, say); their terms count as names. */
  entities?: readonly string[];
}

export interface ClaimIndexOptions {
  text: TextOptions;
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalization, 0 (none) to 1 (full). */
  b: number;
  /** Weight of the title field's BM25 against the claim text's (which weighs 1). */
  titleWeight: number;
  /** How many first-stage candidates the re-ranker sees. */
  candidates: number;
  /** MinHash LSH banding for near-duplicates, or false to rely on BM25 alone. */
  nearDuplicates: BandOptions | false;
  /** Re-ranking model; its probability is the candidate's score. */
  model: MatchModel;
  /**
   * Postings the first stage reads per query before it leaves the commonest query terms' lists
   * unread (they still count in the exact scores that rank its pool); 0 reads every posting.
   */
  postingBudget: number;
}

export const DEFAULT_CLAIM_INDEX_OPTIONS: ClaimIndexOptions = {
  text: DEFAULT_TEXT_OPTIONS,
  k1: 1.2,
  b: 0.5,
  titleWeight: 0.5,
  candidates: 40,
  nearDuplicates: { bands: 32, rows: 4, seed: 20200901 },
  model: DEFAULT_MATCH_MODEL,
  postingBudget: 131072,
};

/** One ranked candidate: the stored claim's id, its match probability and what it rests on. */
export interface MatchCandidate {
  id: string;
  /** Probability (0..1) that the stored claim states the same claim as the query. */
  score: number;
  signals: Features & {
    /** Raw first-stage BM25 score. */
    firstStage: number;
    /** Found through a shared MinHash band: a likely near-duplicate. */
    nearDuplicate: boolean;
  };
}

/** One distinct query term as the index sees it. */
export interface QueryTerm {
  term: string;
  /** Whether any stored claim has the term; unknown terms cannot score. */
  known: boolean;
  /** Idf over claims having the term in either field (the highest idf when unknown). */
  idf: number;
  /** Where the term's first occurrence came from in a post (body, hashtag, mention, author, date). */
  source: TermSource;
  /** BM25 contribution to the claim named by `against`, per field, before field weights. */
  contribution?: { text: number; title: number };
}

/** Sizes for capacity planning. */
export interface ClaimIndexStatistics {
  claims: number;
  terms: number;
  /** Bytes held by typed arrays (postings, terms, LSH); strings and maps come on top. */
  bytes: number;
}

/** What a caller of `query` wants left out. */
export interface QueryOptions {
  /**
   * Leave out candidates whose `queryCoverage` and `claimCoverage` are both below this share (0..1):
   * the same as filtering the results on them, except that such candidates are not scored and cannot
   * take a place within `limit`.
   */
  minimumCoverage?: number;
  /** Leave out, in the same way, candidates whose `queryCoverage` or `claimCoverage` is below this. */
  minimumCoverageEachSide?: number;
}

/** An in-memory claim matcher that grows one claim at a time. */
export interface ClaimIndex {
  readonly options: ClaimIndexOptions;
  readonly size: number;
  /**
   * Analyzes a claim once for this index's text options; the result may stand for the text (and its
   * extras) in `add`, `query`, `scan`, `compare` and `describeQuery` of any index with those options.
   */
  prepare(text: string, extras?: ClaimExtras): PreparedClaim;
  /** Stores a claim; ids are unique. A prepared claim brings its own extras. */
  add(id: string, text: string | PreparedClaim, extras?: ClaimExtras): void;
  has(id: string): boolean;
  /** Gives a stored claim a new id (a provisional one its final one); its terms stay as they are. */
  rename(id: string, newId: string): void;
  /** Stored claims ranked by match probability, best first, at most `limit`. */
  query(
    text: string | PreparedClaim,
    extras?: ClaimExtras,
    limit?: number,
    options?: QueryOptions,
  ): MatchCandidate[];
  /**
   * What `decideCluster` would decide over `query(text, {}, limit, options)`, for each group of
   * claims in turn, without ranking every candidate: the first group's join, or null.
   */
  joinDecision(text: string | PreparedClaim, query: JoinQuery): GroupDecision | null;
  /**
   * Every stored claim scored with the same features and model, no pruning: linear in the
   * collection, for checking `query` and as the benchmark's baseline.
   */
  scan(text: string | PreparedClaim, extras?: ClaimExtras, limit?: number): MatchCandidate[];
  /** The candidate record for one stored claim, whether or not the first stage would find it. */
  compare(text: string | PreparedClaim, id: string, extras?: ClaimExtras): MatchCandidate;
  /**
   * The query's distinct terms as the index sees them and, when `against` names a stored claim, what
   * each contributes to that claim's BM25 score: the "why did these match" view.
   */
  describeQuery(text: string | PreparedClaim, extras?: ClaimExtras, against?: string): QueryTerm[];
  /** A stored claim's terms (text, then title), as analyzed when it was added. */
  storedTerms(id: string): string[];
  statistics(): ClaimIndexStatistics;
  /** Everything needed to rebuild the index exactly; see `claimIndexFromJSON`. */
  toJSON(): SerializedClaimIndex;
}

/** A snapshot of an index: options, ids, vocabulary, term ids and LSH keys (typed arrays in base64). */
export interface SerializedClaimIndex {
  schema: 'claimtrail.claim-index/1';
  options: ClaimIndexOptions;
  ids: string[];
  terms: string[];
  tokens: string;
  entity: string;
  starts: string;
  titleStarts: string;
  bandKeys: string | null;
}

/** The mutable parts of an index, shared between building, querying and serialization. */
export interface IndexState {
  options: ClaimIndexOptions;
  ids: string[];
  positions: Map<string, number>;
  claimTerms: ClaimTerms;
  fields: [FieldPostings, FieldPostings];
  lsh: LshTable | null;
  bandHasher: ((shingles: Uint32Array) => Uint32Array) | null;
  /**
   * The band keys of the shingles hashed last: a claim is most often queried, then added, and
   * hashing its shingles into bands once serves both.
   */
  lastBands: { shingles: Uint32Array; keys: Uint32Array } | null;
  accumulator: Accumulator;
  /** Canonical forms and stems of words read before, for adding and querying faster. */
  memo: TokenMemo;
  idfCache: IdfCache;
  /** Arrays a query fills and discards, reused from query to query. */
  scratch: QueryScratch;
  /** The statistics of `statisticsOf`, with the number of claims they were taken at. */
  statistics: CollectionStatistics;
}

/** Fills in defaults and rejects values that would make scores meaningless. */
export function resolveOptions(options: Partial<ClaimIndexOptions> = {}): ClaimIndexOptions {
  const resolved: ClaimIndexOptions = {
    ...DEFAULT_CLAIM_INDEX_OPTIONS,
    ...options,
    text: { ...DEFAULT_TEXT_OPTIONS, ...options.text },
  };
  const { k1, b, titleWeight, candidates, nearDuplicates } = resolved;
  if (!(k1 > 0) || !(b >= 0 && b <= 1) || !(titleWeight >= 0)) {
    throw new MatchingError(
      `claim index: k1 must be > 0, b in 0..1 and titleWeight >= 0 (got ${k1}, ${b}, ${titleWeight})`,
    );
  }
  if (!(Number.isInteger(resolved.postingBudget) && resolved.postingBudget >= 0)) {
    throw new MatchingError(
      `claim index: postingBudget must be a whole number >= 0 (0 reads every posting), got ${resolved.postingBudget}`,
    );
  }
  if (!Number.isInteger(candidates) || candidates < 1) {
    throw new MatchingError(`claim index: candidates must be a positive whole number, got ${candidates}`);
  }
  const wholePositive = (value: number) => Number.isInteger(value) && value > 0;
  if (nearDuplicates && !(wholePositive(nearDuplicates.bands) && wholePositive(nearDuplicates.rows))) {
    throw new MatchingError(
      `claim index: nearDuplicates needs whole positive bands and rows, got ${JSON.stringify(nearDuplicates)}`,
    );
  }
  if (!isMatchModel(resolved.model)) {
    throw new MatchingError('claim index: the model names unknown features or lacks a weight per feature');
  }
  return resolved;
}

/** A state for the options, empty but for `claimTerms` (a snapshot's, whose postings the caller adds). */
export function createState(options: ClaimIndexOptions, claimTerms = new ClaimTerms()): IndexState {
  const { nearDuplicates } = options;
  const fields: [FieldPostings, FieldPostings] = [new FieldPostings(), new FieldPostings()];
  const idfCache = new IdfCache();
  return {
    options,
    ids: [],
    positions: new Map(),
    claimTerms,
    fields,
    lsh: nearDuplicates ? new LshTable(nearDuplicates.bands) : null,
    bandHasher: nearDuplicates ? createBandHasher(nearDuplicates) : null,
    lastBands: null,
    accumulator: new Accumulator(),
    memo: new TokenMemo(options.text.stemmer),
    idfCache,
    scratch: new QueryScratch(options.model),
    statistics: new CollectionStatistics(fields, claimTerms, idfCache, options),
  };
}

/**
 * Collection statistics the features read, as of now: the index's one statistics object, brought up
 * to date when claims were added since it was last read. Take them anew after adding claims.
 */
export function statisticsOf(state: IndexState): IndexStatistics {
  const { statistics } = state;
  return statistics.claims === state.claimTerms.count ? statistics : statistics.refresh();
}

/** Gives the claim stored as `id` the id `newId`. */
export function renameClaim(state: IndexState, id: string, newId: string): void {
  const index = state.positions.get(id);
  if (index === undefined) throw new MatchingError(`claim index: no stored claim has id "${id}"`);
  if (state.positions.has(newId)) {
    throw new MatchingError(`claim index: id "${newId}" is already stored; give each claim its own id`);
  }
  state.positions.delete(id);
  state.positions.set(newId, index);
  state.ids[index] = newId;
}

/** Stores one claim in every structure of the state. */
export function addClaim(
  state: IndexState,
  id: string,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
): void {
  if (state.positions.has(id)) {
    throw new MatchingError(`claim index: id "${id}" is already stored; give each claim its own id`);
  }
  if (state.ids.length >= MAX_CLAIMS) {
    throw new MatchingError(`claim index: an index holds at most ${MAX_CLAIMS} claims; split the collection`);
  }
  const { body, title, given } = preparedFor(text, extras, state.options.text, state.memo);
  const { claimTerms } = state;
  const textIds = body.terms.map((term) => claimTerms.intern(term));
  const titleIds = title.terms.map((term) => claimTerms.intern(term));
  const index = claimTerms.append(
    textIds,
    markGiven(body.entity, body.terms, given),
    titleIds,
    markGiven(title.entity, title.terms, given),
  );
  state.fields[0].add(index, textIds);
  state.fields[1].add(index, titleIds);
  if (state.lsh && state.bandHasher) state.lsh.add(index, bandKeys(state, claimTerms.textShingles(index)));
  state.ids.push(id);
  state.positions.set(id, index);
}

/** The entity flags of `terms`, with the given names' terms marked as names too. */
function markGiven(
  flags: readonly boolean[],
  terms: readonly string[],
  given: ReadonlySet<string>,
): boolean[] {
  return flags.map((flag, index) => flag || given.has(terms[index] as string));
}

/** The LSH band keys of `shingles` (sorted, distinct), hashed anew unless they were hashed last. */
export function bandKeys(state: IndexState, shingles: Uint32Array): Uint32Array {
  const last = state.lastBands;
  if (last && sameValues(last.shingles, shingles)) return last.keys;
  const keys = (state.bandHasher as (shingles: Uint32Array) => Uint32Array)(shingles);
  state.lastBands = { shingles, keys };
  return keys;
}

function sameValues(left: Uint32Array, right: Uint32Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) return false;
  return true;
}
