import {
  type ClaimExtras,
  type IndexState,
  type MatchCandidate,
  type QueryTerm,
  statisticsOf,
} from './claim-index.ts';
import { MatchingError } from './errors.ts';
import {
  type CoverageFloor,
  createFeatureScorer,
  FEATURE_COUNT,
  NO_COVERAGE_FLOOR,
  type QueryProfile,
} from './features.ts';
import { createForwardScorer, runFirstStage } from './first-stage.ts';
import { shingleHashes, termHash } from './minhash.ts';
import { matchProbability, vectorProbability } from './model.ts';
import { addNearDuplicatesBeyond, nearDuplicatesInto, sortedHas } from './near-duplicates.ts';
import { bm25Idf } from './postings.ts';
import { type PreparedClaim, preparedFor } from './prepared.ts';
import { type QueryScratch, rankedBefore } from './query-scratch.ts';
import { queryTerms } from './query-terms.ts';

/**
 * Analyzes a query once: distinct known term ids with their counts and idf, word-pair shingles,
 * numbers and names. When `described` is given, every distinct term is also listed there.
 */
export function profileQuery(
  state: IndexState,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
  described?: QueryTerm[],
): QueryProfile {
  const prepared = preparedFor(text, extras, state.options.text, state.memo);
  const { analyzed, termIds } = queryTerms(state, prepared.combined);
  const { given } = prepared;
  const { claimTerms } = state;
  const claims = Math.max(claimTerms.count, 1);
  // The idfs the features read later for the same terms: each logarithm is taken once per size.
  const statistics = statisticsOf(state);
  const termHashes = claimTerms.termHashes.values;
  const hashes = new Uint32Array(analyzed.terms.length);
  for (let position = 0; position < hashes.length; position += 1) {
    const termId = termIds[position] as number;
    hashes[position] =
      termId === -1 ? termHash(analyzed.terms[position] as string) : (termHashes[termId] as number);
  }
  const shingles = shingleHashes(hashes);
  const profile: QueryProfile = {
    termIds: [],
    termCounts: [],
    idfs: [],
    idfMass: 0,
    shingles,
    numberIds: [],
    unknownNumbers: 0,
    entityIds: [],
    unknownEntities: 0,
    length: analyzed.terms.length,
    wordIds: [],
    wordMass: 0,
  };
  // A query has tens of terms: lists scanned for the ones seen before cost less than a Set and a Map.
  const unknown: string[] = [];
  // A term written as a name anywhere in the query is no word of it, where it opens a sentence too.
  const writtenAsNames = analyzed.terms.filter((_, position) => analyzed.entity[position] === true);
  analyzed.terms.forEach((term, position) => {
    const termId = termIds[position] as number;
    const first = term.charCodeAt(0);
    const isNumber = first >= 48 && first <= 57;
    const isEntity = analyzed.entity[position] === true || given.has(term);
    const isWord = !isNumber && !isEntity && !writtenAsNames.includes(term);
    if (termId === -1) {
      if (unknown.includes(term)) return;
      unknown.push(term);
      const idf = bm25Idf(claims, 0);
      profile.idfMass += idf;
      if (isWord) profile.wordMass += idf;
      if (isNumber) profile.unknownNumbers += 1;
      else if (isEntity) profile.unknownEntities += 1;
      described?.push({ term, known: false, idf, source: analyzed.source[position] ?? 'body' });
      return;
    }
    if (isNumber) {
      if (!profile.numberIds.includes(termId)) profile.numberIds.push(termId);
    } else if (isEntity && !profile.entityIds.includes(termId)) profile.entityIds.push(termId);
    if (isWord && !profile.wordIds.includes(termId)) {
      profile.wordIds.push(termId);
      profile.wordMass += statistics.anyIdf(termId);
    }
    const seen = profile.termIds.indexOf(termId);
    if (seen !== -1) {
      profile.termCounts[seen] = (profile.termCounts[seen] as number) + 1;
      return;
    }
    const idf = statistics.anyIdf(termId);
    profile.termIds.push(termId);
    profile.termCounts.push(1);
    profile.idfs.push(idf);
    profile.idfMass += idf;
    described?.push({ term, known: true, idf, source: analyzed.source[position] ?? 'body' });
  });
  return profile;
}

/**
 * A returned candidate's signals: the features at `offset` of a vector in `FEATURE_NAMES` order, then
 * the first-stage score and the near-duplicate flag. Written out as one literal, the record is made in
 * one piece rather than grown a property at a time.
 */
export function signalsAt(
  vector: Float64Array,
  offset: number,
  firstStage: number,
  nearDuplicate: boolean,
): MatchCandidate['signals'] {
  return {
    bm25: vector[offset] as number,
    bm25Relative: vector[offset + 1] as number,
    reciprocalRank: vector[offset + 2] as number,
    textScore: vector[offset + 3] as number,
    titleScore: vector[offset + 4] as number,
    queryCoverage: vector[offset + 5] as number,
    claimCoverage: vector[offset + 6] as number,
    titleCoverage: vector[offset + 7] as number,
    bigramOverlap: vector[offset + 8] as number,
    shingleJaccard: vector[offset + 9] as number,
    sharedNumbers: vector[offset + 10] as number,
    numberConflict: vector[offset + 11] as number,
    missingNumbers: vector[offset + 12] as number,
    entityCoverage: vector[offset + 13] as number,
    missingEntities: vector[offset + 14] as number,
    queryEntityCoverage: vector[offset + 15] as number,
    queryLength: vector[offset + 16] as number,
    claimLength: vector[offset + 17] as number,
    sharedWordsLow: vector[offset + 18] as number,
    sharedWordsHigh: vector[offset + 19] as number,
    namesOnly: vector[offset + 20] as number,
    sharedTerms: vector[offset + 21] as number,
    firstStage,
    nearDuplicate,
  };
}

/** Refuses a share of words outside 0..1, naming the option it came from. */
export function checkShare(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new MatchingError(`claim index: ${name} must be between 0 and 1, got ${value}`);
  }
}

/** How many candidates `gatherCandidates` wrote, and how many near-duplicates the LSH table gave. */
export interface GatheredCandidates {
  count: number;
  nearDuplicates: number;
}

/**
 * Writes a query's candidates to the scratch arrays: the first stage's best `options.candidates`
 * claims and the near-duplicates it ranked lower (the best `options.candidates` of those), with their
 * first-stage scores and ranks, and the query's best and highest reachable score in
 * `scratch.firstStage`.
 */
export function gatherCandidates(
  state: IndexState,
  profile: QueryProfile,
  scratch: QueryScratch,
): GatheredCandidates {
  const { pool, poolScores, maximum, scoresInto } = runFirstStage(
    state,
    profile,
    state.options.candidates,
    scratch.forward,
  );
  const nearDuplicates = nearDuplicatesInto(state, profile, scratch);
  scratch.reserve(pool.length + nearDuplicates, pool.length + state.options.candidates);
  for (let rank = 0; rank < pool.length; rank += 1) {
    scratch.indexes[rank] = pool[rank] as number;
    scratch.firstStages[rank] = poolScores[rank] as number;
    scratch.ranks[rank] = rank;
  }
  const count = addNearDuplicatesBeyond(scratch, pool, nearDuplicates, scoresInto, state.options.candidates);
  scratch.firstStage.bestScore = pool.length > 0 ? (poolScores[0] as number) : 0;
  scratch.firstStage.maximumScore = maximum;
  return { count, nearDuplicates };
}

/**
 * The ranked candidates for a query: the first stage's best `options.candidates` claims and the
 * near-duplicates from the LSH table it ranked lower (the best `options.candidates` of those by
 * first-stage score), each scored by the model; ties go to the higher first-stage score, then to the
 * claim stored first. Features are written to the index's scratch vectors: only the `limit` returned
 * become candidate records. Candidates that share fewer informative words than `sharing` asks are
 * dropped before they are scored.
 */
export function queryState(
  state: IndexState,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
  limit = 10,
  sharing: CoverageFloor = NO_COVERAGE_FLOOR,
): MatchCandidate[] {
  checkShare('minimumCoverage', sharing.either);
  checkShare('minimumCoverageEachSide', sharing.each);
  if (state.claimTerms.count === 0 || limit <= 0) return [];
  const profile = profileQuery(state, text, extras);
  const scratch = state.scratch.take();
  try {
    const { count, nearDuplicates } = gatherCandidates(state, profile, scratch);
    const { indexes, firstStages, ranks, probabilities, vectors, span, firstStage, order } = scratch;
    const writer = scratch.writer.prepare(profile, statisticsOf(state), sharing);
    let kept = 0;
    for (let position = 0; position < count; position += 1) {
      firstStage.score = firstStages[position] as number;
      firstStage.rank = ranks[position] as number;
      const offset = position * FEATURE_COUNT;
      const written = writer.write(
        state.claimTerms.spanInto(indexes[position] as number, span),
        firstStage,
        vectors,
        offset,
      );
      if (!written) continue;
      probabilities[position] = vectorProbability(scratch.model, vectors, offset);
      order[kept] = position;
      kept += 1;
    }
    const ranked = order
      .subarray(0, kept)
      .sort((a, b) => rankedBefore(probabilities, firstStages, indexes, b, a));
    const results: MatchCandidate[] = [];
    for (let position = 0; position < Math.min(limit, kept); position += 1) {
      const at = ranked[position] as number;
      const index = indexes[at] as number;
      const signals = signalsAt(
        vectors,
        at * FEATURE_COUNT,
        firstStages[at] as number,
        sortedHas(scratch.nearDuplicates, nearDuplicates, index),
      );
      results.push({ id: state.ids[index] as string, score: probabilities[at] as number, signals });
    }
    return results;
  } finally {
    scratch.release();
  }
}

function positionOf(state: IndexState, id: string): number {
  const index = state.positions.get(id);
  if (index === undefined) throw new MatchingError(`claim index: no stored claim has id "${id}"`);
  return index;
}

/** One stored claim's candidate record for a query, found by the first stage or not. */
export function compareState(
  state: IndexState,
  text: string | PreparedClaim,
  id: string,
  extras: ClaimExtras = {},
): MatchCandidate {
  const index = positionOf(state, id);
  const profile = profileQuery(state, text, extras);
  const { pool, maximum, scoreOf } = runFirstStage(state, profile, state.options.candidates);
  const best = pool.length > 0 ? scoreOf(pool[0] as number) : 0;
  const poolRank = pool.indexOf(index);
  const scratch = state.scratch.take();
  let nearDuplicate: boolean;
  try {
    nearDuplicate = sortedHas(scratch.nearDuplicates, nearDuplicatesInto(state, profile, scratch), index);
  } finally {
    scratch.release();
  }
  const rank = poolRank === -1 ? pool.length : poolRank;
  const score = scoreOf(index);
  const scoreFeatures = createFeatureScorer(profile, statisticsOf(state));
  const features = scoreFeatures(state.claimTerms.span(index), {
    score,
    bestScore: best,
    maximumScore: maximum,
    rank,
  });
  return {
    id: state.ids[index] as string,
    score: matchProbability(state.options.model, features),
    signals: Object.assign(features, { firstStage: score, nearDuplicate }),
  };
}

/** The query's terms, and what each contributes to the claim `against` when given. */
export function describeQueryState(
  state: IndexState,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
  against?: string,
): QueryTerm[] {
  const described: QueryTerm[] = [];
  profileQuery(state, text, extras, described);
  if (against === undefined) return described;
  const view = state.claimTerms.view(positionOf(state, against));
  const { k1, b } = state.options;
  const claims = Math.max(state.claimTerms.count, 1);
  const contribution = (terms: ArrayLike<number>, field: 0 | 1, termId: number) => {
    let frequency = 0;
    for (let position = 0; position < terms.length; position += 1)
      if (terms[position] === termId) frequency += 1;
    if (frequency === 0) return 0;
    const postings = state.fields[field];
    const norm = k1 * (1 - b + (b * terms.length) / postings.averageLength());
    return (bm25Idf(claims, postings.documentFrequency(termId)) * frequency * (k1 + 1)) / (frequency + norm);
  };
  return described.map((entry) => {
    const termId = state.claimTerms.lookup(entry.term);
    const text = termId === -1 ? 0 : contribution(view.text, 0, termId);
    const title = termId === -1 ? 0 : contribution(view.title, 1, termId);
    return { ...entry, contribution: { text, title } };
  });
}

/** A stored claim's terms, text then title. */
export function storedTermsState(state: IndexState, id: string): string[] {
  const view = state.claimTerms.view(positionOf(state, id));
  return [...Array.from(view.text), ...Array.from(view.title)].map(
    (termId) => state.claimTerms.terms[termId] as string,
  );
}

/**
 * Exhaustive ranking: BM25 computed for every stored claim from its terms, and every claim scored by
 * the model, with no posting lists and no candidate pool. Slow by design (linear in the collection):
 * the reference the pooled `query` is checked and benchmarked against.
 */
export function scanState(
  state: IndexState,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
  limit = 10,
): MatchCandidate[] {
  const count = state.claimTerms.count;
  if (count === 0 || limit <= 0) return [];
  const profile = profileQuery(state, text, extras);
  const claims = Math.max(count, 1);
  const fieldWeights = [1, state.options.titleWeight] as const;
  const terms = profile.termIds.map((termId) => {
    const weights = [0, 1].map((field) => {
      const frequency = state.fields[field as 0 | 1].documentFrequency(termId);
      return frequency > 0 ? (fieldWeights[field] as number) * bm25Idf(claims, frequency) : 0;
    }) as [number, number];
    return { termId, weights };
  });
  let maximum = 0;
  for (const { weights } of terms) maximum += (weights[0] + weights[1]) * (state.options.k1 + 1);
  const scores = new Float64Array(count);
  const scoreOf = createForwardScorer(state, terms);
  for (let index = 0; index < count; index += 1) scores[index] = scoreOf(index);
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (left, right) => (scores[right] as number) - (scores[left] as number) || left - right,
  );
  const best = scores[order[0] as number] as number;
  const scoreFeatures = createFeatureScorer(profile, statisticsOf(state));
  const scored = order.map((index, rank) => {
    const features = scoreFeatures(state.claimTerms.span(index), {
      score: scores[index] as number,
      bestScore: best,
      maximumScore: maximum,
      rank,
    });
    return { index, score: matchProbability(state.options.model, features), features };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score || (scores[b.index] as number) - (scores[a.index] as number) || a.index - b.index,
  );
  return scored.slice(0, limit).map(({ index, score, features }) => ({
    id: state.ids[index] as string,
    score,
    signals: { ...features, firstStage: scores[index] as number, nearDuplicate: false },
  }));
}
