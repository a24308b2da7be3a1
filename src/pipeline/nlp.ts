import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

/** wink-nlp with its English lite model: sentence boundaries, part of speech and date/number entities. */
export const nlp = winkNLP(model, ['sbd', 'pos', 'ner']);
export const its = nlp.its;

/** The universal part-of-speech tags wink assigns, SPACE included. */
export const UNIVERSAL_POS_TAGS = [
  'ADJ',
  'ADP',
  'ADV',
  'AUX',
  'CCONJ',
  'DET',
  'INTJ',
  'NOUN',
  'NUM',
  'PART',
  'PRON',
  'PROPN',
  'PUNCT',
  'SCONJ',
  'SYM',
  'VERB',
  'X',
  'SPACE',
] as const;

export interface WinkToken {
  start: number;
  end: number;
  text: string;
  pos: string;
}

export interface WinkEntity {
  type: string;
  firstToken: number;
  lastToken: number;
}

export interface WinkReading {
  tokens: WinkToken[];
  /** Inclusive token index ranges, one per sentence. */
  sentences: [number, number][];
  entities: WinkEntity[];
}

/**
 * Reads text with wink-nlp and gives tokens with character offsets. wink keeps each token's preceding
 * whitespace, so offsets are the running sum of whitespace and token lengths.
 */
export function readWithWink(text: string): WinkReading {
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const tokens: WinkToken[] = [];
  let cursor = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? '';
    cursor += (spaces[index] ?? '').length;
    // wink reproduces the input exactly; fall back to a search should a token ever differ from the text.
    if (text.startsWith(value, cursor) === false) {
      const found = text.indexOf(value, cursor);
      if (found >= 0) cursor = found;
    }
    tokens.push({ start: cursor, end: cursor + value.length, text: value, pos: tags[index] ?? 'X' });
    cursor += value.length;
  }
  const sentences = doc.sentences().out(its.span) as unknown as [number, number][];
  const entitySpans = doc.entities().out(its.span) as unknown as [number, number][];
  const entityTypes = doc.entities().out(its.type) as unknown as string[];
  const entities: WinkEntity[] = entitySpans.map(([firstToken, lastToken], index) => ({
    type: entityTypes[index] ?? 'UNKNOWN',
    firstToken,
    lastToken,
  }));
  return { tokens, sentences, entities };
}
