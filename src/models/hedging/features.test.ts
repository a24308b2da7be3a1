import { describe, expect, it } from 'vitest';
import type { Sentence } from '../../core/types.ts';
import { createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { hashString } from '../sparse.ts';
import {
  collectFeatures,
  createCueLexicon,
  hashJoined,
  hitFeatures,
  scanSentence,
  sentenceFeatures,
  toSparse,
} from './features.ts';

const sentencer = createPipeline({ stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences') });

function firstSentence(text: string): Sentence {
  const [sentence] = sentencer.analyze({ text }).sentences;
  if (!sentence) throw new Error(`no sentence in "${text}"`);
  return sentence;
}

const lexicon = createCueLexicon({
  hedge: ['may', 'may have', 'so-called', 'is said to'],
  'vague-source': ['some people', 'critics'],
  'candidate-hedge': ['may', 'considered'],
});

describe('scanSentence', () => {
  it('finds the longest phrase on whole tokens and names every list that holds it', () => {
    const sentence = firstSentence('The mayor may have left, and the may-pole stayed.');
    const hits = scanSentence(sentence, lexicon).hits;
    expect(hits.map((hit) => hit.phrase)).toEqual(['may have']);
    expect(hits[0]?.types).toEqual(['hedge']);
    const plain = scanSentence(firstSentence('It may rain.'), lexicon).hits;
    expect(plain[0]?.types).toEqual(['hedge', 'candidate-hedge']);
  });

  it('matches hyphenated and multi-word phrases across their tokens', () => {
    const sentence = firstSentence('The so-called reform is said to help some people.');
    const phrases = scanSentence(sentence, lexicon).hits.map((hit) => hit.phrase);
    expect(phrases).toEqual(['so-called', 'is said to', 'some people']);
  });

  it('marks quantifiers and forms of "be" as weasel anchors, inside phrases too', () => {
    const sentence = firstSentence('Some people say it was considered final.');
    const { anchors } = scanSentence(sentence, lexicon);
    expect(anchors.map((index) => sentence.tokens[index]?.normal)).toEqual(['some', 'was']);
  });
});

describe('hashJoined', () => {
  it('hashes parts as hashString hashes their concatenation', () => {
    expect(hashJoined('hpos:', 'may', '|', 'AUX')).toBe(hashString('hpos:may|AUX'));
    expect(hashJoined('')).toBe(hashString(''));
  });
});

describe('features', () => {
  it('tells the modal "may" from the month by part of speech', () => {
    const modal = firstSentence('The company may close the plant.');
    const month = firstSentence('The company closed the plant in May.');
    const features = (sentence: Sentence) => {
      const { hits } = scanSentence(sentence, lexicon);
      const [hit] = hits;
      if (!hit) throw new Error('expected a hit');
      return collectFeatures((emit) => hitFeatures(sentence, hit, hits, emit));
    };
    expect(features(modal).has(hashString(`hpos:may|${modal.tokens[2]?.pos}`))).toBe(true);
    expect(modal.tokens[2]?.pos).not.toBe(month.tokens[6]?.pos);
  });

  it('adds a passive report verb as a weasel pattern, and each sentence feature once', () => {
    const sentence = firstSentence('It is considered that critics and critics agree.');
    const scan = scanSentence(sentence, lexicon);
    const features = sentenceFeatures(sentence, scan, { words: 0, characters: 0, lexicon: 1, weasel: 1 });
    expect(features.get(hashString('P:it|considered'))).toBe(1);
    expect(features.get(hashString('L:critics'))).toBe(1);
    const vector = toSparse(features, 1 << 16);
    expect(new Set(vector.indices).size).toBe(vector.indices.length);
  });

  it('leaves a feature group out when its value is 0 and scales it otherwise', () => {
    const sentence = firstSentence('Critics may disagree.');
    const scan = scanSentence(sentence, lexicon);
    const without = sentenceFeatures(sentence, scan, { words: 0, characters: 0, lexicon: 1, weasel: 0 });
    const damped = sentenceFeatures(sentence, scan, { words: 0.2, characters: 0, lexicon: 1, weasel: 0 });
    expect(without.has(hashString('u:disagree'))).toBe(false);
    expect(damped.get(hashString('u:disagree'))).toBe(0.2);
  });
});
