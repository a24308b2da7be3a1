import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../pipeline/index.ts';
import { createRandom } from '../random.ts';
import { type FeatureOptions, viewSentence, visitFeatures } from './features.ts';
import { createLinearScorer } from './scorer.ts';

const pipeline = createPipeline();
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const docs = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => pipeline.analyze({ text: readFileSync(`${FIXTURES}${name}`, 'utf8') }));

/** Random weights over a small hash space, so every group's features collide and count. */
function randomWeights(dimensions: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
}

/** The score as summing weight * value over every visited feature gives it: what training fits. */
function visitedScore(
  weights: Float32Array,
  bias: number,
  options: FeatureOptions,
  view: Parameters<typeof visitFeatures>[0],
) {
  let score = bias;
  visitFeatures(view, options, (bucket, value) => {
    score += (weights[bucket] as number) * value;
  });
  return score;
}

describe('createLinearScorer', () => {
  const options: FeatureOptions = {
    dimensions: 1 << 12,
    groups: {
      words: 1,
      bigrams: 0.5,
      characters: 1.5,
      partOfSpeech: 1,
      shape: 0.7,
      tagged: 1,
      entities: 1,
      signals: 2,
      form: 1,
      lexicon: 0.8,
    },
  };

  it('scores every fixture sentence as the visited features sum, twice over (remembered words too)', () => {
    const weights = randomWeights(options.dimensions, 3);
    const score = createLinearScorer(weights, 0.25, options);
    let sentences = 0;
    for (let pass = 0; pass < 2; pass += 1) {
      for (const doc of docs) {
        for (const sentence of doc.sentences) {
          const view = viewSentence(sentence, doc);
          expect(score(view)).toBeCloseTo(visitedScore(weights, 0.25, options, view), 9);
          sentences += 1;
        }
      }
    }
    expect(sentences).toBeGreaterThan(40);
  });

  it('scores as the visited features sum when its word table starts afresh within a sentence', () => {
    const weights = randomWeights(options.dimensions, 7);
    // Sixteen rows start afresh every eight new words, several times within most sentences.
    const score = createLinearScorer(weights, -0.5, options, 16);
    let longSentences = 0;
    for (const doc of docs) {
      for (const sentence of doc.sentences) {
        const view = viewSentence(sentence, doc);
        expect(score(view)).toBeCloseTo(visitedScore(weights, -0.5, options, view), 9);
        if (new Set(sentence.tokens.map((token) => token.normal)).size > 8) longSentences += 1;
      }
    }
    expect(longSentences).toBeGreaterThan(10);
  });

  it('scores as the visited features sum with more part-of-speech tags than its n-gram tables hold', () => {
    const weights = randomWeights(options.dimensions, 11);
    const score = createLinearScorer(weights, 0.1, options);
    const doc = docs[0];
    const sentence = doc?.sentences[0];
    if (!doc || !sentence) throw new Error('the fixtures hold no sentence');
    // Forty made-up tags, met one sentence after another: the later ones have no place in the tables.
    for (let shift = 0; shift < 40; shift += 5) {
      const tokens = sentence.tokens.map((token, index) => ({ ...token, pos: `TAG${(index + shift) % 40}` }));
      const view = { ...viewSentence(sentence, doc), tokens };
      expect(score(view)).toBeCloseTo(visitedScore(weights, 0.1, options, view), 9);
    }
  });

  it('leaves out groups weighted 0 or absent, as the visited features do', () => {
    const sparse: FeatureOptions = { dimensions: 1 << 12, groups: { words: 1, characters: 0 } };
    const weights = randomWeights(sparse.dimensions, 5);
    const score = createLinearScorer(weights, 0, sparse);
    const doc = docs[0];
    const sentence = doc?.sentences[0];
    if (!doc || !sentence) throw new Error('the fixtures hold no sentence');
    const view = viewSentence(sentence, doc);
    expect(score(view)).toBeCloseTo(visitedScore(weights, 0, sparse, view), 9);
    expect(score(view)).not.toBeCloseTo(visitedScore(weights, 0, options, view), 3);
  });
});
