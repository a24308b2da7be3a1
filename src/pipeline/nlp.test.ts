import { describe, expect, it } from 'vitest';
import { readWithWink } from './nlp.ts';

describe('readWithWink', () => {
  it('places every token at its own text, whatever spaces come before it', () => {
    const texts = [
      'He said  \u00a0 it\u2002was \u2009fine.\tThe\r\nnext one\u3000here.',
      '\u00a0\u00a0Lead, \u202f\u205fsaid the mayor\u00a0. \n \n It\u2005was.',
      "I can't and won't, y'all gonna see. They're sure it'll work, she'd said.",
      `${' '.repeat(70000)}Officials said it would fail.`,
    ];
    for (const text of texts) {
      const { tokens } = readWithWink(text);
      expect(tokens.length).toBeGreaterThan(5);
      let previousEnd = 0;
      for (const token of tokens) {
        expect(text.slice(token.start, token.end)).toBe(token.text);
        expect(token.start).toBeGreaterThanOrEqual(previousEnd);
        expect(token.normal).toBe(token.text.toLowerCase());
        previousEnd = token.end;
      }
    }
  });
});
