import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORY } from './story.ts';

const root = join(import.meta.dirname, '..', '..');

describe('claimtrail watch', () => {
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/feed.xml') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      return response.end(
        `<rss version="2.0"><channel><title>Local</title>${STORY.map(
          (_, index) => `<item><title>Story ${index}</title><link>/story/${index}</link></item>`,
        ).join('')}</channel></rss>`,
      );
    }
    const match = /^\/story\/(\d+)$/.exec(path);
    const article = match ? STORY[Number(match[1])] : undefined;
    if (article) {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(
        `<html><head><meta property="og:site_name" content="${article.publisher}"></head><body><article><p>${article.text}</p></article></body></html>`,
      );
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  let base = '';
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server.listen(0, '127.0.0.1', () => {
          base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          resolve();
        });
      }),
  );
  afterAll(() => {
    server.close();
  });

  it('stores every new item, then stops cleanly on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'claimtrail-watch-')), 'ledger.db');
    const child = spawn(process.execPath, ['bin/claimtrail.js', 'watch', `${base}/feed.xml`, '--db', db], {
      cwd: root,
      env: { ...process.env, CLAIMTRAIL_ALLOW_PRIVATE: '1' },
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`watch stored too little in time:\n${stderr}`)),
        60_000,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/polled .*: \d+ new of \d+/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopped\n$/);
    expect(stderr.match(/^stored /gm)).toHaveLength(STORY.length);
    const listed = spawnSync(
      process.execPath,
      ['bin/claimtrail.js', 'claims', '--db', db, '--format', 'json', '--search', 'dredging'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const clusters = JSON.parse(listed.stdout) as { outlets: number }[];
    expect(clusters[0]?.outlets).toBe(5);
  });
});
