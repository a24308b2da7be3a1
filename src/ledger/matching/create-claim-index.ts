import {
  addClaim,
  type ClaimExtras,
  type ClaimIndex,
  type ClaimIndexOptions,
  createState,
  type IndexState,
  renameClaim,
  resolveOptions,
  type SerializedClaimIndex,
} from './claim-index.ts';
import { ClaimTerms } from './claim-terms.ts';
import { MatchingError } from './errors.ts';
import { decodeTypedArray, encodeTypedArray } from './growable.ts';
import { joinQueryState } from './join-query.ts';
import { LshTable } from './minhash.ts';
import { isMatchModel } from './model.ts';
import { prepareClaim } from './prepared.ts';
import { compareState, describeQueryState, queryState, scanState, storedTermsState } from './query.ts';

function facade(state: IndexState): ClaimIndex {
  return {
    options: state.options,
    get size() {
      return state.ids.length;
    },
    prepare: (text, extras = {}) => prepareClaim(text, extras, state.options.text, undefined, state.memo),
    add: (id, text, extras) => addClaim(state, id, text, extras),
    has: (id) => state.positions.has(id),
    rename: (id, newId) => renameClaim(state, id, newId),
    query: (text, extras, limit, options = {}) =>
      queryState(state, text, extras, limit, {
        either: options.minimumCoverage ?? 0,
        each: options.minimumCoverageEachSide ?? 0,
      }),
    joinDecision: (text, query) => joinQueryState(state, text, query),
    scan: (text, extras, limit) => scanState(state, text, extras, limit),
    compare: (text, id, extras) => compareState(state, text, id, extras),
    describeQuery: (text, extras, against) => describeQueryState(state, text, extras, against),
    storedTerms: (id) => storedTermsState(state, id),
    statistics: () => ({
      claims: state.ids.length,
      terms: state.claimTerms.terms.length,
      bytes:
        state.claimTerms.byteLength() +
        state.fields[0].byteLength() +
        state.fields[1].byteLength() +
        (state.lsh?.byteLength() ?? 0) +
        state.accumulator.scores.byteLength,
    }),
    toJSON: () => serialize(state),
  };
}

/**
 * Creates an empty claim index: BM25 over claim text and title, MinHash LSH for near-duplicates,
 * and a logistic re-ranker whose probability is each candidate's score.
 *
 * @example
 * const index = createClaimIndex();
 * index.add('c1', 'The unemployment rate fell to 3.5% in 2019.', { title: 'Unemployment at a 50-year low?' });
 * index.query('unemployment dropped to 3.5 percent in 2019', {}, 5); // [{ id: 'c1', score: 0.9, signals }]
 */
export function createClaimIndex(options: Partial<ClaimIndexOptions> = {}): ClaimIndex {
  return facade(createState(resolveOptions(options)));
}

/** Adds many claims in order; the same as calling `add` for each. */
export function addClaims(
  index: ClaimIndex,
  claims: Iterable<{ id: string; text: string; extras?: ClaimExtras }>,
): void {
  for (const claim of claims) index.add(claim.id, claim.text, claim.extras);
}

function serialize(state: IndexState): SerializedClaimIndex {
  const { claimTerms } = state;
  return {
    schema: 'claimtrail.claim-index/1',
    options: state.options,
    ids: [...state.ids],
    terms: [...claimTerms.terms],
    tokens: encodeTypedArray(claimTerms.tokens.view()),
    entity: encodeTypedArray(claimTerms.entity.view()),
    starts: encodeTypedArray(claimTerms.starts.view()),
    titleStarts: encodeTypedArray(claimTerms.titleStarts.view()),
    bandKeys: state.lsh ? encodeTypedArray(state.lsh.keys()) : null,
  };
}

/**
 * Rebuilds an index from `toJSON()` output without re-reading any text: the vocabulary and term ids
 * are restored as they were, postings are re-derived from them in claim order, and LSH buckets from
 * the stored band keys, so every query gives the same results as before. Options may be overridden
 * (a new model, say) as long as the text options stay the same.
 */
export function claimIndexFromJSON(
  snapshot: SerializedClaimIndex,
  overrides: Partial<Omit<ClaimIndexOptions, 'text'>> = {},
): ClaimIndex {
  if (snapshot?.schema !== 'claimtrail.claim-index/1') {
    throw new MatchingError(
      `claim index: cannot read a snapshot with schema "${String(snapshot?.schema)}"; expected claimtrail.claim-index/1`,
    );
  }
  if (!isMatchModel(overrides.model ?? snapshot.options.model)) {
    throw new MatchingError('claim index: the snapshot model names unknown features or lacks weights');
  }
  const options = resolveOptions({ ...snapshot.options, ...overrides });
  const tokens = decodeTypedArray(Int32Array, snapshot.tokens);
  const entity = decodeTypedArray(Uint8Array, snapshot.entity);
  const starts = decodeTypedArray(Uint32Array, snapshot.starts);
  const titleStarts = decodeTypedArray(Uint32Array, snapshot.titleStarts);
  if (
    starts.length !== snapshot.ids.length ||
    titleStarts.length !== starts.length ||
    entity.length !== tokens.length
  ) {
    throw new MatchingError('claim index: the snapshot arrays disagree in length; it is damaged');
  }
  const claimTerms = new ClaimTerms({ terms: snapshot.terms, tokens, entity, starts, titleStarts });
  const state = createState(options, claimTerms);
  snapshot.ids.forEach((id, index) => {
    const view = claimTerms.view(index);
    state.fields[0].add(index, view.text);
    state.fields[1].add(index, view.title);
    state.ids.push(id);
    state.positions.set(id, index);
  });
  const bands = options.nearDuplicates;
  if (bands && state.bandHasher) {
    const sameBands = JSON.stringify(bands) === JSON.stringify(snapshot.options.nearDuplicates);
    if (sameBands && snapshot.bandKeys) {
      state.lsh = LshTable.fromKeys(bands.bands, decodeTypedArray(Uint32Array, snapshot.bandKeys));
    } else {
      const lsh = new LshTable(bands.bands);
      for (let index = 0; index < claimTerms.count; index += 1) {
        lsh.add(index, state.bandHasher(claimTerms.textShingles(index)));
      }
      state.lsh = lsh;
    }
  }
  return facade(state);
}
