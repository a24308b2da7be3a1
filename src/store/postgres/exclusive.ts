import { createHash } from 'node:crypto';
import { StoreError } from '../errors.ts';
import { type PostgresDatabase, storeErrorFrom } from './connection.ts';

/** The advisory lock key of one ledger: from its schema, so ledgers in other schemas never wait on it. */
function lockKey(schema: string | null): bigint {
  return createHash('sha256')
    .update(`claimtrail.ledger:${schema ?? ''}`)
    .digest()
    .readBigInt64BE(0);
}

/**
 * `Store.exclusive` for PostgreSQL: a session advisory lock held by one pooled connection while the
 * section runs, so one section runs at a time across every process and machine on this ledger. If the
 * process dies, the server ends its session and the lock with it.
 */
export function createExclusive(database: PostgresDatabase, schema: string | null) {
  const key = lockKey(schema);
  return async <T>(section: () => Promise<T>): Promise<T> => {
    if (database.closed.value) {
      throw new StoreError('store-closed', `${database.shown} was closed; open the store again`, {
        status: 500,
      });
    }
    const client = await database.pool.connect().catch((error: unknown) => {
      throw storeErrorFrom(error, database.shown);
    });
    let broken = false;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key.toString()]);
      try {
        return await section();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key.toString()]).catch(() => {
          // A connection that cannot unlock is closed below, which releases the lock.
          broken = true;
        });
      }
    } catch (error) {
      throw storeErrorFrom(error, database.shown);
    } finally {
      client.release(broken);
    }
  };
}
