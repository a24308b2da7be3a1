import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../../../test/support/postgres.ts';
import { openStore } from '../index.ts';
import { openDatabase } from '../sqlite/connection.ts';
import { migrate } from '../sqlite/migrate.ts';
import { DUMP_TABLES } from './tables.ts';

/**
 * Tables that are not ledger rows: the migration log, the job queue (work in flight), what SQLite
 * derives from the claims, and the status events' evidence links (carried inside status records).
 */
const NOT_DUMPED = /^(claimtrail_migrations|claimtrail_jobs|claims_fts.*|status_event_evidence|sqlite_.*)$/;

/** The dump's own columns of each table, as `table.column`, sorted. */
const dumped = () =>
  DUMP_TABLES.flatMap((table) => table.columns.map((column) => `${table.table}.${column.name}`)).sort();

describe('the dump covers the schema', () => {
  it('has a field for every column of every SQLite table', () => {
    const database = openDatabase(':memory:');
    migrate(database, 'the test store', () => new Date());
    const tables = (
      database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map((row) => row.name)
      .filter((name) => !NOT_DUMPED.test(name));
    const columns = tables.flatMap((table) =>
      (database.pragma(`table_info(${table})`) as { name: string }[]).map(
        (column) => `${table}.${column.name}`,
      ),
    );
    database.close();
    expect(columns.sort()).toEqual(dumped());
  });

  describe('on PostgreSQL', async () => {
    const unavailable = await postgresUnavailable();
    if (unavailable) console.warn(`PostgreSQL dump schema test skipped: ${unavailable}`);
    const state: { schema?: TestSchema } = {};
    beforeAll(async () => {
      if (!unavailable) state.schema = await createTestSchema();
    });
    afterAll(async () => {
      await state.schema?.drop();
    });

    it.skipIf(unavailable !== null)(
      'has a field for every column but the generated search vector',
      async () => {
        const schema = state.schema as TestSchema;
        const store = await openStore(schema.url);
        await store.close();
        const { rows } = await schema.pool.query<{ name: string }>(
          `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
          WHERE table_schema = $1 AND is_generated = 'NEVER'`,
          [schema.name],
        );
        const columns = rows
          .map((row) => row.name)
          .filter((name) => !NOT_DUMPED.test(name.split('.')[0] ?? ''));
        expect(columns.sort()).toEqual(dumped());
      },
    );
  });
});
