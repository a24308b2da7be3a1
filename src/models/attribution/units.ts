import type { Doc, Sentence, Token } from '../../core/types.ts';

/**
 * The stretch of text the tagger reads at once: a paragraph, i.e. the sentences between two line
 * breaks. Quoted contents often run over several sentences but rarely past a paragraph break, so a
 * paragraph lets one decoding cover them whole.
 */
export interface TaggingUnit {
  tokens: Token[];
  /** For each token, the position in `sentences` of the sentence it belongs to. */
  sentenceOfToken: Int32Array;
  /** The doc's sentences in this unit, in reading order. */
  sentences: Sentence[];
}

/**
 * Groups the doc's sentences into paragraphs: a new unit starts after a line break, or once a unit holds
 * `maxTokens` tokens, which bounds decoding cost on text without paragraph breaks.
 */
export function taggingUnits(doc: Doc, maxTokens = 400): TaggingUnit[] {
  const groups: Sentence[][] = [];
  let current: Sentence[] = [];
  let size = 0;
  let previousEnd = -1;
  for (const sentence of doc.sentences) {
    const breaksParagraph = previousEnd >= 0 && lineBreakBetween(doc.text, previousEnd, sentence.start);
    if (current.length > 0 && (breaksParagraph || size + sentence.tokens.length > maxTokens)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(sentence);
    size += sentence.tokens.length;
    previousEnd = sentence.end;
  }
  if (current.length > 0) groups.push(current);
  // One array for the whole doc, each unit a view of it: a typed array apiece costs more to allocate.
  let total = 0;
  for (const sentence of doc.sentences) total += sentence.tokens.length;
  const sentenceOfTokens = new Int32Array(total);
  let offset = 0;
  return groups.map((sentences) => {
    const unit = unitOf(sentences, sentenceOfTokens.subarray(offset));
    offset += unit.tokens.length;
    return unit;
  });
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (text.charCodeAt(index) === 10) return true;
  return false;
}

function unitOf(sentences: Sentence[], memory: Int32Array): TaggingUnit {
  let count = 0;
  for (const sentence of sentences) count += sentence.tokens.length;
  const tokens: Token[] = new Array(count);
  const sentenceOfToken = memory.subarray(0, count);
  let offset = 0;
  sentences.forEach((sentence, position) => {
    for (const token of sentence.tokens) {
      tokens[offset] = token;
      sentenceOfToken[offset] = position;
      offset += 1;
    }
  });
  return { tokens, sentenceOfToken, sentences };
}
