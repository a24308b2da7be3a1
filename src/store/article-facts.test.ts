import { describe, expect, it } from 'vitest';
import {
  canonicalUrl,
  contentHash,
  isHedged,
  normalizeArticleText,
  publishedFromMetadata,
  publisherFromUrl,
  publisherKey,
  toIsoTime,
} from './article-facts.ts';

describe('article facts', () => {
  it('hashes text the same however its lines were wrapped, and differently once a word changes', () => {
    const hash = contentHash('The council voted.\n\nFares rise in April.');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('  The council voted. Fares\trise in April.  ')).toBe(hash);
    // "é" written as one code point and as "e" plus a combining accent is the same text.
    expect(contentHash('Caf\u00e9 owners voted.')).toBe(contentHash('Cafe\u0301 owners voted.'));
    expect(contentHash('The council voted. Fares rise in May.')).not.toBe(hash);
  });

  it('folds every run of any kind of white space to one space, and only those', () => {
    // Every character JavaScript counts as white space or a line end, alone and in runs.
    const spaces = ' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
    for (const space of spaces) {
      expect(normalizeArticleText(`a${space}b`)).toBe('a b');
      expect(normalizeArticleText(`a ${space}b${space} c${space}${space}`)).toBe('a b c');
    }
    expect(normalizeArticleText(` a  b\u00a0 c \n\n d `)).toBe('a b c d');
    // Characters that only look like spacing, and astral ones, are text.
    expect(normalizeArticleText('a\u200bb \u{1f600} c\ud800 d')).toBe('a\u200bb \u{1f600} c\ud800 d');
  });

  it('keeps http(s) URLs without their fragment, and refuses the rest', () => {
    expect(canonicalUrl(' https://Example.org/a?b=1#comments ')).toBe('https://example.org/a?b=1');
    expect(() => canonicalUrl('/relative/path')).toThrow(/not an absolute URL/);
    expect(() => canonicalUrl('javascript:alert(1)')).toThrow(/must start with http/);
    expect(publisherFromUrl('https://www.bbc.co.uk/news/1')).toBe('bbc.co.uk');
  });

  it('compares publishers without case, a leading "the" or punctuation', () => {
    expect(publisherKey('The Daily-Star')).toBe(publisherKey('daily star'));
    expect(publisherKey('Theatre Weekly')).toBe('theatre weekly');
  });

  it('reads ISO dates from metadata as UTC and leaves free-form dates to the caller', () => {
    expect(publishedFromMetadata('2024-03-01')).toBe('2024-03-01T00:00:00.000Z');
    expect(publishedFromMetadata('2024-03-01T09:30')).toBe('2024-03-01T09:30:00.000Z');
    expect(publishedFromMetadata('2024-03-01 09:30:15+02:00')).toBe('2024-03-01T07:30:15.000Z');
    expect(publishedFromMetadata('March 1, 2024')).toBeNull();
    expect(publishedFromMetadata('2024-13-45')).toBeNull();
    expect(publishedFromMetadata(undefined)).toBeNull();
    expect(toIsoTime(new Date(Date.UTC(2024, 2, 1)), 'seen time')).toBe('2024-03-01T00:00:00.000Z');
    expect(() => toIsoTime('20240-01-01', 'seen time')).toThrow(/seen time "20240-01-01"/);
  });

  it('calls a claim hedged for hedges, conditions, missing evidence and questions only', () => {
    expect(isHedged([{ type: 'booster' }, { type: 'conditional' }])).toBe(true);
    expect(isHedged([{ type: 'rhetorical-question' }])).toBe(true);
    expect(isHedged([{ type: 'vague-source' }, { type: 'prediction' }, { type: 'opinion' }])).toBe(false);
    expect(isHedged([])).toBe(false);
  });
});
