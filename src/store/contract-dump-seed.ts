import { createHash } from 'node:crypto';
import { recordSpec, SEEN } from './contract-helpers.ts';
import type { Store } from './index.ts';

/** The sha256 (hex) of a token secret, as the store keeps it. */
export const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * A ledger with something in every table: edited articles, a copy, shared and single clusters,
 * claimants and hedges, evidence, a status history citing evidence with a right of reply, verdicts,
 * matched and unmatched imported reviews, a used and a revoked token, a watch and delivered alerts.
 */
export async function seedVariedLedger(store: Store): Promise<void> {
  const first = await recordSpec(
    store,
    {
      claims: [
        {
          text: 'The bridge will close for repairs in March.',
          claimant: 'Mayor Lee',
          claimantKind: 'person',
        },
        { text: 'Repairs may cost four million pounds.', signals: ['hedge'] },
      ],
      filler: 2,
      title: 'Bridge to close',
    },
    {
      url: 'https://herald.example/bridge',
      publishedAt: '2024-03-01T08:00:00.000Z',
      seenAt: SEEN,
      clusters: { c1: { key: 'bridge-closes' }, c2: { key: 'repair-cost' } },
    },
  );
  // An edit of the same URL: a second version whose claims replace the first's in the counts.
  await recordSpec(
    store,
    {
      claims: [
        {
          text: 'The bridge will close for repairs in April.',
          claimant: 'Mayor Lee',
          claimantKind: 'person',
        },
        {
          text: 'Repairs will cost five million pounds.',
          claimant: 'City Council',
          claimantKind: 'organization',
        },
      ],
      title: 'Bridge to close (updated)',
      byline: 'Jo Writer',
    },
    {
      url: 'https://herald.example/bridge',
      seenAt: '2024-03-01T15:00:00.000Z',
      clusters: { c1: { key: 'bridge-closes' }, c2: { key: 'repair-cost' } },
    },
  );
  const wire = await recordSpec(
    store,
    { claims: ['The bridge will close for repairs in April, officials said.'] },
    {
      url: 'https://wire.example/bridge',
      publisher: 'Wire Service',
      publishedAt: '2024-03-02T09:00:00.000Z',
      seenAt: '2024-03-02T09:30:00.000Z',
      clusters: { c1: { key: 'bridge-closes' } },
    },
  );
  await recordSpec(
    store,
    { claims: [{ text: 'Ferries could replace the bridge?', signals: ['rhetorical-question'] }] },
    { seenAt: '2024-03-03T10:00:00.000Z' },
  );
  await store.setCopyOf(wire.article.id, { articleId: first.article.id, kind: 'wire' });
  const clusterId = first.claims[0]?.clusterId ?? '';
  const costCluster = first.claims[1]?.clusterId ?? '';
  const minutes = await store.addEvidence({
    clusterId,
    url: 'https://council.example/minutes.pdf',
    quote: 'The bridge closes on 4 April.',
    relation: 'supports',
    kind: 'primary-document',
    addedBy: 'Ana',
    addedAt: '2024-03-02T10:00:00.000Z',
  });
  const filing = await store.addEvidence({
    clusterId,
    reference: 'Court filing 24-cv-1182, p. 3',
    relation: 'context',
    kind: 'other',
    note: 'Filed by the contractor.',
    addedBy: 'Ana',
    addedAt: '2024-03-02T11:00:00.000Z',
  });
  await store.recordStatus({
    clusterId,
    status: 'corroborated',
    author: 'Ana',
    evidenceIds: [filing.id, minutes.id],
    recordedAt: '2024-03-02T12:00:00.000Z',
  });
  await store.recordStatus({
    clusterId,
    status: 'disputed',
    author: 'Ben',
    note: 'The contractor disagrees.',
    reply: { party: 'BuildCo', url: 'https://buildco.example/statement', quote: 'No closure is planned.' },
    occurredAt: '2024-03-02T13:00:00.000Z',
    recordedAt: '2024-03-02T14:00:00.000Z',
  });
  await store.recordVerdict({
    clusterId,
    rating: 4,
    rationale: 'The minutes set the date.',
    author: 'Ana',
    url: 'https://desk.example/checks/1',
    publishedAt: '2024-03-03T09:00:00.000Z',
  });
  const raw = { '@type': 'ClaimReview', claimReviewed: 'Repairs will cost five million.' };
  await store.importReview({
    claimReviewed: 'Repairs will cost five million.',
    url: 'https://checker.example/cost',
    reviewer: 'Checker',
    datePublished: '2024-03-04T00:00:00.000Z',
    ratingName: 'Mostly true',
    ratingValue: 4,
    bestRating: 5,
    worstRating: 1,
    claimant: 'City Council',
    appearanceUrls: ['https://herald.example/bridge'],
    clusterId: costCluster,
    matchScore: 0.875,
    raw: JSON.stringify(raw),
    importedAt: '2024-03-04T10:00:00.000Z',
  });
  await store.importReview({
    claimReviewed: 'Unrelated claim.',
    url: 'https://checker.example/other',
    reviewer: null,
    datePublished: null,
    ratingName: null,
    ratingValue: null,
    bestRating: null,
    worstRating: null,
    claimant: null,
    appearanceUrls: [],
    clusterId: null,
    matchScore: null,
    raw: '{"@type":"ClaimReview"}',
    importedAt: '2024-03-04T11:00:00.000Z',
  });
  await store.createToken({ name: 'desk', role: 'reviewer', secretHash: hashOf('one'), createdAt: SEEN });
  const revoked = await store.createToken({
    name: 'old',
    role: 'admin',
    secretHash: hashOf('two'),
    createdAt: SEEN,
  });
  await store.useToken(hashOf('one'));
  await store.revokeToken(revoked.id);
  await store.watchCluster({ clusterId, hedgingThreshold: 0.25, createdBy: 'Ana', createdAt: SEEN });
  await store.watchCluster({ clusterId: costCluster, createdBy: 'Ben', createdAt: SEEN });
  const alert = await store.recordAlert({
    clusterId,
    kind: 'new-outlet',
    summary: 'now in 2 outlets: Wire Service joined',
    data: { outlets: { before: 1, after: 2 } },
    createdAt: '2024-03-02T09:31:00.000Z',
  });
  await store.recordDelivery(alert.id, { delivered: true });
  const pending = await store.recordAlert({
    clusterId,
    kind: 'status-change',
    summary: 'disputed',
    data: { from: 'corroborated', to: 'disputed' },
    createdAt: '2024-03-02T14:00:01.000Z',
  });
  await store.recordDelivery(pending.id, { delivered: false, retryAt: '2024-03-02T14:05:00.000Z' });
}
