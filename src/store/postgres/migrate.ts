import { StoreError } from '../errors.ts';
import { MIGRATIONS, type Migration } from '../migrations/index.ts';
import type { AppliedMigration } from '../types.ts';
import { type PostgresDatabase, readTransaction, type Transaction, writeTransaction } from './connection.ts';

const MIGRATIONS_TABLE = 'claimtrail_migrations';

interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

/** Whether a table of this name is in the schema the store's names resolve to. */
async function hasTable(transaction: Transaction, name: string): Promise<boolean> {
  const found = await transaction.row(
    'SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1',
    [name],
  );
  return found !== undefined;
}

/** Migrations recorded in the database, oldest first. */
export function appliedMigrations(database: PostgresDatabase): Promise<AppliedMigration[]> {
  return readTransaction(database, async (transaction) => {
    if (!(await hasTable(transaction, MIGRATIONS_TABLE))) return [];
    const rows = await transaction.rows<MigrationRow>(
      `SELECT version, name, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`,
    );
    return rows.map((row) => ({ version: row.version, name: row.name, appliedAt: row.applied_at }));
  });
}

/**
 * Waits for any other process migrating the same schema, until this transaction ends. The lock is
 * keyed by schema, so stores in other schemas of the same database migrate side by side.
 */
async function lockMigrations(transaction: Transaction, schema: string | null): Promise<void> {
  await transaction.run(
    "SELECT pg_advisory_xact_lock(hashtextextended('claimtrail-migrations:' || coalesce($1, current_schema(), ''), 0))",
    [schema],
  );
}

async function currentVersion(transaction: Transaction): Promise<number> {
  const row = await transaction.row<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`,
  );
  return row?.version ?? 0;
}

/**
 * Brings the schema to the latest version. The first transaction creates the schema (when the
 * location names one) and the migrations table; then each pending migration runs in its own
 * transaction with its row in `claimtrail_migrations`, so a failed step leaves the last whole version.
 * Every transaction first takes an advisory lock on the schema, so a second process opening the same
 * store at the same time waits and then finds the steps done. Refuses a schema of a newer claimtrail,
 * and a schema holding some other program's tables, rather than adding tables to it.
 */
export async function migrate(
  database: PostgresDatabase,
  schema: string | null,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  await writeTransaction(database, async (transaction) => {
    await lockMigrations(transaction, schema);
    // The name was checked when the location was read: lower-case letters, digits and underscores.
    if (schema !== null) await transaction.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    if (await hasTable(transaction, MIGRATIONS_TABLE)) {
      const found = await currentVersion(transaction);
      if (found > latest) {
        throw new StoreError(
          'store-too-new',
          `${database.shown} has schema version ${found}, written by a newer claimtrail; this one knows up to version ${latest}. Upgrade claimtrail to open it.`,
          { status: 400 },
        );
      }
      return;
    }
    const other = await transaction.row<{ tablename: string }>(
      'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename LIMIT 1',
    );
    if (other !== undefined) {
      throw new StoreError(
        'not-a-claimtrail-store',
        `${database.shown} holds another program's tables (it has a table "${other.tablename}" and no claimtrail schema); give another database or a schema with ?schema=name`,
        { status: 400 },
      );
    }
    await transaction.run(
      `CREATE TABLE ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
    );
  });
  for (const migration of migrations) {
    await writeTransaction(database, async (transaction) => {
      await lockMigrations(transaction, schema);
      if ((await currentVersion(transaction)) >= migration.version) return;
      await transaction.run(migration.postgres);
      await transaction.run(
        `INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`,
        [migration.version, migration.name, now().toISOString()],
      );
    });
  }
}
