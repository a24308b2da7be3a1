import { describe, expect, it } from 'vitest';
import type { Span } from '../core/types.ts';
import { type AttributionModel, createPipeline } from './index.ts';

/** A stand-in tagger that reports fixed phrases wherever they occur: `[source, cue, content]`. */
function fixedModel(triples: [string, string, string][]): AttributionModel {
  const find = (text: string, phrase: string): Span => {
    const start = text.indexOf(phrase);
    return { start, end: start + phrase.length, text: phrase };
  };
  return {
    name: 'fixed',
    spans(sentence, doc) {
      return triples
        .map(([source, cue, content]) => ({
          source: find(doc.text, source),
          cue: find(doc.text, cue),
          content: find(doc.text, content),
        }))
        .filter(({ cue }) => cue.start >= sentence.start && cue.end <= sentence.end);
    },
  };
}

function attributionsOf(text: string, model?: AttributionModel) {
  const pipeline = createPipeline(model ? { models: { attribution: model } } : {});
  return pipeline.analyze({ text }).attributions;
}

describe('attribution stage with a model', () => {
  it('adds a statement only the model finds, naming its source as the rules do', () => {
    const text = 'Lawmakers praised the deal on Monday.';
    expect(attributionsOf(text)).toEqual([]);
    const [found, ...rest] = attributionsOf(text, fixedModel([['Lawmakers', 'praised', 'the deal']]));
    expect(rest).toEqual([]);
    expect(found?.cue.text).toBe('praised');
    expect(found?.source).toMatchObject({ text: 'Lawmakers', name: 'Lawmakers', kind: 'anonymous' });
  });

  it('leaves out deeds the model reports as attributions', () => {
    const text = 'The council approved the plan by nine votes to four.';
    expect(attributionsOf(text, fixedModel([['The council', 'approved', 'the plan']]))).toEqual([]);
  });

  it('keeps the rules’ name, kind and description where both find the same cue', () => {
    const text = '“We are ready,” said Maria Okafor, the city’s transport commissioner.';
    const model = fixedModel([
      ['Maria Okafor, the city’s transport commissioner', 'said', '“We are ready,”'],
    ]);
    const [rules] = attributionsOf(text);
    const [merged, ...rest] = attributionsOf(text, model);
    expect(rest).toEqual([]);
    expect(merged?.source).toMatchObject({
      name: rules?.source.name,
      kind: rules?.source.kind,
      description: rules?.source.description,
      text: 'Maria Okafor, the city’s transport commissioner',
    });
    expect(merged?.cue.text).toBe('said');
    expect(merged?.content.text).toBe('“We are ready,”');
  });

  it('resolves a name the part-of-speech tags missed to the fullest name the article uses', () => {
    const text = 'Loretta Lynch spoke in March. Lynch said her colleague had not worked on the case.';
    const model = fixedModel([['Lynch', 'said', 'her colleague had not worked on the case']]);
    const found = attributionsOf(text, model).find((attribution) => attribution.cue.text === 'said');
    expect(found?.source).toMatchObject({ text: 'Lynch', name: 'Loretta Lynch', kind: 'person' });
  });
});

describe('attribution stage, rules', () => {
  it('reads a cue verb after an appositive even when it is tagged as a noun', () => {
    const [found] = attributionsOf(
      'Hana Voss, a former director of the Port Authority, claims the harbour contract was rigged.',
    );
    expect(found?.source).toMatchObject({ name: 'Hana Voss', kind: 'person' });
    expect(found?.source.description).toContain('former director');
    expect(found?.cue.text).toBe('claims');
    expect(found?.content.text).toContain('harbour contract was rigged');
  });
});

describe('attribution stage, asking the model', () => {
  it('asks only about sentences where its spans can count: a rule found one, or a reporting word', () => {
    const asked: number[] = [];
    const recording: AttributionModel = {
      name: 'recording',
      spans(sentence) {
        asked.push(sentence.index);
        return [];
      },
    };
    attributionsOf(
      'The bridge opened in 1932.\n\nIt spans the river.\n\nOfficials said it was closed. ' +
        'The river is wide.\n\nBoats pass under it.',
      recording,
    );
    // The sentence before "said" is asked too: a cue the tagger finds may run on into the next sentence.
    expect(asked).toEqual([1, 2]);
  });
});

describe('attribution sources carrying a time', () => {
  const sourceOf = (text: string, model?: AttributionModel) => attributionsOf(text, model)[0]?.source;

  it('leaves a time phrase out of the source it follows', () => {
    expect(
      sourceOf("Riverton's transport department on Wednesday denied that the fares would rise."),
    ).toMatchObject({ text: "Riverton's transport department" });
    expect(
      sourceOf('A spokesman for the ministry on Tuesday evening said the talks had failed.'),
    ).toMatchObject({
      text: 'A spokesman for the ministry',
    });
    expect(sourceOf('Police last week said the fire was started deliberately.')).toMatchObject({
      text: 'Police',
    });
    expect(sourceOf('Officials on Monday said the bridge would reopen in May.')).toMatchObject({
      text: 'Officials',
    });
  });

  it('cuts it from a span a model reports too', () => {
    const text = 'The harbour authority on Friday said the port would close for a week.';
    const source = sourceOf(
      text,
      fixedModel([['The harbour authority on Friday', 'said', 'the port would close for a week']]),
    );
    expect(source).toMatchObject({ text: 'The harbour authority' });
  });

  it('keeps a name that holds a day, such as a newspaper title', () => {
    expect(sourceOf('The Mail on Sunday reported that the minister had resigned.')?.text).toBe(
      'The Mail on Sunday',
    );
  });
});
