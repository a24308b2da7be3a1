import { StoreError } from '../errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../migrations/index.ts';
import type { AppliedMigration } from '../types.ts';
import type { SqliteDatabase } from './connection.ts';

const MIGRATIONS_TABLE = 'claimtrail_migrations';

interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

function hasTable(database: SqliteDatabase, name: string): boolean {
  return (
    database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined
  );
}

/** Migrations recorded in the database, oldest first (none for a new file). */
export function appliedMigrations(database: SqliteDatabase): AppliedMigration[] {
  return database.transaction(() => {
    if (!hasTable(database, MIGRATIONS_TABLE)) return [];
    const rows = database
      .prepare(`SELECT version, name, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`)
      .all() as MigrationRow[];
    return rows.map((row) => ({ version: row.version, name: row.name, appliedAt: row.applied_at }));
  })();
}

function currentVersion(database: SqliteDatabase): number {
  const row = database.prepare(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`).get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

function refuseNewer(path: string, version: number, known: number): StoreError {
  return new StoreError(
    'store-too-new',
    `${path} has schema version ${version}, written by a newer claimtrail; this one knows up to version ${known}. Upgrade claimtrail to open it.`,
    { status: 400 },
  );
}

/**
 * Brings the database to the latest schema: each pending migration runs in its own immediate
 * transaction together with its row in `claimtrail_migrations`, so a crash leaves the database at
 * the last whole step and a second process opening it at the same time waits and then skips the
 * steps already done. Refuses a database of a newer schema, and a SQLite file some other program
 * made, rather than adding tables to it.
 */
export function migrate(
  database: SqliteDatabase,
  path: string,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): AppliedMigration[] {
  const latest = migrations.at(-1)?.version ?? 0;
  database
    .transaction(() => {
      if (hasTable(database, MIGRATIONS_TABLE)) return;
      const tables = database
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1")
        .pluck()
        .get() as string | undefined;
      if (tables !== undefined) {
        throw new StoreError(
          'not-a-claimtrail-store',
          `${path} is a SQLite database of another program (it has a table "${tables}" and no claimtrail schema); give another path`,
          { status: 400 },
        );
      }
      database.exec(
        `CREATE TABLE ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
    })
    .immediate();
  const found = currentVersion(database);
  if (found > latest) throw refuseNewer(path, found, latest);
  for (const migration of migrations) {
    database
      .transaction(() => {
        if (currentVersion(database) >= migration.version) return;
        database.exec(migration.sqlite);
        database
          .prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`)
          .run(migration.version, migration.name, now().toISOString());
      })
      .immediate();
  }
  return appliedMigrations(database);
}

export { LATEST_SCHEMA_VERSION };
