import type { IndexState } from './claim-index.ts';
import { stemmerFor } from './stemmer.ts';
import { type AnalyzedText, segmentWord } from './text.ts';

/**
 * Adds, after each query word the index does not know, the known terms it is made of when it splits
 * cleanly: hashtags written in lower case ("#capetownstorm") and compounds ("cornflakes") then match
 * claims that spell the words apart. `termIds` are the index's ids of `analyzed.terms`, -1 when
 * unknown; the ids of the terms returned come with them.
 */
function splitUnknownWords(
  state: IndexState,
  analyzed: AnalyzedText,
  termIds: Int32Array,
): { analyzed: AnalyzedText; termIds: Int32Array } {
  const { claimTerms, fields } = state;
  // The pieces tried are slices of words no claim has, nearly all seen once: stemmed without the
  // memo, they do not fill it with entries read again only by chance.
  const stem = stemmerFor(state.memo.stemmer);
  const result: AnalyzedText = { terms: [], entity: [], source: [], words: [] };
  // The ids of the terms kept as they are were looked up already; only the pieces are looked up anew.
  const ids: number[] = [];
  const frequency = (piece: string) => {
    const termId = claimTerms.lookup(piece);
    return termId === -1 ? 0 : fields[0].documentFrequency(termId) + fields[1].documentFrequency(termId);
  };
  const { terms, words, entity, source } = analyzed;
  for (let position = 0; position < terms.length; position += 1) {
    const term = terms[position] as string;
    const termId = termIds[position] as number;
    const isEntity = entity[position] === true;
    const from = source[position] ?? 'body';
    result.terms.push(term);
    result.entity.push(isEntity);
    result.source.push(from);
    result.words.push(term);
    ids.push(termId);
    if (termId !== -1) continue;
    const pieces = segmentWord(words[position] ?? term, stem, frequency);
    if (pieces === null) continue;
    for (const piece of pieces) {
      result.terms.push(piece);
      result.entity.push(isEntity);
      result.source.push(from);
      result.words.push(piece);
      ids.push(claimTerms.lookup(piece));
    }
  }
  return { analyzed: result, termIds: Int32Array.from(ids) };
}

/**
 * The query's terms, with words the index does not know split into known ones when the options ask
 * for it, and the index's id of each term (-1 when unknown). Most queries hold no unknown word: they
 * are read as they are, without a copy, and each term is looked up once.
 */
export function queryTerms(
  state: IndexState,
  combined: AnalyzedText,
): { analyzed: AnalyzedText; termIds: Int32Array } {
  const { claimTerms } = state;
  const { terms } = combined;
  const termIds = new Int32Array(terms.length);
  let unknown = false;
  for (let position = 0; position < terms.length; position += 1) {
    const termId = claimTerms.lookup(terms[position] as string);
    termIds[position] = termId;
    if (termId === -1) unknown = true;
  }
  if (!state.options.text.segmentWords || !unknown) return { analyzed: combined, termIds };
  return splitUnknownWords(state, combined, termIds);
}
