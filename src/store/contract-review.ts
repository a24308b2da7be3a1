import { describe, expect, it } from 'vitest';
import { expectStoreError, keyed, type MakeStore, seed, useStore } from './contract-helpers.ts';
import type { Store } from './index.ts';

/** A cluster of one appearance to review, and its id. */
async function aCluster(store: Store, key = 'bridge'): Promise<string> {
  const result = await keyed(store, key, `https://${key}.example/1`);
  return result.claims[0]?.clusterId ?? '';
}

const REVIEWER = 'Ana Reviewer';

/** Evidence, the status history and verdicts on clusters. */
export function registerReviewContract(makeStore: MakeStore): void {
  describe('review: evidence', () => {
    const context = useStore(makeStore);

    it('adds evidence to a cluster and lists it oldest first', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const first = await store.addEvidence({
        clusterId,
        url: 'https://council.example/minutes.pdf',
        quote: '  The bridge will close on 4 March.  ',
        relation: 'supports',
        kind: 'primary-document',
        addedBy: REVIEWER,
        addedAt: '2024-03-02T10:00:00Z',
      });
      expect(first).toEqual({
        id: expect.any(String),
        clusterId,
        url: 'https://council.example/minutes.pdf',
        reference: null,
        quote: 'The bridge will close on 4 March.',
        relation: 'supports',
        kind: 'primary-document',
        note: null,
        addedBy: REVIEWER,
        addedAt: '2024-03-02T10:00:00.000Z',
      });
      const second = await store.addEvidence({
        clusterId,
        reference: 'Court filing 24-cv-1182, p. 3',
        relation: 'context',
        kind: 'other',
        note: 'Filed by the contractor.',
        addedBy: REVIEWER,
      });
      expect(second.reference).toBe('Court filing 24-cv-1182, p. 3');
      expect((await store.listEvidence(clusterId)).map((evidence) => evidence.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect(await store.listEvidence(await aCluster(store, 'other'))).toEqual([]);
    });

    it('refuses evidence without a source, with an unknown relation or kind, or for a missing cluster', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const base = { clusterId, relation: 'supports', kind: 'data', addedBy: REVIEWER } as const;
      await expectStoreError(store.addEvidence({ ...base }), {
        code: 'missing-field',
        status: 400,
        message: /url or a document reference/,
      });
      await expectStoreError(store.addEvidence({ ...base, url: 'ftp://files.example/a' }), {
        code: 'invalid-url',
        status: 400,
        message: /"ftp:\/\/files\.example\/a"/,
      });
      await expectStoreError(
        store.addEvidence({ ...base, url: 'https://a.example', relation: 'proves' as 'supports' }),
        {
          code: 'invalid-evidence-relation',
          status: 400,
          message: /"proves" is not one of supports, refutes, context/,
        },
      );
      await expectStoreError(
        store.addEvidence({ ...base, url: 'https://a.example', kind: 'rumour' as 'data' }),
        { code: 'invalid-evidence-kind', status: 400, message: /"rumour"/ },
      );
      await expectStoreError(store.addEvidence({ ...base, url: 'https://a.example', addedBy: ' ' }), {
        code: 'missing-field',
        status: 400,
      });
      await expectStoreError(store.addEvidence({ ...base, url: 'https://a.example', addedAt: 'yesterday' }), {
        code: 'invalid-time',
        message: /"yesterday"/,
      });
      await expectStoreError(store.addEvidence({ ...base, clusterId: '9999', url: 'https://a.example' }), {
        code: 'not-found',
        status: 404,
        message: /cluster "9999"/,
      });
      await expectStoreError(store.listEvidence('nope'), { code: 'not-found', status: 404 });
      expect(await store.listEvidence(clusterId)).toEqual([]);
    });
  });

  describe('review: status history', () => {
    const context = useStore(makeStore);

    it('starts unverified and derives the current status from the latest event', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      expect((await store.getCluster(clusterId)).status).toBe('unverified');
      expect(await store.statusHistory(clusterId)).toEqual([]);
      const evidence = await store.addEvidence({
        clusterId,
        url: 'https://ministry.example/statement',
        relation: 'refutes',
        kind: 'official-statement',
        addedBy: REVIEWER,
      });
      const denied = await store.recordStatus({
        clusterId,
        status: 'denied',
        author: REVIEWER,
        note: 'The ministry denies it.',
        occurredAt: '2024-03-03T08:00:00Z',
        recordedAt: '2024-03-03T09:00:00Z',
        evidenceIds: [evidence.id],
        reply: {
          party: 'Ministry of Transport',
          url: 'https://ministry.example/statement',
          quote: 'The bridge stays open.',
        },
      });
      expect(denied).toEqual({
        id: expect.any(String),
        clusterId,
        status: 'denied',
        previousStatus: 'unverified',
        occurredAt: '2024-03-03T08:00:00.000Z',
        recordedAt: '2024-03-03T09:00:00.000Z',
        note: 'The ministry denies it.',
        author: REVIEWER,
        evidenceIds: [evidence.id],
        reply: {
          party: 'Ministry of Transport',
          url: 'https://ministry.example/statement',
          quote: 'The bridge stays open.',
        },
      });
      expect((await store.getCluster(clusterId)).status).toBe('denied');
      // Backdating an event does not make it the latest: the order is the order of recording.
      const confirmed = await store.recordStatus({
        clusterId,
        status: 'confirmed',
        author: 'Ben Editor',
        occurredAt: '2024-03-01T00:00:00Z',
      });
      expect(confirmed).toMatchObject({ previousStatus: 'denied', evidenceIds: [], reply: null, note: null });
      expect(confirmed.occurredAt).toBe('2024-03-01T00:00:00.000Z');
      expect(confirmed.recordedAt > confirmed.occurredAt).toBe(true);
      expect((await store.getCluster(clusterId)).status).toBe('confirmed');
      const history = await store.statusHistory(clusterId);
      expect(history.map((event) => [event.previousStatus, event.status])).toEqual([
        ['unverified', 'denied'],
        ['denied', 'confirmed'],
      ]);
      expect(history[0]).toEqual(denied);
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('keeps the order of the evidence an event rests on', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const add = (url: string) =>
        store.addEvidence({ clusterId, url, relation: 'supports', kind: 'data', addedBy: REVIEWER });
      const [first, second, third] = [
        await add('https://a.example/1'),
        await add('https://a.example/2'),
        await add('https://a.example/3'),
      ];
      const event = await store.recordStatus({
        clusterId,
        status: 'corroborated',
        author: REVIEWER,
        evidenceIds: [third?.id ?? '', first?.id ?? '', second?.id ?? ''],
      });
      expect(event.evidenceIds).toEqual([third?.id, first?.id, second?.id]);
      expect(event.occurredAt).toBe(event.recordedAt);
      expect((await store.statusHistory(clusterId))[0]?.evidenceIds).toEqual(event.evidenceIds);
    });

    it('refuses evidence of another cluster, unknown statuses and replies to a confirmation, recording nothing', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const otherId = await aCluster(store, 'other');
      const foreign = await store.addEvidence({
        clusterId: otherId,
        url: 'https://other.example',
        relation: 'supports',
        kind: 'data',
        addedBy: REVIEWER,
      });
      await expectStoreError(
        store.recordStatus({ clusterId, status: 'debunked', author: REVIEWER, evidenceIds: [foreign.id] }),
        {
          code: 'invalid-evidence',
          status: 400,
          message: new RegExp(`evidence "${foreign.id}" belongs to cluster "${otherId}"`),
        },
      );
      await expectStoreError(
        store.recordStatus({ clusterId, status: 'debunked', author: REVIEWER, evidenceIds: ['424242'] }),
        { code: 'not-found', status: 404, message: /evidence "424242"/ },
      );
      await expectStoreError(
        store.recordStatus({ clusterId, status: 'fake' as 'denied', author: REVIEWER }),
        {
          code: 'invalid-status',
          status: 400,
          message: /status "fake" is not one of unverified, corroborated/,
        },
      );
      await expectStoreError(
        store.recordStatus({
          clusterId,
          status: 'confirmed',
          author: REVIEWER,
          reply: { party: 'Ministry' },
        }),
        { code: 'invalid-reply', status: 400, message: /"confirmed"/ },
      );
      await expectStoreError(store.recordStatus({ clusterId, status: 'disputed', author: '' }), {
        code: 'missing-field',
        status: 400,
      });
      await expectStoreError(store.recordStatus({ clusterId: '0', status: 'disputed', author: REVIEWER }), {
        code: 'not-found',
      });
      expect(await store.statusHistory(clusterId)).toEqual([]);
      expect((await store.getCluster(clusterId)).status).toBe('unverified');
    });

    it('lists clusters by current status, with cursors that keep the filter', async () => {
      const { store } = context;
      const ids = await seed(
        store,
        ['a', 'b', 'c', 'd'].map((key, index) => ({
          key,
          outlet: `o${index}.example`,
          publishedAt: '2024-03-01T12:00:00.000Z',
        })),
      );
      const id = (key: string) => ids.get(key) ?? '';
      await store.recordStatus({ clusterId: id('a'), status: 'disputed', author: REVIEWER });
      await store.recordStatus({ clusterId: id('b'), status: 'disputed', author: REVIEWER });
      await store.recordStatus({ clusterId: id('b'), status: 'debunked', author: REVIEWER });
      await store.recordStatus({ clusterId: id('c'), status: 'disputed', author: REVIEWER });
      const listed = async (statuses: Parameters<Store['listClusters']>[0]) =>
        new Set((await store.listClusters(statuses)).items.map((cluster) => cluster.id));
      expect(await listed({ statuses: ['disputed'] })).toEqual(new Set([id('a'), id('c')]));
      expect(await listed({ statuses: ['debunked', 'unverified'] })).toEqual(new Set([id('b'), id('d')]));
      expect(await listed({ statuses: [] })).toEqual(new Set(ids.values()));
      const page = await store.listClusters({ statuses: ['disputed'], limit: 1 });
      expect(page.total).toBe(2);
      const next = await store.listClusters({
        statuses: ['disputed'],
        limit: 1,
        cursor: page.nextCursor ?? '',
      });
      expect(new Set([...page.items, ...next.items].map((cluster) => cluster.status))).toEqual(
        new Set(['disputed']),
      );
      expect(next.nextCursor).toBeNull();
      await expectStoreError(store.listClusters({ statuses: ['confirmed'], cursor: page.nextCursor ?? '' }), {
        code: 'invalid-page',
      });
      await expectStoreError(store.listClusters({ statuses: ['maybe' as 'disputed'] }), {
        code: 'invalid-status',
        status: 400,
        message: /"maybe"/,
      });
      expect((await store.searchClusters(`Claim b`))[0]?.cluster.status).toBe('debunked');
    });
  });

  describe('review: verdicts', () => {
    const context = useStore(makeStore);

    it('records verdicts with the scale’s word, newest first, worded as the cluster by default', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const cluster = await store.getCluster(clusterId);
      const first = await store.recordVerdict({
        clusterId,
        rating: 2,
        rationale: 'The closure is planned for April, not March.',
        author: REVIEWER,
        publishedAt: '2024-03-04T10:00:00Z',
      });
      expect(first).toEqual({
        id: expect.any(String),
        clusterId,
        rating: 2,
        ratingLabel: 'Mostly false',
        rationale: 'The closure is planned for April, not March.',
        author: REVIEWER,
        claimReviewed: cluster.representative,
        url: null,
        publishedAt: '2024-03-04T10:00:00.000Z',
      });
      const second = await store.recordVerdict({
        clusterId,
        rating: 1,
        rationale: 'The council cancelled the closure.',
        author: REVIEWER,
        claimReviewed: 'The bridge closes in March.',
        url: 'https://desk.example/checks/bridge',
        publishedAt: '2024-03-05T10:00:00Z',
      });
      expect(second).toMatchObject({ ratingLabel: 'False', claimReviewed: 'The bridge closes in March.' });
      expect((await store.listVerdicts(clusterId)).map((verdict) => verdict.id)).toEqual([
        second.id,
        first.id,
      ]);
    });

    it('refuses ratings off the scale and an empty rationale', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      for (const rating of [0, 6, 2.5, Number.NaN]) {
        await expectStoreError(store.recordVerdict({ clusterId, rating, rationale: 'x', author: REVIEWER }), {
          code: 'invalid-rating',
          status: 400,
          message: /is not on the scale; give one of 1 False, 2 Mostly false, 3 Mixed, 4 Mostly true, 5 True/,
        });
      }
      await expectStoreError(
        store.recordVerdict({ clusterId, rating: 3, rationale: ' ', author: REVIEWER }),
        {
          code: 'missing-field',
          message: /rationale/,
        },
      );
      await expectStoreError(store.listVerdicts('77777'), { code: 'not-found' });
      expect(await store.listVerdicts(clusterId)).toEqual([]);
    });
  });
}
