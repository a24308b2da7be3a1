import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { importClaimReviews, readClaimReviews } from '../../src/review/claim-review-import.ts';
import type { Store } from '../../src/store/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const FUZZ = { seed: 20261127, numRuns: 100 } as const;

/** Reads, or returns the InputError it threw; any other error fails the test. */
function readOrRefusal(content: string): ReturnType<typeof readClaimReviews> | InputError {
  try {
    return readClaimReviews(content, { source: 'checks.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).status).toBe(400);
    return error as InputError;
  }
}

/** Field values as sites write them, and as hostile ones might. */
const fieldValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '\ud800 lone',
    '\u202eevil\u202c',
    '\u200b',
    '',
    ' ',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '2024-02-30',
    '9999-99-99',
  ),
  fc.webUrl(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

const reviewNode = fc
  .record(
    {
      '@type': fc.constantFrom('ClaimReview', 'schema:ClaimReview', 'https://schema.org/ClaimReview', [
        'ClaimReview',
        'Thing',
      ]),
      claimReviewed: fieldValue,
      url: fc.oneof(fc.webUrl(), fieldValue),
      datePublished: fieldValue,
      author: fc.oneof(
        fieldValue,
        fc.record({ name: fieldValue }),
        fc.array(fc.record({ name: fieldValue }), { maxLength: 3 }),
      ),
      reviewRating: fc.oneof(
        fieldValue,
        fc.record({ ratingValue: fieldValue, bestRating: fieldValue, alternateName: fieldValue }),
      ),
      itemReviewed: fc.oneof(
        fieldValue,
        fc.record({ appearance: fc.array(fieldValue, { maxLength: 3 }), author: fieldValue }),
      ),
    },
    { requiredKeys: ['@type'] },
  )
  // JSON.stringify drops a __proto__ set by assignment; it is spliced into the text instead.
  .map(
    (node) => `{"__proto__":{"polluted":"yes","claimReviewed":"injected"},${JSON.stringify(node).slice(1)}`,
  );

describe('ClaimReview import, fuzzed', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('reads any JSON or markup as reviews or refuses it with an InputError', () => {
    const content = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.json({ maxDepth: 5 }),
      fc
        .array(
          fc.constantFrom(
            '<script type="application/ld+json">',
            '</script>',
            '{"@type":"ClaimReview"',
            ',"claimReviewed":"x"',
            ',"url":"https://c.example/"',
            '}',
            '<!--',
            '<html>',
            '[',
            ']',
            '{"@graph":[',
          ),
          { maxLength: 20 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(content, (text) => {
        readOrRefusal(text);
      }),
      FUZZ,
    );
  });

  it('stores every review it reads, whatever its fields hold, and pollutes no prototype', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reviewNode, { minLength: 1, maxLength: 4 }), async (nodes) => {
        const content = `{"@graph":[${nodes.join(',')}]}`;
        const read = readOrRefusal(content);
        if (read instanceof InputError) {
          await expect(importClaimReviews(store, content)).rejects.toBeInstanceOf(InputError);
        } else {
          const outcomes = await importClaimReviews(store, content);
          expect(outcomes).toHaveLength(read.length);
          for (const [index, outcome] of outcomes.entries()) {
            expect(outcome.review.claimReviewed).not.toBe('injected');
            expect(outcome.review.url).toBe(read[index]?.url);
            expect(new URL(outcome.review.url).protocol).toMatch(/^https?:$/);
          }
        }
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });

  it('reads a ClaimReview from a page nested 100,000 levels deep', { timeout: 30_000 }, () => {
    const review =
      '{"@type":"ClaimReview","claimReviewed":"The bridge will close in March.","url":"https://checker.example/bridge"}';
    const page = `${'<div>'.repeat(100_000)}<script type="application/ld+json">${review}</script>${'</div>'.repeat(100_000)}`;
    expect(readClaimReviews(page).map((found) => found.url)).toEqual(['https://checker.example/bridge']);
  });

  it('refuses an external entity or a DOCTYPE in a page, reading nothing local', () => {
    const page =
      '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><script type="application/ld+json">{"@type":"ClaimReview","claimReviewed":"&xxe;","url":"https://checker.example/x"}</script></html>';
    const read = readOrRefusal(page);
    if (!(read instanceof InputError)) expect(read[0]?.claimReviewed).toBe('&xxe;');
  });
});
