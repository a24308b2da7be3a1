import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPatternSearch } from './pattern-search.ts';

// Characters where the `i` and `u` flags change what a word boundary is: "ſ" and the Kelvin sign are
// word characters under both, a letter outside the plane is two UTF-16 units.
const PIECES = [
  'did',
  'not',
  'respond',
  ' ',
  'Did',
  'ſ',
  'K',
  'k',
  's',
  '\u212A',
  '𝐀',
  '\ud800',
  '-',
  "'",
  '1',
  'é',
  '\n',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join(''));
const PATTERNS = [
  '\\bdid not (?:respond|reply)\\b',
  '\\b(?:s|k)\\b',
  '\\b',
  '\\bx*',
  '\\b(many|some)(?= (?:say|said)\\b)',
  'https?://[^\\s)]+',
  '\\b(?:19|20)\\d\\d\\b|not',
];

describe('createPatternSearch', () => {
  it('gives every match a global expression gives, empty matches included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), text, (pattern, sample) => {
        const plain = [...sample.matchAll(new RegExp(pattern, 'giu'))].map((match) => [
          match.index,
          match[0],
        ]);
        const found = createPatternSearch(pattern, 'iu')
          .all(sample)
          .map((match) => [match.index, match[0]]);
        expect(found).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the first match exec gives', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), text, (pattern, sample) => {
        const plain = new RegExp(pattern, 'iu').exec(sample);
        const found = createPatternSearch(pattern, 'iu').first(sample);
        expect(found && [found.index, found[0], found[1]]).toEqual(
          plain && [plain.index, plain[0], plain[1]],
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a leading \\b as the flags define it', () => {
    const search = createPatternSearch('\\bdid not respond', 'iu');
    expect(search.first('xdid not respond')).toBeNull();
    // Under `iu` the long s is a word character, so no boundary comes between it and "did".
    expect(search.first('ſdid not respond')).toBeNull();
    expect(search.all('We did not respond; they DID NOT RESPOND.').map((match) => match.index)).toEqual([
      3, 25,
    ]);
  });
});
