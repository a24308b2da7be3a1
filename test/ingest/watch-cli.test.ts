import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { articlePage, generateArticles } from '../ledger/crash-articles.ts';
import { type LocalServer, startServer } from './local-server.ts';

const root = join(import.meta.dirname, '..', '..');
const FETCH_TIMEOUT_MS = 1500;
const ARTICLES = generateArticles(6, 5);

function rss(title: string, paths: string[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${paths
    .map((path, index) => `<item><title>${title} ${index}</title><link>${path}</link></item>`)
    .join('')}</channel></rss>`;
}

const LAUGHS = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "laugh">${Array.from(
  { length: 9 },
  (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`,
).join('')}]><rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title></item></channel></rss>`;

/**
 * Five feeds, polled in this order: one whose compressed body stalls (it must time out, not hold up
 * the rest), a good one, a malformed one, an entity bomb, and another good one.
 */
describe('claimtrail watch over good, broken and hostile feeds', () => {
  let server: LocalServer;
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-watch-feeds-'));
  const feeds = ['/stall.xml', '/first.xml', '/broken.xml', '/laughs.xml', '/second.xml'];
  const firstItems = ARTICLES.slice(0, 3).map((article) => `/first/${article.slug}`);
  const secondItems = ARTICLES.slice(3).map((article) => `/second/${article.slug}`);

  beforeAll(async () => {
    server = await startServer((request, response) => {
      const path = request.url ?? '/';
      if (path === '/stall.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        response.write(gzipSync(rss('Stalled', firstItems.concat(secondItems))).subarray(0, 40));
        return;
      }
      const feed: Record<string, string> = {
        '/first.xml': rss('First', firstItems),
        '/second.xml': rss('Second', secondItems),
        '/broken.xml': '<rss version="2.0"><channel><title>Broken<item></channel></rss',
        '/laughs.xml': LAUGHS,
      };
      if (feed[path] !== undefined) {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        return response.end(feed[path]);
      }
      const article = ARTICLES.find((candidate) => path.endsWith(`/${candidate.slug}`));
      if (article) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(articlePage(article));
      }
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores every item of the good feeds, and reports the stalled and the broken feed', {
    timeout: 60_000,
  }, async () => {
    const db = join(folder, 'ledger.db');
    const urls = feeds.map((path) => `${server.base}${path}`);
    const child = spawn(process.execPath, ['bin/claimtrail.js', 'watch', ...urls, '--db', db], {
      cwd: root,
      env: {
        ...process.env,
        CLAIMTRAIL_ALLOW_PRIVATE: '1',
        CLAIMTRAIL_FETCH_TIMEOUT: String(FETCH_TIMEOUT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Every feed has had its first poll once the last one says so.
    const lastPolled = new RegExp(`^polled ${server.base}/second\\.xml: `, 'm');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`watch did not poll every feed in time:\n${stderr}`)),
        45_000,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (lastPolled.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`watch stopped on its own:\n${stderr}`)));
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe('');

    const lines = stderr.trim().split('\n');
    const about = (path: string) => lines.filter((line) => line.includes(`${server.base}${path}`));
    expect(about('/stall.xml')).toEqual([
      expect.stringMatching(
        /^feed \S+\/stall\.xml failed \(fetching .* took over 1\.5 s; try again later\); retrying in \d+ s$/,
      ),
    ]);
    expect(about('/broken.xml')).toEqual([
      expect.stringMatching(
        /^feed \S+\/broken\.xml failed \(feed \S+ could not be read \(.+\); check .*\); retrying in \d+ s$/,
      ),
    ]);
    // The entity bomb is refused or read without expansion; either way it has one line and no item.
    expect(about('/laughs.xml')).toHaveLength(1);
    expect(about('/laughs.xml')[0]?.length).toBeLessThan(500);
    expect(lines.filter((line) => /^stored /.test(line))).toHaveLength(ARTICLES.length);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(lines.at(-1)).toBe('stopped');

    const store = await openStore(db);
    try {
      expect(await store.checkIntegrity()).toEqual([]);
      for (const path of [...firstItems, ...secondItems]) {
        const found = await store.findArticles({ url: `${server.base}${path}` });
        expect(found, path).toHaveLength(1);
      }
      expect((await store.listArticles({ limit: 1 })).total).toBe(ARTICLES.length);
    } finally {
      await store.close();
    }
  });
});
