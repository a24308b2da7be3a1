import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { FEATURE_COUNT } from './features.ts';
import { isValidSequence, labelCount, type TaggedSequence, tagSequence, trainTagger } from './tagger.ts';

const ROLES = ['source', 'cue', 'content'];
const LABELS = labelCount(ROLES);

function randomWeights(seed: number, dimensions: number) {
  const random = createRandom(seed);
  const fill = (length: number) => Float32Array.from({ length }, () => random() * 10 - 5);
  return {
    roles: ROLES,
    dimensions,
    emission: fill(dimensions * LABELS),
    transition: fill(LABELS * LABELS),
    start: fill(LABELS),
  };
}

function randomFeatures(seed: number, tokens: number, dimensions: number): Int32Array {
  const random = createRandom(seed);
  return Int32Array.from({ length: tokens * FEATURE_COUNT }, () => Math.floor(random() * dimensions));
}

describe('isValidSequence', () => {
  it('accepts B-I runs and rejects an I that does not continue its own role', () => {
    expect(isValidSequence([0, 1, 2, 2, 0, 3, 5, 6])).toBe(true);
    expect(isValidSequence([2])).toBe(false);
    expect(isValidSequence([0, 4])).toBe(false);
    expect(isValidSequence([1, 4])).toBe(false);
  });
});

describe('tagSequence', () => {
  it('decodes only valid BIO sequences, whatever the weights favour', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const weights = randomWeights(seed, 64);
      // Make every I label tempting, so an unconstrained decoder would emit invalid sequences.
      for (let label = 2; label < LABELS; label += 2) weights.start[label] = 100;
      const labels = tagSequence(weights, randomFeatures(seed + 1000, 5 + seed, 64));
      expect(isValidSequence(labels), `seed ${seed}: ${[...labels].join(' ')}`).toBe(true);
    }
  });

  it('gives an empty sequence for no tokens', () => {
    expect(tagSequence(randomWeights(1, 16), new Int32Array(0))).toHaveLength(0);
  });
});

describe('trainTagger', () => {
  // Each token carries one feature naming its word; word 3 begins a source, 4 continues it, 5 is a cue
  // and 6 content: the tagger has to learn the mapping and the B/I order from the data alone.
  const LABEL_OF_WORD = [0, 0, 0, 1, 2, 3, 5];
  function sequence(words: number[]): TaggedSequence {
    const features = new Int32Array(words.length * FEATURE_COUNT);
    words.forEach((word, token) => {
      for (let slot = 0; slot < FEATURE_COUNT; slot += 1)
        features[token * FEATURE_COUNT + slot] = word * FEATURE_COUNT + slot;
    });
    return { features, labels: Int32Array.from(words, (word) => LABEL_OF_WORD[word] as number) };
  }
  const corpus = [
    sequence([3, 4, 5, 6]),
    sequence([0, 3, 5, 6, 1]),
    sequence([6, 2, 3, 4, 5]),
    sequence([1, 1, 3, 5, 6, 0]),
  ];

  it('learns a small corpus', () => {
    const weights = trainTagger(corpus, { roles: ROLES, dimensions: 512, epochs: 8, seed: 3 });
    for (const { features, labels } of corpus)
      expect([...tagSequence(weights, features)]).toEqual([...labels]);
  });

  it('gives the same weights for the same seed', () => {
    const first = trainTagger(corpus, { roles: ROLES, dimensions: 512, epochs: 5, seed: 9 });
    const second = trainTagger(corpus, { roles: ROLES, dimensions: 512, epochs: 5, seed: 9 });
    expect(second.emission).toEqual(first.emission);
    expect(second.transition).toEqual(first.transition);
    expect(second.start).toEqual(first.start);
  });
});
