import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REPOSITORY = resolve(here, '..', '..', '..');
const WRITE_LOOP = join(here, 'write-loop.ts');
const ROUNDS = 3;
const COMMITS_BEFORE_KILL = 5;

/**
 * Starts the write loop, lets it commit a few articles, and kills it with SIGKILL the moment it says it
 * is writing the next one. Resolves with the number of the last write it reported committed.
 */
async function writeUntilKilled(path: string, run: string): Promise<number> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WRITE_LOOP, path, run], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let committed = 0;
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.once('exit', (_code, signal) => done(signal)),
  );
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const match of text.matchAll(/committed (\d+)/g))
        committed = Math.max(committed, Number(match[1]));
      // The loop prints `writing` and goes straight into a transaction lasting milliseconds.
      if (committed >= COMMITS_BEFORE_KILL && /writing \d+\n$/.test(text)) {
        child.kill('SIGKILL');
        ready();
      }
    });
    child.once('exit', () => fail(new Error(`the write loop stopped before it was killed: ${errors}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return committed;
}

describe('crash safety', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('leaves no half-written article when the writing process is killed', { timeout: 120_000 }, async () => {
    const path = join(folder, 'claimtrail.db');
    let reported = 0;
    let stored = 0;
    let interruptedWrites = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const committed = await writeUntilKilled(path, `round${round}`);
      reported += committed;

      const raw = new Database(path);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      const articles = raw.prepare('SELECT count(*) FROM articles').pluck().get() as number;
      const incomplete = raw
        .prepare(`SELECT count(*) FROM article_versions v
          WHERE (SELECT count(*) FROM claims c WHERE c.version_id = v.id) <> json_array_length(v.analysis, '$.claims')`)
        .pluck()
        .get();
      const orphanClaims = raw
        .prepare(
          'SELECT count(*) FROM claims c LEFT JOIN clusters k ON k.id = c.cluster_id WHERE k.id IS NULL',
        )
        .pluck()
        .get();
      raw.close();
      // Every write the loop reported is there, and the one it was in when killed is there whole
      // (it had committed) or not at all.
      expect(articles - stored).toBeGreaterThanOrEqual(committed);
      expect(articles - stored).toBeLessThanOrEqual(committed + 1);
      if (articles - stored === committed) interruptedWrites += 1;
      stored = articles;
      expect(incomplete).toBe(0);
      expect(orphanClaims).toBe(0);

      const store = await openStore(path);
      expect(await store.checkIntegrity()).toEqual([]);
      expect((await store.listArticles({ limit: 1 })).total).toBe(articles);
      await store.close();
    }
    // At least one kill must have landed inside a transaction for the test to have tested anything.
    expect(interruptedWrites).toBeGreaterThan(0);
    expect(stored).toBeGreaterThanOrEqual(reported);
  });
});
