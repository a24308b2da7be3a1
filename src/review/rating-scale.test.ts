import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '../store/index.ts';
import {
  BEST_RATING,
  isRating,
  RATING_SCALE,
  ratingFromLabel,
  ratingLabel,
  WORST_RATING,
} from './rating-scale.ts';

describe('rating scale', () => {
  it('maps whole numbers 1 to 5 to words, from false to true', () => {
    expect(RATING_SCALE.map((step) => [step.value, ratingLabel(step.value)])).toEqual([
      [1, 'False'],
      [2, 'Mostly false'],
      [3, 'Mixed'],
      [4, 'Mostly true'],
      [5, 'True'],
    ]);
    expect([WORST_RATING, BEST_RATING]).toEqual([1, 5]);
    expect(ratingFromLabel(' mostly TRUE ')).toBe(4);
    expect(ratingFromLabel('Pants on fire')).toBeNull();
  });

  it('refuses values off the scale, naming them and listing the scale', () => {
    for (const value of [0, 6, 3.5, Number.NaN, '3']) expect(isRating(value)).toBe(false);
    expect(() => ratingLabel(7)).toThrow(/rating 7 is not on the scale; give one of 1 False, .*5 True/);
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Review desk: statuses'),
    readme.indexOf('\n## ', readme.indexOf('## Review desk: statuses') + 4),
  );

  it('documents every step of the scale and every status', () => {
    expect(section.length).toBeGreaterThan(100);
    for (const step of RATING_SCALE)
      expect(section).toMatch(new RegExp(`\\| ${step.value} +\\| ${step.label} +\\|`));
    for (const status of CLAIM_STATUSES) expect(section).toContain(`\`${status}\``);
  });
});
