import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import { KnownTokens, sameSlice, sliceHash, TokenScanner } from './token-scan.ts';

const TOKEN = /[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*\.?/gu;

// Letters and digits of every width, the characters that join runs, and characters that end them:
// white space, punctuation, a lone surrogate, an astral symbol that is no letter, marks.
const PIECES = [
  'a',
  'Z',
  '7',
  'é',
  'Ω',
  '٣',
  '𝐀',
  '𝟙',
  "'",
  '.',
  ',',
  ' ',
  '-',
  '!',
  '\ud800',
  '😀',
  '\u0301',
  '\ue001',
  '_',
];

function randomText(random: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
}

function scanned(text: string): [number, string][] {
  const scanner = new TokenScanner(text);
  const tokens: [number, string][] = [];
  while (scanner.next()) tokens.push([scanner.start, text.slice(scanner.start, scanner.end)]);
  return tokens;
}

describe('TokenScanner', () => {
  it('finds the tokens the pattern matches, where it matches them, in generated texts', () => {
    const random = createRandom(17);
    let tokens = 0;
    for (let trial = 0; trial < 5000; trial += 1) {
      const text = randomText(random, Math.floor(random() * 16));
      const expected = [...text.matchAll(TOKEN)].map((match): [number, string] => [match.index, match[0]]);
      tokens += expected.length;
      expect([text, scanned(text)]).toEqual([text, expected]);
    }
    expect(tokens).toBeGreaterThan(5000);
  });

  it('reads dotted abbreviations, thousands and apostrophes as one token each', () => {
    expect(scanned("U.S. jobs, 1,000 of them don't.")).toEqual([
      [0, 'U.S.'],
      [5, 'jobs'],
      [11, '1,000'],
      [17, 'of'],
      [20, 'them'],
      [25, "don't."],
    ]);
  });
});

describe('sliceHash and sameSlice', () => {
  it('see a slice as the string it holds', () => {
    const text = 'the cat saw the dog';
    expect(sliceHash(text, 0, 3)).toBe(sliceHash(text, 12, 15));
    expect(sliceHash(text, 0, 3)).toBe(sliceHash('the', 0, 3));
    expect(sameSlice('the', text, 12, 15)).toBe(true);
    expect(sameSlice('the', text, 4, 7)).toBe(false);
    expect(sameSlice('th', text, 0, 3)).toBe(false);
  });
});

describe('KnownTokens', () => {
  it('tells apart tokens whose hashes collide, as the table grows and after it is cleared', () => {
    const known = new KnownTokens<number>();
    const text = Array.from({ length: 1500 }, (_, number) => `w${number}`).join(' ');
    const scanner = new TokenScanner(text);
    const bounds: [number, number][] = [];
    while (scanner.next()) bounds.push([scanner.start, scanner.end]);
    // Every token filed under one of three hashes: only their characters tell them apart.
    bounds.forEach(([start, end], number) => {
      expect(known.find(number % 3, text, start, end)).toBeUndefined();
      known.add(number % 3, text.slice(start, end), number);
    });
    expect(known.count).toBe(1500);
    bounds.forEach(([start, end], number) => {
      expect(known.find(number % 3, text, start, end)).toBe(number);
      expect(known.find((number + 1) % 3, text, start, end)).toBeUndefined();
    });
    known.clear();
    expect(known.count).toBe(0);
    expect(known.find(0, text, 0, 2)).toBeUndefined();
  });
});
