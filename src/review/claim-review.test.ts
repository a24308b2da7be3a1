import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { claimantOf, claimReviewFor, claimReviewForCluster } from './claim-review.ts';
import { recordAppearances } from './test-ledger.ts';

const schema = JSON.parse(
  readFileSync(new URL('./claim-review.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function problems(document: unknown): string[] {
  return validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('ClaimReview export', () => {
  let store: Store;
  let clusterId: string;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    const ids = await recordAppearances(store, [
      {
        key: 'bridge',
        claim: {
          text: 'The Elm Street bridge will close in March, Mayor Quist said.',
          claimant: 'Mara Quist',
        },
        url: 'https://herald.example/bridge',
        publisher: 'The Herald',
        publishedAt: '2024-03-01T08:00:00.000Z',
        title: 'Bridge to close',
      },
      {
        key: 'bridge',
        claim: 'The Elm Street bridge closes in March.',
        url: 'https://courier.example/elm',
        publisher: 'Courier',
        publishedAt: '2024-03-02T08:00:00.000Z',
      },
      {
        key: 'bridge',
        claim: { text: 'Quist said the bridge would shut in March.', claimant: 'Mara Quist' },
        url: 'https://gazette.example/quist',
        publisher: 'Gazette',
        publishedAt: '2024-03-03T08:00:00.000Z',
      },
    ]);
    clusterId = ids.get('bridge') ?? '';
  });
  afterEach(() => store.close());

  it('exports the current verdict with the required and recommended fields, valid against the schema', async () => {
    await store.recordVerdict({
      clusterId,
      rating: 4,
      rationale: 'Planned, but for April.',
      author: 'A',
      publishedAt: '2024-03-04T00:00:00Z',
    });
    await store.recordVerdict({
      clusterId,
      rating: 2,
      rationale: 'The council moved the closure to April.',
      author: 'Ana',
      url: 'https://desk.example/checks/elm-bridge',
      claimReviewed: 'The Elm Street bridge will close in March.',
      publishedAt: '2024-03-05T10:00:00Z',
    });
    const document = await claimReviewForCluster(store, clusterId, {
      publisher: { name: 'Claimtrail Desk', url: 'https://desk.example' },
    });
    expect(problems(document)).toEqual([]);
    expect(document).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://desk.example/checks/elm-bridge',
      claimReviewed: 'The Elm Street bridge will close in March.',
      datePublished: '2024-03-05',
      author: { '@type': 'Organization', name: 'Claimtrail Desk', url: 'https://desk.example' },
      reviewRating: { ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Mara Quist' },
        datePublished: '2024-03-01',
        firstAppearance: { url: 'https://herald.example/bridge', headline: 'Bridge to close' },
      },
    });
    const item = document.itemReviewed as { appearance: { url: string }[] };
    expect(item.appearance.map((work) => work.url)).toEqual([
      'https://herald.example/bridge',
      'https://courier.example/elm',
      'https://gazette.example/quist',
    ]);
    // What the export says survives JSON as it is served.
    expect(problems(JSON.parse(JSON.stringify(document)))).toEqual([]);
  });

  it('needs a verdict and a url, and names the outlet as claimant of its own assertion', async () => {
    await expect(claimReviewForCluster(store, clusterId, { publisher: 'Desk' })).rejects.toMatchObject({
      code: 'no-verdict',
      status: 404,
    });
    const verdict = await store.recordVerdict({ clusterId, rating: 1, rationale: 'No.', author: 'Ana' });
    await expect(claimReviewForCluster(store, clusterId, { publisher: 'Desk' })).rejects.toMatchObject({
      code: 'no-review-url',
    });
    const cluster = await store.getCluster(clusterId);
    const { items } = await store.clusterAppearances(clusterId);
    const unattributed = items.filter((appearance) => appearance.claimant === null);
    expect(claimantOf(unattributed)).toBe('Courier');
    const document = claimReviewFor({
      cluster,
      verdict,
      appearances: unattributed,
      publisher: 'Desk',
      url: 'https://desk.example/c/1',
    });
    expect(problems(document)).toEqual([]);
    expect(document).toMatchObject({
      url: 'https://desk.example/c/1',
      itemReviewed: { author: { name: 'Courier' } },
    });
  });

  it('has a schema that refuses what Google requires to be there', () => {
    const valid = {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://desk.example/c/1',
      claimReviewed: 'x',
      datePublished: '2024-03-05',
      author: { '@type': 'Organization', name: 'Desk' },
      reviewRating: {
        '@type': 'Rating',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
        alternateName: 'False',
      },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2024-03-01',
        firstAppearance: { '@type': 'CreativeWork', url: 'https://a.example' },
        appearance: [{ '@type': 'CreativeWork', url: 'https://a.example' }],
      },
    };
    expect(problems(valid)).toEqual([]);
    const { url: _url, ...withoutUrl } = valid;
    expect(problems(withoutUrl).join()).toMatch(/url/);
    const { alternateName: _name, ...ratingWithoutName } = valid.reviewRating;
    expect(problems({ ...valid, reviewRating: ratingWithoutName }).join()).toMatch(/alternateName/);
    expect(problems({ ...valid, claimReviewed: '' }).join()).toMatch(/claimReviewed/);
    expect(problems({ ...valid, itemReviewed: { ...valid.itemReviewed, appearance: [] } }).join()).toMatch(
      /appearance/,
    );
  });
});
