import Database from 'better-sqlite3';
import { atLines, type ImportSink, runImport } from '../dump/import-driver.ts';
import type { DumpStore } from '../dump/index.ts';
import {
  DUMP_TABLES,
  type DumpRecord,
  type DumpTable,
  type DumpValue,
  EVIDENCE_IDS_FIELD,
  recordFromRow,
} from '../dump/tables.ts';
import { StoreError } from '../errors.ts';
import { MEMORY_PATH, type SqliteDatabase, storeErrorFrom } from './connection.ts';

const DEFAULT_EXPORT_BATCH = 500;

/** The evidence ids a status event cites, in the order given, as a JSON array. */
const EVIDENCE_IDS = `(SELECT json_group_array(l.evidence_id) FROM
    (SELECT evidence_id FROM status_event_evidence WHERE event_id = t.id ORDER BY position) l
  ) AS evidence_ids`;

function selectBatch(table: DumpTable): string {
  const columns = table.columns.map((column) => `t.${column.name}`);
  if (table.type === 'status') columns.push(EVIDENCE_IDS);
  return `SELECT ${columns.join(', ')} FROM ${table.table} t WHERE t.id > ? ORDER BY t.id LIMIT ?`;
}

/** A record field as SQLite takes it: keys as integers, booleans as 0 and 1. */
function sqliteValue(kind: DumpTable['columns'][number]['kind'], value: DumpValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'id') return Number(value);
  if (kind === 'boolean') return value ? 1 : 0;
  return value;
}

/** A failure while importing: rows the schema refuses mean a damaged or hand-made dump (400). */
function importErrorFrom(error: unknown, shown: string): unknown {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH') {
    return new StoreError(
      'invalid-dump',
      `${shown} refused a record: ${(error as Error).message}; the dump is damaged or was not written by claimtrail export`,
      { status: 400, cause: error },
    );
  }
  return storeErrorFrom(error, shown);
}

function createSink(database: SqliteDatabase, shown: string): ImportSink {
  const inserts = new Map<DumpTable, Database.Statement>();
  const linkEvidence = database.prepare(
    'INSERT INTO status_event_evidence (event_id, evidence_id, position) VALUES (?, ?, ?)',
  );
  const insertStatement = (table: DumpTable) => {
    let statement = inserts.get(table);
    if (!statement) {
      const columns = table.columns.filter((column) => !column.deferred);
      statement = database.prepare(
        `INSERT INTO ${table.table} (${columns.map((column) => column.name).join(', ')})
          VALUES (${columns.map(() => '?').join(', ')})`,
      );
      inserts.set(table, statement);
    }
    return statement;
  };
  return {
    shown,
    async isEmpty() {
      return DUMP_TABLES.every(
        (table) => database.prepare(`SELECT 1 FROM ${table.table} LIMIT 1`).get() === undefined,
      );
    },
    async insert(table, records, firstLine) {
      const statement = insertStatement(table);
      const columns = table.columns.filter((column) => !column.deferred);
      for (const [index, record] of records.entries()) {
        try {
          statement.run(columns.map((column) => sqliteValue(column.kind, record[column.field])));
          if (table.type !== 'status') continue;
          const evidenceIds = (record[EVIDENCE_IDS_FIELD] ?? []) as string[];
          for (const [position, evidenceId] of evidenceIds.entries()) {
            linkEvidence.run(Number(record.id), Number(evidenceId), position);
          }
        } catch (error) {
          // One statement a record, so the failing record's own line can be named.
          const line = firstLine + index;
          throw atLines(importErrorFrom(error, shown), line, line);
        }
      }
    },
    async link(table, records) {
      const columns = table.columns.filter((column) => column.deferred);
      const statement = database.prepare(
        `UPDATE ${table.table} SET ${columns.map((column) => `${column.name} = ?`).join(', ')} WHERE id = ?`,
      );
      for (const record of records) {
        statement.run(
          ...columns.map((column) => sqliteValue(column.kind, record[column.field])),
          Number(record.id),
        );
      }
    },
    async finish() {
      // The full-text index is derived from the claims, so it is rebuilt rather than carried.
      database.prepare("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')").run();
    },
    errorFrom: (error) => importErrorFrom(error, shown),
  };
}

/**
 * Export and import for a SQLite store. An export of a file reads through a connection of its own,
 * in one read transaction, so it sees one snapshot while the store's own connection goes on writing
 * (the write-ahead log keeps both apart); an in-memory store has only its own connection to read.
 */
export function createSqliteDump(database: SqliteDatabase, path: string, shown: string): DumpStore {
  const checkOpen = () => {
    if (!database.open) {
      throw new StoreError('store-closed', `${shown} was closed; open the store again`, { status: 500 });
    }
  };

  async function* exportRecords(options: { batchSize?: number } = {}): AsyncGenerator<DumpRecord> {
    const { batchSize = DEFAULT_EXPORT_BATCH } = options;
    checkOpen();
    let reader: SqliteDatabase;
    try {
      reader = path === MEMORY_PATH ? database : new Database(path, { readonly: true, fileMustExist: true });
      if (reader !== database) reader.pragma('busy_timeout = 5000');
    } catch (error) {
      throw storeErrorFrom(error, shown);
    }
    const ownsTransaction = !reader.inTransaction;
    try {
      if (ownsTransaction) reader.exec('BEGIN');
      for (const table of DUMP_TABLES) {
        const statement = reader.prepare(selectBatch(table));
        for (let after = 0; ; ) {
          let rows: Record<string, unknown>[];
          try {
            rows = statement.all(after, batchSize) as Record<string, unknown>[];
          } catch (error) {
            throw storeErrorFrom(error, shown);
          }
          for (const row of rows) {
            const extra: Record<string, DumpValue> =
              table.type === 'status'
                ? { [EVIDENCE_IDS_FIELD]: (JSON.parse(String(row.evidence_ids)) as number[]).map(String) }
                : {};
            yield recordFromRow(table, row, extra);
          }
          const last = rows.at(-1);
          if (!last || rows.length < batchSize) break;
          after = Number(last.id);
        }
      }
    } finally {
      if (ownsTransaction && reader.open && reader.inTransaction) reader.exec('COMMIT');
      if (reader !== database) reader.close();
    }
  }

  async function importRecords(
    records: AsyncIterable<unknown>,
    options: Parameters<DumpStore['importRecords']>[1] = {},
  ) {
    checkOpen();
    try {
      database.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw storeErrorFrom(error, shown);
    }
    try {
      const counts = await runImport(records, createSink(database, shown), options);
      database.exec('COMMIT');
      return counts;
    } catch (error) {
      if (database.open && database.inTransaction) database.exec('ROLLBACK');
      throw importErrorFrom(error, shown);
    }
  }

  return { exportRecords, importRecords };
}
