import { describe, expect, it } from 'vitest';
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
