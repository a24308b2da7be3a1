import { describe, expect, it } from 'vitest';
import { expectStoreError, keyed, type MakeStore, recordSpec, useStore } from './contract-helpers.ts';
import { LATEST_SCHEMA_VERSION } from './migrations/index.ts';

/** Cluster assignment and counts, rollback of failed writes, copies, schema and persistence. */
export function registerClusterContract(makeStore: MakeStore, persistent: boolean): void {
  describe('clusters', () => {
    const context = useStore(makeStore);

    it('gathers claims under one key across articles, creating the cluster once', async () => {
      const { store } = context;
      const first = await keyed(store, 'k', 'https://a.example/1', { publisher: 'The Daily Star' });
      const second = await keyed(store, 'k', 'https://b.example/2', { publisher: 'Daily Star' });
      const third = await keyed(store, 'k', 'https://c.example/3');
      expect([first, second, third].map((result) => result.claims[0]?.clusterCreated)).toEqual([
        true,
        false,
        false,
      ]);
      const clusterId = first.claims[0]?.clusterId ?? '';
      expect(new Set([second, third].map((result) => result.claims[0]?.clusterId))).toEqual(
        new Set([clusterId]),
      );
      expect(await store.getCluster(clusterId)).toMatchObject({
        key: 'k',
        representative: 'Claim about k reported at https://a.example/1.',
        appearances: 3,
        articles: 3,
        outlets: 2,
        originalArticles: 3,
      });
    });

    it('joins an existing cluster by id, and counts claimants and hedges', async () => {
      const { store } = context;
      const first = await recordSpec(store, {
        claims: [{ text: 'Fares will rise.', claimant: 'Mara Quist' }],
      });
      const clusterId = first.claims[0]?.clusterId ?? '';
      await recordSpec(
        store,
        { claims: [{ text: 'Fares may rise, Quist said.', claimant: 'Mara Quist', signals: ['hedge'] }] },
        { clusters: { c1: { join: clusterId } } },
      );
      await recordSpec(
        store,
        {
          claims: [
            { text: 'Fares could rise, officials said.', claimant: 'officials', claimantKind: 'anonymous' },
            'Other.',
          ],
        },
        { clusters: { c1: { join: clusterId } } },
      );
      expect(await store.getCluster(clusterId)).toMatchObject({
        appearances: 3,
        articles: 3,
        outlets: 0,
        claimants: 2,
        hedged: 1,
        representative: 'Fares will rise.',
      });
    });

    it('counts two claims of one article in one cluster as two appearances of one article', async () => {
      const { store } = context;
      const result = await recordSpec(
        store,
        { claims: ['The bridge closed.', 'Again: the bridge closed.'] },
        {
          url: 'https://a.example/1',
          clusters: { c1: { key: 'bridge' }, c2: { key: 'bridge' } },
        },
      );
      expect(result.claims.map((claim) => claim.clusterCreated)).toEqual([true, false]);
      expect(await store.getCluster(result.claims[0]?.clusterId ?? '')).toMatchObject({
        appearances: 2,
        articles: 1,
        outlets: 1,
      });
    });

    it('rolls the whole article back when a claim names a missing cluster', async () => {
      const { store } = context;
      const failing = recordSpec(
        store,
        { claims: ['The bridge closed.', 'Fares rose.', 'Tolls doubled.'] },
        {
          url: 'https://a.example/1',
          clusters: { c1: { key: 'bridge' }, c3: { join: '999999' } },
        },
      );
      await expectStoreError(failing, { code: 'not-found', status: 404, message: /cluster "999999"/ });
      expect(await store.findArticles({ url: 'https://a.example/1' })).toEqual([]);
      expect((await store.listArticles()).total).toBe(0);
      expect((await store.listClusters()).total).toBe(0);
      expect((await store.searchClaims('bridge')).total).toBe(0);
      expect(await store.searchClusters('fares')).toEqual([]);
      const retried = await keyed(store, 'bridge', 'https://a.example/1');
      expect(retried.claims[0]?.clusterCreated).toBe(true);
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('leaves the previous version current when an edit fails', async () => {
      const { store } = context;
      const url = 'https://a.example/1';
      const v1 = await keyed(store, 'bridge', url);
      const failing = recordSpec(
        store,
        { claims: ['The bridge reopened.'] },
        { url, clusters: { c1: { join: '0' } } },
      );
      await expectStoreError(failing, { code: 'not-found', status: 404 });
      expect(await store.getArticle(v1.article.id)).toEqual(v1.article);
      expect(await store.listArticleVersions(v1.article.id)).toHaveLength(1);
      expect(await store.getCluster(v1.claims[0]?.clusterId ?? '')).toMatchObject({ appearances: 1 });
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('keeps counts right when writes arrive together', async () => {
      const { store } = context;
      const writes = Array.from({ length: 12 }, (_, index) =>
        keyed(store, 'shared', `https://outlet${index % 4}.example/${index}`),
      );
      const results = await Promise.all(writes);
      expect(results.filter((result) => result.claims[0]?.clusterCreated)).toHaveLength(1);
      expect(new Set(results.map((result) => result.claims[0]?.clusterId)).size).toBe(1);
      expect(await store.getCluster(results[0]?.claims[0]?.clusterId ?? '')).toMatchObject({
        appearances: 12,
        outlets: 4,
      });
      expect(await store.checkIntegrity()).toEqual([]);
    });
  });

  describe('copies', () => {
    const context = useStore(makeStore);

    it('marks and clears a copy, counting only originals as original', async () => {
      const { store } = context;
      const original = await keyed(store, 'k', 'https://wire.example/1');
      const copy = await keyed(store, 'k', 'https://paper.example/1');
      const clusterId = original.claims[0]?.clusterId ?? '';
      expect(await store.getCluster(clusterId)).toMatchObject({ originalArticles: 2, outlets: 2 });
      const marked = await store.setCopyOf(copy.article.id, { articleId: original.article.id, kind: 'wire' });
      expect(marked.copyOf).toEqual({ articleId: original.article.id, kind: 'wire' });
      expect(await store.getCluster(clusterId)).toMatchObject({
        originalArticles: 1,
        outlets: 2,
        articles: 2,
      });
      const appearances = await store.clusterAppearances(clusterId);
      expect(appearances.items.map((item) => item.copyOf)).toEqual([
        null,
        { articleId: original.article.id, kind: 'wire' },
      ]);
      expect((await store.setCopyOf(copy.article.id, null)).copyOf).toBeNull();
      expect(await store.getCluster(clusterId)).toMatchObject({ originalArticles: 2 });
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('digests a copy of an article in the cluster as a copy, and cited evidence once, first cited first', async () => {
      const { store } = context;
      const outside = await keyed(store, 'elsewhere', 'https://agency.example/0');
      const original = await recordSpec(
        store,
        { claims: [{ text: 'Records show the fares rose.', signals: ['evidence-cited'] }] },
        {
          url: 'https://wire.example/1',
          publishedAt: '2024-03-01T09:00:00Z',
          clusters: { c1: { key: 'k' } },
        },
      );
      const clusterId = original.claims[0]?.clusterId ?? '';
      for (const [url, copyOf, hour] of [
        ['https://paper.example/2', original.article.id, '10'],
        ['https://daily.example/3', outside.article.id, '11'],
      ] as const) {
        await recordSpec(
          store,
          {
            claims: [
              { text: 'Documents show the fares rose.', signals: ['evidence-cited', 'evidence-cited'] },
            ],
          },
          {
            url,
            publishedAt: `2024-03-01T${hour}:00:00Z`,
            clusters: { c1: { key: 'k' } },
            copyOf: { articleId: copyOf, kind: 'wire' },
          },
        );
      }
      const digest = await store.clusterDigest(clusterId);
      expect(digest.groups.map((group) => [group.outlet, group.copyOf])).toEqual([
        ['wire.example', null],
        ['paper.example', 'wire.example'],
        ['daily.example', null],
      ]);
      expect(digest.documentsCited).toEqual(['Records', 'Documents']);
    });

    it('records a copy when the article is first stored', async () => {
      const { store } = context;
      const original = await keyed(store, 'k', 'https://wire.example/1');
      const copy = await recordSpec(
        store,
        { claims: ['Claim about k.'] },
        {
          url: 'https://paper.example/1',
          clusters: { c1: { key: 'k' } },
          copyOf: { articleId: original.article.id, kind: 'syndication' },
        },
      );
      expect(copy.article.copyOf).toEqual({ articleId: original.article.id, kind: 'syndication' });
      expect(await store.getCluster(copy.claims[0]?.clusterId ?? '')).toMatchObject({
        appearances: 2,
        originalArticles: 1,
      });
    });

    it('refuses a copy of itself, of a missing article, or one that would go round in a circle', async () => {
      const { store } = context;
      const first = await keyed(store, 'k', 'https://a.example/1');
      const second = await keyed(store, 'k', 'https://b.example/1');
      await store.setCopyOf(second.article.id, { articleId: first.article.id, kind: 'wire' });
      const { id } = first.article;
      await expectStoreError(store.setCopyOf(id, { articleId: id, kind: 'wire' }), {
        code: 'copy-of-itself',
        status: 400,
      });
      await expectStoreError(store.setCopyOf(id, { articleId: '999999', kind: 'wire' }), {
        code: 'not-found',
        status: 404,
      });
      await expectStoreError(store.setCopyOf(id, { articleId: second.article.id, kind: 'duplicate' }), {
        code: 'copy-cycle',
        status: 409,
      });
      expect((await store.getArticle(id)).copyOf).toBeNull();
    });
  });

  describe('schema and persistence', () => {
    const context = useStore(makeStore);

    it('lists its schema migrations, numbered from 1 without gaps', async () => {
      const applied = await context.store.migrations();
      expect(applied.map((migration) => migration.version)).toEqual(
        Array.from({ length: LATEST_SCHEMA_VERSION }, (_, index) => index + 1),
      );
      for (const migration of applied) {
        expect(migration.name).toMatch(/^[a-z0-9-]+$/);
        expect(new Date(migration.appliedAt).toISOString()).toBe(migration.appliedAt);
      }
    });

    // Only a store that outlives its connection can be reopened; an in-memory one has nothing to test here.
    if (!persistent) return;
    it('keeps what it stored and migrates nothing again when opened a second time', async () => {
      const { store, made } = context;
      if (!made.reopen) throw new Error('a persistent store under test must give reopen()');
      const recorded = await keyed(store, 'k', 'https://a.example/1');
      const applied = await store.migrations();
      const reopened = await made.reopen();
      try {
        expect(await reopened.migrations()).toEqual(applied);
        expect(await reopened.getArticle(recorded.article.id)).toEqual(recorded.article);
        expect((await reopened.searchClaims('claim')).total).toBe(1);
        expect(await reopened.checkIntegrity()).toEqual([]);
      } finally {
        await reopened.close();
      }
    });
  });
}
