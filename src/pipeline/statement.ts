import type { Sentence } from '../core/types.ts';

/** Words of two letters or more a sentence with a verb needs to state anything ("Prices rose."). */
const FEWEST_WORDS = 2;
/**
 * Words enough for a sentence the tagger finds no verb in to be read as a statement all the same:
 * headlines in title case ("Senator Praises Reporter") and verbs read as nouns ("comments signal a
 * turnabout") are tagged without one.
 */
const WORDS_WITHOUT_VERB = 5;
const MARKUP = /<[^>]*>/g;
const WORD = /\p{L}{2,}/gu;

/**
 * Words of two letters or more outside markup, counted up to `enough`: what is past it changes no
 * answer, and most sentences reach it within their first words.
 */
function countWords(text: string, enough: number): number {
  // Only a '<' can open markup; without one the text is read as it is, not copied.
  const readable = text.includes('<') ? text.replace(MARKUP, ' ') : text;
  // Read from the start each time, as `match` would; nothing else uses the expression between.
  WORD.lastIndex = 0;
  let count = 0;
  while (count < enough && WORD.exec(readable) !== null) count += 1;
  return count;
}

/**
 * Whether a sentence can state a claim at all: it has words outside any markup, and a verb unless it
 * has several. A live blog's time stamps ("12:50 p.m.:"), a byline ("― Jane Doe"), a lone name, a
 * poll figure ("Undecided 9%.") and an embed left in the text ('<tweet id="1"><tweet/>.') are not
 * statements, whatever their numbers and names make a check-worthiness model score them.
 *
 * @example
 * isStatement(sentence); // false for "4:15 p.m.:", true for "Prices rose."
 */
export function isStatement(sentence: Sentence): boolean {
  const words = countWords(sentence.text, WORDS_WITHOUT_VERB);
  if (words >= WORDS_WITHOUT_VERB) return true;
  return (
    words >= FEWEST_WORDS && sentence.tokens.some((token) => token.pos === 'VERB' || token.pos === 'AUX')
  );
}
