import { NotFoundError, StoreError } from '../errors.ts';
import { checkAlert, checkLimit, checkWatch, readTime } from '../review-input.ts';
import type { AlertInput, AlertRecord, WatchInput, WatchRecord } from '../review-types.ts';
import type { IsoTime } from '../types.ts';
import type { SqliteDatabase } from './connection.ts';
import { clusterFinder } from './review-history.ts';
import { type AlertRow, toAlert, toWatch, type WatchRow } from './review-rows.ts';
import { parseId } from './rows.ts';

const DEFAULT_ALERT_LIMIT = 50;

type DeliveryOutcome = { delivered: true } | { delivered: false; retryAt: IsoTime | Date | null };

/** Watches on clusters, the alerts they raise and the webhook delivery of each. */
export interface ReviewAlerts {
  watchCluster(input: WatchInput): WatchRecord;
  unwatchCluster(clusterId: string): void;
  listWatches(): WatchRecord[];
  recordAlert(input: AlertInput): AlertRecord;
  listAlerts(options: { limit?: number; clusterId?: string }): AlertRecord[];
  dueAlerts(now: IsoTime | Date, limit?: number): AlertRecord[];
  recordDelivery(alertId: string, outcome: DeliveryOutcome): AlertRecord;
}

/** Prepares the statements; each method runs in one transaction, writes in an immediate one. */
export function createReviewAlerts(database: SqliteDatabase, now: () => Date): ReviewAlerts {
  const cluster = clusterFinder(database);
  const upsertWatch =
    database.prepare(`INSERT INTO watches (cluster_id, hedging_threshold, created_by, created_at)
    VALUES (:clusterId, :hedgingThreshold, :createdBy, :createdAt)
    ON CONFLICT (cluster_id) DO UPDATE SET hedging_threshold = excluded.hedging_threshold
    RETURNING *`);
  const deleteWatch = database.prepare('DELETE FROM watches WHERE cluster_id = ?');
  const watches = database.prepare('SELECT * FROM watches ORDER BY created_at, id');
  // A new alert is due for delivery at once.
  const insertAlert =
    database.prepare(`INSERT INTO alerts (cluster_id, kind, summary, data, created_at, next_attempt_at)
    VALUES (:clusterId, :kind, :summary, :data, :createdAt, :createdAt) RETURNING *`);
  const alerts = database.prepare('SELECT * FROM alerts ORDER BY created_at DESC, id DESC LIMIT ?');
  const clusterAlerts = database.prepare(
    'SELECT * FROM alerts WHERE cluster_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const due =
    database.prepare(`SELECT * FROM alerts WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
    ORDER BY created_at, id LIMIT ?`);
  const alertById = database.prepare('SELECT * FROM alerts WHERE id = ?');
  const delivered = database.prepare(`UPDATE alerts SET delivery_attempts = delivery_attempts + 1,
    delivered_at = ?, next_attempt_at = NULL WHERE id = ? RETURNING *`);
  const failed = database.prepare(`UPDATE alerts SET delivery_attempts = delivery_attempts + 1,
    next_attempt_at = ? WHERE id = ? RETURNING *`);

  const watchCluster = database.transaction((input: ReturnType<typeof checkWatch>) => {
    const { id } = cluster(input.clusterId);
    return toWatch(upsertWatch.get({ ...input, clusterId: id }) as WatchRow);
  });

  const unwatchCluster = database.transaction((clusterId: string) => {
    deleteWatch.run(cluster(clusterId).id);
  });

  const recordAlert = database.transaction((input: ReturnType<typeof checkAlert>) => {
    const { id } = cluster(input.clusterId);
    return toAlert(insertAlert.get({ ...input, clusterId: id }) as AlertRow);
  });

  const recordDelivery = database.transaction((alertId: string, outcome: DeliveryOutcome) => {
    const key = parseId(alertId, 'alert');
    const row = alertById.get(key) as AlertRow | undefined;
    if (!row) throw new NotFoundError(`alert "${alertId}"`);
    if (row.next_attempt_at === null) {
      throw new StoreError(
        'alert-not-pending',
        `alert "${alertId}" has no delivery pending (${row.delivered_at ? `delivered at ${row.delivered_at}` : 'given up on'}); record attempts only for due alerts`,
        { status: 409 },
      );
    }
    const at = now().toISOString();
    const updated = outcome.delivered
      ? delivered.get(at, key)
      : failed.get(outcome.retryAt === null ? null : readTime(outcome.retryAt, 'retryAt', now), key);
    return toAlert(updated as AlertRow);
  });

  return {
    watchCluster: (input) => watchCluster.immediate(checkWatch(input, now)),
    unwatchCluster: (clusterId) => unwatchCluster.immediate(clusterId),
    listWatches: database.transaction(() => (watches.all() as WatchRow[]).map(toWatch)),
    recordAlert: (input) => recordAlert.immediate(checkAlert(input, now)),
    listAlerts: database.transaction((options: { limit?: number; clusterId?: string }) => {
      const limit = checkLimit(options.limit, DEFAULT_ALERT_LIMIT);
      const rows =
        options.clusterId === undefined
          ? alerts.all(limit)
          : clusterAlerts.all(cluster(options.clusterId).id, limit);
      return (rows as AlertRow[]).map(toAlert);
    }),
    dueAlerts: database.transaction((at: IsoTime | Date, limit?: number) => {
      const time = readTime(at, 'now', now);
      return (due.all(time, checkLimit(limit, DEFAULT_ALERT_LIMIT)) as AlertRow[]).map(toAlert);
    }),
    recordDelivery: (alertId, outcome) => {
      if (typeof outcome?.delivered !== 'boolean') {
        throw new StoreError(
          'invalid-delivery',
          'a delivery outcome is { delivered: true } or { delivered: false, retryAt }; give one of them',
          { status: 400 },
        );
      }
      return recordDelivery.immediate(alertId, outcome);
    },
  };
}
