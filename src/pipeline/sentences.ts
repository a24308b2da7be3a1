import type { Sentence, Token } from '../core/types.ts';
import { readWithWink } from './nlp.ts';
import type { Stage } from './stage.ts';

/**
 * Splits the text into sentences and tokens with offsets. wink-nlp handles abbreviations; paragraph
 * breaks (a blank line, or a line break after end punctuation) always end a sentence.
 */
export const sentencesStage: Stage = {
  name: 'sentences',
  after: [],
  run(doc) {
    const reading = readWithWink(doc.normalized);
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
        if (!doc.text.startsWith(wink.text, wink.start)) wink.text = doc.text.slice(wink.start, wink.end);
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
