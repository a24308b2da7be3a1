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
import type { SqliteDatabase } from './connection.ts';
import {
  type EvidenceRow,
  STATUS_EVENT_COLUMNS,
  type StatusEventRow,
  toEvidence,
  toStatusEvent,
  toVerdict,
  type VerdictRow,
} from './review-rows.ts';
import { parseId } from './rows.ts';

/** What reviewers record about a cluster: evidence, status events and verdicts. */
export interface ReviewHistory {
  addEvidence(input: EvidenceInput): EvidenceRecord;
  listEvidence(clusterId: string): EvidenceRecord[];
  recordStatus(input: StatusEventInput): StatusEvent;
  statusHistory(clusterId: string): StatusEvent[];
  recordVerdict(input: VerdictInput): Verdict;
  listVerdicts(clusterId: string): Verdict[];
}

/** Returns a function giving a cluster's key and representative, or throwing NotFoundError. */
export function clusterFinder(
  database: SqliteDatabase,
): (id: string) => { id: number; representative: string } {
  const find = database.prepare('SELECT id, representative FROM clusters WHERE id = ?');
  return (id) => {
    const row = find.get(parseId(id, 'cluster')) as { id: number; representative: string } | undefined;
    if (!row) throw new NotFoundError(`cluster "${id}"`);
    return row;
  };
}

/** Prepares the statements; each method runs in one transaction, writes in an immediate one. */
export function createReviewHistory(database: SqliteDatabase, now: () => Date): ReviewHistory {
  const cluster = clusterFinder(database);
  const insertEvidence = database.prepare(`INSERT INTO evidence
    (cluster_id, url, reference, quote, relation, kind, note, added_by, added_at)
    VALUES (:clusterId, :url, :reference, :quote, :relation, :kind, :note, :addedBy, :addedAt)
    RETURNING *`);
  const evidenceOf = database.prepare('SELECT * FROM evidence WHERE cluster_id = ? ORDER BY id');
  const evidenceCluster = database.prepare('SELECT cluster_id FROM evidence WHERE id = ?').pluck();
  const currentStatus = database
    .prepare('SELECT status FROM status_events WHERE cluster_id = ? ORDER BY id DESC LIMIT 1')
    .pluck();
  const insertEvent = database.prepare(`INSERT INTO status_events
    (cluster_id, status, previous_status, occurred_at, recorded_at, note, author, reply_party, reply_url, reply_quote)
    VALUES (:clusterId, :status, :previousStatus, :occurredAt, :recordedAt, :note, :author,
      :replyParty, :replyUrl, :replyQuote)`);
  const linkEvidence = database.prepare(
    'INSERT INTO status_event_evidence (event_id, evidence_id, position) VALUES (?, ?, ?)',
  );
  const eventById = database.prepare(`SELECT ${STATUS_EVENT_COLUMNS} FROM status_events s WHERE s.id = ?`);
  const eventsOf = database.prepare(
    `SELECT ${STATUS_EVENT_COLUMNS} FROM status_events s WHERE s.cluster_id = ? ORDER BY s.id`,
  );
  const insertVerdict = database.prepare(`INSERT INTO verdicts
    (cluster_id, rating, rating_label, rationale, author, claim_reviewed, url, published_at)
    VALUES (:clusterId, :rating, :ratingLabel, :rationale, :author, :claimReviewed, :url, :publishedAt)
    RETURNING *`);
  const verdictsOf = database.prepare(
    'SELECT * FROM verdicts WHERE cluster_id = ? ORDER BY published_at DESC, id DESC',
  );

  const addEvidence = database.transaction((input: ReturnType<typeof checkEvidence>) => {
    const { id } = cluster(input.clusterId);
    return toEvidence(insertEvidence.get({ ...input, clusterId: id }) as EvidenceRow);
  });

  const recordStatus = database.transaction((input: ReturnType<typeof checkStatusEvent>) => {
    const { id } = cluster(input.clusterId);
    const evidence = input.evidenceIds.map((evidenceId) => {
      const key = parseId(evidenceId, 'evidence');
      const owner = evidenceCluster.get(key) as number | undefined;
      if (owner === undefined) throw new NotFoundError(`evidence "${evidenceId}"`);
      if (owner !== id) {
        throw new StoreError(
          'invalid-evidence',
          `evidence "${evidenceId}" belongs to cluster "${owner}", not "${input.clusterId}"; add it to this cluster first`,
          { status: 400 },
        );
      }
      return key;
    });
    const previousStatus = (currentStatus.get(id) as string | undefined) ?? 'unverified';
    const { lastInsertRowid } = insertEvent.run({
      clusterId: id,
      status: input.status,
      previousStatus,
      occurredAt: input.occurredAt,
      recordedAt: input.recordedAt,
      note: input.note,
      author: input.author,
      replyParty: input.reply?.party ?? null,
      replyUrl: input.reply?.url ?? null,
      replyQuote: input.reply?.quote ?? null,
    });
    for (const [position, evidenceId] of evidence.entries())
      linkEvidence.run(lastInsertRowid, evidenceId, position);
    return toStatusEvent(eventById.get(lastInsertRowid) as StatusEventRow);
  });

  const recordVerdict = database.transaction((input: ReturnType<typeof checkVerdict>) => {
    const { id, representative } = cluster(input.clusterId);
    const row = insertVerdict.get({
      ...input,
      clusterId: id,
      claimReviewed: input.claimReviewed ?? representative,
    }) as VerdictRow;
    return toVerdict(row);
  });

  return {
    addEvidence: (input) => addEvidence.immediate(checkEvidence(input, now)),
    listEvidence: database.transaction((clusterId: string) =>
      (evidenceOf.all(cluster(clusterId).id) as EvidenceRow[]).map(toEvidence),
    ),
    recordStatus: (input) => recordStatus.immediate(checkStatusEvent(input, now)),
    statusHistory: database.transaction((clusterId: string) =>
      (eventsOf.all(cluster(clusterId).id) as StatusEventRow[]).map(toStatusEvent),
    ),
    recordVerdict: (input) => recordVerdict.immediate(checkVerdict(input, now)),
    listVerdicts: database.transaction((clusterId: string) =>
      (verdictsOf.all(cluster(clusterId).id) as VerdictRow[]).map(toVerdict),
    ),
  };
}
