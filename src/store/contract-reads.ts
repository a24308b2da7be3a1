import { describe, expect, it } from 'vitest';
import {
  day,
  expectStoreError,
  keysOf,
  type MakeStore,
  recordSpec,
  type SeededAppearance,
  seed,
  useStore,
  walk,
} from './contract-helpers.ts';
import type { Store } from './index.ts';
import type { Page } from './types.ts';

/** Reads: cluster and article listings with their pages, full-text search. */
export function registerReadContract(makeStore: MakeStore): void {
  describe('listing clusters', () => {
    const context = useStore(makeStore);
    // p: 3 outlets, 3 appearances; q: 1 outlet, 4; r: 2 outlets, 2; s: 2 outlets, 5.
    const ledger: SeededAppearance[] = [
      ...['a', 'b', 'c'].map((outlet, index) => ({
        key: 'p',
        outlet: `${outlet}.example`,
        publishedAt: day('01', 9 + index),
      })),
      ...[0, 1, 2, 3].map((index) => ({ key: 'q', outlet: 'q.example', publishedAt: day('02', 9 + index) })),
      ...['a', 'b'].map((outlet) => ({ key: 'r', outlet: `${outlet}.example`, publishedAt: day('05') })),
      ...[0, 1, 2, 3, 4].map((index) => ({
        key: 's',
        outlet: `s${index % 2}.example`,
        publishedAt: day('03', 9 + index),
      })),
    ];

    it('sorts by traction (most outlets, then most appearances), by appearances, and by recency', async () => {
      const { store } = context;
      const ids = await seed(store, ledger);
      const traction = await store.listClusters();
      expect(keysOf(traction.items, ids)).toEqual(['p', 's', 'r', 'q']);
      expect(traction.total).toBe(4);
      expect(traction.nextCursor).toBeNull();
      expect(keysOf((await store.listClusters({ sort: 'appearances' })).items, ids)).toEqual([
        's',
        'q',
        'p',
        'r',
      ]);
      const recent = await store.listClusters({ sort: 'recent' });
      expect(keysOf(recent.items, ids)).toEqual(['r', 's', 'q', 'p']);
      expect(recent.items[1]).toMatchObject({
        firstSeenAt: day('03', 9),
        lastSeenAt: day('03', 13),
        outlets: 2,
      });
    });

    it('pages through every cluster once, in order, by cursor or by offset', async () => {
      const { store } = context;
      await seed(
        store,
        Array.from({ length: 12 }, (_, index) => ({
          key: `k${index}`,
          outlet: `o${index % 3}.example`,
          publishedAt: day('01'),
        })),
      );
      for (const sort of ['traction', 'appearances', 'recent'] as const) {
        const whole = (await store.listClusters({ sort, limit: 50 })).items.map((cluster) => cluster.id);
        const pages = await walk((options) => store.listClusters({ ...options, sort }), 5);
        expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
        expect(pages.flat().map((cluster) => cluster.id)).toEqual(whole);
        const byOffset = await Promise.all(
          [0, 5, 10].map((offset) => store.listClusters({ sort, limit: 5, offset })),
        );
        expect(byOffset.flatMap((page) => page.items).map((cluster) => cluster.id)).toEqual(whole);
        expect(byOffset.map((page) => page.total)).toEqual([12, 12, 12]);
      }
    });

    it('refuses a page request it cannot serve, saying why', async () => {
      const { store } = context;
      await seed(store, ledger);
      const { nextCursor } = await store.listClusters({ limit: 1 });
      const invalid = [
        { limit: 0 },
        { limit: 501 },
        { limit: 1.5 },
        { offset: -1 },
        { offset: 1, cursor: nextCursor ?? '' },
        { cursor: 'not-a-cursor' },
        { cursor: nextCursor ?? '', sort: 'recent' as const },
        { cursor: nextCursor ?? '', search: 'claim' },
      ];
      for (const options of invalid)
        await expectStoreError(store.listClusters(options), { code: 'invalid-page', status: 400 });
      await expectStoreError(store.listClusters({ sort: 'loudest' as never }), {
        code: 'invalid-sort',
        status: 400,
      });
      await expectStoreError(store.listArticles({ cursor: nextCursor ?? '' }), {
        code: 'invalid-page',
        status: 400,
      });
    });

    it('lists articles, the most recently first seen first', async () => {
      const { store } = context;
      await seed(store, ledger);
      const pages = await walk((options) => store.listArticles(options), 4);
      const seen = pages.flat().map((article) => article.firstSeenAt);
      expect(seen).toHaveLength(ledger.length);
      expect(seen).toEqual([...seen].sort().reverse());
    });
  });

  describe('listing claims', () => {
    const context = useStore(makeStore);

    it('lists every current claim in the order stored, page by page, older versions on request', async () => {
      const { store } = context;
      const first = await recordSpec(
        store,
        { claims: ['One.', 'Two.', 'Three.'] },
        { url: 'https://a.example/1' },
      );
      await recordSpec(store, { claims: ['Four.', 'Five.'] }, { url: 'https://b.example/1' });
      await recordSpec(store, { claims: ['One, edited.'] }, { url: 'https://a.example/1' });
      const pages = await walk((options) => store.listClaims(options), 2);
      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      expect(pages.flat().map((claim) => claim.text)).toEqual(['Four.', 'Five.', 'One, edited.']);
      expect(pages.flat().every((claim) => claim.current)).toBe(true);
      const everything = await store.listClaims({ includeSuperseded: true, limit: 10 });
      expect(everything.total).toBe(6);
      expect(
        everything.items.slice(0, 3).map((claim) => [claim.text, claim.current, claim.versionNumber]),
      ).toEqual([
        ['One.', false, 1],
        ['Two.', false, 1],
        ['Three.', false, 1],
      ]);
      expect(everything.items[5]).toMatchObject({ articleId: first.article.id, versionNumber: 2 });
    });

    it('lists the claims stored after a given claim, for a reader catching up with other writers', async () => {
      const { store } = context;
      await recordSpec(store, { claims: ['One.', 'Two.'] }, { url: 'https://a.example/1' });
      const seen = (await store.listClaims({ limit: 500 })).items.at(-1);
      expect(seen?.text).toBe('Two.');
      await recordSpec(store, { claims: ['Three.', 'Four.', 'Five.'] }, { url: 'https://b.example/1' });
      const caughtUp = await store.listClaims({ afterId: seen?.id, limit: 2 });
      expect(caughtUp.items.map((claim) => claim.text)).toEqual(['Three.', 'Four.']);
      const rest = await store.listClaims({ afterId: seen?.id, limit: 2, cursor: caughtUp.nextCursor ?? '' });
      expect(rest.items.map((claim) => claim.text)).toEqual(['Five.']);
      expect(rest.nextCursor).toBeNull();
      const last = rest.items.at(-1)?.id ?? '';
      expect((await store.listClaims({ afterId: last })).items).toEqual([]);
      await expectStoreError(store.listClaims({ afterId: 'seven' }), { code: 'invalid-page', status: 400 });
    });

    it('names the newest current claim, so a reader can tell cheaply whether any arrived', async () => {
      const { store } = context;
      expect(await store.latestClaimId()).toBeNull();
      await recordSpec(store, { claims: ['One.', 'Two.'] }, { url: 'https://a.example/1' });
      await recordSpec(store, { claims: ['Three.'] }, { url: 'https://b.example/1' });
      const newest = async () => (await store.listClaims({ limit: 500 })).items.at(-1)?.id;
      expect(await store.latestClaimId()).toBe(await newest());
      // The newest article's edit has no claim: its superseded claim is no longer the newest current one.
      await recordSpec(store, { claims: [], filler: 3 }, { url: 'https://b.example/1' });
      expect(await newest()).toBeDefined();
      expect(await store.latestClaimId()).toBe(await newest());
      await recordSpec(store, { claims: [], filler: 2 }, { url: 'https://a.example/1' });
      expect((await store.listClaims()).items).toEqual([]);
      expect(await store.latestClaimId()).toBeNull();
    });
  });

  describe('full-text search', () => {
    const context = useStore(makeStore);
    const claims = [
      'The council closed the Harbour Bridge after inspectors found cracks.',
      'Bus fares will rise by ten percent in April.',
      'Inspectors said the bridge could reopen in May.',
      'The mayor denied that the bridge decision was political.',
    ];
    const write = (store: Store) =>
      Promise.all(
        claims.map((text, index) =>
          recordSpec(store, { claims: [text] }, { url: `https://n.example/${index}` }),
        ),
      );
    const texts = (page: Page<{ text: string }>) => page.items.map((item) => item.text).sort();

    it('finds claims holding every word, in any order and any case, and other forms of a word', async () => {
      const { store } = context;
      await write(store);
      expect(texts(await store.searchClaims('BRIDGE inspectors'))).toEqual([claims[0], claims[2]].sort());
      expect(texts(await store.searchClaims('closing'))).toEqual([claims[0]]);
      expect(texts(await store.searchClaims('insp*'))).toEqual([claims[0], claims[2]].sort());
      expect((await store.searchClaims('bridge tram')).total).toBe(0);
    });

    it('reads punctuation and search operators as plain text', async () => {
      const { store } = context;
      await write(store);
      for (const search of ['"bridge', '(bridge', 'bridge"', 'bridge -', 'bridge^', '{bridge}']) {
        const found = texts(await store.searchClaims(search));
        expect(found.length, search).toBeGreaterThan(0);
        expect(
          found.every((text) => /bridge/i.test(text)),
          search,
        ).toBe(true);
      }
      expect(texts(await store.searchClaims('bus: fares'))).toEqual([claims[1]]);
      // An operator is not obeyed: "fares OR bridge" does not find claims with only one of the two.
      expect((await store.searchClaims('fares OR bridge')).total).toBe(0);
      expect((await store.searchClaims('NEAR(bridge')).total).toBe(0);
      await expectStoreError(store.searchClaims('  ?! '), { code: 'empty-search', status: 400 });
    });

    it('pages through hits and gives their articles', async () => {
      const { store } = context;
      await write(store);
      const pages = await walk((options) => store.searchClaims('bridge', options), 2);
      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      expect(
        pages
          .flat()
          .map((hit) => hit.text)
          .sort(),
      ).toEqual([claims[0], claims[2], claims[3]].sort());
      expect(pages[0]?.[0]?.url).toMatch(/^https:\/\/n\.example\/\d$/);
      expect((await store.searchClaims('bridge', { limit: 1 })).total).toBe(3);
    });

    it('finds only the claims of current versions', async () => {
      const { store } = context;
      await write(store);
      await recordSpec(store, { claims: ['Bus fares will stay the same.'] }, { url: 'https://n.example/1' });
      expect((await store.searchClaims('percent')).total).toBe(0);
      expect(texts(await store.searchClaims('fares'))).toEqual(['Bus fares will stay the same.']);
    });

    it('ranks clusters by their best matching claim, with every word or any word', async () => {
      const { store } = context;
      await write(store);
      const all = await store.searchClusters('bridge inspectors cracks');
      expect(all.map((match) => match.matchedText)).toEqual([claims[0]]);
      const any = await store.searchClusters('bridge inspectors cracks', { match: 'any' });
      expect(any[0]?.matchedText).toBe(claims[0]);
      expect(any.map((match) => match.matchedText).sort()).toEqual([claims[0], claims[2], claims[3]].sort());
      expect(await store.searchClusters('bridge', { match: 'any', limit: 2 })).toHaveLength(2);
      const listed = await store.listClusters({ search: 'bridge' });
      expect(listed.total).toBe(3);
      expect(listed.items.map((cluster) => cluster.representative).sort()).toEqual(
        [claims[0], claims[2], claims[3]].sort(),
      );
    });
  });
}
