import { describe, expect, it } from 'vitest';
import { contentHash } from './article-facts.ts';
import { buildArticle } from './contract-fixtures.ts';
import { expectStoreError, type MakeStore, recordSpec, SEEN, useStore } from './contract-helpers.ts';
import type { Store } from './index.ts';

/** Writes: what is stored of an article, repeats and edits. */
export function registerWriteContract(makeStore: MakeStore): void {
  describe('recording an article', () => {
    const context = useStore(makeStore);

    it('stores a new article with its metadata, each claim in a cluster of its own', async () => {
      const { store } = context;
      const spec = {
        url: 'https://www.example.org/news/bridge?id=7#comments',
        title: 'Bridge closes',
        byline: 'Ana Lopes',
        published: '2024-03-01T08:00:00Z',
        claims: [
          'The council closed the bridge on Monday.',
          { text: 'Repairs may take a year.', claimant: 'Mara Quist', signals: ['hedge' as const] },
          'The bridge carries 40,000 cars a day.',
        ],
      };
      const { text, analysis } = buildArticle(spec);
      const result = await store.recordArticle({ text, analysis, seenAt: SEEN });
      expect(result.status).toBe('created');
      expect(result.article).toMatchObject({
        url: 'https://www.example.org/news/bridge?id=7',
        publisher: 'example.org',
        publishedAt: '2024-03-01T08:00:00.000Z',
        publishedEstimated: false,
        firstSeenAt: SEEN,
        title: 'Bridge closes',
        byline: 'Ana Lopes',
        contentHash: contentHash(text),
        version: 1,
        copyOf: null,
      });
      expect(result.claims.map((claim) => claim.analysisClaimId)).toEqual(['c1', 'c2', 'c3']);
      expect(result.claims.every((claim) => claim.clusterCreated)).toBe(true);
      expect(new Set(result.claims.map((claim) => claim.clusterId)).size).toBe(3);
      expect(await store.getArticle(result.article.id)).toEqual(result.article);

      const claims = await store.articleClaims(result.article.id);
      expect(claims.map((claim) => claim.text)).toEqual(analysis.claims.map((claim) => claim.text));
      expect(claims[1]).toMatchObject({
        claimant: 'Mara Quist',
        claimantKind: 'person',
        hedged: true,
        current: true,
        versionNumber: 1,
        signals: [{ type: 'hedge', text: 'Repairs', start: analysis.claims[1]?.start }],
      });
      expect(claims[0]).toMatchObject({ claimant: null, claimantKind: null, hedged: false });
      const version = await store.getArticleVersion(result.article.id);
      expect(version.text).toBe(text);
      expect(version.analysis).toEqual(analysis);
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('takes the publisher from the write, else the metadata, else the URL host', async () => {
      const { store } = context;
      const fromHost = await recordSpec(store, { claims: ['One.'] }, { url: 'https://news.example.com/a' });
      const fromMetadata = await recordSpec(
        store,
        { claims: ['Two.'], publisher: 'The Daily Star' },
        {
          url: 'https://news.example.com/b',
        },
      );
      const fromWrite = await recordSpec(
        store,
        { claims: ['Three.'], publisher: 'The Daily Star' },
        {
          url: 'https://news.example.com/c',
          publisher: 'Star Wire',
        },
      );
      const local = await recordSpec(store, { claims: ['Four.'] });
      expect(fromHost.article.publisher).toBe('news.example.com');
      expect(fromMetadata.article.publisher).toBe('The Daily Star');
      expect(fromWrite.article.publisher).toBe('Star Wire');
      expect(local.article).toMatchObject({ publisher: null, url: null });
    });

    it('uses the first-seen time when no usable publication time is given', async () => {
      const { store } = context;
      const none = await recordSpec(store, { claims: ['One.'] }, { seenAt: SEEN });
      const freeForm = await recordSpec(
        store,
        { claims: ['Two.'], published: 'March 3, 2024' },
        { seenAt: SEEN },
      );
      const given = await recordSpec(
        store,
        { claims: ['Three.'], published: '2020-01-01' },
        {
          seenAt: SEEN,
          publishedAt: new Date('2024-02-29T23:00:00-02:00'),
        },
      );
      const dateOnly = await recordSpec(
        store,
        { claims: ['Four.'], published: '2024-02-10' },
        { seenAt: SEEN },
      );
      expect(none.article).toMatchObject({ publishedAt: SEEN, publishedEstimated: true });
      expect(freeForm.article).toMatchObject({ publishedAt: SEEN, publishedEstimated: true });
      expect(given.article).toMatchObject({
        publishedAt: '2024-03-01T01:00:00.000Z',
        publishedEstimated: false,
      });
      expect(dateOnly.article).toMatchObject({
        publishedAt: '2024-02-10T00:00:00.000Z',
        publishedEstimated: false,
      });
    });

    it('refuses input it cannot store, says why, and stores nothing', async () => {
      const { store } = context;
      const article = buildArticle({ claims: ['The bridge closed.', 'Fares rose.'] });
      const cases: [Parameters<Store['recordArticle']>[0], string][] = [
        [{ ...article, text: '  ' }, 'empty-text'],
        [
          { ...article, analysis: { ...article.analysis, schema: 'other/1' as 'claimtrail.analysis/1' } },
          'invalid-analysis',
        ],
        [{ ...article, url: 'ftp://example.org/a' }, 'invalid-url'],
        [{ ...article, url: 'not a url' }, 'invalid-url'],
        [{ ...article, clusters: { c9: { create: true } } }, 'unknown-claim'],
        [{ ...article, clusters: { c1: { join: '1', key: 'x' } as never } }, 'invalid-cluster-assignment'],
        [{ ...article, clusters: { c1: { key: ' ' } } }, 'invalid-cluster-assignment'],
        [{ ...article, publishedAt: 'yesterday' }, 'invalid-time'],
        [{ ...article, copyOf: { articleId: '1', kind: 'reprint' as never } }, 'invalid-copy'],
      ];
      for (const [input, code] of cases)
        await expectStoreError(store.recordArticle(input), { code, status: 400 });
      expect((await store.listArticles()).total).toBe(0);
      expect((await store.listClusters()).total).toBe(0);
    });
  });

  describe('repeats and versions', () => {
    const context = useStore(makeStore);

    it('stores the same URL and text once, however often it is recorded', async () => {
      const { store } = context;
      const spec = { url: 'https://example.org/a', claims: ['The bridge closed.', 'Fares rose.'] };
      const first = await recordSpec(store, spec, { clusters: { c1: { key: 'bridge' } } });
      const again = await recordSpec(store, spec, { clusters: { c1: { key: 'bridge' } } });
      const reflowed = buildArticle(spec);
      const third = await store.recordArticle({ ...reflowed, text: reflowed.text.replace(' ', '\n\n  ') });
      expect([again.status, third.status]).toEqual(['unchanged', 'unchanged']);
      expect(again.article).toEqual(first.article);
      expect(again.claims).toEqual(first.claims.map((claim) => ({ ...claim, clusterCreated: false })));
      expect((await store.listArticles()).total).toBe(1);
      expect(await store.getCluster(first.claims[0]?.clusterId ?? '')).toMatchObject({ appearances: 1 });
      expect(await store.listArticleVersions(first.article.id)).toHaveLength(1);
    });

    it('stores a text without URL once, and knows a local copy of a stored web article', async () => {
      const { store } = context;
      const local = await recordSpec(store, { claims: ['The bridge closed.'] });
      const repeat = await recordSpec(store, { claims: ['The bridge closed.'] });
      const web = await recordSpec(store, { claims: ['Fares rose.'] }, { url: 'https://example.org/fares' });
      const saved = await recordSpec(store, { claims: ['Fares rose.'] }, { url: null });
      expect(repeat).toMatchObject({ status: 'unchanged', article: { id: local.article.id } });
      expect(saved).toMatchObject({ status: 'unchanged', article: { id: web.article.id } });
      expect((await store.listArticles()).total).toBe(2);
    });

    it('stores the same text at another URL as another article, found by its hash', async () => {
      const { store } = context;
      const first = await recordSpec(
        store,
        { claims: ['The bridge closed.'] },
        { url: 'https://one.example/a' },
      );
      const second = await recordSpec(
        store,
        { claims: ['The bridge closed.'] },
        { url: 'https://two.example/a' },
      );
      expect(second.status).toBe('created');
      expect(second.article.id).not.toBe(first.article.id);
      const found = await store.findArticles({ contentHash: first.article.contentHash });
      expect(found.map((article) => article.id)).toEqual([first.article.id, second.article.id]);
      const byUrl = await store.findArticles({ url: 'https://two.example/a#top' });
      expect(byUrl.map((article) => article.id)).toEqual([second.article.id]);
      expect(await store.findArticles({ url: 'https://three.example/a' })).toEqual([]);
    });

    it('keeps an edit as a new version; only the latest counts in clusters', async () => {
      const { store } = context;
      const url = 'https://example.org/bridge';
      const before = buildArticle({
        title: 'Bridge may close',
        claims: [{ text: 'The bridge may close soon.', signals: ['hedge'] }, 'Fares rose.'],
      });
      const after = buildArticle({
        title: 'Bridge closes',
        claims: ['The bridge closes today.', 'Tolls doubled.'],
      });
      const v1 = await store.recordArticle({
        ...before,
        url,
        seenAt: SEEN,
        clusters: { c1: { key: 'bridge' }, c2: { key: 'fares' } },
      });
      const v2 = await store.recordArticle({
        ...after,
        url,
        seenAt: '2024-03-02T12:00:00.000Z',
        clusters: { c1: { key: 'bridge' }, c2: { key: 'tolls' } },
      });
      expect(v2.status).toBe('new-version');
      expect(v2.article).toMatchObject({
        id: v1.article.id,
        version: 2,
        title: 'Bridge closes',
        firstSeenAt: SEEN,
      });
      const versions = await store.listArticleVersions(v1.article.id);
      expect(versions.map((version) => [version.number, version.title, version.claimCount])).toEqual([
        [1, 'Bridge may close', 2],
        [2, 'Bridge closes', 2],
      ]);
      expect(versions[0]?.contentHash).not.toBe(versions[1]?.contentHash);
      expect((await store.getArticleVersion(v1.article.id, 1)).analysis).toEqual(before.analysis);
      expect((await store.articleClaims(v1.article.id, 1)).map((claim) => claim.current)).toEqual([
        false,
        false,
      ]);
      expect((await store.articleClaims(v1.article.id)).map((claim) => claim.text)).toEqual([
        'The bridge closes today.',
        'Tolls doubled.',
      ]);
      const [bridge, fares] = v1.claims.map((claim) => claim.clusterId);
      expect(v2.claims[0]?.clusterId).toBe(bridge);
      expect(await store.getCluster(bridge ?? '')).toMatchObject({ appearances: 1, articles: 1, hedged: 0 });
      expect(await store.getCluster(fares ?? '')).toMatchObject({ appearances: 0, articles: 0 });
      const listed = (await store.listClusters()).items.map((cluster) => cluster.id);
      expect(listed).not.toContain(fares);
      expect(listed).toHaveLength(2);

      const reverted = await store.recordArticle({
        ...before,
        url,
        clusters: { c1: { key: 'bridge' }, c2: { key: 'fares' } },
      });
      expect(reverted).toMatchObject({ status: 'new-version', article: { version: 3 } });
      expect(await store.getCluster(fares ?? '')).toMatchObject({ appearances: 1 });
      expect(await store.checkIntegrity()).toEqual([]);
    });
  });

  describe('exclusive sections', () => {
    const context = useStore(makeStore);

    it('runs one section at a time, and goes on after one fails', async () => {
      const { store } = context;
      const events: string[] = [];
      const section = (name: string, fail = false) =>
        store.exclusive(async () => {
          events.push(`${name} in`);
          // Reads and a write inside the section: another section must not run between them.
          const before = (await store.listClaims()).total;
          await new Promise((resolve) => setTimeout(resolve, 20));
          await recordSpec(store, { claims: [`Claim ${name}.`] }, { url: `https://a.example/${name}` });
          expect((await store.listClaims()).total).toBe(before + 1);
          events.push(`${name} out`);
          if (fail) throw new Error(`${name} failed`);
          return name;
        });
      const results = await Promise.allSettled([section('a'), section('b', true), section('c')]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      // Each section leaves before the next enters (in whatever order they got their turn).
      const pairs = Array.from({ length: events.length / 2 }, (_, index) =>
        events.slice(2 * index, 2 * index + 2),
      );
      expect(pairs.map(([entered, left]) => [entered?.split(' ')[0], left?.split(' ')[0]])).toEqual(
        pairs.map(([entered]) => [entered?.split(' ')[0], entered?.split(' ')[0]]),
      );
      expect(events.filter((event) => event.endsWith('in')).sort()).toEqual(['a in', 'b in', 'c in']);
      expect((await store.listClaims()).total).toBe(3);
    });
  });
}
