import { NotFoundError, StoreError } from '../errors.ts';
import { checkAlert, checkLimit, checkWatch, readTime } from '../review-input.ts';
import type { AlertInput, AlertRecord, WatchInput, WatchRecord } from '../review-types.ts';
import type { IsoTime } from '../types.ts';
import { type PostgresDatabase, readTransaction, type Transaction, writeTransaction } from './connection.ts';
import { findCluster } from './review-history.ts';
import {
  ALERT_COLUMNS,
  type AlertRow,
  toAlert,
  toWatch,
  WATCH_COLUMNS,
  type WatchRow,
} from './review-rows.ts';
import { parseId } from './rows.ts';

const DEFAULT_ALERT_LIMIT = 50;

type DeliveryOutcome = { delivered: true } | { delivered: false; retryAt: IsoTime | Date | null };

/** Watches on clusters, the alerts they raise and the webhook delivery of each. */
export interface ReviewAlerts {
  watchCluster(input: WatchInput): Promise<WatchRecord>;
  unwatchCluster(clusterId: string): Promise<void>;
  listWatches(): Promise<WatchRecord[]>;
  recordAlert(input: AlertInput): Promise<AlertRecord>;
  listAlerts(options: { limit?: number; clusterId?: string }): Promise<AlertRecord[]>;
  dueAlerts(now: IsoTime | Date, limit?: number): Promise<AlertRecord[]>;
  recordDelivery(alertId: string, outcome: DeliveryOutcome): Promise<AlertRecord>;
}

/** Each method runs in one transaction. */
export function createReviewAlerts(database: PostgresDatabase, now: () => Date): ReviewAlerts {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);
  const write = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    writeTransaction(database, body);

  return {
    async watchCluster(input) {
      const checked = checkWatch(input, now);
      return write(async (transaction) => {
        const { id } = await findCluster(transaction, checked.clusterId);
        const row = await transaction.row<WatchRow>(
          `INSERT INTO watches (cluster_id, hedging_threshold, created_by, created_at) VALUES ($1, $2, $3, $4)
          ON CONFLICT (cluster_id) DO UPDATE SET hedging_threshold = excluded.hedging_threshold
          RETURNING ${WATCH_COLUMNS}`,
          [id, checked.hedgingThreshold, checked.createdBy, checked.createdAt],
        );
        return toWatch(row as WatchRow);
      });
    },

    unwatchCluster: (clusterId) =>
      write(async (transaction) => {
        const { id } = await findCluster(transaction, clusterId);
        await transaction.run('DELETE FROM watches WHERE cluster_id = $1', [id]);
      }),

    listWatches: () =>
      read(async (transaction) => {
        const rows = await transaction.rows<WatchRow>(
          `SELECT ${WATCH_COLUMNS} FROM watches ORDER BY created_at, id`,
        );
        return rows.map(toWatch);
      }),

    async recordAlert(input) {
      const checked = checkAlert(input, now);
      return write(async (transaction) => {
        const { id } = await findCluster(transaction, checked.clusterId);
        // A new alert is due for delivery at once.
        const row = await transaction.row<AlertRow>(
          `INSERT INTO alerts (cluster_id, kind, summary, data, created_at, next_attempt_at)
          VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${ALERT_COLUMNS}`,
          [id, checked.kind, checked.summary, checked.data, checked.createdAt],
        );
        return toAlert(row as AlertRow);
      });
    },

    listAlerts: (options) =>
      read(async (transaction) => {
        const limit = checkLimit(options.limit, DEFAULT_ALERT_LIMIT);
        const rows =
          options.clusterId === undefined
            ? await transaction.rows<AlertRow>(
                `SELECT ${ALERT_COLUMNS} FROM alerts ORDER BY created_at DESC, id DESC LIMIT $1`,
                [limit],
              )
            : await transaction.rows<AlertRow>(
                `SELECT ${ALERT_COLUMNS} FROM alerts WHERE cluster_id = $1
                ORDER BY created_at DESC, id DESC LIMIT $2`,
                [(await findCluster(transaction, options.clusterId)).id, limit],
              );
        return rows.map(toAlert);
      }),

    dueAlerts: (at, limit) =>
      read(async (transaction) => {
        const time = readTime(at, 'now', now);
        const rows = await transaction.rows<AlertRow>(
          `SELECT ${ALERT_COLUMNS} FROM alerts WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1
          ORDER BY created_at, id LIMIT $2`,
          [time, checkLimit(limit, DEFAULT_ALERT_LIMIT)],
        );
        return rows.map(toAlert);
      }),

    recordDelivery: (alertId, outcome) =>
      write(async (transaction) => {
        const key = parseId(alertId, 'alert');
        // Locked, so that two deliverers reporting on one alert count both attempts.
        const row = await transaction.row<AlertRow>(
          `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 FOR UPDATE`,
          [key],
        );
        if (!row) throw new NotFoundError(`alert "${alertId}"`);
        if (row.next_attempt_at === null) {
          throw new StoreError(
            'alert-not-pending',
            `alert "${alertId}" has no delivery pending (${row.delivered_at ? `delivered at ${row.delivered_at}` : 'given up on'}); record attempts only for due alerts`,
            { status: 409 },
          );
        }
        const updated = outcome.delivered
          ? await transaction.row<AlertRow>(
              `UPDATE alerts SET delivery_attempts = delivery_attempts + 1, delivered_at = $1,
                next_attempt_at = NULL WHERE id = $2 RETURNING ${ALERT_COLUMNS}`,
              [now().toISOString(), key],
            )
          : await transaction.row<AlertRow>(
              `UPDATE alerts SET delivery_attempts = delivery_attempts + 1, next_attempt_at = $1
              WHERE id = $2 RETURNING ${ALERT_COLUMNS}`,
              [outcome.retryAt === null ? null : readTime(outcome.retryAt, 'retryAt', now), key],
            );
        return toAlert(updated as AlertRow);
      }),
  };
}
