import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLetter, hasLetterOrNumber, startsUppercase } from './characters.ts';

// ASCII letters, digits and marks, and the non-ASCII cases: accented and Greek capitals, a title-case
// letter (not uppercase), Roman numeral and fraction (numbers, not letters), a letter outside the plane
// and a lone surrogate.
const PIECES = [
  'A',
  'z',
  'Q',
  '0',
  '9',
  '.',
  "'",
  '-',
  ' ',
  '"',
  '@',
  '_',
  'É',
  'é',
  'Σ',
  'ǅ',
  'Ⅻ',
  '½',
  '𝐀',
  '\ud800',
  '’',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((pieces) => pieces.join(''));

describe('character tests', () => {
  it('startsUppercase answers as /^\\p{Lu}/u does', () => {
    fc.assert(fc.property(text, (sample) => startsUppercase(sample) === /^\p{Lu}/u.test(sample)));
  });

  it('hasLetter answers as /\\p{L}/u does', () => {
    fc.assert(fc.property(text, (sample) => hasLetter(sample) === /\p{L}/u.test(sample)));
  });

  it('hasLetterOrNumber answers as /[\\p{L}\\p{N}]/u does', () => {
    fc.assert(fc.property(text, (sample) => hasLetterOrNumber(sample) === /[\p{L}\p{N}]/u.test(sample)));
  });

  it('reads letters past ASCII', () => {
    expect(startsUppercase('Émile')).toBe(true);
    expect(startsUppercase('émile')).toBe(false);
    expect(hasLetter('½')).toBe(false);
    expect(hasLetterOrNumber('½')).toBe(true);
    expect(hasLetter('--é')).toBe(true);
    expect(startsUppercase('')).toBe(false);
  });
});
