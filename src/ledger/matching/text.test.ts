import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import { analyzeText, DEFAULT_TEXT_OPTIONS, looksLikeName, TokenMemo } from './text.ts';

/** The name test as it was written with patterns and a slice: what the character-code reading must equal. */
function looksLikeNameByPatterns(raw: string, text: string, offset: number): boolean {
  if (/^\p{Lu}{2,6}\.?$/u.test(raw) || /^(?:\p{Lu}\.){2,}/u.test(raw)) return true;
  if (!/^\p{Lu}/u.test(raw)) return false;
  const before = text.slice(Math.max(0, offset - 3), offset);
  return offset > 0 && !/[.!?:;"(\u2014\u2013-]\s*$/.test(before) && before.trim().length > 0;
}

// Letters of both cases, digits, every sentence break, white space of several kinds (and U+200B,
// which is not white space), accented and astral capitals.
const PIECES = [
  'A',
  'B',
  'Z',
  'a',
  'q',
  'z',
  '1',
  '9',
  'É',
  'é',
  '𝐀',
  'US',
  'U.S.',
  'NATO',
  'Trump',
  'trump',
  '.',
  '!',
  '?',
  ':',
  ';',
  '"',
  '(',
  ')',
  '-',
  '\u2014',
  '\u2013',
  ',',
  "'",
  '#',
  '@',
  ' ',
  ' ',
  ' ',
  '\n',
  '\t',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u2028',
  '\u000b',
];

function randomText(random: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
}

describe('looksLikeName', () => {
  it('agrees with the pattern-and-slice reading for every token and offset of generated texts', () => {
    const random = createRandom(41);
    let names = 0;
    for (let trial = 0; trial < 3000; trial += 1) {
      const text = randomText(random, 1 + Math.floor(random() * 14));
      const raws = text.match(/[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*\.?/gu) ?? [];
      for (let offset = 0; offset <= text.length; offset += 1) {
        for (const raw of [...raws, 'Obama', 'obama', 'FBI', 'F.B.I.']) {
          const expected = looksLikeNameByPatterns(raw, text, offset);
          if (expected) names += 1;
          expect([raw, text, offset, looksLikeName(raw, text, offset)]).toEqual([
            raw,
            text,
            offset,
            expected,
          ]);
        }
      }
    }
    // Both answers occur, so the comparison says something.
    expect(names).toBeGreaterThan(1000);
  });
});

describe('analyzeText', () => {
  it('marks capitalized words as names unless a sentence or clause opens with them', () => {
    const analyzed = analyzeText(
      'Officials said Obama met NATO leaders. Later, Senators spoke: Congress "Agreed"',
    );
    const names = analyzed.terms.filter((_, position) => analyzed.entity[position]);
    expect(names).toEqual(['obama', 'nato', 'senat']);
  });

  it('reads names the same with a memo as without, text after text', () => {
    const random = createRandom(5);
    const memo = new TokenMemo(DEFAULT_TEXT_OPTIONS.stemmer);
    for (let trial = 0; trial < 500; trial += 1) {
      const text = randomText(random, 20);
      expect(analyzeText(text, DEFAULT_TEXT_OPTIONS, memo)).toEqual(analyzeText(text, DEFAULT_TEXT_OPTIONS));
    }
  });

  it('reads words that name properties of every object as words', () => {
    // Word lists kept as objects answered "constructor" with a function, and "toString" likewise.
    expect(analyzeText('The constructor said toString and valueOf, hasOwnProperty').terms).toEqual([
      'constructor',
      'tostr',
      'valueof',
      'hasownproperti',
    ]);
  });

  it('gives each term the source of the segment it stands in', () => {
    const analyzed = analyzeText('Prices rose #TaxHike says @JaneDoe — Jane Doe (@JaneDoe) June 20, 2019');
    expect(analyzed.terms.map((term, position) => `${term}:${analyzed.source[position]}`)).toEqual([
      'price:body',
      'rose:body',
      'tax:hashtag',
      'hike:hashtag',
      'taxhik:hashtag',
      'jane:mention',
      'doe:mention',
      'janedo:mention',
      'jane:author',
      'doe:author',
      'jane:author',
      'doe:author',
      'june:date',
      '2019:date',
    ]);
  });
});
