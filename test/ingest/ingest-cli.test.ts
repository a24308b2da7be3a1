import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { articlePage, generateArticles } from '../ledger/crash-articles.ts';
import { type LocalServer, startServer } from './local-server.ts';

const root = join(import.meta.dirname, '..', '..');
const ARTICLES = generateArticles(4, 13);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function claimtrail(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('claimtrail ingest of URLs and files', () => {
  let server: LocalServer;
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-ingest-urls-'));

  beforeAll(async () => {
    server = await startServer((request, response) => {
      const path = request.url ?? '/';
      const article = ARTICLES.find((candidate) => path === `/news/${candidate.slug}`);
      if (article) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(articlePage(article));
      }
      if (path === '/moved') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return response.end();
      }
      if (path === '/huge') {
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end(`<html><body><p>${'Words about the council. '.repeat(20_000)}</p></body></html>`);
      }
      if (path === '/slow') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<html><body><p>');
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores what it can fetch, and gives each refused, oversized or slow URL one line', {
    timeout: 60_000,
  }, async () => {
    const db = join(folder, 'urls.db');
    const good = ARTICLES.slice(0, 2).map((article) => `${server.base}/news/${article.slug}`);
    const bad = ['/moved', '/huge', '/slow', '/gone'].map((path) => `${server.base}${path}`);
    const run = await claimtrail(['ingest', ...good, ...bad, '--db', db, '--format', 'json'], {
      CLAIMTRAIL_ALLOW_PRIVATE: '1',
      CLAIMTRAIL_FETCH_TIMEOUT: '1500',
      CLAIMTRAIL_MAX_INPUT: '200kB',
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ articles: 6, created: 2, failed: 4 });
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    const about = (url: string) => lines.find((line) => line.includes(url)) ?? '';
    expect(about(bad[0] as string)).toMatch(
      /^claimtrail: .*refused to fetch .*169\.254\.169\.254.*never fetched/,
    );
    expect(about(bad[1] as string)).toMatch(/^claimtrail: .* is over the 200 kB limit/);
    expect(about(bad[2] as string)).toMatch(/^claimtrail: .*took over 1\.5 s/);
    expect(about(bad[3] as string)).toMatch(/^claimtrail: .*answered HTTP 404/);
    const store = await openStore(db);
    try {
      for (const url of good) expect(await store.findArticles({ url }), url).toHaveLength(1);
      expect((await store.listArticles({ limit: 1 })).total).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('refuses a URL on this machine unless private addresses are allowed, saying how to allow them', {
    timeout: 60_000,
  }, async () => {
    const db = join(folder, 'private.db');
    const url = `${server.base}/news/${ARTICLES[2]?.slug}`;
    const before = server.requests.length;
    const run = await claimtrail(['ingest', url, '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^claimtrail: refused to fetch .*private or local address.*CLAIMTRAIL_ALLOW_PRIVATE=1/,
      ),
    ]);
    expect(server.requests.length).toBe(before);
  });

  // A saved copy of a story that two outlets ran word for word is that story, already stored.
  it('stores a file once when its text is already stored under two URLs', { timeout: 60_000 }, async () => {
    const directory = join(folder, 'same-text');
    mkdirSync(directory);
    const article = ARTICLES[3];
    if (!article) throw new Error('no article generated');
    const record = (host: string, published: string) =>
      JSON.stringify({
        url: `https://${host}/news/${article.slug}`,
        publisher: host,
        published,
        text: article.text,
      });
    writeFileSync(join(directory, 'a-first.json'), record('first-outlet.example', '2026-06-01T08:00:00Z'));
    writeFileSync(join(directory, 'b-second.json'), record('second-outlet.example', '2026-06-01T09:00:00Z'));
    writeFileSync(join(directory, 'c-saved.txt'), `${article.text}\n`);
    const db = join(folder, 'same-text.db');
    for (let round = 1; round <= 2; round += 1) {
      const run = await claimtrail(['ingest', directory, '--db', db, '--format', 'json']);
      expect(run.stderr, `round ${round}`).toBe('');
      expect(run.code, `round ${round}`).toBe(0);
    }
    const store = await openStore(db);
    try {
      expect(await store.checkIntegrity()).toEqual([]);
      expect((await store.listArticles({ limit: 1 })).total).toBe(2);
    } finally {
      await store.close();
    }
  });
});
