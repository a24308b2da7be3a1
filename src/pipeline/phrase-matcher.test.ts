import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLexiconMatcher,
  createPhraseMatcher,
  longestApart,
  type PhraseMatch,
} from './phrase-matcher.ts';

/** The matcher as one regular expression per lexicon defines it: what the scan must reproduce. */
function expressionMatcher(phrases: readonly string[], patterns: readonly string[] = []) {
  const escapePhrase = (phrase: string) =>
    phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length).map(escapePhrase);
  const sources = [
    ...(sorted.length ? [`(?<![\\p{L}\\p{N}'-])(?:${sorted.join('|')})(?![\\p{L}\\p{N}-])`] : []),
    ...patterns,
  ];
  return (text: string) => {
    const matches: PhraseMatch[] = [];
    for (const source of sources) {
      for (const match of text.matchAll(new RegExp(source, 'giu'))) {
        if (match[0].length > 0) matches.push({ start: match.index, end: match.index + match[0].length });
      }
    }
    // Overlaps are settled as the matcher settles them: the scan must find the same raw matches.
    return longestApart(matches);
  };
}

const LEXICONS = [
  { phrases: ['may', 'might', 'it is said', 'witch hunt', 'witch-hunt', "won't", 'some say'], patterns: [] },
  {
    phrases: ['Trump', 'trump', 'the exposé', 'k', 's', 'a.b', 'x+y', 'strasse'],
    patterns: ['\\bif (?:true|so)\\b'],
  },
  { phrases: ['according to', 'according', 'to', 'ι'], patterns: [] },
];
// Case folding under `iu` ("ſ" is "s", the Kelvin sign "k", U+0345 folds to "ι"), letters outside the
// plane, lone surrogates and the spaces `\s` knows.
const PIECES = [
  ...LEXICONS.flatMap((lexicon) => lexicon.phrases),
  'MAY',
  'Mayor',
  'ſome ſay',
  'ſ',
  '\u212A',
  'K',
  'İ',
  'ı',
  'é',
  'É',
  '\u0345',
  '𝐀',
  '😀',
  '\ud800',
  '\udc00',
  ' ',
  '  ',
  '\n',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u200b',
  '-',
  "'",
  '.',
  '1',
  'if true',
  'IF SO',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((pieces) => pieces.join(''));

describe('createPhraseMatcher', () => {
  it('finds what the phrase expression finds, whatever the text', () => {
    const matchers = LEXICONS.map((lexicon) => [
      createPhraseMatcher(lexicon.phrases, lexicon.patterns),
      expressionMatcher(lexicon.phrases, lexicon.patterns),
    ]);
    fc.assert(
      fc.property(text, (sample) => {
        for (const [scan, expression] of matchers) expect(scan?.(sample)).toEqual(expression?.(sample));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches whole words across any run of spaces, and folds case as the u flag does', () => {
    const match = createPhraseMatcher(['witch hunt', 'some say', 'may']);
    const text = 'A witch\u00a0\n hunt, ſome SAY; the mayor may-be MAY.';
    expect(match(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      'witch\u00a0\n hunt',
      'ſome SAY',
      'MAY',
    ]);
  });

  it('keeps the expression for phrases a scan cannot take', () => {
    const phrases = [' leading space', 'trailing ', '', '𝐀bc'];
    const sample = 'a  leading space and trailing  then 𝐀bc';
    expect(createPhraseMatcher(phrases)(sample)).toEqual(expressionMatcher(phrases)(sample));
  });
});

describe('createLexiconMatcher', () => {
  it('gives each lexicon what its own matcher gives', () => {
    const together = createLexiconMatcher(LEXICONS);
    const apart = LEXICONS.map((lexicon) => createPhraseMatcher(lexicon.phrases, lexicon.patterns));
    fc.assert(
      fc.property(text, (sample) => {
        expect(together(sample)).toEqual(apart.map((match) => match(sample)));
      }),
      { numRuns: 2000 },
    );
  });
});
