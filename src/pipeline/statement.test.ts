import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sentence } from '../core/types.ts';
import { createPipeline } from './index.ts';
import { isStatement } from './statement.ts';

const pipeline = createPipeline();

/** Each sentence of the text as the pipeline splits and tags it, with whether it is a statement. */
function statements(text: string): [string, boolean][] {
  return pipeline
    .analyze({ text })
    .sentences.map((sentence) => [sentence.text.trim(), isStatement(sentence)]);
}

describe('a statement', () => {
  it('has a verb, however short it is', () => {
    expect(statements('Prices rose. The mayor resigned on Friday.')).toEqual([
      ['Prices rose.', true],
      ['The mayor resigned on Friday.', true],
    ]);
  });

  it('is not a time stamp, a byline, a lone name or an embed left in the text', () => {
    const text = [
      'Live coverage of the council vote.',
      '4:15 p.m.:',
      'The council approved the budget by nine votes to four.',
      '― Jane Doe',
      'Councillor Ada Brennan.',
      '<embed data-id="771523"></embed>.',
    ].join('\n\n');
    const found = new Map(statements(text));
    expect(found.get('4:15 p.m.:')).toBe(false);
    expect(found.get('― Jane Doe')).toBe(false);
    expect(found.get('Councillor Ada Brennan.')).toBe(false);
    expect(found.get('<embed data-id="771523"></embed>.')).toBe(false);
    expect(found.get('The council approved the budget by nine votes to four.')).toBe(true);
  });

  it('may lack a tagged verb when it has words enough, as a headline in title case does', () => {
    for (const [text, statement] of statements('Harbour Board Chair Praises Dredging Contractor Again')) {
      expect(text).toContain('Praises');
      expect(statement).toBe(true);
    }
  });
});

/** isStatement as first written: every word counted, the markup always replaced. */
function countingEveryWord(sentence: Sentence): boolean {
  const words = sentence.text.replace(/<[^>]*>/g, ' ').match(/\p{L}{2,}/gu)?.length ?? 0;
  if (words >= 5) return true;
  return words >= 2 && sentence.tokens.some((token) => token.pos === 'VERB' || token.pos === 'AUX');
}

describe('isStatement', () => {
  it('answers as counting every word would, with or without markup', () => {
    const pieces = [
      'Prices',
      'rose',
      'a',
      'é',
      'ab',
      ' ',
      '.',
      '<b>',
      '</b>',
      '<tweet id="1">',
      '<',
      '>',
      '4:15',
      'Ωμέγα',
    ];
    const sentence = fc.record({
      text: fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((parts) => parts.join(' ')),
      pos: fc.array(fc.constantFrom('VERB', 'AUX', 'NOUN', 'PUNCT'), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(sentence, ({ text, pos }) => {
        const tokens = pos.map((tag) => ({ start: 0, end: 0, text: 'x', normal: 'x', pos: tag }));
        const built: Sentence = { index: 0, start: 0, end: text.length, text, tokens };
        return isStatement(built) === countingEveryWord(built);
      }),
    );
  });
});
