import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../contract-fixtures.ts';
import type { ClusterSummary, Store } from '../index.ts';
import { MEMORY_PATH } from './connection.ts';
import { openSqliteStore } from './sqlite-store.ts';

const SEEN = '2024-03-01T09:00:00.000Z';

function counts(cluster: ClusterSummary) {
  const { appearances, articles, outlets, originalArticles, claimants, hedged, firstSeenAt, lastSeenAt } =
    cluster;
  return { appearances, articles, outlets, originalArticles, claimants, hedged, firstSeenAt, lastSeenAt };
}

describe('SQLite article writes', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(MEMORY_PATH);
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts the claim that starts a cluster as its one appearance, from an original or a copy', async () => {
    const original = buildArticle({
      published: '2024-03-01T08:00:00Z',
      claims: [
        { text: 'The council closed the bridge on Monday.', claimant: 'Mara Quist', signals: ['hedge'] },
        'The bridge carries 40,000 cars a day.',
      ],
    });
    const first = await store.recordArticle({
      ...original,
      url: 'https://alpha.example/bridge',
      seenAt: SEEN,
    });
    // No URL and no publisher: the copy has no outlet, and as a copy it is no original article.
    const copy = buildArticle({
      published: '2024-03-02T08:00:00Z',
      claims: ['Repairs will take a year.', { text: 'Fares may rise.', signals: ['conditional'] }],
    });
    const second = await store.recordArticle({
      ...copy,
      seenAt: SEEN,
      copyOf: { articleId: first.article.id, kind: 'wire' },
    });

    expect([...first.claims, ...second.claims].every((claim) => claim.clusterCreated)).toBe(true);
    const clusters = await Promise.all(
      [...first.claims, ...second.claims].map((claim) => store.getCluster(claim.clusterId)),
    );
    const day1 = '2024-03-01T08:00:00.000Z';
    const day2 = '2024-03-02T08:00:00.000Z';
    expect(clusters.map(counts)).toEqual([
      { ...counts(clusters[0] as ClusterSummary), appearances: 1, articles: 1, outlets: 1 },
      { ...counts(clusters[1] as ClusterSummary), appearances: 1, articles: 1, outlets: 1 },
      { ...counts(clusters[2] as ClusterSummary), appearances: 1, articles: 1, outlets: 0 },
      { ...counts(clusters[3] as ClusterSummary), appearances: 1, articles: 1, outlets: 0 },
    ]);
    expect(clusters.map((cluster) => cluster.originalArticles)).toEqual([1, 1, 0, 0]);
    expect(clusters.map((cluster) => cluster.claimants)).toEqual([1, 0, 0, 0]);
    expect(clusters.map((cluster) => cluster.hedged)).toEqual([1, 0, 0, 1]);
    expect(clusters.map((cluster) => [cluster.firstSeenAt, cluster.lastSeenAt])).toEqual([
      [day1, day1],
      [day1, day1],
      [day2, day2],
      [day2, day2],
    ]);
    expect(await store.checkIntegrity()).toEqual([]);
  });

  it('counts a second claim under the same key as a join of the cluster the first one started', async () => {
    const { text, analysis } = buildArticle({
      claims: [
        { text: 'The mill will close in June.', claimant: 'Ana Lopes' },
        { text: 'The mill closes in June.', claimant: 'Ben Ortiz', signals: ['hedge'] },
      ],
    });
    const result = await store.recordArticle({
      text,
      analysis,
      url: 'https://beta.example/mill',
      seenAt: SEEN,
      clusters: { c1: { key: 'mill-closing' }, c2: { key: 'mill-closing' } },
    });
    expect(result.claims.map((claim) => claim.clusterCreated)).toEqual([true, false]);
    const [clusterId] = new Set(result.claims.map((claim) => claim.clusterId));
    const cluster = await store.getCluster(clusterId as string);
    expect(cluster).toMatchObject({
      appearances: 2,
      articles: 1,
      outlets: 1,
      originalArticles: 1,
      claimants: 2,
      hedged: 1,
    });
    expect(await store.checkIntegrity()).toEqual([]);
  });

  it('answers with the claims as stored, in id order, for a new article and for an edit', async () => {
    const url = 'https://gamma.example/budget';
    const before = buildArticle({ claims: ['The budget grew by 4%.', 'Schools get 10 new teachers.'] });
    const created = await store.recordArticle({ ...before, url, seenAt: SEEN });
    const after = buildArticle({
      claims: ['The budget grew by 5%.', 'Schools get 10 new teachers.', 'Parks lose a gardener.'],
    });
    const edited = await store.recordArticle({
      ...after,
      url,
      seenAt: SEEN,
      clusters: { c2: { join: created.claims[1]?.clusterId ?? '' } },
    });
    expect(edited.status).toBe('new-version');
    for (const result of [created, edited]) {
      const stored = await store.articleClaims(result.article.id, result.article.version);
      expect(
        result.claims.map(({ analysisClaimId, claimId, clusterId }) => [analysisClaimId, claimId, clusterId]),
      ).toEqual(stored.map((claim) => [claim.analysisClaimId, claim.id, claim.clusterId]));
    }
    expect(edited.claims.map((claim) => claim.clusterCreated)).toEqual([true, false, true]);
    // Full-text search finds the edit's claims, the new one among them, and no longer the old wording.
    const found = async (words: string) =>
      (await store.searchClaims(words)).items.map((hit) => hit.claimId).sort();
    expect(await found('gardener')).toEqual([edited.claims[2]?.claimId]);
    expect(await found('teachers')).toEqual([edited.claims[1]?.claimId]);
    expect(await found('grew')).toEqual([edited.claims[0]?.claimId]);
    const unchanged = await store.recordArticle({ ...after, url, seenAt: SEEN });
    expect(unchanged.status).toBe('unchanged');
    expect(unchanged.claims).toEqual(edited.claims.map((claim) => ({ ...claim, clusterCreated: false })));
    expect(await store.checkIntegrity()).toEqual([]);
  });
});
