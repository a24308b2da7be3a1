import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStoreError, keyed, type MakeStore, useStore } from './contract-helpers.ts';
import type { ImportedReviewInput, Store } from './index.ts';

async function aCluster(store: Store, key = 'bridge'): Promise<string> {
  const result = await keyed(store, key, `https://${key}.example/1`);
  return result.claims[0]?.clusterId ?? '';
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

function anImport(overrides: Partial<ImportedReviewInput> = {}): ImportedReviewInput {
  const review = {
    claimReviewed: 'The bridge closes in March.',
    url: 'https://checker.example/bridge',
    reviewer: 'Checker',
    datePublished: '2024-03-06T00:00:00Z',
    ratingName: 'False',
    ratingValue: 1,
    bestRating: 5,
    worstRating: 1,
    claimant: 'Mayor Quist',
    appearanceUrls: ['https://bridge.example/1', 'https://bridge.example/1', 'https://social.example/p/9'],
    clusterId: null,
    matchScore: null,
    ...overrides,
  };
  return { raw: JSON.stringify({ '@type': 'ClaimReview', claimReviewed: review.claimReviewed }), ...review };
}

/** Imported fact-checks, tokens, watches, alerts and their delivery, and persistence of all of it. */
export function registerReviewAccessContract(makeStore: MakeStore, persistent: boolean): void {
  describe('review: imported fact-checks', () => {
    const context = useStore(makeStore);

    it('imports a review once per url and claim, matched or not, and lists a cluster’s newest first', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const first = await store.importReview(anImport({ clusterId, matchScore: 0.8 }));
      expect(first.status).toBe('created');
      expect(first.review).toMatchObject({
        id: expect.any(String),
        clusterId,
        matchScore: 0.8,
        datePublished: '2024-03-06T00:00:00.000Z',
        appearanceUrls: ['https://bridge.example/1', 'https://social.example/p/9'],
        claimant: 'Mayor Quist',
      });
      expect(JSON.parse(first.review.raw)).toEqual({
        '@type': 'ClaimReview',
        claimReviewed: 'The bridge closes in March.',
      });
      const again = await store.importReview(anImport({ ratingName: 'Pants on fire' }));
      expect(again).toEqual({ status: 'unchanged', review: first.review });
      const newer = await store.importReview(
        anImport({
          url: 'https://other-checker.example/b',
          datePublished: '2024-03-09T00:00:00Z',
          clusterId,
          matchScore: 0.6,
        }),
      );
      const unmatched = await store.importReview(anImport({ url: 'https://third.example/c' }));
      expect(unmatched.review).toMatchObject({ clusterId: null, matchScore: null });
      expect((await store.clusterImportedReviews(clusterId)).map((review) => review.id)).toEqual([
        newer.review.id,
        first.review.id,
      ]);
    });

    it('refuses a score without a cluster, a missing cluster, a bad url and raw text that is not JSON', async () => {
      const { store } = context;
      await expectStoreError(store.importReview(anImport({ matchScore: 0.5 })), {
        code: 'invalid-match',
        status: 400,
      });
      await expectStoreError(store.importReview(anImport({ clusterId: '123456', matchScore: 0.5 })), {
        code: 'not-found',
        status: 404,
      });
      await expectStoreError(store.importReview(anImport({ url: 'not a url' })), {
        code: 'invalid-url',
        message: /"not a url"/,
      });
      await expectStoreError(store.importReview({ ...anImport(), raw: '{oops' }), {
        code: 'invalid-field',
        message: /JSON/,
      });
      await expectStoreError(store.importReview(anImport({ claimReviewed: '' })), { code: 'missing-field' });
    });
  });

  describe('review: tokens', () => {
    const context = useStore(makeStore);

    it('finds a live token by its secret hash, marks its use, and stops after revocation', async () => {
      const { store } = context;
      const created = await store.createToken({
        name: 'desk laptop',
        role: 'reviewer',
        secretHash: hashOf('s1'),
      });
      expect(created).toMatchObject({
        name: 'desk laptop',
        role: 'reviewer',
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(JSON.stringify(created)).not.toContain(hashOf('s1'));
      const used = await store.useToken(hashOf('s1'));
      expect(used).toMatchObject({ id: created.id, role: 'reviewer' });
      expect(used?.lastUsedAt).not.toBeNull();
      expect(await store.useToken(hashOf('s2'))).toBeNull();
      expect(await store.useToken('not a hash')).toBeNull();
      const admin = await store.createToken({ name: 'admin', role: 'admin', secretHash: hashOf('s2') });
      expect((await store.listTokens()).map((token) => token.id)).toEqual([created.id, admin.id]);
      const revoked = await store.revokeToken(created.id);
      expect(revoked.revokedAt).not.toBeNull();
      expect((await store.revokeToken(created.id)).revokedAt).toBe(revoked.revokedAt);
      expect(await store.useToken(hashOf('s1'))).toBeNull();
      expect((await store.listTokens()).find((token) => token.id === created.id)?.revokedAt).toBe(
        revoked.revokedAt,
      );
    });

    it('refuses a plain secret, a taken hash, an unknown role and an unknown token', async () => {
      const { store } = context;
      await expectStoreError(store.createToken({ name: 'x', role: 'viewer', secretHash: 'ct_plainsecret' }), {
        code: 'invalid-secret-hash',
        status: 400,
      });
      await store.createToken({ name: 'x', role: 'viewer', secretHash: hashOf('same') });
      await expectStoreError(store.createToken({ name: 'y', role: 'viewer', secretHash: hashOf('same') }), {
        code: 'token-exists',
        status: 409,
      });
      await expectStoreError(
        store.createToken({ name: 'z', role: 'owner' as 'admin', secretHash: hashOf('z') }),
        {
          code: 'invalid-role',
          message: /"owner" is not one of viewer, reviewer, admin/,
        },
      );
      await expectStoreError(store.revokeToken('31337'), {
        code: 'not-found',
        status: 404,
        message: /token "31337"/,
      });
    });
  });

  describe('review: watches and alerts', () => {
    const context = useStore(makeStore);

    it('keeps one watch per cluster, updating its threshold, and forgets it when unwatched', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const watch = await store.watchCluster({ clusterId, hedgingThreshold: 0.5, createdBy: REVIEWER_NAME });
      expect(watch).toMatchObject({ clusterId, hedgingThreshold: 0.5, createdBy: REVIEWER_NAME });
      const updated = await store.watchCluster({
        clusterId,
        hedgingThreshold: 0.2,
        createdBy: 'Someone Else',
      });
      expect(updated).toMatchObject({ id: watch.id, hedgingThreshold: 0.2, createdBy: REVIEWER_NAME });
      expect(await store.listWatches()).toEqual([updated]);
      await expectStoreError(
        store.watchCluster({ clusterId, hedgingThreshold: 1.5, createdBy: REVIEWER_NAME }),
        {
          code: 'invalid-threshold',
          message: /1\.5/,
        },
      );
      await store.unwatchCluster(clusterId);
      await store.unwatchCluster(clusterId);
      expect(await store.listWatches()).toEqual([]);
      await expectStoreError(store.unwatchCluster('5555'), { code: 'not-found' });
    });

    it('lists alerts newest first, per cluster, and gives due ones oldest first', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const otherId = await aCluster(store, 'other');
      const alert = (cluster: string, createdAt: string) =>
        store.recordAlert({
          clusterId: cluster,
          kind: 'new-outlet',
          summary: 'now in 2 outlets',
          data: { outlets: 2 },
          createdAt,
        });
      const first = await alert(clusterId, '2024-03-01T10:00:00Z');
      const second = await alert(otherId, '2024-03-01T11:00:00Z');
      const third = await alert(clusterId, '2024-03-01T12:00:00Z');
      expect(first).toMatchObject({
        kind: 'new-outlet',
        data: { outlets: 2 },
        deliveryAttempts: 0,
        deliveredAt: null,
        nextAttemptAt: '2024-03-01T10:00:00.000Z',
      });
      expect((await store.listAlerts()).map((entry) => entry.id)).toEqual([third.id, second.id, first.id]);
      expect((await store.listAlerts({ clusterId, limit: 1 })).map((entry) => entry.id)).toEqual([third.id]);
      expect((await store.dueAlerts('2024-03-01T11:30:00Z')).map((entry) => entry.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect((await store.dueAlerts(new Date('2024-03-02T00:00:00Z'), 2)).map((entry) => entry.id)).toEqual([
        first.id,
        second.id,
      ]);
      await expectStoreError(
        store.recordAlert({ clusterId, kind: 'rumour' as 'new-outlet', summary: 's', data: {} }),
        {
          code: 'invalid-alert-kind',
          status: 400,
        },
      );
      await expectStoreError(store.listAlerts({ limit: 0 }), { code: 'invalid-page' });
    });

    it('records delivery attempts: retried when due again, delivered or given up', async () => {
      const { store } = context;
      const clusterId = await aCluster(store);
      const alert = await store.recordAlert({
        clusterId,
        kind: 'status-change',
        summary: 'now disputed',
        data: { from: 'unverified', to: 'disputed' },
        createdAt: '2024-03-01T10:00:00Z',
      });
      const retried = await store.recordDelivery(alert.id, {
        delivered: false,
        retryAt: '2024-03-01T10:05:00Z',
      });
      expect(retried).toMatchObject({
        deliveryAttempts: 1,
        deliveredAt: null,
        nextAttemptAt: '2024-03-01T10:05:00.000Z',
      });
      expect(await store.dueAlerts('2024-03-01T10:04:59Z')).toEqual([]);
      expect((await store.dueAlerts('2024-03-01T10:05:00Z')).map((entry) => entry.id)).toEqual([alert.id]);
      const delivered = await store.recordDelivery(alert.id, { delivered: true });
      expect(delivered).toMatchObject({ deliveryAttempts: 2, nextAttemptAt: null });
      expect(delivered.deliveredAt).not.toBeNull();
      expect(await store.dueAlerts('2030-01-01T00:00:00Z')).toEqual([]);
      await expectStoreError(store.recordDelivery(alert.id, { delivered: true }), {
        code: 'alert-not-pending',
        status: 409,
      });
      const other = await store.recordAlert({ clusterId, kind: 'new-outlet', summary: 'x', data: {} });
      const givenUp = await store.recordDelivery(other.id, { delivered: false, retryAt: null });
      expect(givenUp).toMatchObject({ deliveryAttempts: 1, deliveredAt: null, nextAttemptAt: null });
      await expectStoreError(store.recordDelivery('98765', { delivered: true }), { code: 'not-found' });
    });
  });

  if (!persistent) return;
  describe('review: persistence', () => {
    const context = useStore(makeStore);

    it('keeps the review desk’s records across reopening', async () => {
      const { store, made } = context;
      if (!made.reopen) throw new Error('a persistent store under test must give reopen()');
      const clusterId = await aCluster(store);
      const evidence = await store.addEvidence({
        clusterId,
        url: 'https://a.example',
        relation: 'refutes',
        kind: 'data',
        addedBy: REVIEWER_NAME,
      });
      const event = await store.recordStatus({
        clusterId,
        status: 'debunked',
        author: REVIEWER_NAME,
        evidenceIds: [evidence.id],
      });
      const verdict = await store.recordVerdict({
        clusterId,
        rating: 1,
        rationale: 'No.',
        author: REVIEWER_NAME,
      });
      const imported = await store.importReview(anImport({ clusterId, matchScore: 0.9 }));
      const token = await store.createToken({ name: 't', role: 'admin', secretHash: hashOf('persist') });
      const watch = await store.watchCluster({ clusterId, createdBy: REVIEWER_NAME });
      const alert = await store.recordAlert({
        clusterId,
        kind: 'status-change',
        summary: 'debunked',
        data: { to: 'debunked' },
      });
      const reopened = await made.reopen();
      try {
        expect(await reopened.listEvidence(clusterId)).toEqual([evidence]);
        expect(await reopened.statusHistory(clusterId)).toEqual([event]);
        expect((await reopened.getCluster(clusterId)).status).toBe('debunked');
        expect(await reopened.listVerdicts(clusterId)).toEqual([verdict]);
        expect(await reopened.clusterImportedReviews(clusterId)).toEqual([imported.review]);
        expect(await reopened.listTokens()).toEqual([token]);
        expect((await reopened.useToken(hashOf('persist')))?.id).toBe(token.id);
        expect(await reopened.listWatches()).toEqual([watch]);
        expect(await reopened.listAlerts()).toEqual([alert]);
        expect(await reopened.checkIntegrity()).toEqual([]);
      } finally {
        await reopened.close();
      }
    });
  });
}

const REVIEWER_NAME = 'Ana Reviewer';
