import { describe, expect, it } from 'vitest';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { its, readWithWink } from './nlp.ts';

describe('readWithWink', () => {
  it('places every token at its own text, whatever spaces come before it', () => {
    const texts = [
      'He said  \u00a0 it\u2002was \u2009fine.\tThe\r\nnext one\u3000here.',
      '\u00a0\u00a0Lead, \u202f\u205fsaid the mayor\u00a0. \n \n It\u2005was.',
      "I can't and won't, y'all gonna see. They're sure it'll work, she'd said.",
      `${' '.repeat(70000)}Officials said it would fail.`,
    ];
    for (const text of texts) {
      const { tokens, inPlace } = readWithWink(text);
      expect(inPlace).toBe(true);
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
  it('does not say its tokens are in place when long runs were cut', () => {
    const text = `See ${'x'.repeat(600)} now.`;
    expect(readWithWink(text).inPlace).toBe(false);
  });

  it('reads each text as a fresh wink instance does, whatever was read before it', () => {
    // Unknown words met again in other texts and other forms: their features are remembered across
    // readings, which must give what wink computes for them afresh.
    const texts = [
      "Zarkovian officials said Brelmont's plan failed. ZARKOVIAN troops left Brelmont.",
      'Brelmont, the Zarkovian capital, said on 3 March that qworbling was over: "qworbling ends".',
      "Qworbling Brelmont's zarkovian-made drones, Brelmont-based analysts said, costs $4.5bn.",
    ];
    const readings = [...texts, ...texts].map((text) => readWithWink(text));
    for (const [index, text] of texts.entries()) {
      const fresh = winkNLP(model, ['sbd', 'pos', 'ner']).readDoc(text);
      const expected = {
        values: fresh.tokens().out(its.value),
        tags: fresh.tokens().out(its.pos),
        entities: fresh.entities().out(its.span),
      };
      for (const reading of [readings[index], readings[index + texts.length]]) {
        expect({
          values: reading?.tokens.map((token) => token.text),
          tags: reading?.tokens.map((token) => token.pos),
          entities: reading?.entities.map((entity) => [entity.firstToken, entity.lastToken]),
        }).toEqual(expected);
      }
    }
  });
});
