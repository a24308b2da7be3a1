import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';

export type SqliteDatabase = Database.Database;

/** How long a write waits for another process's write to finish before giving up. */
const BUSY_TIMEOUT_MILLISECONDS = 5000;

/**
 * Page cache per connection, in KiB (SQLite's default is 2 MiB). A cluster's digest and an article's
 * write both visit rows and index pages all over a ledger of a few hundred MB; with the default most
 * of those visits were reads from the operating system, three to four times slower. The cache fills
 * only as pages are read.
 */
const PAGE_CACHE_KIB = 65_536;

export const MEMORY_PATH = ':memory:';

/**
 * Turns a SQLite failure into a StoreError that names the database and says what to do; errors that
 * are already claimtrail's pass through unchanged.
 */
export function storeErrorFrom(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') {
    return new StoreError('not-a-database', `${path} is not a SQLite database: give another path`, {
      status: 400,
      cause: error,
    });
  }
  if (code === 'SQLITE_BUSY') {
    return new StoreError(
      'store-busy',
      `${path} stayed locked by another writer for over ${BUSY_TIMEOUT_MILLISECONDS / 1000} s; try again`,
      { status: 503, cause: error },
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || /directory does not exist/.test(message)) {
    return new StoreError('cannot-open', `cannot open ${path} for writing: ${message}`, {
      status: 400,
      cause: error,
    });
  }
  if (code === 'SQLITE_FULL') {
    return new StoreError('disk-full', `the disk holding ${path} is full: ${message}`, { cause: error });
  }
  return new StoreError('database-error', `${path}: ${message}`, { cause: error });
}

/**
 * Opens one SQLite file (or `:memory:`) for the store: write-ahead log, so readers never wait for the
 * writer; `synchronous = NORMAL`, which in WAL mode can lose the commits since the last checkpoint
 * (at most SQLite's default 1000 pages of log) on power loss but never corrupts the file, and loses
 * nothing when only the process dies; a larger page cache; foreign keys enforced; a busy timeout so
 * two claimtrail processes take turns instead of failing.
 */
export function openDatabase(path: string): SqliteDatabase {
  let database: SqliteDatabase | undefined;
  try {
    database = new Database(path);
    // Reading the header first makes a non-database file fail here, with its path, not at a later query.
    database.pragma('schema_version');
    if (path !== MEMORY_PATH) database.pragma('journal_mode = WAL');
    database.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MILLISECONDS}`);
    return database;
  } catch (error) {
    database?.close();
    throw storeErrorFrom(error, path);
  }
}
