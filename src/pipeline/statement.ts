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
 * Whether a sentence can state a claim at all: it has words outside any markup, and a verb unless it
 * has several. A live blog's time stamps ("12:50 p.m.:"), a byline ("― Jane Doe"), a lone name, a
 * poll figure ("Undecided 9%.") and an embed left in the text ('<tweet id="1"><tweet/>.') are not
 * statements, whatever their numbers and names make a check-worthiness model score them.
 *
 * @example
 * isStatement(sentence); // false for "4:15 p.m.:", true for "Prices rose."
 */
export function isStatement(sentence: Sentence): boolean {
  const words = sentence.text.replace(MARKUP, ' ').match(WORD)?.length ?? 0;
  if (words >= WORDS_WITHOUT_VERB) return true;
  return (
    words >= FEWEST_WORDS && sentence.tokens.some((token) => token.pos === 'VERB' || token.pos === 'AUX')
  );
}
