import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStoreContract } from '../contract.ts';
import { expectStoreError, recordSpec } from '../contract-helpers.ts';
import { DEFAULT_STORE_PATH, openStore, parseStoreTarget } from '../index.ts';
import { initial } from '../migrations/0001-initial.ts';
import { review } from '../migrations/0002-review.ts';
import { LATEST_SCHEMA_VERSION, type Migration } from '../migrations/index.ts';
import { openDatabase } from './connection.ts';
import { openSqliteStore } from './sqlite-store.ts';

runStoreContract('sqlite in memory', async () => {
  const store = openSqliteStore(':memory:');
  return { store, cleanup: () => store.close() };
});

runStoreContract(
  'sqlite file',
  async () => {
    const folder = mkdtempSync(join(tmpdir(), 'claimtrail-store-'));
    const path = join(folder, 'claimtrail.db');
    const store = openSqliteStore(path);
    return {
      store,
      reopen: async () => openSqliteStore(path),
      cleanup: async () => {
        await store.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);

/** A temporary folder per test, removed after it. */
function useFolder(): { path: (name: string) => string } {
  const state = { folder: '' };
  beforeEach(() => {
    state.folder = mkdtempSync(join(tmpdir(), 'claimtrail-sqlite-'));
  });
  afterEach(() => {
    rmSync(state.folder, { recursive: true, force: true });
  });
  return { path: (name) => join(state.folder, name) };
}

describe('openStore', () => {
  const folder = useFolder();

  it('reads file paths and sqlite: URLs, and refuses databases it cannot open without showing passwords', async () => {
    expect(parseStoreTarget('ledger.db')).toEqual({ dialect: 'sqlite', path: 'ledger.db' });
    expect(parseStoreTarget('sqlite:ledger.db')).toEqual({ dialect: 'sqlite', path: 'ledger.db' });
    expect(parseStoreTarget('sqlite:///var/lib/claimtrail.db')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/claimtrail.db',
    });
    expect(parseStoreTarget('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreTarget('C:\\data\\claimtrail.db')).toEqual({
      dialect: 'sqlite',
      path: 'C:\\data\\claimtrail.db',
    });
    expect(DEFAULT_STORE_PATH).toBe('./claimtrail.db');
    await expectStoreError(openStore('mysql://claims:s3cret@db.example/claimtrail'), {
      code: 'unsupported-store',
      message: /"mysql:".*mysql:\/\/claims:\*\*\*@db\.example/,
    });
    await expectStoreError(openStore(' '), { code: 'invalid-store' });
    await expectStoreError(openStore('sqlite:'), { code: 'invalid-store' });
    const store = await openStore(`sqlite:${folder.path('via-url.db')}`);
    expect(await store.migrations()).toHaveLength(LATEST_SCHEMA_VERSION);
    await store.close();
  });

  it('opens files in WAL mode with foreign keys, a busy timeout, NORMAL sync and a 64 MiB page cache', () => {
    const database = openDatabase(folder.path('pragmas.db'));
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(database.pragma('cache_size', { simple: true })).toBe(-65_536);
    expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(database.pragma('synchronous', { simple: true })).toBe(1);
    database.close();
  });

  it('refuses a file that is not a database, another program’s database, and a missing folder', async () => {
    const text = folder.path('notes.db');
    writeFileSync(text, 'These are notes, not a database.\n'.repeat(200));
    await expectStoreError(openStore(text), { code: 'not-a-database', status: 400, message: /notes\.db/ });
    const foreign = folder.path('other.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    await expectStoreError(openStore(foreign), { code: 'not-a-claimtrail-store', message: /table "notes"/ });
    const untouched = new Database(foreign);
    expect(untouched.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual([
      'notes',
    ]);
    untouched.close();
    await expectStoreError(openStore(folder.path('missing/claimtrail.db')), {
      code: 'cannot-open',
      status: 400,
    });
  });

  it('refuses every call once closed', async () => {
    const store = await openStore(folder.path('closed.db'));
    await store.close();
    await store.close();
    await expectStoreError(store.listClusters(), { code: 'store-closed', message: /closed\.db was closed/ });
  });
});

describe('migrations', () => {
  const folder = useFolder();
  const extra: Migration = {
    version: 3,
    name: 'test-notes',
    sqlite: 'CREATE TABLE test_notes (id INTEGER PRIMARY KEY);',
    postgres: 'CREATE TABLE test_notes (id BIGINT PRIMARY KEY);',
  };
  const tables = (path: string) => {
    const database = new Database(path, { readonly: true });
    const names = database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    database.close();
    return names;
  };

  it('brings an older database up to date, keeping its data', async () => {
    const path = folder.path('older.db');
    const older = openSqliteStore(path, { migrations: [initial, review] });
    const { article } = await recordSpec(
      older,
      { claims: ['The bridge closed.'] },
      { url: 'https://a.example/1' },
    );
    await older.close();
    const newer = openSqliteStore(path, { migrations: [initial, review, extra] });
    expect((await newer.migrations()).map((migration) => migration.name)).toEqual([
      'initial',
      'review',
      'test-notes',
    ]);
    expect(tables(path)).toContain('test_notes');
    expect(await newer.getArticle(article.id)).toEqual(article);
    expect(await newer.checkIntegrity()).toEqual([]);
    await newer.close();
  });

  it('adds the review desk to a ledger of schema version 1, its clusters unverified', async () => {
    const path = folder.path('version-1.db');
    const store = await openStore(path);
    const { claims } = await recordSpec(
      store,
      { claims: ['The bridge closed.'] },
      { url: 'https://a.example/1' },
    );
    await store.close();
    // Takes the file back to version 1, as a ledger written before the review desk existed.
    const database = new Database(path);
    database.exec(`DROP TABLE alerts; DROP TABLE watches; DROP TABLE api_tokens; DROP TABLE imported_reviews;
      DROP TABLE verdicts; DROP TABLE status_event_evidence; DROP TABLE status_events; DROP TABLE evidence;
      DELETE FROM claimtrail_migrations WHERE version = 2;`);
    database.close();
    const upgraded = await openStore(path);
    expect((await upgraded.migrations()).map((migration) => migration.name)).toEqual(['initial', 'review']);
    const clusterId = claims[0]?.clusterId ?? '';
    expect(await upgraded.getCluster(clusterId)).toMatchObject({ appearances: 1, status: 'unverified' });
    await upgraded.recordStatus({ clusterId, status: 'disputed', author: 'desk' });
    expect((await upgraded.getCluster(clusterId)).status).toBe('disputed');
    expect(await upgraded.checkIntegrity()).toEqual([]);
    await upgraded.close();
  });

  it('refuses a database written by a newer claimtrail', async () => {
    const path = folder.path('newer.db');
    await (await openStore(path)).close();
    const database = new Database(path);
    database
      .prepare('INSERT INTO claimtrail_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(999, 'future', '2030-01-01T00:00:00.000Z');
    database.close();
    await expectStoreError(openStore(path), {
      code: 'store-too-new',
      status: 400,
      message: new RegExp(
        `newer\\.db has schema version 999.*knows up to version ${LATEST_SCHEMA_VERSION}.*Upgrade claimtrail`,
      ),
    });
  });

  it('rolls back a migration that fails, leaving the last whole version', async () => {
    const path = folder.path('broken.db');
    const broken: Migration = {
      version: 3,
      name: 'broken',
      sqlite: 'CREATE TABLE half_done (id INTEGER); CREATE TABLE (',
      postgres: 'CREATE TABLE half_done (id INTEGER); CREATE TABLE (',
    };
    expect(() => openSqliteStore(path, { migrations: [initial, review, broken] })).toThrow(/broken\.db/);
    expect(tables(path)).not.toContain('half_done');
    const store = openSqliteStore(path, { migrations: [initial, review] });
    expect((await store.migrations()).map((migration) => migration.version)).toEqual([1, 2]);
    await store.close();
  });
});

describe('integrity checks', () => {
  const folder = useFolder();

  it('names damage to counters, claims and the full-text index', async () => {
    const path = folder.path('damaged.db');
    const store = await openStore(path);
    await recordSpec(
      store,
      { claims: ['The bridge closed.', 'Fares rose.'] },
      { url: 'https://a.example/1' },
    );
    expect(await store.checkIntegrity()).toEqual([]);
    const database = new Database(path);
    database.exec('UPDATE clusters SET outlet_count = outlet_count + 1 WHERE id = 1');
    database.exec('UPDATE claims SET is_current = 0 WHERE id = 2');
    database
      .prepare("INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', 1, 'The bridge closed.')")
      .run();
    database.close();
    const problems = (await store.checkIntegrity()).join('\n');
    expect(problems).toMatch(/cluster 1 counts .*"outlets":2/);
    expect(problems).toMatch(/claim 2 disagrees with its article 1/);
    expect(problems).toMatch(/full-text index does not match/);
    await store.close();
  });
});

describe('concurrent processes', () => {
  const folder = useFolder();

  it('waits for another process’s write instead of failing', async () => {
    const path = folder.path('shared.db');
    const store = await openStore(path);
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE');
         console.log('locked'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800); db.exec('COMMIT');`,
        path,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const started = performance.now();
    const result = await recordSpec(store, { claims: ['The bridge closed.'] });
    expect(result.status).toBe('created');
    expect(performance.now() - started).toBeGreaterThan(300);
    await new Promise((resolve) => holder.once('exit', resolve));
    await store.close();
  });
});
