import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../pipeline/index.ts';
import {
  checkworthinessFeatures,
  type FeatureOptions,
  viewSentence,
  viewSentences,
  visitFeatures,
} from './features.ts';

const pipeline = createPipeline();
const ALL: FeatureOptions = {
  dimensions: 1 << 16,
  groups: {
    words: 1,
    bigrams: 1,
    characters: 1,
    partOfSpeech: 1,
    shape: 1,
    tagged: 1,
    entities: 1,
    signals: 1,
    form: 1,
    lexicon: 1,
  },
};

describe('viewSentences', () => {
  const text =
    '“The bridge is unsafe,” said Mara Quist of the Harbor Authority on Monday. A 2019 report by the ' +
    'county found cracks.\n\nOfficials said repairs might cost $4 million. Nobody knows.';

  it('views every sentence as viewSentence does', () => {
    const doc = pipeline.analyze({ text });
    expect(doc.sentences.length).toBeGreaterThan(3);
    expect(viewSentences(doc)).toEqual(doc.sentences.map((sentence) => viewSentence(sentence, doc)));
  });

  it('gives an empty span to every sentence that holds it, and reads sentences out of order one by one', () => {
    const doc = pipeline.analyze({ text });
    const [first, second] = doc.sentences;
    if (!first || !second) throw new Error('two sentences expected');
    // Sentences that touch: an empty span at the seam lies in both.
    const touching = [
      { ...first, end: 10 },
      { ...second, index: 1, start: 10 },
    ];
    const seam = { ...doc, sentences: touching, tagged: [{ start: 10, end: 10, tag: 'SEAM' }] };
    expect(viewSentences(seam)).toEqual(touching.map((sentence) => viewSentence(sentence, seam)));
    expect(viewSentences(seam).map((view) => view.tags)).toEqual([['SEAM'], ['SEAM']]);
    const reversed = { ...doc, sentences: [...doc.sentences].reverse() };
    expect(viewSentences(reversed)).toEqual(
      reversed.sentences.map((sentence) => viewSentence(sentence, reversed)),
    );
  });
});

describe('viewSentence', () => {
  it('keeps what the pipeline found in this sentence and not in its neighbours', () => {
    const doc = pipeline.analyze({
      text: 'Unemployment fell to 4 percent in 2019, officials said. Maybe the weather will improve?',
    });
    const [first, second] = doc.sentences.map((sentence) => viewSentence(sentence, doc));
    expect(first?.tags).toContain('PERCENT');
    expect(first?.sourceKinds.length).toBeGreaterThan(0);
    expect(second?.tags).not.toContain('PERCENT');
    expect(second?.sourceKinds).toEqual([]);
    expect(second?.signalTypes).toContain('prediction');
  });
});

describe('checkworthinessFeatures', () => {
  const doc = pipeline.analyze({ text: 'The deficit rose by $200 billion last year.' });
  const view = viewSentence(doc.sentences[0] as NonNullable<(typeof doc.sentences)[0]>, doc);

  it('gives the same vector every time, with sorted indices inside the hash space', () => {
    const vector = checkworthinessFeatures(view, ALL);
    expect(checkworthinessFeatures(view, ALL)).toEqual(vector);
    expect(vector.indices).toEqual([...vector.indices].sort((a, b) => a - b));
    expect(vector.indices.every((index) => index >= 0 && index < ALL.dimensions)).toBe(true);
  });

  it('adds nothing for a group that is off and scales a group with its weight', () => {
    const words = checkworthinessFeatures(view, { dimensions: ALL.dimensions, groups: { words: 1 } });
    const doubled = checkworthinessFeatures(view, { dimensions: ALL.dimensions, groups: { words: 2 } });
    const none = checkworthinessFeatures(view, { dimensions: ALL.dimensions, groups: { words: 0 } });
    expect(none.indices).toEqual([]);
    expect(doubled.indices).toEqual(words.indices);
    expect(doubled.values).toEqual(words.values.map((value) => value * 2));
    // Ten tokens ("$" and "." count), none repeated: each is worth 1 / sqrt(10).
    expect(words.values).toHaveLength(10);
    expect(words.values.every((value) => Math.abs(value - 1 / Math.sqrt(10)) < 1e-12)).toBe(true);
  });

  it('marks money and dates only in the sentence that has them', () => {
    const other = pipeline.analyze({ text: 'The deficit rose by a lot.' });
    const otherView = viewSentence(other.sentences[0] as NonNullable<(typeof other.sentences)[0]>, other);
    const tagged = { dimensions: ALL.dimensions, groups: { tagged: 1 } };
    expect(checkworthinessFeatures(view, tagged).indices.length).toBeGreaterThan(0);
    expect(checkworthinessFeatures(otherView, tagged).indices).toEqual([]);
  });

  it('sums to the same score through visitFeatures as through the vector', () => {
    const weights = Float32Array.from({ length: ALL.dimensions }, (_, index) => ((index * 7919) % 13) - 6);
    const vector = checkworthinessFeatures(view, ALL);
    const fromVector = vector.indices.reduce(
      (sum, index, position) => sum + (weights[index] as number) * (vector.values[position] as number),
      0,
    );
    let visited = 0;
    visitFeatures(view, ALL, (bucket, value) => {
      visited += (weights[bucket] as number) * value;
    });
    expect(visited).toBeCloseTo(fromVector, 9);
  });
});
