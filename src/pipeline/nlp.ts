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

/** The longest run of non-space characters wink reads as one piece; longer runs are cut into such pieces. */
export const LONGEST_RUN = 256;

/**
 * The text as wink is given it: every run of more than LONGEST_RUN non-space characters has each
 * (LONGEST_RUN + 1)th character replaced by a space. The English model tests each token with a
 * regular expression whose cost grows with the square of the token's length (a 100,000-letter token
 * took 11 s, a 1 MB one would take minutes); no word or URL in an article comes near the limit, and the
 * length stays the same, so every offset still points into the original text.
 */
function cutLongRuns(text: string): string {
  let pieces: string[] | null = null;
  let from = 0;
  let run = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // The whitespace wink splits on: ASCII spaces and controls, no-break and other Unicode spaces.
    const space =
      code <= 0x20 ||
      code === 0xa0 ||
      code === 0x1680 ||
      (code >= 0x2000 && code <= 0x200a) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x202f ||
      code === 0x205f ||
      code === 0x3000;
    if (space) {
      run = 0;
    } else if (run === LONGEST_RUN) {
      pieces ??= [];
      pieces.push(text.slice(from, index), ' ');
      from = index + 1;
      run = 0;
    } else {
      run += 1;
    }
  }
  if (!pieces) return text;
  pieces.push(text.slice(from));
  return pieces.join('');
}

/**
 * Reads text with wink-nlp and gives tokens with character offsets. wink keeps each token's preceding
 * whitespace, so offsets are the running sum of whitespace and token lengths.
 */
export function readWithWink(original: string): WinkReading {
  const text = cutLongRuns(original);
  // Same length, so tokens read from `text` have the offsets they have in `original`.
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
