import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../pipeline/index.ts';
import { ModelError } from '../model-file.ts';
import { CHECKWORTHINESS_MODEL_PATH, loadCheckworthinessModel } from './load.ts';
import { createCheckworthinessModel, parseCheckworthinessFile } from './model.ts';

const started = performance.now();
const model = loadCheckworthinessModel();
const loadMilliseconds = performance.now() - started;
const shipped = JSON.parse(readFileSync(CHECKWORTHINESS_MODEL_PATH, 'utf8')) as Record<string, unknown>;
const pipeline = createPipeline({ checkworthiness: model });

// The model's own score, before the pipeline rounds it to three decimals.
function scoreOf(text: string): number {
  const doc = pipeline.analyze({ text });
  const [sentence] = doc.sentences;
  if (!sentence || doc.sentences.length !== 1) throw new Error(`expected one sentence in "${text}"`);
  return model.score(sentence, doc);
}

describe('the shipped check-worthiness model', () => {
  it('loads quickly and names itself', () => {
    expect(model.name).toBe('logreg-checkworthiness-v1');
    expect(loadMilliseconds).toBeLessThan(1000);
    expect(model.recommendedThreshold).toBeGreaterThan(0);
    expect(model.recommendedThreshold).toBeLessThan(1);
  });

  it('scores a whole article as it scores each of its sentences', () => {
    const doc = pipeline.analyze({
      text: 'Crime fell 20 percent in 2014, the mayor said. "It is the best year," said Ann Lee.\n\nIs it?',
    });
    expect(model.scoreAll(doc)).toEqual(doc.sentences.map((sentence) => model.score(sentence, doc)));
  });

  it('ranks a statistic above an opinion above a question', () => {
    // The pipeline runs the loaded model: its rounded score is the model's.
    const doc = pipeline.analyze({ text: 'Crime fell 20 percent in 2014.' });
    expect(doc.scores[0]?.checkworthiness).toBeCloseTo(scoreOf('Crime fell 20 percent in 2014.'), 3);
    const statistic = scoreOf('Unemployment fell from 10 percent to 4.7 percent between 2009 and 2016.');
    const opinion = scoreOf('I think we need a president who cares about working families.');
    const question = scoreOf('What are you going to do about it?');
    expect(statistic).toBeGreaterThan(0.5);
    expect(statistic).toBeGreaterThan(opinion);
    expect(opinion).toBeGreaterThan(question);
    expect(question).toBeLessThan(0.2);
  });

  it('scores claims with numbers and past events above pleasantries', () => {
    const claim = scoreOf('He voted against the tax cut in 2003, which cost the state 40,000 jobs.');
    const pleasantry = scoreOf('Thank you very much, it is a pleasure to be here tonight.');
    expect(claim).toBeGreaterThan(pleasantry + 0.3);
  });
});

describe('parseCheckworthinessFile', () => {
  it('accepts the shipped file', () => {
    expect(parseCheckworthinessFile(shipped).features.dimensions).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong schema', { ...shipped, schema: 'claimtrail.hedging/1' }, /schema/],
    ['missing weights', { ...shipped, weights: undefined }, /weights/],
    ['a threshold above 1', { ...shipped, recommendedThreshold: 2 }, /recommendedThreshold/],
    [
      'an unknown feature group',
      { ...shipped, features: { dimensions: 4, groups: { colour: 1 } } },
      /groups/,
    ],
    [
      'a hash space that is not a power of two',
      { ...shipped, features: { dimensions: 1000, groups: {} } },
      /power of two/,
    ],
    ['weights of the wrong length', { ...shipped, weights: 'AAAAAA==' }, /holds 1 weights/],
    ['not an object', 'model', /malformed/],
  ])('throws ModelError on %s', (_, file, message) => {
    expect(() => createCheckworthinessModel(file)).toThrow(ModelError);
    expect(() => createCheckworthinessModel(file)).toThrow(message);
  });
});

describe('loadCheckworthinessModel', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-checkworthiness-'));

  it('throws ModelError on a missing file and on a file that is not JSON', () => {
    expect(() => loadCheckworthinessModel(join(folder, 'missing.json'))).toThrow(/cannot read/);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"schema": "claimtrail.checkworthiness/1", ');
    expect(() => loadCheckworthinessModel(broken)).toThrow(ModelError);
    expect(() => loadCheckworthinessModel(broken)).toThrow(/not valid JSON/);
  });
});
