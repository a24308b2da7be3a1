import { describe, expect, it } from 'vitest';
import { createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { createHedgingModel } from './model.ts';
import { toHedgingFile } from './model-file.ts';
import {
  bestThreshold,
  type HedgingExample,
  type HedgingTrainingOptions,
  trainHedgingModel,
} from './train.ts';

const sentencer = createPipeline({ stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences') });

function example(text: string, label: 0 | 1): HedgingExample {
  const doc = sentencer.analyze({ text });
  const [sentence] = doc.sentences;
  if (!sentence) throw new Error(`no sentence in "${text}"`);
  return { sentence, doc, label };
}

// Uncertain sentences carry "reportedly"; "often" and "many" turn up alike in both classes.
const subjects = ['The mayor', 'The council', 'The company', 'The minister', 'The union', 'The court'];
const verbs = ['approved', 'rejected', 'delayed', 'signed', 'cancelled'];
const objects = ['the plan', 'the budget', 'the contract', 'many changes', 'the deal'];
const examples: HedgingExample[] = subjects.flatMap((subject, first) =>
  verbs.flatMap((verb, second) =>
    objects.map((object, third) => {
      const uncertain = (first + second + third) % 3 === 0;
      const often = (first + third) % 2 === 0 ? ' often' : '';
      return example(
        `${subject}${often} ${uncertain ? 'reportedly ' : ''}${verb} ${object} this week.`,
        uncertain ? 1 : 0,
      );
    }),
  ),
);

const options: HedgingTrainingOptions = {
  name: 'hedging-test',
  lexicon: { hedge: ['reportedly'], 'candidate-hedge': ['often'], 'candidate-weasel': ['many'] },
  features: { words: 0.2, characters: 0, lexicon: 1, weasel: 1 },
  sentenceDimensions: 1 << 12,
  cueDimensions: 1 << 12,
  sentenceEpochs: 5,
  cueRounds: 2,
  folds: 3,
  cueLists: ['hedge', 'candidate-hedge'],
  seed: 3,
};

describe('trainHedgingModel', () => {
  it('gives the same file for the same seed and different weights for another', () => {
    const first = JSON.stringify(toHedgingFile(trainHedgingModel(examples, options)));
    const again = JSON.stringify(toHedgingFile(trainHedgingModel(examples, options)));
    const other = JSON.stringify(toHedgingFile(trainHedgingModel(examples, { ...options, seed: 4 })));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('learns from sentence labels which lexicon word is the cue', () => {
    const model = createHedgingModel(trainHedgingModel(examples, options));
    const { sentence, doc } = example('The mayor often reportedly signed many papers.', 1);
    expect(model.cues(sentence, doc).map((cue) => cue.text)).toEqual(['reportedly']);
    const plain = example('The mayor often signed many papers.', 0);
    expect(model.cues(plain.sentence, plain.doc)).toEqual([]);
    expect(model.uncertainty(sentence, doc)).toBeGreaterThan(0.5);
    expect(model.uncertainty(plain.sentence, plain.doc)).toBeLessThan(0.5);
  });
});

describe('bestThreshold', () => {
  it('puts the threshold between the scores that best split the labels', () => {
    const scored = [
      { score: 0.9, label: 1 as const },
      { score: 0.8, label: 1 as const },
      { score: 0.3, label: 0 as const },
      { score: 0.1, label: 0 as const },
    ];
    expect(bestThreshold(scored)).toBeCloseTo(0.55);
  });
});
