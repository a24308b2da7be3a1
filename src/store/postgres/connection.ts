import pg from 'pg';
import { redactUrl, StoreError } from '../errors.ts';

/** Where a PostgreSQL store lives: a connection URL (without its `schema` parameter) and a schema. */
export interface PostgresLocation {
  url: string;
  /** The schema the store's tables live in; null for the server's default search path. */
  schema: string | null;
}

/** One statement's worth of access to an open transaction. */
export interface Transaction {
  /** Every row the statement returns. */
  rows<Row>(sql: string, values?: readonly unknown[]): Promise<Row[]>;
  /** The first row the statement returns, if any. */
  row<Row>(sql: string, values?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement for its effect; returns how many rows it touched. */
  run(sql: string, values?: readonly unknown[]): Promise<number>;
}

/** An open pool and how to show it in messages (its URL with the password hidden). */
export interface PostgresDatabase {
  pool: pg.Pool;
  shown: string;
  /** Set once the store is closed; every call after that is refused. */
  closed: { value: boolean };
}

/** How many times a write is tried when PostgreSQL aborts it for a conflict with another writer. */
const WRITE_ATTEMPTS = 8;
/**
 * How long a call waits for a connection: to open one, or for one of the pool's to come free while
 * other calls hold them all.
 */
const CONNECT_TIMEOUT_MILLISECONDS = 15_000;

/** SQLSTATEs of a transaction that failed only because another ran at the same time: try it again. */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '23505', // unique_violation: a concurrent write inserted the same URL or key first
]);

const TIMESTAMPTZ_OID = 1184;

/**
 * Turns a PostgreSQL or network failure into a StoreError that names the database and says what to
 * do; errors that are already claimtrail's pass through unchanged.
 */
export function storeErrorFrom(error: unknown, shown: string): unknown {
  if (error instanceof StoreError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)) {
    return new StoreError(
      'cannot-connect',
      `cannot reach the PostgreSQL server of ${shown} (${code}); check the host and port and that the server runs`,
      { status: 503, cause: error },
    );
  }
  if (/timeout exceeded when trying to connect/i.test(message)) {
    return new StoreError(
      'cannot-connect',
      `${shown} gave no connection within ${CONNECT_TIMEOUT_MILLISECONDS / 1000} s: the server did not answer, or this store's connections all stayed busy; try again`,
      { status: 503, cause: error },
    );
  }
  if (/Connection terminated/i.test(message)) {
    return new StoreError(
      'cannot-connect',
      `the PostgreSQL server of ${shown} closed the connection: ${message}`,
      {
        status: 503,
        cause: error,
      },
    );
  }
  if (code.startsWith('28') || code === '3D000' || code === '42501') {
    return new StoreError(
      'cannot-open',
      `cannot open ${shown}: ${message}; check the user, password and database`,
      {
        status: 400,
        cause: error,
      },
    );
  }
  if (code === '40001' || code === '40P01' || code === '23505') {
    return new StoreError(
      'store-busy',
      `${shown}: the write kept conflicting with other writers (${message}); try again`,
      { status: 503, cause: error },
    );
  }
  if (code.startsWith('22')) {
    // A data exception: a value the caller gave (a forged cursor key, an out-of-range number) that
    // PostgreSQL cannot read as the column's type.
    return new StoreError('invalid-value', `${shown} cannot take a value given: ${message}`, {
      status: 400,
      cause: error,
    });
  }
  if (code === '53100') {
    return new StoreError('disk-full', `the disk holding ${shown} is full: ${message}`, { cause: error });
  }
  return new StoreError('database-error', `${shown}: ${message}`, { cause: error });
}

/**
 * Opens a pool for one store. Its own type parser turns timestamptz into the interface's ISO strings
 * (`2024-03-01T09:30:00.000Z`, as SQLite stores them) without touching `pg`'s process-wide parsers;
 * bigint ids stay strings, as `pg` gives them. A schema given in the location goes first on every
 * connection's search path, so the store's unqualified table names resolve there.
 */
export function openPool(location: PostgresLocation): PostgresDatabase {
  const parseTime = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (value: string) => Date;
  const pool = new pg.Pool({
    connectionString: location.url,
    application_name: 'claimtrail',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MILLISECONDS,
    ...(location.schema === null ? {} : { options: `-c search_path=${location.schema}` }),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMPTZ_OID
          ? (value: string) => parseTime(value).toISOString()
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped is replaced at the next checkout; the query that needed
  // it reports the failure, so the pool's own event has nothing left to say.
  pool.on('error', () => {});
  const shown = `${redactUrl(location.url)}${location.schema === null ? '' : ` (schema ${location.schema})`}`;
  return { pool, shown, closed: { value: false } };
}

function transactionOf(client: pg.PoolClient): Transaction {
  return {
    async rows<Row>(sql: string, values: readonly unknown[] = []) {
      return (await client.query(sql, values as unknown[])).rows as Row[];
    },
    async row<Row>(sql: string, values: readonly unknown[] = []) {
      return (await client.query(sql, values as unknown[])).rows[0] as Row | undefined;
    },
    async run(sql: string, values: readonly unknown[] = []) {
      return (await client.query(sql, values as unknown[])).rowCount ?? 0;
    },
  };
}

function checkOpen(database: PostgresDatabase): void {
  if (database.closed.value) {
    throw new StoreError('store-closed', `${database.shown} was closed; open the store again`, {
      status: 500,
    });
  }
}

/** Rolls back; when even that fails the connection is broken, and the error returned discards it. */
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Runs `body` in one read-write transaction (read committed: writers take row and advisory locks
 * where they count or decide). When PostgreSQL aborts it for a deadlock, a serialization failure or
 * a unique key another writer took first, the whole transaction runs again, up to a few times.
 */
export async function writeTransaction<Result>(
  database: PostgresDatabase,
  body: (transaction: Transaction) => Promise<Result>,
): Promise<Result> {
  checkOpen(database);
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (error) {
    throw storeErrorFrom(error, database.shown);
  }
  let broken: Error | undefined;
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query('BEGIN');
        const result = await body(transactionOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = await rollback(client);
        const code = String((error as { code?: unknown } | null)?.code ?? '');
        if (broken || !RETRYABLE.has(code) || attempt >= WRITE_ATTEMPTS) {
          throw storeErrorFrom(error, database.shown);
        }
        // Back off a little, at random, so that the writers that collided do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  } finally {
    client.release(broken);
  }
}

/** Runs `body` in one read-only transaction that sees a single snapshot of the store. */
export async function readTransaction<Result>(
  database: PostgresDatabase,
  body: (transaction: Transaction) => Promise<Result>,
): Promise<Result> {
  checkOpen(database);
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (error) {
    throw storeErrorFrom(error, database.shown);
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await body(transactionOf(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await rollback(client);
    throw storeErrorFrom(error, database.shown);
  } finally {
    client.release(broken);
  }
}
