import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { readClaimReviews } from '../../src/review/claim-review-import.ts';

describe('ClaimReview input nested deeper than the stack', () => {
  it.each([
    ['an array nested a million levels', `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`],
    ['an object nested 100,000 levels', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['a deep @type', `{"@type":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    [
      'a deep claimReviewed',
      `{"@type":"ClaimReview","claimReviewed":${'['.repeat(100_000)}"x"${']'.repeat(100_000)},"url":"https://c.example/"}`,
    ],
    [
      'a deep author',
      `{"@type":"ClaimReview","claimReviewed":"x","url":"https://c.example/","author":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}`,
    ],
  ])('refuses %s with an InputError, not a RangeError', (_what, content) => {
    let caught: unknown;
    try {
      readClaimReviews(content);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toMatchObject({ code: expect.stringMatching(/too-deep|no-claim-review/) });
  });
});
