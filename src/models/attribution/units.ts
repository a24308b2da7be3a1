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
  return groups.map(unitOf);
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (text.charCodeAt(index) === 10) return true;
  return false;
}

function unitOf(sentences: Sentence[]): TaggingUnit {
  let count = 0;
  for (const sentence of sentences) count += sentence.tokens.length;
  const tokens: Token[] = new Array(count);
  const sentenceOfToken = new Int32Array(count);
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
