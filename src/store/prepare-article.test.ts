import { describe, expect, it } from 'vitest';
import { buildArticle } from './contract-fixtures.ts';
import { StoreError } from './errors.ts';
import { prepareArticle } from './prepare-article.ts';

const SEEN = new Date('2024-03-01T09:00:00.000Z');

function refusal(analysis: unknown): StoreError {
  const { text } = buildArticle({ claims: ['The bridge closed.'] });
  try {
    prepareArticle({ text, analysis: analysis as never }, () => SEEN);
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('the analysis was accepted');
}

describe('prepareArticle', () => {
  it('stores the analysis as zod reads it: fields it does not know are dropped', () => {
    const article = buildArticle({ claims: ['The bridge closed.'] });
    const analysis = { ...article.analysis, extra: 1, article: { ...article.analysis.article, note: 'x' } };
    const prepared = prepareArticle({ text: article.text, analysis }, () => SEEN);
    expect(prepared.analysisJson).toBe(JSON.stringify(article.analysis));
  });

  it('refuses a nonconforming analysis naming the field, as zod explains it', () => {
    const { analysis } = buildArticle({ claims: ['The bridge closed.'] });
    const claim = analysis.claims[0] as (typeof analysis.claims)[number];
    const error = refusal({ ...analysis, claims: [{ ...claim, certainty: 2 }] });
    expect(error.code).toBe('invalid-analysis');
    expect(error.message).toMatch(/^the analysis is not claimtrail\.analysis\/1: claims\.0\.certainty: /);
    expect(refusal({ ...analysis, sentences: 'none' }).message).toMatch(/: sentences: /);
    expect(refusal(null).message).toMatch(/: the analysis: /);
  });
});
