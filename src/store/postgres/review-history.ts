import { NotFoundError, StoreError } from '../errors.ts';
import { checkEvidence, checkStatusEvent, checkVerdict } from '../review-input.ts';
import type {
  EvidenceInput,
  EvidenceRecord,
  StatusEvent,
  StatusEventInput,
  Verdict,
  VerdictInput,
} from '../review-types.ts';
import { type PostgresDatabase, readTransaction, type Transaction, writeTransaction } from './connection.ts';
import {
  EVIDENCE_COLUMNS,
  type EvidenceRow,
  STATUS_EVENT_COLUMNS,
  type StatusEventRow,
  toEvidence,
  toStatusEvent,
  toVerdict,
  VERDICT_COLUMNS,
  type VerdictRow,
} from './review-rows.ts';
import { parseId } from './rows.ts';

/** What reviewers record about a cluster: evidence, status events and verdicts. */
export interface ReviewHistory {
  addEvidence(input: EvidenceInput): Promise<EvidenceRecord>;
  listEvidence(clusterId: string): Promise<EvidenceRecord[]>;
  recordStatus(input: StatusEventInput): Promise<StatusEvent>;
  statusHistory(clusterId: string): Promise<StatusEvent[]>;
  recordVerdict(input: VerdictInput): Promise<Verdict>;
  listVerdicts(clusterId: string): Promise<Verdict[]>;
}

/**
 * A cluster's id and representative, or NotFoundError. `lock` holds its row until the transaction
 * ends, so that two status events for one cluster are recorded one after the other and each names
 * the status the other left (the lock does not block claims joining the cluster, only counters).
 */
export async function findCluster(
  transaction: Transaction,
  id: string,
  lock = false,
): Promise<{ id: string; representative: string }> {
  const row = await transaction.row<{ id: string; representative: string }>(
    `SELECT id, representative FROM clusters WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [parseId(id, 'cluster')],
  );
  if (!row) throw new NotFoundError(`cluster "${id}"`);
  return row;
}

/** Each method runs in one transaction. */
export function createReviewHistory(database: PostgresDatabase, now: () => Date): ReviewHistory {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);
  const write = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    writeTransaction(database, body);

  async function evidenceIds(
    transaction: Transaction,
    clusterId: string,
    given: readonly string[],
    shown: string,
  ) {
    const ids: string[] = [];
    for (const evidenceId of given) {
      const key = parseId(evidenceId, 'evidence');
      const owner = await transaction.row<{ cluster_id: string }>(
        'SELECT cluster_id FROM evidence WHERE id = $1',
        [key],
      );
      if (owner === undefined) throw new NotFoundError(`evidence "${evidenceId}"`);
      if (owner.cluster_id !== clusterId) {
        throw new StoreError(
          'invalid-evidence',
          `evidence "${evidenceId}" belongs to cluster "${owner.cluster_id}", not "${shown}"; add it to this cluster first`,
          { status: 400 },
        );
      }
      ids.push(key);
    }
    return ids;
  }

  return {
    async addEvidence(input) {
      const checked = checkEvidence(input, now);
      return write(async (transaction) => {
        const { id } = await findCluster(transaction, checked.clusterId);
        const row = await transaction.row<EvidenceRow>(
          `INSERT INTO evidence (cluster_id, url, reference, quote, relation, kind, note, added_by, added_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${EVIDENCE_COLUMNS}`,
          [
            id,
            checked.url,
            checked.reference,
            checked.quote,
            checked.relation,
            checked.kind,
            checked.note,
            checked.addedBy,
            checked.addedAt,
          ],
        );
        return toEvidence(row as EvidenceRow);
      });
    },

    listEvidence: (clusterId) =>
      read(async (transaction) => {
        const { id } = await findCluster(transaction, clusterId);
        const rows = await transaction.rows<EvidenceRow>(
          `SELECT ${EVIDENCE_COLUMNS} FROM evidence WHERE cluster_id = $1 ORDER BY id`,
          [id],
        );
        return rows.map(toEvidence);
      }),

    async recordStatus(input) {
      const checked = checkStatusEvent(input, now);
      return write(async (transaction) => {
        const { id } = await findCluster(transaction, checked.clusterId, true);
        const evidence = await evidenceIds(transaction, id, checked.evidenceIds, checked.clusterId);
        const previous = await transaction.row<{ status: string }>(
          'SELECT status FROM status_events WHERE cluster_id = $1 ORDER BY id DESC LIMIT 1',
          [id],
        );
        const inserted = await transaction.row<{ id: string }>(
          `INSERT INTO status_events (cluster_id, status, previous_status, occurred_at, recorded_at, note,
            author, reply_party, reply_url, reply_quote)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            id,
            checked.status,
            previous?.status ?? 'unverified',
            checked.occurredAt,
            checked.recordedAt,
            checked.note,
            checked.author,
            checked.reply?.party ?? null,
            checked.reply?.url ?? null,
            checked.reply?.quote ?? null,
          ],
        );
        const eventId = (inserted as { id: string }).id;
        for (const [position, evidenceId] of evidence.entries()) {
          await transaction.run(
            'INSERT INTO status_event_evidence (event_id, evidence_id, position) VALUES ($1, $2, $3)',
            [eventId, evidenceId, position],
          );
        }
        const row = await transaction.row<StatusEventRow>(
          `SELECT ${STATUS_EVENT_COLUMNS} FROM status_events s WHERE s.id = $1`,
          [eventId],
        );
        return toStatusEvent(row as StatusEventRow);
      });
    },

    statusHistory: (clusterId) =>
      read(async (transaction) => {
        const { id } = await findCluster(transaction, clusterId);
        const rows = await transaction.rows<StatusEventRow>(
          `SELECT ${STATUS_EVENT_COLUMNS} FROM status_events s WHERE s.cluster_id = $1 ORDER BY s.id`,
          [id],
        );
        return rows.map(toStatusEvent);
      }),

    async recordVerdict(input) {
      const checked = checkVerdict(input, now);
      return write(async (transaction) => {
        const { id, representative } = await findCluster(transaction, checked.clusterId);
        const row = await transaction.row<VerdictRow>(
          `INSERT INTO verdicts (cluster_id, rating, rating_label, rationale, author, claim_reviewed, url, published_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${VERDICT_COLUMNS}`,
          [
            id,
            checked.rating,
            checked.ratingLabel,
            checked.rationale,
            checked.author,
            checked.claimReviewed ?? representative,
            checked.url,
            checked.publishedAt,
          ],
        );
        return toVerdict(row as VerdictRow);
      });
    },

    listVerdicts: (clusterId) =>
      read(async (transaction) => {
        const { id } = await findCluster(transaction, clusterId);
        const rows = await transaction.rows<VerdictRow>(
          `SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE cluster_id = $1 ORDER BY published_at DESC, id DESC`,
          [id],
        );
        return rows.map(toVerdict);
      }),
  };
}
