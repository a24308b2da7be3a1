import { describe, expect, it } from 'vitest';
import {
  day,
  expectStoreError,
  type MakeStore,
  recordSpec,
  type SeededAppearance,
  seed,
  useStore,
  walk,
} from './contract-helpers.ts';

/** Reads: a cluster's appearances and counts over time and by outlet, sources, missing ids. */
export function registerTimelineContract(makeStore: MakeStore): void {
  describe('appearances over time', () => {
    const context = useStore(makeStore);
    const ledger: SeededAppearance[] = [
      {
        key: 'k',
        outlet: 'alpha.example',
        publishedAt: '2024-03-01T08:00:00Z',
        claim: { signals: ['hedge'] },
      },
      {
        key: 'k',
        outlet: 'beta.example',
        publishedAt: '2024-03-01T12:00:00Z',
        claim: { claimant: 'Mara Quist' },
      },
      { key: 'k', outlet: 'alpha.example', publishedAt: '2024-03-01T20:00:00Z' },
      // 00:30 in UTC+1 is still the first of March in UTC.
      {
        key: 'k',
        outlet: 'gamma.example',
        publishedAt: '2024-03-02T00:30:00+01:00',
        claim: { signals: ['conditional'] },
      },
      { key: 'k', outlet: 'gamma.example', publishedAt: '2024-03-04T10:00:00Z' },
      { key: 'other', outlet: 'beta.example', publishedAt: '2024-03-03T10:00:00Z' },
    ];

    it('counts appearances, outlets, hedged and stated per UTC day of publication', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      expect(await store.clusterDailyCounts(ids.get('k') ?? '')).toEqual([
        {
          day: '2024-03-01',
          appearances: 4,
          outlets: 3,
          hedged: 2,
          stated: 2,
          attributed: 1,
          hedgedShare: 0.5,
          statedShare: 0.5,
        },
        {
          day: '2024-03-04',
          appearances: 1,
          outlets: 1,
          hedged: 0,
          stated: 1,
          attributed: 0,
          hedgedShare: 0,
          statedShare: 1,
        },
      ]);
      expect(await store.getCluster(ids.get('k') ?? '')).toMatchObject({
        appearances: 5,
        outlets: 3,
        hedged: 2,
        claimants: 1,
        firstSeenAt: '2024-03-01T08:00:00.000Z',
        lastSeenAt: '2024-03-04T10:00:00.000Z',
      });
    });

    it('lists appearances oldest first, with their articles, page by page', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      const pages = await walk((options) => store.clusterAppearances(ids.get('k') ?? '', options), 2);
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      const appearances = pages.flat();
      expect(appearances.map((item) => item.url)).toEqual(
        [0, 1, 2, 3, 4].map((index) => `https://${ledger[index]?.outlet}/${index}`),
      );
      expect(appearances[3]).toMatchObject({
        publisher: 'gamma.example',
        publishedAt: '2024-03-01T23:30:00.000Z',
        hedged: true,
        signals: [{ type: 'conditional' }],
        copyOf: null,
      });
      expect(appearances[1]).toMatchObject({ claimant: 'Mara Quist', claimantKind: 'person', hedged: false });
      expect((await store.clusterAppearances(ids.get('k') ?? '', { limit: 1 })).total).toBe(5);
    });

    it('digests appearances by day, outlet and claimant, in the order each first appeared', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      const group = (
        day: string,
        outlet: string,
        appearances: number,
        hedged: number,
        first: string,
        last = first,
      ) => ({
        day,
        outlet,
        claimant: null,
        claimantKind: null,
        copyOf: null,
        denied: false,
        appearances,
        hedged,
        first,
        last,
      });
      expect(await store.clusterDigest(ids.get('k') ?? '')).toEqual({
        groups: [
          group('2024-03-01', 'alpha.example', 2, 1, '2024-03-01T08:00:00.000Z', '2024-03-01T20:00:00.000Z'),
          {
            ...group('2024-03-01', 'beta.example', 1, 0, '2024-03-01T12:00:00.000Z'),
            claimant: 'Mara Quist',
            claimantKind: 'person',
          },
          group('2024-03-01', 'gamma.example', 1, 1, '2024-03-01T23:30:00.000Z'),
          group('2024-03-04', 'gamma.example', 1, 0, '2024-03-04T10:00:00.000Z'),
        ],
        documentsCited: [],
        // Within 24 hours of the latest (10:00 on the 4th) only that one; none in the day before.
        growth: { recent: 1, previous: 0 },
      });
      await expectStoreError(store.clusterDigest('999999'), { code: 'not-found', status: 404 });
    });

    it('groups apart the appearances whose claimant denies the claim', async () => {
      const { store } = context;
      const ids = await seed(store, [
        {
          key: 'd',
          outlet: 'alpha.example',
          publishedAt: '2024-05-01T08:00:00Z',
          claim: { claimant: 'Ivo Ruml' },
        },
        {
          key: 'd',
          outlet: 'alpha.example',
          publishedAt: '2024-05-01T09:00:00Z',
          claim: { claimant: 'Ivo Ruml', signals: ['denial'] },
        },
        {
          key: 'd',
          outlet: 'alpha.example',
          publishedAt: '2024-05-01T10:00:00Z',
          claim: { claimant: 'Ivo Ruml' },
        },
      ]);
      const { groups } = await store.clusterDigest(ids.get('d') ?? '');
      expect(groups.map((group) => [group.denied, group.appearances])).toEqual([
        [false, 2],
        [true, 1],
      ]);
    });

    it('counts per outlet, in the order the outlets first carried the claim', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      expect(await store.clusterOutlets(ids.get('k') ?? '')).toEqual([
        {
          publisher: 'alpha.example',
          appearances: 2,
          articles: 2,
          hedged: 1,
          firstSeenAt: '2024-03-01T08:00:00.000Z',
          lastSeenAt: '2024-03-01T20:00:00.000Z',
        },
        {
          publisher: 'beta.example',
          appearances: 1,
          articles: 1,
          hedged: 0,
          firstSeenAt: '2024-03-01T12:00:00.000Z',
          lastSeenAt: '2024-03-01T12:00:00.000Z',
        },
        {
          publisher: 'gamma.example',
          appearances: 2,
          articles: 2,
          hedged: 1,
          firstSeenAt: '2024-03-01T23:30:00.000Z',
          lastSeenAt: '2024-03-04T10:00:00.000Z',
        },
      ]);
    });
  });

  describe('sources', () => {
    const context = useStore(makeStore);
    const quist = { claimant: 'Mara Quist', claimantKind: 'person' as const };
    const ledger: SeededAppearance[] = [
      { key: 'fares', outlet: 'a.example', publishedAt: day('01'), claim: quist },
      { key: 'fares', outlet: 'b.example', publishedAt: day('02'), claim: quist },
      { key: 'bridge', outlet: 'a.example', publishedAt: day('03'), claim: quist },
      {
        key: 'budget',
        outlet: 'a.example',
        publishedAt: day('04'),
        claim: { claimant: 'City Council', claimantKind: 'organization' },
      },
      {
        key: 'bridge',
        outlet: 'c.example',
        publishedAt: day('05'),
        claim: { claimant: 'officials', claimantKind: 'anonymous' },
      },
      { key: 'bridge', outlet: 'c.example', publishedAt: day('06') },
    ];

    it('lists claimants with their counts, those in most clusters first', async () => {
      const { store } = context;
      await seed(store, ledger);
      const page = await store.listSources();
      expect(page.total).toBe(3);
      expect(page.items[0]).toEqual({
        name: 'Mara Quist',
        kinds: ['person'],
        appearances: 3,
        clusters: 2,
        articles: 3,
        outlets: 2,
        firstSeenAt: day('01'),
        lastSeenAt: day('03'),
      });
      expect(page.items.slice(1).map((source) => source.name)).toEqual(['City Council', 'officials']);
    });

    it('filters claimants by kind and by name, and pages through them', async () => {
      const { store } = context;
      await seed(store, ledger);
      const named = await store.listSources({ kinds: ['person', 'organization'] });
      expect(named.items.map((source) => source.name)).toEqual(['Mara Quist', 'City Council']);
      expect((await store.listSources({ search: 'quist' })).items.map((source) => source.name)).toEqual([
        'Mara Quist',
      ]);
      const pages = await walk((options) => store.listSources(options), 2);
      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      await expectStoreError(store.listSources({ kinds: ['robot' as never] }), {
        code: 'invalid-kind',
        status: 400,
      });
    });

    it('lists the clusters one source is quoted in', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      const page = await store.sourceClusters('Mara Quist');
      expect(page.items.map((item) => [item.cluster.id, item.appearances])).toEqual([
        [ids.get('fares'), 2],
        [ids.get('bridge'), 1],
      ]);
      expect(page.items[1]?.cluster.appearances).toBe(3);
      await expectStoreError(store.sourceClusters('Nobody'), { code: 'not-found', status: 404 });
    });
  });

  describe('missing ids', () => {
    const context = useStore(makeStore);

    it('answers an id that names nothing with a 404 NotFoundError', async () => {
      const { store } = context;
      const { article } = await recordSpec(store, { claims: ['The bridge closed.'] });
      const reads: Promise<unknown>[] = [
        store.getArticle('999999'),
        store.getArticle('abc'),
        store.getArticle(''),
        store.getCluster('0'),
        store.getCluster('-1'),
        store.listArticleVersions('999999'),
        store.getArticleVersion(article.id, 2),
        store.articleClaims(article.id, 5),
        store.clusterAppearances('999999'),
        store.clusterDailyCounts('x'),
        store.clusterOutlets('1.5'),
        store.setCopyOf('999999', null),
      ];
      // Awaited together: a store that answers over the network settles them in any order.
      await Promise.all(reads.map((read) => expectStoreError(read, { code: 'not-found', status: 404 })));
    });
  });
}
