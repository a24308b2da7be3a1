import type { Sentence, Token } from '../core/types.ts';
import { readWithWink } from './nlp.ts';
import type { Stage } from './stage.ts';

/** The positions where two texts of one length differ, in order. */
function changedPositions(text: string, normalized: string): number[] {
  const positions: number[] = [];
  if (text === normalized) return positions;
  for (let index = 0; index < text.length; index += 1)
    if (text.charCodeAt(index) !== normalized.charCodeAt(index)) positions.push(index);
  return positions;
}

/**
 * Splits the text into sentences and tokens with offsets. wink-nlp handles abbreviations; paragraph
 * breaks (a blank line, or a line break after end punctuation) always end a sentence.
 */
export const sentencesStage: Stage = {
  name: 'sentences',
  after: [],
  run(doc) {
    const reading = readWithWink(doc.normalized);
    // Where wink found every token in place, a token's text is the text's unless it covers a straightened
    // quote, so only those tokens are checked; otherwise every token is.
    const changed =
      reading.inPlace && doc.normalized.length === doc.text.length
        ? changedPositions(doc.text, doc.normalized)
        : null;
    let nextChange = 0;
    const sentences: Sentence[] = [];
    const flush = (words: Token[]) => {
      const head = words[0];
      const tail = words[words.length - 1];
      if (head && tail) {
        sentences.push({
          index: sentences.length,
          start: head.start,
          end: tail.end,
          text: doc.text.slice(head.start, tail.end),
          tokens: words,
        });
      }
    };
    for (const [first, last] of reading.sentences) {
      // Sentences hold no SPACE tokens, so none is made: a line break ends the sentence, other space goes.
      let words: Token[] = [];
      for (let index = first; index <= last; index += 1) {
        const wink = reading.tokens[index];
        if (!wink) continue;
        if (wink.pos === 'SPACE') {
          if (wink.text.includes('\n')) {
            flush(words);
            words = [];
          }
          continue;
        }
        // wink's token is the sentence's token: it read the straightened text, so where the text differs
        // at the token (a curly quote) its text is taken from the text. Set in place rather than spread:
        // `{ ...wink, text }` gave almost every token a hidden class of its own, which made every later
        // read of a token field a slow, megamorphic lookup.
        let check = changed === null;
        if (changed !== null) {
          while (nextChange < changed.length && (changed[nextChange] as number) < wink.start) nextChange += 1;
          check = nextChange < changed.length && (changed[nextChange] as number) < wink.end;
        }
        if (check && !doc.text.startsWith(wink.text, wink.start))
          wink.text = doc.text.slice(wink.start, wink.end);
        words.push(wink);
      }
      flush(words);
    }
    const tagged = reading.entities.map((entity) => ({
      start: reading.tokens[entity.firstToken]?.start ?? 0,
      end: reading.tokens[entity.lastToken]?.end ?? 0,
      tag: entity.type,
    }));
    return { ...doc, sentences, tagged };
  },
};
