import {
  type ClaimExtras,
  type IndexState,
  type MatchCandidate,
  type QueryTerm,
  statisticsOf,
} from './claim-index.ts';
import { MatchingError } from './errors.ts';
import { createFeatureScorer, type FeatureScorer, type Features, type QueryProfile } from './features.ts';
import { createForwardScorer, runFirstStage } from './first-stage.ts';
import { shingleHashes, termHash } from './minhash.ts';
import { matchProbability } from './model.ts';
import { bm25Idf } from './postings.ts';
import { type PreparedClaim, preparedFor } from './prepared.ts';
import { type AnalyzedText, segmentWord } from './text.ts';

/**
 * Adds, after each query word the index does not know, the known terms it is made of when it splits
 * cleanly: hashtags written in lower case ("#capetownstorm") and compounds ("cornflakes") then match
 * claims that spell the words apart.
 */
function splitUnknownWords(state: IndexState, analyzed: AnalyzedText): AnalyzedText {
  const { claimTerms, fields } = state;
  // Most queries hold no unknown word: they are read as they are, without a copy.
  if (!state.options.text.segmentWords || analyzed.terms.every((term) => claimTerms.lookup(term) !== -1)) {
    return analyzed;
  }
  const { stem } = state.memo;
  const frequency = (term: string) => {
    const termId = claimTerms.lookup(term);
    return termId === -1 ? 0 : fields[0].documentFrequency(termId) + fields[1].documentFrequency(termId);
  };
  const result: AnalyzedText = { terms: [], entity: [], source: [], words: [] };
  analyzed.terms.forEach((term, position) => {
    const word = analyzed.words[position] ?? term;
    const pieces = claimTerms.lookup(term) === -1 ? segmentWord(word, stem, frequency) : null;
    for (const piece of [term, ...(pieces ?? [])]) {
      result.terms.push(piece);
      result.entity.push(analyzed.entity[position] === true);
      result.source.push(analyzed.source[position] ?? 'body');
      result.words.push(piece);
    }
  });
  return result;
}

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
  const analyzed = splitUnknownWords(state, prepared.combined);
  const { given } = prepared;
  const { claimTerms, fields } = state;
  const claims = Math.max(claimTerms.count, 1);
  const shingles = shingleHashes(
    analyzed.terms.map((term) => {
      const termId = claimTerms.lookup(term);
      return termId === -1 ? termHash(term) : (claimTerms.termHashes.values[termId] as number);
    }),
  );
  const profile: QueryProfile = {
    termIds: [],
    termCounts: [],
    idfs: [],
    termSet: new Set(),
    idfMass: 0,
    shingles,
    shingleSet: new Set(shingles),
    numberIds: new Set(),
    unknownNumbers: 0,
    entityIds: new Set(),
    unknownEntities: 0,
    length: analyzed.terms.length,
  };
  const positions = new Map<string, number>();
  const unknown = new Set<string>();
  analyzed.terms.forEach((term, position) => {
    const termId = claimTerms.lookup(term);
    const isNumber = /^\d/.test(term);
    const isEntity = analyzed.entity[position] === true || given.has(term);
    if (termId === -1) {
      if (unknown.has(term)) return;
      unknown.add(term);
      const idf = bm25Idf(claims, 0);
      profile.idfMass += idf;
      if (isNumber) profile.unknownNumbers += 1;
      else if (isEntity) profile.unknownEntities += 1;
      described?.push({ term, known: false, idf, source: analyzed.source[position] ?? 'body' });
      return;
    }
    if (isNumber) profile.numberIds.add(termId);
    else if (isEntity) profile.entityIds.add(termId);
    const seen = positions.get(term);
    if (seen !== undefined) {
      profile.termCounts[seen] = (profile.termCounts[seen] as number) + 1;
      return;
    }
    const idf = bm25Idf(
      claims,
      Math.max(fields[0].documentFrequency(termId), fields[1].documentFrequency(termId)),
    );
    positions.set(term, profile.termIds.length);
    profile.termIds.push(termId);
    profile.termCounts.push(1);
    profile.idfs.push(idf);
    profile.termSet.add(termId);
    profile.idfMass += idf;
    described?.push({ term, known: true, idf, source: analyzed.source[position] ?? 'body' });
  });
  return profile;
}

interface Standing {
  score: number;
  best: number;
  maximum: number;
  rank: number;
  nearDuplicate: boolean;
}

function candidateOf(
  state: IndexState,
  scoreFeatures: FeatureScorer,
  index: number,
  standing: Standing,
): MatchCandidate {
  const { score } = standing;
  const features = scoreFeatures(state.claimTerms.span(index), {
    score,
    bestScore: standing.best,
    maximumScore: standing.maximum,
    rank: standing.rank,
  });
  const probability = matchProbability(state.options.model, features);
  return {
    id: state.ids[index] as string,
    score: probability,
    signals: Object.assign(features, { firstStage: score, nearDuplicate: standing.nearDuplicate }),
  };
}

/** Claims sharing a MinHash band with the query's shingles. */
function nearDuplicatesOf(state: IndexState, profile: QueryProfile): Set<number> {
  const found = new Set<number>();
  if (state.lsh && state.bandHasher && profile.shingles.length > 0) {
    state.lsh.forEachCandidate(state.bandHasher(profile.shingles), (index) => found.add(index));
  }
  return found;
}

/**
 * The near-duplicates outside the pool worth the model's time: all of them when few, else the `most`
 * with the highest first-stage score. A claim told in near-identical words by thousands of outlets
 * puts thousands of claims in one LSH bucket; they match the query alike, and scoring every one cost
 * tens of milliseconds where the first stage costs one or two.
 */
function nearDuplicatesBeyond(
  pool: ReadonlyMap<number, number>,
  nearDuplicates: ReadonlySet<number>,
  scoreOf: (index: number) => number,
  most: number,
): number[] {
  const outside = [...nearDuplicates].filter((index) => !pool.has(index)).sort((a, b) => a - b);
  if (outside.length <= most) return outside;
  const scores = new Map(outside.map((index) => [index, scoreOf(index)]));
  return outside
    .sort((a, b) => (scores.get(b) as number) - (scores.get(a) as number) || a - b)
    .slice(0, most)
    .sort((a, b) => a - b);
}

/**
 * The ranked candidates for a query: the first stage's best `options.candidates` claims and the
 * near-duplicates from the LSH table it ranked lower (the best `options.candidates` of those by
 * first-stage score), each scored by the model; ties go to the higher first-stage score, then to the
 * claim stored first.
 */
export function queryState(
  state: IndexState,
  text: string | PreparedClaim,
  extras: ClaimExtras = {},
  limit = 10,
): MatchCandidate[] {
  if (state.claimTerms.count === 0 || limit <= 0) return [];
  const profile = profileQuery(state, text, extras);
  const { pool, maximum, scoreOf } = runFirstStage(state, profile, state.options.candidates);
  const nearDuplicates = nearDuplicatesOf(state, profile);
  const ranks = new Map(pool.map((index, rank) => [index, rank]));
  for (const index of nearDuplicatesBeyond(ranks, nearDuplicates, scoreOf, state.options.candidates)) {
    ranks.set(index, pool.length);
  }
  const best = pool.length > 0 ? scoreOf(pool[0] as number) : 0;
  const scoreFeatures = createFeatureScorer(profile, statisticsOf(state));
  // Every candidate is scored, but only the `limit` returned become candidate records: a query with
  // thousands of near-duplicates would otherwise build as many records to throw away.
  const indexes = [...ranks.keys()];
  const firstStages = new Float64Array(indexes.length);
  const probabilities = new Float64Array(indexes.length);
  const features = indexes.map((index, position) => {
    const score = scoreOf(index);
    const found = scoreFeatures(state.claimTerms.span(index), {
      score,
      bestScore: best,
      maximumScore: maximum,
      rank: ranks.get(index) as number,
    });
    firstStages[position] = score;
    probabilities[position] = matchProbability(state.options.model, found);
    return found;
  });
  const order = Array.from(indexes.keys()).sort(
    (a, b) =>
      (probabilities[b] as number) - (probabilities[a] as number) ||
      (firstStages[b] as number) - (firstStages[a] as number) ||
      (indexes[a] as number) - (indexes[b] as number),
  );
  return order.slice(0, limit).map((position) => {
    const index = indexes[position] as number;
    return {
      id: state.ids[index] as string,
      score: probabilities[position] as number,
      signals: Object.assign(features[position] as Features, {
        firstStage: firstStages[position] as number,
        nearDuplicate: nearDuplicates.has(index),
      }),
    };
  });
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
  const nearDuplicate = nearDuplicatesOf(state, profile).has(index);
  const rank = poolRank === -1 ? pool.length : poolRank;
  const standing = { score: scoreOf(index), best, maximum, rank, nearDuplicate };
  return candidateOf(state, createFeatureScorer(profile, statisticsOf(state)), index, standing);
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
  const terms = new Map(
    profile.termIds.map((termId) => {
      const weights = [0, 1].map((field) => {
        const frequency = state.fields[field as 0 | 1].documentFrequency(termId);
        return frequency > 0 ? (fieldWeights[field] as number) * bm25Idf(claims, frequency) : 0;
      }) as [number, number];
      return [termId, weights];
    }),
  );
  let maximum = 0;
  for (const [first, second] of terms.values()) maximum += (first + second) * (state.options.k1 + 1);
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
