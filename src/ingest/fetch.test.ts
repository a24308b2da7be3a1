import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress } from './address-policy.ts';
import { createFetcher, FetchError } from './fetch.ts';
import { parseRobots, robotsAllow } from './robots.ts';

const ARTICLE = '<html><body><p>The council voted on Tuesday.</p></body></html>';

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '[::ffff:7f00:1]',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'fe80::1',
    'fd00::1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe('createFetcher against a local server', () => {
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end('User-agent: *\nDisallow: /private/\n');
    }
    if (path === '/article') {
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304);
        return response.end();
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' });
      return response.end(ARTICLE);
    }
    if (path === '/hop') {
      response.writeHead(302, { location: '/article' });
      return response.end();
    }
    if (path === '/loop') {
      response.writeHead(302, { location: '/loop' });
      return response.end();
    }
    if (path === '/to-other') {
      response.writeHead(301, { location: otherBase });
      return response.end();
    }
    if (path === '/big') {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && response.write(chunk)) sent += 1;
        if (sent < 200) response.once('drain', pump);
        else response.end();
      };
      return pump();
    }
    if (path === '/bomb') {
      response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      return response.end(bomb);
    }
    if (path === '/slow') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>');
      return setTimeout(() => response.end('late</p>'), 3000);
    }
    if (path === '/image') {
      response.writeHead(200, { 'content-type': 'image/png' });
      return response.end(Buffer.from([0x89, 0x50]));
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('missing');
  });
  const other = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(ARTICLE);
  });
  let base = '';
  let otherBase = '';
  // 100 MB of spaces, about 100 kB compressed; made before any memory is measured.
  const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));

  beforeAll(async () => {
    base = await listen(server, '127.0.0.1');
    otherBase = `${await listen(other, '127.0.0.2')}/`;
  });
  afterAll(() => {
    server.close();
    other.close();
  });

  // The test server is on loopback; this policy treats 127.0.0.1 as public and the rest as usual.
  const testPolicy = (address: string) => address !== '127.0.0.1' && isBlockedAddress(address);

  it('refuses loopback, metadata and private addresses by default, in every spelling', async () => {
    const fetcher = createFetcher({ respectRobots: false });
    for (const url of [
      base,
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://localhost/',
      'file:///etc/passwd',
      'ftp://example.org/',
    ]) {
      await expect(fetcher.fetch(url), url).rejects.toMatchObject({ code: 'fetch-refused' });
    }
  });

  it('fetches, follows redirects, and sends conditional requests', async () => {
    const fetcher = createFetcher({ refuseAddress: testPolicy });
    const first = await fetcher.fetch(`${base}/hop`);
    expect(first).toMatchObject({
      url: `${base}/article`,
      status: 200,
      contentType: 'text/html',
      etag: '"v1"',
    });
    expect(Buffer.from(first.body).toString()).toBe(ARTICLE);
    const again = await fetcher.fetch(`${base}/article`, { etag: '"v1"' });
    expect(again.notModified).toBe(true);
  });

  it('refuses a redirect to a private address and stops redirect loops', async () => {
    const fetcher = createFetcher({ refuseAddress: testPolicy });
    await expect(fetcher.fetch(`${base}/to-other`)).rejects.toMatchObject({ code: 'fetch-refused' });
    await expect(fetcher.fetch(`${base}/loop`)).rejects.toMatchObject({ code: 'fetch-redirects' });
    const open = createFetcher({ allowPrivate: true });
    expect((await open.fetch(`${base}/to-other`)).url).toBe(otherBase);
  });

  it('stops a body over the limit, and a gzip bomb at the limit after decompression', async () => {
    const fetcher = createFetcher({ refuseAddress: testPolicy, maxBytes: 1024 * 1024 });
    await expect(fetcher.fetch(`${base}/big`)).rejects.toMatchObject({ code: 'fetch-too-large' });
    const before = process.memoryUsage().rss;
    await expect(fetcher.fetch(`${base}/bomb`)).rejects.toMatchObject({ code: 'fetch-too-large' });
    expect(process.memoryUsage().rss - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('times out a slow server, refuses other media types, and reports HTTP errors', async () => {
    const fetcher = createFetcher({ refuseAddress: testPolicy, timeoutMs: 500 });
    await expect(fetcher.fetch(`${base}/slow`)).rejects.toMatchObject({ code: 'fetch-timeout' });
    await expect(fetcher.fetch(`${base}/image`)).rejects.toMatchObject({ code: 'fetch-content-type' });
    const missing = await fetcher.fetch(`${base}/nothing`).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(FetchError);
    expect(missing).toMatchObject({ code: 'fetch-status', message: expect.stringContaining('HTTP 404') });
  });

  it('honours robots.txt', async () => {
    const fetcher = createFetcher({ refuseAddress: testPolicy });
    await expect(fetcher.fetch(`${base}/private/page`)).rejects.toMatchObject({ code: 'robots-disallowed' });
  });
});

describe('parseRobots', () => {
  it('prefers the group naming claimtrail and the longest matching rule', () => {
    const rules = parseRobots(
      'User-agent: *\nDisallow: /\n\nUser-agent: claimtrail\nDisallow: /drafts/\nAllow: /drafts/public$\n',
      'claimtrail/0.1',
    );
    expect(robotsAllow(rules, '/news/1')).toBe(true);
    expect(robotsAllow(rules, '/drafts/x')).toBe(false);
    expect(robotsAllow(rules, '/drafts/public')).toBe(true);
    expect(robotsAllow(parseRobots('User-agent: *\nDisallow: /*.pdf$', 'claimtrail'), '/a/b.pdf')).toBe(
      false,
    );
  });
});
