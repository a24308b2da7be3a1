import type pg from 'pg';
import { type ImportSink, runImport } from '../dump/import-driver.ts';
import type { DumpStore } from '../dump/index.ts';
import {
  type ColumnKind,
  DUMP_TABLES,
  type DumpRecord,
  type DumpTable,
  type DumpValue,
  EVIDENCE_IDS_FIELD,
  recordFromRow,
} from '../dump/tables.ts';
import { StoreError } from '../errors.ts';
import { type PostgresDatabase, storeErrorFrom } from './connection.ts';

const DEFAULT_EXPORT_BATCH = 500;

/** Each column kind's type in PostgreSQL, for casting the arrays a batch update reads. */
const SQL_TYPES: Record<ColumnKind, string> = {
  id: 'bigint',
  text: 'text',
  url: 'text',
  integer: 'integer',
  real: 'double precision',
  boolean: 'boolean',
  time: 'timestamptz',
  json: 'json',
};

function selectBatch(table: DumpTable): string {
  // JSON columns are read as their text, exactly as written, not as parsed and re-serialized values.
  const columns = table.columns.map((column) =>
    column.kind === 'json' ? `t.${column.name}::text AS ${column.name}` : `t.${column.name}`,
  );
  if (table.type === 'status') {
    columns.push(
      'ARRAY(SELECT l.evidence_id::text FROM status_event_evidence l WHERE l.event_id = t.id ORDER BY l.position) AS evidence_ids',
    );
  }
  return `SELECT ${columns.join(', ')} FROM ${table.table} t WHERE t.id > $1 ORDER BY t.id LIMIT $2`;
}

/** A failure while importing: rows the schema refuses mean a damaged or hand-made dump (400). */
function importErrorFrom(error: unknown, shown: string): unknown {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('23') || code.startsWith('22')) {
    return new StoreError(
      'invalid-dump',
      `${shown} refused a record: ${(error as Error).message}; the dump is damaged or was not written by claimtrail export`,
      { status: 400, cause: error },
    );
  }
  return storeErrorFrom(error, shown);
}

const value = (record: DumpRecord, field: string): DumpValue => record[field] ?? null;

function createSink(client: pg.PoolClient, shown: string): ImportSink {
  return {
    shown,
    async isEmpty() {
      const exists = DUMP_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table.table})`).join(' OR ');
      const { rows } = await client.query<{ taken: boolean }>(`SELECT ${exists} AS taken`);
      return rows[0]?.taken === false;
    },
    async insert(table, records) {
      const columns = table.columns.filter((column) => !column.deferred);
      const values: DumpValue[] = [];
      const tuples = records.map((record) => {
        const placeholders = columns.map((column) => {
          values.push(value(record, column.field));
          return `$${values.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      // The ids are the exported ones; the identity sequences are moved past them in `finish`.
      await client.query(
        `INSERT INTO ${table.table} (${columns.map((column) => column.name).join(', ')})
          OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`,
        values,
      );
      if (table.type !== 'status') return;
      const events: string[] = [];
      const evidence: string[] = [];
      const positions: number[] = [];
      for (const record of records) {
        for (const [position, evidenceId] of ((record[EVIDENCE_IDS_FIELD] ?? []) as string[]).entries()) {
          events.push(String(record.id));
          evidence.push(evidenceId);
          positions.push(position);
        }
      }
      if (events.length === 0) return;
      await client.query(
        `INSERT INTO status_event_evidence (event_id, evidence_id, position)
          SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[])`,
        [events, evidence, positions],
      );
    },
    async link(table, records) {
      const columns = table.columns.filter((column) => column.deferred);
      const arrays = [
        records.map((record) => String(record.id)),
        ...columns.map((column) => records.map((record) => value(record, column.field))),
      ];
      const casts = [
        '$1::bigint[]',
        ...columns.map((column, index) => `$${index + 2}::${SQL_TYPES[column.kind]}[]`),
      ];
      await client.query(
        `UPDATE ${table.table} t SET ${columns.map((column) => `${column.name} = u.${column.name}`).join(', ')}
          FROM unnest(${casts.join(', ')}) AS u (id, ${columns.map((column) => column.name).join(', ')})
          WHERE t.id = u.id`,
        arrays,
      );
    },
    async finish() {
      // Rows went in with their own ids, so each identity must start after the largest one.
      for (const table of DUMP_TABLES) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table.table}', 'id'), max(id)) FROM ${table.table} HAVING max(id) IS NOT NULL`,
        );
      }
    },
    errorFrom: (error) => importErrorFrom(error, shown),
  };
}

/** Rolls back, returning the error that broke the connection, if rolling back failed too. */
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Export and import for a PostgreSQL store. An export holds one connection in a repeatable-read,
 * read-only transaction, so every batch comes from the same snapshot; an import holds one in one
 * read-write transaction, so a failed import leaves nothing behind.
 */
export function createPostgresDump(database: PostgresDatabase): DumpStore {
  async function connect(): Promise<pg.PoolClient> {
    if (database.closed.value) {
      throw new StoreError('store-closed', `${database.shown} was closed; open the store again`, {
        status: 500,
      });
    }
    try {
      return await database.pool.connect();
    } catch (error) {
      throw storeErrorFrom(error, database.shown);
    }
  }

  async function* exportRecords(options: { batchSize?: number } = {}): AsyncGenerator<DumpRecord> {
    const { batchSize = DEFAULT_EXPORT_BATCH } = options;
    const client = await connect();
    let broken: Error | undefined;
    let open = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      for (const table of DUMP_TABLES) {
        const sql = selectBatch(table);
        for (let after = '0'; ; ) {
          let rows: Record<string, unknown>[];
          try {
            rows = (await client.query(sql, [after, batchSize])).rows as Record<string, unknown>[];
          } catch (error) {
            throw storeErrorFrom(error, database.shown);
          }
          for (const row of rows) {
            const extra: Record<string, DumpValue> =
              table.type === 'status' ? { [EVIDENCE_IDS_FIELD]: row.evidence_ids as string[] } : {};
            yield recordFromRow(table, row, extra);
          }
          const last = rows.at(-1);
          if (!last || rows.length < batchSize) break;
          after = String(last.id);
        }
      }
      await client.query('COMMIT');
      open = false;
    } finally {
      if (open) broken = await rollback(client);
      client.release(broken);
    }
  }

  async function importRecords(
    records: AsyncIterable<unknown>,
    options: Parameters<DumpStore['importRecords']>[1] = {},
  ) {
    const client = await connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Writers wait until the import commits, so none can slip a row in after the emptiness check.
      const tables = [...DUMP_TABLES.map((table) => table.table), 'status_event_evidence'];
      await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
      const counts = await runImport(records, createSink(client, database.shown), options);
      await client.query('COMMIT');
      return counts;
    } catch (error) {
      broken = await rollback(client);
      throw importErrorFrom(error, database.shown);
    } finally {
      client.release(broken);
    }
  }

  return { exportRecords, importRecords };
}
