import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: `CLAIMTRAIL_TEST_POSTGRES`, else the local server's `test` database. */
export const TEST_POSTGRES_URL =
  process.env.CLAIMTRAIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Set to 1 on machines meant to have PostgreSQL (CI): a missing server fails the run instead of skipping. */
export const POSTGRES_REQUIRED = process.env.CLAIMTRAIL_REQUIRE_POSTGRES === '1';

/**
 * Why PostgreSQL tests cannot run here, or null when the server answers. Tests print the reason and
 * skip, so a laptop without PostgreSQL runs everything else; with CLAIMTRAIL_REQUIRE_POSTGRES=1 an
 * unreachable server throws instead.
 */
export async function postgresUnavailable(url = TEST_POSTGRES_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  let reason: string | null = null;
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    reason = `PostgreSQL at ${url} is not reachable (${error instanceof Error ? error.message : String(error)}); set CLAIMTRAIL_TEST_POSTGRES to run these tests`;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason && POSTGRES_REQUIRED) throw new Error(`CLAIMTRAIL_REQUIRE_POSTGRES=1 but ${reason}`);
  return reason;
}

export interface TestSchema {
  /** The schema's name, `claimtrail_test_<random>`. */
  name: string;
  /** The ledger URL of the schema, `...?schema=<name>`, as `--db` and `openStore` take it. */
  url: string;
  pool: pg.Pool;
  /** Ends the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

/** Creates a schema of its own for one test run, so runs never see each other's rows. */
export async function createTestSchema(url = TEST_POSTGRES_URL): Promise<TestSchema> {
  const name = `claimtrail_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 8, options: `-c search_path=${name}` });
  return {
    name,
    url: `${url}${url.includes('?') ? '&' : '?'}schema=${name}`,
    pool,
    async drop() {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
