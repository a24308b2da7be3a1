import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { writeArticles } from './crash-articles.ts';

const root = join(import.meta.dirname, '..', '..');
const ARTICLES = 48;
/**
 * Where each round is killed: once this many articles are stored, after a pause of this many
 * milliseconds, so the kills land in different phases of the next article (reading, analysis,
 * matching, the write itself).
 */
const KILLS = [
  { stored: 2, pauseMs: 0 },
  { stored: 17, pauseMs: 9 },
  { stored: 33, pauseMs: 4 },
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ingest(directory: string, db: string, killWhen?: { stored: number; pauseMs: number }): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['bin/claimtrail.js', 'ingest', directory, '--db', db, '--format', 'json'],
    { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  const done = new Promise<Run>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal, stdout, stderr });
    }),
  );
  if (killWhen) {
    // Watches the database from outside, as another reader would, and kills the writer mid-run.
    const poll = async () => {
      while (!exited) {
        if (storedArticles(db) >= killWhen.stored) {
          if (killWhen.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, killWhen.pauseMs));
          child.kill('SIGKILL');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    };
    void poll();
  }
  return done;
}

/** Articles committed so far, read through a read-only connection; 0 before the schema exists. */
function storedArticles(db: string): number {
  if (!existsSync(db)) return 0;
  let reader: Database.Database | undefined;
  try {
    reader = new Database(db, { readonly: true, fileMustExist: true });
    return reader.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    reader?.close();
  }
}

/** Everything about a ledger that must not depend on how often its ingest was interrupted. */
async function ledgerShape(store: Store) {
  const articles = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listArticles({ limit: 500, ...(cursor ? { cursor } : {}) });
    articles.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const claims = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClaims({
      limit: 500,
      includeSuperseded: true,
      ...(cursor ? { cursor } : {}),
    });
    claims.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const clusters = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClusters({ limit: 500, ...(cursor ? { cursor } : {}) });
    clusters.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Articles are named by their content hash and claims by article and analysis id, which do not
  // depend on the order rows were written in; cluster ids do, so clusters are compared as sets.
  const hashOf = new Map(articles.map((article) => [article.id, article.contentHash]));
  const members = new Map<string, string[]>();
  for (const claim of claims) {
    const key = `${hashOf.get(claim.articleId)}#${claim.analysisClaimId}`;
    members.set(claim.clusterId, [...(members.get(claim.clusterId) ?? []), key]);
  }
  const partition = [...members.values()].map((keys) => keys.sort().join(' ')).sort();
  const copies = articles
    .filter((article) => article.copyOf)
    .map((article) => `${article.contentHash} copies ${hashOf.get(article.copyOf?.articleId ?? '')}`)
    .sort();
  return {
    articles,
    claims,
    clusters,
    partition,
    copies,
    clusterSizes: clusters.map((cluster) => cluster.appearances).sort((a, b) => a - b),
  };
}

describe('ingest killed with SIGKILL and run again', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-crash-ingest-'));
  const directory = join(folder, 'articles');
  const cleanDb = join(folder, 'clean.db');
  const written = (() => {
    mkdirSync(directory);
    return writeArticles(directory, ARTICLES);
  })();
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // The reference ledger; then what a resumed ingest does for the articles stored before a kill.
  it('ingests the directory, then finds every file unchanged when it comes again', {
    timeout: 60_000,
  }, async () => {
    expect(new Set(written.map((article) => article.text)).size).toBe(ARTICLES);
    const clean = await ingest(directory, cleanDb);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ articles: ARTICLES, created: ARTICLES, failed: 0 });

    const againDb = join(folder, 'again.db');
    copyFileSync(cleanDb, againDb);
    const again = await ingest(directory, againDb);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      created: 0,
      unchanged: ARTICLES,
      versions: 0,
      failed: 0,
    });
    const [before, after] = [await openStore(cleanDb), await openStore(againDb)];
    try {
      expect(await after.checkIntegrity()).toEqual([]);
      const [reference, repeated] = [await ledgerShape(before), await ledgerShape(after)];
      expect(repeated.partition).toEqual(reference.partition);
      expect(repeated.copies).toEqual(reference.copies);
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('leaves no half-written article and no duplicate, and ends as a clean ingest would', {
    timeout: 60_000,
  }, async () => {
    const crashDb = join(folder, 'crash.db');
    let stored = 0;
    for (const kill of KILLS) {
      const run = await ingest(directory, crashDb, kill);
      expect(run.signal, `the ingest should have been killed once ${kill.stored} were stored`).toBe(
        'SIGKILL',
      );
      const store = await openStore(crashDb);
      try {
        expect(await store.checkIntegrity()).toEqual([]);
        const now = (await store.listArticles({ limit: 1 })).total;
        // Killed mid-run: past the point asked for, short of the end, and nothing stored lost.
        expect(now).toBeGreaterThanOrEqual(kill.stored);
        expect(now).toBeLessThan(ARTICLES);
        expect(now).toBeGreaterThanOrEqual(stored);
        stored = now;
      } finally {
        await store.close();
      }
    }

    const resumed = await ingest(directory, crashDb);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      articles: ARTICLES,
      created: ARTICLES - stored,
      unchanged: stored,
      versions: 0,
      failed: 0,
    });

    const crashStore = await openStore(crashDb);
    const cleanStore = await openStore(cleanDb);
    try {
      expect(await crashStore.checkIntegrity()).toEqual([]);
      const after = await ledgerShape(crashStore);
      const reference = await ledgerShape(cleanStore);

      // Every article once: one per file, distinct texts, every URL once, one version each.
      expect(after.articles).toHaveLength(written.length);
      expect(new Set(after.articles.map((article) => article.contentHash)).size).toBe(written.length);
      expect(after.articles.every((article) => article.version === 1)).toBe(true);
      for (const { url } of written.filter((article) => article.url)) {
        expect(await crashStore.findArticles({ url: url as string }), url).toHaveLength(1);
      }
      // Every claim in exactly one cluster, and every cluster's count covering exactly its claims.
      const clusterIds = new Set(after.clusters.map((cluster) => cluster.id));
      expect(after.claims.every((claim) => claim.current && clusterIds.has(claim.clusterId))).toBe(true);
      expect(after.clusterSizes.reduce((sum, size) => sum + size, 0)).toBe(after.claims.length);
      const claimKeys = after.partition.flatMap((keys) => keys.split(' '));
      expect(new Set(claimKeys).size).toBe(claimKeys.length);

      // The same ledger as one uninterrupted ingest: counts, cluster sizes, clusters and copies.
      expect(after.articles.length).toBe(reference.articles.length);
      expect(after.claims.length).toBe(reference.claims.length);
      expect(after.clusters.length).toBe(reference.clusters.length);
      expect(after.clusterSizes).toEqual(reference.clusterSizes);
      expect(after.partition).toEqual(reference.partition);
      expect(after.copies).toEqual(reference.copies);
      // The generated set must exercise clustering and copies, or the comparison proves little.
      expect(reference.clusters.length).toBeLessThan(reference.claims.length / 2);
      expect(reference.copies.length).toBeGreaterThan(0);
    } finally {
      await crashStore.close();
      await cleanStore.close();
    }
  });
});
