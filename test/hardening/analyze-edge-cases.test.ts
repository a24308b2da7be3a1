import { describe, expect, it } from 'vitest';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';

const pipelines = [
  ['rules', createPipeline()],
  ['trained models', createPipeline({ models: loadModels() })],
] as const;

describe.each(pipelines)('analysis edge cases found by fuzzing (%s)', (_name, pipeline) => {
  it.each(['according to', 'Taxes rose, according to', 'Taxes rose 5%, according to\n', 'According to.'])(
    'analyzes %j, an attribution cue with no source after it',
    (text) => {
      const analysis = pipeline.analyze({ text, meta: {} });
      expect(analysis.attributions.every((attribution) => attribution.source !== undefined)).toBe(true);
    },
  );
});

describe('very long runs of non-space characters', () => {
  const pipeline = createPipeline({ models: loadModels() });

  // The English model's abbreviation test costs the square of a token's length: before runs were cut,
  // 100,000 letters took 11 s and a 1 MB token (within the input limit) about 20 minutes.
  it('analyzes a 200,000-letter token in seconds, with offsets into the original text', {
    timeout: 15_000,
  }, () => {
    const text = `Officials said ${'a'.repeat(200_000)} was the code word. The minister denied it.`;
    const analysis = pipeline.analyze({ text, meta: {} });
    expect(analysis.sentences.at(-1)?.text).toBe('The minister denied it.');
    for (const sentence of analysis.sentences) {
      expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    }
  });

  it('leaves URLs and words of ordinary length whole', () => {
    const url = `https://news.example.org/2026/03/02/${'long-slug-'.repeat(20)}story.html`;
    const text = `The council published the report at ${url} on Monday.`;
    const tokens = pipeline.analyze({ text, meta: {} }).sentences[0]?.tokens.map((token) => token.text);
    expect(tokens).toContain(url);
  });
});
