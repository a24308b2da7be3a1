import type { Doc, Token } from '../core/types.ts';
import { attributionLexicon, entityWords } from './lexicons.ts';

const timeWords = new Set([
  ...entityWords.weekdays,
  ...entityWords.months,
  ...attributionLexicon.timeWords.map((word) => word.toLowerCase()),
]);
const timeLeaders = new Set(attributionLexicon.timeLeaders.map((word) => word.toLowerCase()));

/**
 * The last token of a source phrase once a time phrase at its end is left out: "the ministry on
 * Tuesday evening" and "police last week" end at "ministry" and "police". The time words, the numbers
 * among them ("March 3") and the words that lead them in ("on", "last", "the") are dropped. A phrase
 * of several words whose word before the time is a proper noun that ends no named entity is a name
 * holding a day, as in "The Mail on Sunday", and stays whole.
 */
export function endBeforeTime(doc: Doc, tokens: Token[], first: number, last: number): number {
  let cut = last;
  while (
    cut > first &&
    (timeWords.has((tokens[cut] as Token).normal) || (tokens[cut] as Token).pos === 'NUM')
  ) {
    cut -= 1;
  }
  const timed = tokens.slice(cut + 1, last + 1).some((token) => timeWords.has(token.normal));
  if (!timed) return last;
  while (cut > first && timeLeaders.has((tokens[cut] as Token).normal)) cut -= 1;
  const before = tokens[cut] as Token;
  if (before.pos !== 'NOUN' && before.pos !== 'PROPN' && before.pos !== 'PRON') return last;
  if (before.pos === 'PROPN' && cut > first) {
    const endsName = doc.entities.some(
      (entity) => entity.end === before.end && (entity.type === 'person' || entity.type === 'organization'),
    );
    if (!endsName) return last;
  }
  return cut;
}
