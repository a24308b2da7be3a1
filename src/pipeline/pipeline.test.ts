import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisSchema } from '../core/analysis-schema.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline, type Stage, toAnalysis } from './index.ts';

const pipeline = createPipeline();
const analyze = (text: string) => toAnalysis(pipeline.analyze({ text }));

describe('createPipeline', () => {
  it('refuses stages in an order where one reads what has not run yet', () => {
    const late: Stage = { name: 'late', after: ['missing'], run: (doc) => doc };
    expect(() => createPipeline({ stages: [late] })).toThrow(/stage "late" needs stage "missing"/);
  });

  it('gives offsets that index the original text, curly quotes included', () => {
    const text =
      '“The bridge is unsafe,” said Mara Quist, the county’s chief engineer.\n\nOfficials said it would close.';
    const analysis = analyze(text);
    for (const sentence of analysis.sentences)
      expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    for (const { source, cue, content } of analysis.attributions) {
      for (const span of [source, cue, content]) expect(text.slice(span.start, span.end)).toBe(span.text);
    }
    expect(analysis.sentences).toHaveLength(2);
  });

  it("gives every token the original text at its offsets, wink's straightened quotes or not", () => {
    const text =
      '“The bridge is unsafe,” said Mara Quist, the county’s chief engineer. "It isn\'t," others said.\n\nOfficials’ view: Trump\'s aide said it.';
    const doc = pipeline.analyze({ text });
    const tokens = doc.sentences.flatMap((sentence) => sentence.tokens);
    expect(tokens.map((token) => token.text)).toContain('“');
    for (const token of tokens) expect(token.text).toBe(text.slice(token.start, token.end));
  });

  it('tells a named speaker after a quote from anonymous officials', () => {
    const analysis = analyze(
      '“The bridge is unsafe,” said Mara Quist, the county’s chief engineer. Two officials familiar with the inspection said it would close on Monday.',
    );
    const [quoted, unnamed] = analysis.attributions;
    expect(quoted).toMatchObject({ source: { name: 'Mara Quist', kind: 'person' }, cue: { text: 'said' } });
    expect(quoted?.source.description).toContain('chief engineer');
    expect(quoted?.content.text).toBe('The bridge is unsafe');
    expect(unnamed?.source.kind).toBe('anonymous');
    expect(unnamed?.content.text).toContain('it would close');
  });

  it('marks claims the article makes itself with a null claimant', () => {
    const analysis = analyze(
      'The ministry spent 4.2 billion dollars on the program in 2024, up from 3.1 billion in 2023.',
    );
    expect(analysis.claims).toHaveLength(1);
    expect(analysis.claims[0]?.claimant).toBeNull();
  });

  it('lowers certainty for hedged and conditional statements', () => {
    const firm = analyze('The company closed three factories in Ohio in 2022.').claims[0];
    const hedged = analyze('The company may have quietly closed three factories in Ohio in 2022.').claims[0];
    expect(firm && hedged && hedged.certainty < firm.certainty).toBe(true);
  });

  it('cites evidence for a dated or named document, not for a count of things', () => {
    const cited = (text: string) =>
      analyze(text)
        .sentences.flatMap((sentence) => sentence.signals)
        .filter((signal) => signal.type === 'evidence-cited')
        .map((signal) => signal.text);
    expect(cited('The company has won three city contracts since 2021.')).toEqual([]);
    expect(cited('A 2023 report by the Audit Office found delays.')[0]).toContain('2023 report');
  });

  it('marks a claim its source denies, and not one the source does not deny', () => {
    const denials = (text: string) =>
      analyze(text)
        .sentences.flatMap((sentence) => sentence.signals)
        .filter((signal) => signal.type === 'denial')
        .map((signal) => signal.text);
    expect(
      denials('The health ministry on Friday denied that 300 nurses had quit the Eastfield clinic in March.'),
    ).toEqual(['denied']);
    expect(denials('Harbor Energy denies that it dumped 40 tonnes of waste into the bay last year.')).toEqual(
      ['denies'],
    );
    expect(denials('Harbor Energy rejected claims that it dumped 40 tonnes of waste into the bay.')).toEqual([
      'rejected',
    ]);
    expect(denials('The union rejected the offer of a 3 percent raise on Tuesday.')).toEqual([]);
    const listed =
      'In office, the senator cut taxes, dismissed warnings about the deficit, and hired 400 aides.';
    expect(denials(listed)).toEqual([]);
    expect(analyze(listed).attributions).toEqual([]);
    expect(
      denials('The mayor did not deny that the city paid 2 million dollars to the consultancy in 2023.'),
    ).toEqual([]);
    expect(denials('The mayor didn’t deny that the city paid 2 million dollars to the consultancy.')).toEqual(
      [],
    );
    expect(denials('The mayor said the city paid 2 million dollars to the consultancy in 2023.')).toEqual([]);
    const [denied] = analyze(
      'The health ministry on Friday denied that 300 nurses had quit the Eastfield clinic in March.',
    ).claims;
    const [stated] = analyze(
      'The health ministry said 300 nurses had quit the Eastfield clinic in March.',
    ).claims;
    expect(denied && stated && denied.certainty < stated.certainty).toBe(true);
  });

  it('takes no sentence about the reporting itself for a claim, with either model', () => {
    const withModels = createPipeline({ models: loadModels() });
    const claimsIn = (text: string) => [
      toAnalysis(pipeline.analyze({ text })).claims.map((claim) => claim.text),
      toAnalysis(withModels.analyze({ text })).claims.map((claim) => claim.text),
    ];
    for (const text of [
      'The city transit agency did not respond to a request for comment.',
      'The company could not be reached for comment on Friday.',
      'Officials at the port did not immediately return calls seeking comment.',
    ]) {
      expect(claimsIn(text), text).toEqual([[], []]);
    }
    // A claim that mentions a refusal to comment in passing is still a claim.
    const passing =
      'The agency, which declined to comment, hid safety reports on 40 tram cars from regulators in 2024.';
    expect(claimsIn(passing)).toEqual([[passing], [passing]]);
  });

  it("takes no live blog's time stamp, byline or embed for a claim, however its numbers score", () => {
    const withModels = createPipeline({ models: loadModels() });
    const text = [
      'Live: the Riverton council votes on the 2027 budget.',
      '12:50 p.m.:',
      'The council approved the budget by 9 votes to 4, cutting road repairs by 12 million euros.',
      '1:05 p.m.',
      '<embed data-id="7715230981"></embed>.',
      '― Lena Marsh, 42.',
    ].join('\n\n');
    for (const analysis of [
      toAnalysis(pipeline.analyze({ text })),
      toAnalysis(withModels.analyze({ text })),
    ]) {
      const claims = analysis.claims.map((claim) => claim.text);
      expect(claims).toContain(
        'The council approved the budget by 9 votes to 4, cutting road repairs by 12 million euros.',
      );
      for (const fragment of ['12:50 p.m.:', '1:05 p.m.', '<embed', 'Lena Marsh']) {
        expect(
          claims.some((claim) => claim.includes(fragment)),
          fragment,
        ).toBe(false);
      }
    }
  });

  it('never throws on any string, and its output always fits the schema', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.lorem({ maxCount: 40, mode: 'sentences' })),
        (text) => {
          analysisSchema.parse(analyze(text));
        },
      ),
      { numRuns: 150 },
    );
  });
});
