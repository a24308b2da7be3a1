import type {
  AlertKind,
  AlertRecord,
  ClusterSummary,
  StatusEvent,
  StatusEventInput,
  Store,
  WatchRecord,
} from '../store/index.ts';

/**
 * What a watched cluster looked like when an alert was raised. Every alert carries one, so the next
 * ingest compares against the latest alert instead of a second copy of the counts kept elsewhere.
 */
export interface ClusterSnapshot {
  appearances: number;
  hedged: number;
  /** `hedged / appearances`. */
  hedgedShare: number;
  /** The outlets carrying the claim, by name, in the order they first did. */
  outlets: string[];
}

function isSnapshot(value: unknown): value is ClusterSnapshot {
  const candidate = value as Partial<ClusterSnapshot> | null;
  return (
    typeof candidate?.appearances === 'number' &&
    typeof candidate.hedgedShare === 'number' &&
    Array.isArray(candidate.outlets) &&
    candidate.outlets.every((outlet) => typeof outlet === 'string')
  );
}

const share = (hedged: number, appearances: number) => (appearances === 0 ? 0 : hedged / appearances);

async function snapshotOf(store: Store, cluster: ClusterSummary): Promise<ClusterSnapshot> {
  const outlets = await store.clusterOutlets(cluster.id);
  return {
    appearances: cluster.appearances,
    hedged: cluster.hedged,
    hedgedShare: share(cluster.hedged, cluster.appearances),
    outlets: outlets.map((outlet) => outlet.publisher),
  };
}

/**
 * The cluster as it stood when the watch began and no alert has been raised since: its appearances
 * published by then. An article ingested later but published before the watch is not news.
 */
async function snapshotAtWatch(store: Store, watch: WatchRecord): Promise<ClusterSnapshot> {
  const outlets = await store.clusterOutlets(watch.clusterId);
  let appearances = 0;
  let hedged = 0;
  for (let cursor: string | null = null; ; ) {
    const page = await store.clusterAppearances(watch.clusterId, {
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const appearance of page.items) {
      if (appearance.publishedAt > watch.createdAt) continue;
      appearances += 1;
      if (appearance.hedged) hedged += 1;
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return {
    appearances,
    hedged,
    hedgedShare: share(hedged, appearances),
    outlets: outlets
      .filter((outlet) => outlet.firstSeenAt <= watch.createdAt)
      .map((outlet) => outlet.publisher),
  };
}

async function previousSnapshot(store: Store, watch: WatchRecord): Promise<ClusterSnapshot> {
  const [latest] = await store.listAlerts({ clusterId: watch.clusterId, limit: 1 });
  const recorded = latest?.data.snapshot;
  return isSnapshot(recorded) ? recorded : snapshotAtWatch(store, watch);
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/**
 * The alerts one stored article calls for: `alertsAfterIngest` over the clusters its claims joined.
 * An article stored unchanged touched nothing and raises none.
 *
 * @example
 * const outcome = await ledger.ingest(article);
 * await alertsAfterArticle(store, outcome);
 */
export async function alertsAfterArticle(
  store: Store,
  outcome: { status: string; articleId: string },
): Promise<AlertRecord[]> {
  if (outcome.status === 'unchanged') return [];
  const claims = await store.articleClaims(outcome.articleId);
  return alertsAfterIngest(
    store,
    claims.map((claim) => claim.clusterId),
  );
}

/**
 * Raises the alerts an ingest calls for on the watched clusters among those it touched: `new-outlet`
 * when outlets that had not carried the claim now do, `hedging-drop` when the share of appearances
 * that hedge it falls below the watch's threshold (on the crossing only, not again while it stays
 * below). Compares with the snapshot in the cluster's latest alert, or with the cluster as it stood
 * when the watch began. Returns the alerts recorded.
 *
 * @example
 * const outcome = await ledger.ingest(article);
 * await alertsAfterIngest(store, outcome.claims.map((claim) => claim.clusterId));
 */
export async function alertsAfterIngest(store: Store, clusterIds: Iterable<string>): Promise<AlertRecord[]> {
  const touched = new Set(clusterIds);
  const watches = (await store.listWatches()).filter((watch) => touched.has(watch.clusterId));
  const recorded: AlertRecord[] = [];
  for (const watch of watches) {
    const cluster = await store.getCluster(watch.clusterId);
    const before = await previousSnapshot(store, watch);
    const now = await snapshotOf(store, cluster);
    const known = new Set(before.outlets.map((outlet) => outlet.toLowerCase()));
    const added = now.outlets.filter((outlet) => !known.has(outlet.toLowerCase()));
    const alerts: { kind: AlertKind; summary: string; data: Record<string, unknown> }[] = [];
    if (added.length > 0) {
      alerts.push({
        kind: 'new-outlet',
        summary: `now in ${now.outlets.length} outlet${now.outlets.length === 1 ? '' : 's'}: ${added.join(', ')} joined`,
        data: { newOutlets: added, outletCount: now.outlets.length, snapshot: now },
      });
    }
    const threshold = watch.hedgingThreshold;
    if (
      threshold !== null &&
      now.appearances > 0 &&
      now.hedgedShare < threshold &&
      !(before.hedgedShare < threshold && before.appearances > 0)
    ) {
      alerts.push({
        kind: 'hedging-drop',
        summary: `hedged in ${percent(now.hedgedShare)} of appearances, below ${percent(threshold)} (was ${percent(before.hedgedShare)})`,
        data: {
          threshold,
          hedgedShareBefore: before.hedgedShare,
          hedgedShare: now.hedgedShare,
          snapshot: now,
        },
      });
    }
    for (const alert of alerts) recorded.push(await store.recordAlert({ clusterId: cluster.id, ...alert }));
  }
  return recorded;
}

/**
 * Records a status event and, when the cluster is watched and its status changed, a `status-change`
 * alert. The event is recorded first: an alert never announces a status that was refused.
 *
 * @example
 * await changeStatus(store, { clusterId, status: 'denied', author: 'Ana', reply: { party: 'Ministry' } });
 */
export async function changeStatus(
  store: Store,
  input: StatusEventInput,
): Promise<{ event: StatusEvent; alert: AlertRecord | null }> {
  const event = await store.recordStatus(input);
  const watched = (await store.listWatches()).some((watch) => watch.clusterId === event.clusterId);
  if (!watched || event.status === event.previousStatus) return { event, alert: null };
  const cluster = await store.getCluster(event.clusterId);
  const alert = await store.recordAlert({
    clusterId: event.clusterId,
    kind: 'status-change',
    summary: `${event.previousStatus} → ${event.status}${event.note ? `: ${event.note}` : ''}`,
    data: {
      from: event.previousStatus,
      to: event.status,
      eventId: event.id,
      author: event.author,
      snapshot: await snapshotOf(store, cluster),
    },
  });
  return { event, alert };
}
