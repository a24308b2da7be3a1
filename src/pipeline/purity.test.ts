import { describe, expect, it } from 'vitest';
import { createPipeline, toAnalysis } from './index.ts';
import { readWithWink } from './nlp.ts';

const pipeline = createPipeline();
const analyze = (text: string) => toAnalysis(pipeline.analyze({ text }));
const tokenTexts = (text: string) => readWithWink(text).tokens.map((token) => token.text);

// A possessive of a word wink does not know, followed by a mark, puts the whole possessive in wink's
// lexicon; a lexicon that kept it would read the same possessive as one token in later texts.
const earlierTexts = (name: string, other: string) => [
  `Voters in the valley rejected ${name}’s, and the council said it would look again.`,
  `The council backed ${other}'s. A spokesman for the committee's: nothing was decided.`,
  `Aides to ${name} said the budget was “${other}’s—not ours,” according to the ministry’s statement.`,
];

describe('analysis does not depend on what was read before', () => {
  // Each test reads its text, then texts with other uses of the same words, then its text again.
  it('gives the same analysis of a text before and after other texts', () => {
    const text =
      "Okafor's plan would cut taxes by 4 percent, the committee's chair said on Tuesday. " +
      'Lindqvist’s office said the ministry’s figures were wrong, according to a statement.';
    const first = analyze(text);
    for (const earlier of earlierTexts('Okafor', 'Lindqvist')) analyze(earlier);
    expect(analyze(text)).toEqual(first);
  });

  it('tokenizes an unknown possessive the same way however often it was seen with a mark after it', () => {
    const text = "Aides said Brannock’s budget and Ferreira's reply were late.";
    const first = tokenTexts(text);
    expect(first).toContain('Brannock');
    for (const earlier of earlierTexts('Brannock', 'Ferreira')) tokenTexts(earlier);
    expect(tokenTexts(text)).toEqual(first);
  });
});
