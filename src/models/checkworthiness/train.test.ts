import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../pipeline/index.ts';
import { createCheckworthinessModel } from './model.ts';
import { type CheckworthinessTrainingOptions, trainCheckworthiness, wholeTextSentence } from './train.ts';

const analyze = createPipeline().analyze;

// A tiny synthetic set: figures and past events are check-worthy, feelings and questions are not.
const POSITIVE = [
  'Crime rose 12 percent in 2015.',
  'We lost 300,000 manufacturing jobs last year.',
  'The senator voted against the budget in 2009.',
  'Taxes went up by $2,000 for the average family.',
  'The plant closed in 1998 and 4,000 people lost their jobs.',
  'Exports fell by 8 percent after the tariff.',
];
const NEGATIVE = [
  'I love this country.',
  'What would you do about it?',
  'Thank you all for coming tonight.',
  'We have to believe in ourselves.',
  'Is that what you really want?',
  'I think we can do better.',
];
const rows = [
  ...POSITIVE.map((text) => [text, 1] as const),
  ...NEGATIVE.map((text) => [text, 0] as const),
].map(([text, label]) => ({ ...wholeTextSentence(analyze, text), label }));
const OPTIONS: CheckworthinessTrainingOptions = {
  features: { dimensions: 1 << 12, groups: { words: 1, bigrams: 1, characters: 1, tagged: 1, form: 1 } },
  epochs: 20,
  learningRate: 0.2,
  ensemble: 2,
  calibrationFolds: 2,
  seed: 11,
};

describe('trainCheckworthiness', () => {
  it('gives identical weights for the same seed and different ones for another', () => {
    const first = trainCheckworthiness(rows, OPTIONS);
    const again = trainCheckworthiness(rows, OPTIONS);
    const reseeded = trainCheckworthiness(rows, { ...OPTIONS, seed: 12 });
    expect(again.weights).toBe(first.weights);
    expect(again.bias).toBe(first.bias);
    expect(again.calibration).toEqual(first.calibration);
    expect(reseeded.weights).not.toBe(first.weights);
  });

  it('learns to score an unseen statistic above an unseen question', () => {
    const model = createCheckworthinessModel(trainCheckworthiness(rows, OPTIONS));
    const score = (text: string) => {
      const { sentence, doc } = wholeTextSentence(analyze, text);
      return model.score(sentence, doc);
    };
    expect(score('Wages rose 3 percent in 2012.')).toBeGreaterThan(score('Do you love this country?'));
  });

  it('records how it was trained', () => {
    const file = trainCheckworthiness(rows, { ...OPTIONS, notes: { data: 'synthetic' } });
    expect(file.training).toMatchObject({ rows: 12, positives: 6, seed: 11, data: 'synthetic' });
    expect(file.features.groups).toEqual(OPTIONS.features.groups);
  });
});

describe('wholeTextSentence', () => {
  it('makes one sentence of a text the pipeline splits, with its signals moved onto it', () => {
    const text = 'Prices rose 5 percent. Critics say it may continue.';
    expect(analyze({ text }).sentences).toHaveLength(2);
    const { sentence, doc } = wholeTextSentence(analyze, text);
    expect(sentence.text).toBe(text);
    expect(sentence.tokens.map((token) => token.normal)).toContain('critics');
    expect(doc.signals.length).toBeGreaterThan(0);
    expect(doc.signals.every((signal) => signal.sentenceIndex === 0)).toBe(true);
  });
});
