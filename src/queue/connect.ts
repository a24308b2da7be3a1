import pg from 'pg';
import { parseStoreTarget } from '../store/index.ts';
import { QueueError } from './postgres-queue.ts';

/**
 * A connection pool for the job queue of a PostgreSQL ledger (`postgres://host/db?schema=newsroom`):
 * the queue's table lives beside the ledger's, in the same schema. A SQLite ledger has no queue.
 */
export function connectPool(target: string, options: { max?: number } = {}): pg.Pool {
  const location = parseStoreTarget(target);
  if (location.dialect !== 'postgres') {
    throw new QueueError(
      'queue-needs-postgres',
      `the job queue lives in a PostgreSQL ledger, not in ${location.path}; give --db postgres://HOST/DATABASE (or set CLAIMTRAIL_DB)`,
    );
  }
  return new pg.Pool({
    connectionString: location.url,
    max: options.max ?? 4,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
}
