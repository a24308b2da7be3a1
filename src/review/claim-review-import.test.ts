import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { createReviewMatcher, importClaimReviews, readClaimReviews } from './claim-review-import.ts';
import { recordAppearances } from './test-ledger.ts';

/** A ClaimReview as a fact-checking site might write it. */
const bridgeReview = {
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checker.example/fact-checks/elm-bridge',
  claimReviewed: 'The Elm Street bridge will close for repairs in March.',
  datePublished: '2024-03-06',
  author: { '@type': 'Organization', name: 'Checker Weekly' },
  reviewRating: {
    '@type': 'Rating',
    ratingValue: '2',
    bestRating: '6',
    worstRating: '1',
    alternateName: 'Mostly False',
  },
  itemReviewed: {
    '@type': 'Claim',
    author: [
      { '@type': 'Person', name: 'Mara Quist' },
      { '@type': 'Person', name: 'Aide' },
    ],
    firstAppearance: { '@type': 'CreativeWork', url: 'https://herald.example/bridge' },
    appearance: [
      { '@type': 'CreativeWork', url: 'https://herald.example/bridge' },
      'https://social.example/p/1',
    ],
  },
};

const unrelatedReview = {
  '@type': ['ClaimReview'],
  url: 'https://checker.example/fact-checks/moon',
  claimReviewed: 'Astronauts planted potatoes on the far side of the moon last winter.',
  author: 'Checker Weekly',
  itemReviewed: { '@type': 'Claim', author: 'A viral post' },
};

describe('reading ClaimReview', () => {
  it('reads one object, arrays, @graph and reviews nested in other nodes', () => {
    const one = readClaimReviews(JSON.stringify(bridgeReview));
    expect(one).toEqual([
      {
        claimReviewed: 'The Elm Street bridge will close for repairs in March.',
        url: 'https://checker.example/fact-checks/elm-bridge',
        reviewer: 'Checker Weekly',
        datePublished: '2024-03-06T00:00:00.000Z',
        ratingName: 'Mostly False',
        ratingValue: 2,
        bestRating: 6,
        worstRating: 1,
        claimant: 'Mara Quist',
        appearanceUrls: ['https://herald.example/bridge', 'https://social.example/p/1'],
        raw: JSON.stringify(bridgeReview),
      },
    ]);
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebSite', name: 'Checker' }, bridgeReview],
    };
    const nested = { '@type': 'WebPage', mainEntity: { '@type': 'Article', review: [unrelatedReview] } };
    const all = readClaimReviews(JSON.stringify([graph, nested]));
    expect(all.map((review) => review.url)).toEqual([bridgeReview.url, unrelatedReview.url]);
    expect(all[1]).toMatchObject({
      reviewer: 'Checker Weekly',
      claimant: 'A viral post',
      ratingName: null,
      ratingValue: null,
      datePublished: null,
      appearanceUrls: [],
    });
  });

  it('reads reviews embedded in an HTML page, skipping a broken block and taking the page as a missing url', () => {
    const { url: _url, ...withoutUrl } = bridgeReview;
    const html = `<!doctype html><html><head>
      <script type="application/ld+json">{ "@type": "Organization", "name": broken </script>
      <script type="application/ld+json">//<![CDATA[
        ${JSON.stringify({ '@context': 'https://schema.org', '@graph': [withoutUrl] })}
      //]]></script>
      <script TYPE="Application/LD+JSON; charset=utf-8">${JSON.stringify({ ...unrelatedReview, url: '/fact-checks/moon-2' })}</script>
      <script>var claimReviewed = "not this";</script>
    </head><body><p>The bridge</p></body></html>`;
    const reviews = readClaimReviews(html, {
      pageUrl: 'https://checker.example/fact-checks/elm-bridge-page',
    });
    expect(reviews.map((review) => review.url)).toEqual([
      'https://checker.example/fact-checks/elm-bridge-page',
      'https://checker.example/fact-checks/moon-2',
    ]);
    expect(reviews[0]?.claimant).toBe('Mara Quist');
  });

  it('refuses garbage with an InputError that says what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/],
      ['{"@type": "ClaimReview", ', /checks\.json is not JSON/],
      [JSON.stringify({ '@type': 'NewsArticle', headline: 'x' }), /holds no ClaimReview/],
      [JSON.stringify({ '@type': 'ClaimReview', url: 'https://a.example' }), /has no claimReviewed/],
      [
        JSON.stringify({ '@type': 'ClaimReview', claimReviewed: 'The sky is green.' }),
        /"The sky is green\." \) has no url|has no url/,
      ],
      ['<html><body><p>No markup here.</p></body></html>', /embeds no ClaimReview \(0 JSON-LD blocks\)/],
      ['\u0000\u0001binary', /is not JSON/],
    ];
    for (const [content, message] of cases) {
      expect(() => readClaimReviews(content, { source: 'checks.json' })).toThrow(message);
      try {
        readClaimReviews(content, { source: 'checks.json' });
      } catch (error) {
        expect(error).toMatchObject({ name: 'InputError', status: 400 });
      }
    }
  });
});

describe('importing ClaimReview', () => {
  let store: Store;
  let clusters: Map<string, string>;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    clusters = await recordAppearances(store, [
      {
        key: 'bridge',
        claim: {
          text: 'The Elm Street bridge will close for repairs in March, the mayor said.',
          claimant: 'Mara Quist',
        },
        url: 'https://herald.example/bridge',
        publisher: 'Herald',
        publishedAt: '2024-03-01T08:00:00.000Z',
      },
      {
        key: 'bridge',
        claim: 'Repairs will close the Elm Street bridge in March.',
        url: 'https://courier.example/elm',
        publisher: 'Courier',
        publishedAt: '2024-03-02T08:00:00.000Z',
      },
      {
        key: 'jobs',
        claim: 'Unemployment in the county fell to 3.1 percent last quarter.',
        url: 'https://courier.example/jobs',
        publisher: 'Courier',
        publishedAt: '2024-03-02T09:00:00.000Z',
      },
    ]);
  });
  afterEach(() => store.close());

  it('matches each review to the cluster stating its claim, or to none, and stores it once', async () => {
    const content = JSON.stringify([bridgeReview, unrelatedReview]);
    const outcomes = await importClaimReviews(store, content, { source: 'checks.json' });
    expect(outcomes.map((outcome) => [outcome.status, outcome.review.clusterId])).toEqual([
      ['created', clusters.get('bridge')],
      ['created', null],
    ]);
    const score = outcomes[0]?.review.matchScore ?? 0;
    expect(score).toBeGreaterThan(0.43);
    expect(score).toBeLessThanOrEqual(1);
    expect(await store.clusterImportedReviews(clusters.get('bridge') ?? '')).toEqual([outcomes[0]?.review]);
    expect(await store.clusterImportedReviews(clusters.get('jobs') ?? '')).toEqual([]);
    const again = await importClaimReviews(store, content);
    expect(again.map((outcome) => outcome.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('matches by meaning, not by the review’s url, and respects a stricter threshold', async () => {
    const matcher = await createReviewMatcher(store);
    expect(
      matcher.match({ claimReviewed: 'County unemployment dropped to 3.1% in the last quarter' })?.clusterId,
    ).toBe(clusters.get('jobs'));
    expect(matcher.match({ claimReviewed: 'The harbour ferry will stop running in May.' })).toBeNull();
    const strict = await createReviewMatcher(store, { threshold: 0.999999 });
    expect(
      strict.match({ claimReviewed: 'County unemployment dropped to 3.1% in the last quarter' }),
    ).toBeNull();
    const empty = openSqliteStore(':memory:');
    expect((await createReviewMatcher(empty)).match({ claimReviewed: 'Anything at all.' })).toBeNull();
    await empty.close();
  });

  it('stores nothing when the input is garbage', async () => {
    await expect(importClaimReviews(store, '{"@type": "Thing"}', { source: 'bad.json' })).rejects.toThrow(
      /bad\.json holds no ClaimReview/,
    );
    expect(await store.clusterImportedReviews(clusters.get('bridge') ?? '')).toEqual([]);
  });
});
