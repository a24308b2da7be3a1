import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresUnavailable, TEST_POSTGRES_URL } from '../../../test/support/postgres.ts';
import { runStoreContract } from '../contract.ts';
import { buildArticle } from '../contract-fixtures.ts';
import { expectStoreError, recordSpec } from '../contract-helpers.ts';
import { openStore, parseStoreTarget, type Store } from '../index.ts';
import { initial } from '../migrations/0001-initial.ts';
import { review } from '../migrations/0002-review.ts';
import { LATEST_SCHEMA_VERSION, type Migration } from '../migrations/index.ts';
import { openPostgresStore } from './postgres-store.ts';

/*
 * Runs against the server named by CLAIMTRAIL_TEST_POSTGRES (default: a local server with trust
 * authentication), each store in a schema of its own that is dropped afterwards. Without a server the
 * PostgreSQL tests are skipped with the reason printed; CLAIMTRAIL_REQUIRE_POSTGRES=1 makes a missing
 * server a failure instead, for machines that are meant to have one.
 */
const SERVER = TEST_POSTGRES_URL;
// Throws instead when CLAIMTRAIL_REQUIRE_POSTGRES=1 and the server cannot be reached.
const unavailable = await postgresUnavailable();
if (unavailable !== null) console.warn(`PostgreSQL store tests skipped: ${unavailable}`);

/** A schema name no other test run uses. */
function freshSchema(): string {
  return `claimtrail_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function target(schema: string): string {
  const url = new URL(SERVER);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Runs one statement as the test's own client: setting up and tearing down what the store cannot. */
async function administer(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

function dropSchema(schema: string): Promise<pg.QueryResult> {
  return administer(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** Stores opened by a test, closed and their schemas dropped after it. */
function useSchemas() {
  const opened: { schemas: string[]; stores: Store[] } = { schemas: [], stores: [] };
  afterEach(async () => {
    await Promise.all(opened.stores.splice(0).map((store) => store.close()));
    for (const schema of opened.schemas.splice(0)) await dropSchema(schema);
  });
  return {
    schema() {
      const schema = freshSchema();
      opened.schemas.push(schema);
      return schema;
    },
    keep(store: Store): Store {
      opened.stores.push(store);
      return store;
    },
  };
}

describe('PostgreSQL store locations', () => {
  it('reads postgres:// and postgresql:// URLs with an optional schema, hiding passwords in refusals', async () => {
    expect(parseStoreTarget('postgres://claims:s3cret@db.example/claimtrail')).toEqual({
      dialect: 'postgres',
      url: 'postgres://claims:s3cret@db.example/claimtrail',
      schema: null,
    });
    expect(
      parseStoreTarget('postgresql://db.example:5433/ledger?schema=claims_2024&sslmode=require'),
    ).toEqual({
      dialect: 'postgres',
      url: 'postgresql://db.example:5433/ledger?sslmode=require',
      schema: 'claims_2024',
    });
    await expectStoreError(openStore('postgres://claims:s3cret@db.example/claimtrail?schema=Robert%27);'), {
      code: 'invalid-store',
      status: 400,
      message: /^schema "Robert'\);" in postgres:\/\/claims:\*\*\*@db\.example\/claimtrail must be/,
    });
    await expectStoreError(openStore('mysql://claims:s3cret@db.example/claimtrail'), {
      code: 'unsupported-store',
      message: /mysql:\/\/claims:\*\*\*@db\.example/,
    });
  });

  it('says it cannot connect, without the password, when no server answers', async () => {
    const error = await openStore('postgres://claims:s3cret@127.0.0.1:1/claimtrail').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'cannot-connect', status: 503 });
    expect((error as Error).message).toMatch(/postgres:\/\/claims:\*\*\*@127\.0\.0\.1:1\/claimtrail/);
    expect((error as Error).message).not.toMatch(/s3cret/);
  });
});

describe.skipIf(unavailable !== null)('PostgreSQL store', () => {
  runStoreContract(
    'postgres',
    async () => {
      const schema = freshSchema();
      const store = await openStore(target(schema));
      return {
        store,
        reopen: () => openStore(target(schema)),
        cleanup: async () => {
          await store.close();
          await dropSchema(schema);
        },
      };
    },
    { persistent: true },
  );

  describe('migrations', () => {
    const schemas = useSchemas();
    const extra: Migration = {
      version: 3,
      name: 'test-notes',
      sqlite: 'CREATE TABLE test_notes (id INTEGER PRIMARY KEY);',
      postgres: 'CREATE TABLE test_notes (id BIGINT PRIMARY KEY);',
    };
    const tables = async (schema: string) =>
      (
        await administer('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema])
      ).rows.map((row: { tablename: string }) => row.tablename);

    it('creates the schema, and brings an older one up to date keeping its data', async () => {
      const schema = schemas.schema();
      const location = parseStoreTarget(target(schema));
      if (location.dialect !== 'postgres') throw new Error('expected a PostgreSQL location');
      const older = schemas.keep(await openPostgresStore(location, { migrations: [initial, review] }));
      const { article } = await recordSpec(
        older,
        { claims: ['The bridge closed.'] },
        { url: 'https://a.example/1' },
      );
      await older.close();
      const newer = schemas.keep(await openPostgresStore(location, { migrations: [initial, review, extra] }));
      expect((await newer.migrations()).map((migration) => migration.name)).toEqual([
        'initial',
        'review',
        'test-notes',
      ]);
      expect(await tables(schema)).toContain('test_notes');
      expect(await newer.getArticle(article.id)).toEqual(article);
      expect(await newer.checkIntegrity()).toEqual([]);
    });

    it('adds the review desk to a ledger of schema version 1, its clusters unverified', async () => {
      const schema = schemas.schema();
      const location = parseStoreTarget(target(schema));
      if (location.dialect !== 'postgres') throw new Error('expected a PostgreSQL location');
      const older = schemas.keep(await openPostgresStore(location, { migrations: [initial] }));
      const { claims } = await recordSpec(
        older,
        { claims: ['The bridge closed.'] },
        { url: 'https://a.example/1' },
      );
      await older.close();
      expect(await tables(schema)).not.toContain('status_events');
      const upgraded = schemas.keep(await openStore(target(schema)));
      expect((await upgraded.migrations()).map((migration) => migration.name)).toEqual(['initial', 'review']);
      const clusterId = claims[0]?.clusterId ?? '';
      expect(await upgraded.getCluster(clusterId)).toMatchObject({ appearances: 1, status: 'unverified' });
      await upgraded.recordStatus({ clusterId, status: 'disputed', author: 'desk' });
      expect((await upgraded.getCluster(clusterId)).status).toBe('disputed');
      expect(await upgraded.checkIntegrity()).toEqual([]);
    });

    it('migrates once when several processes open a new schema at the same moment', async () => {
      const schema = schemas.schema();
      const stores = await Promise.all(
        Array.from({ length: 4 }, async () => schemas.keep(await openStore(target(schema)))),
      );
      const applied = await Promise.all(stores.map((store) => store.migrations()));
      expect(applied.map((list) => list.length)).toEqual([4, 4, 4, 4].map(() => LATEST_SCHEMA_VERSION));
      expect(new Set(applied.map((list) => JSON.stringify(list))).size).toBe(1);
    });

    it('refuses a schema written by a newer claimtrail, and one holding another program’s tables', async () => {
      const schema = schemas.schema();
      schemas.keep(await openStore(target(schema)));
      await administer(
        `INSERT INTO ${schema}.claimtrail_migrations (version, name, applied_at) VALUES (999, 'future', now())`,
      );
      await expectStoreError(openStore(target(schema)), {
        code: 'store-too-new',
        status: 400,
        message: new RegExp(
          `schema ${schema}\\) has schema version 999.*knows up to version ${LATEST_SCHEMA_VERSION}`,
        ),
      });
      const foreign = schemas.schema();
      await administer(`CREATE SCHEMA ${foreign}; CREATE TABLE ${foreign}.notes (id INTEGER PRIMARY KEY)`);
      await expectStoreError(openStore(target(foreign)), {
        code: 'not-a-claimtrail-store',
        message: /"notes"/,
      });
      expect(await tables(foreign)).toEqual(['notes']);
    });

    it('rolls back a migration that fails, leaving the last whole version', async () => {
      const schema = schemas.schema();
      const location = parseStoreTarget(target(schema));
      if (location.dialect !== 'postgres') throw new Error('expected a PostgreSQL location');
      const broken: Migration = {
        version: 3,
        name: 'broken',
        sqlite: '',
        postgres: 'CREATE TABLE half_done (id INTEGER); CREATE TABLE (',
      };
      await expectStoreError(openPostgresStore(location, { migrations: [initial, review, broken] }), {
        code: 'database-error',
      });
      expect(await tables(schema)).not.toContain('half_done');
      const store = schemas.keep(await openPostgresStore(location, { migrations: [initial, review] }));
      expect((await store.migrations()).map((migration) => migration.version)).toEqual([1, 2]);
    });
  });

  describe('closing', () => {
    const schemas = useSchemas();

    it('refuses every call once closed', async () => {
      const store = await openStore(target(schemas.schema()));
      await store.close();
      await store.close();
      await expectStoreError(store.listClusters(), { code: 'store-closed', message: /was closed/ });
      await expectStoreError(store.recordArticle({ ...buildArticle({ claims: ['One.'] }) }), {
        code: 'store-closed',
      });
    });
  });

  describe('integrity checks', () => {
    const schemas = useSchemas();

    it('names damage to counters and claims', async () => {
      const schema = schemas.schema();
      const store = schemas.keep(await openStore(target(schema)));
      const { claims } = await recordSpec(
        store,
        { claims: ['The bridge closed.', 'Fares rose.'] },
        { url: 'https://a.example/1' },
      );
      expect(await store.checkIntegrity()).toEqual([]);
      const [first, second] = claims;
      await administer(`UPDATE ${schema}.clusters SET outlet_count = outlet_count + 1 WHERE id = $1`, [
        first?.clusterId,
      ]);
      await administer(`UPDATE ${schema}.claims SET is_current = FALSE WHERE id = $1`, [second?.claimId]);
      const problems = (await store.checkIntegrity()).join('\n');
      expect(problems).toMatch(new RegExp(`cluster ${first?.clusterId} counts .*"outlets":2`));
      expect(problems).toMatch(new RegExp(`claim ${second?.claimId} disagrees with its article`));
    });
  });

  describe('concurrent stores', () => {
    const schemas = useSchemas();

    it('keeps counts right when two stores write to the same clusters at once', async () => {
      const schema = schemas.schema();
      const [left, right] = [
        schemas.keep(await openStore(target(schema))),
        schemas.keep(await openStore(target(schema))),
      ] as const;
      const writes = Array.from({ length: 24 }, (_, index) =>
        recordSpec(
          index % 2 === 0 ? left : right,
          { claims: [`Fares rise, says report ${index}.`, `The bridge closes, says report ${index}.`] },
          {
            url: `https://outlet${index % 5}.example/${index}`,
            // Half the writes name the keys in the other order, so writers cross each other's locks.
            clusters:
              index % 4 < 2
                ? { c1: { key: 'fares' }, c2: { key: 'bridge' } }
                : { c1: { key: 'bridge' }, c2: { key: 'fares' } },
          },
        ),
      );
      // The same article written by both stores at once is stored once.
      const twice = await Promise.all([
        recordSpec(left, { claims: ['Tolls doubled.'] }, { url: 'https://same.example/1' }),
        recordSpec(right, { claims: ['Tolls doubled.'] }, { url: 'https://same.example/1' }),
        ...writes,
      ]);
      expect(
        twice
          .slice(0, 2)
          .map((result) => result.status)
          .sort(),
      ).toEqual(['created', 'unchanged']);
      const clusters = (await left.listClusters()).items;
      expect(clusters.map((cluster) => [cluster.appearances, cluster.outlets])).toEqual([
        [24, 5],
        [24, 5],
        [1, 1],
      ]);
      expect(await right.checkIntegrity()).toEqual([]);
    });

    it('chains status events that two stores record for one cluster at once', async () => {
      const schema = schemas.schema();
      const [left, right] = [
        schemas.keep(await openStore(target(schema))),
        schemas.keep(await openStore(target(schema))),
      ] as const;
      const { claims } = await recordSpec(
        left,
        { claims: ['The bridge closed.'] },
        { url: 'https://a.example/1' },
      );
      const clusterId = claims[0]?.clusterId ?? '';
      const statuses = ['disputed', 'denied', 'corroborated', 'confirmed', 'retracted', 'debunked'] as const;
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          (index % 2 === 0 ? left : right).recordStatus({
            clusterId,
            status: statuses[index % statuses.length] ?? 'disputed',
            author: `reviewer ${index}`,
          }),
        ),
      );
      const history = await right.statusHistory(clusterId);
      expect(history).toHaveLength(12);
      expect(history.map((event) => event.previousStatus)).toEqual([
        'unverified',
        ...history.slice(0, -1).map((event) => event.status),
      ]);
      expect((await left.getCluster(clusterId)).status).toBe(history.at(-1)?.status);
      expect(await left.checkIntegrity()).toEqual([]);
    });
  });
});
