import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, isBlockedAddress } from '../../src/ingest/index.ts';
import { type LocalServer, startServer } from './local-server.ts';

/**
 * Two servers on loopback: `site` stands for a public site (it redirects wherever it is told), and
 * `intranet` for a private one that a fetch must never reach. No request may arrive at `intranet`
 * unless private addresses are allowed.
 */
describe('which addresses a fetch may reach, over real HTTP', () => {
  let site: LocalServer;
  let intranet: LocalServer;
  // The machine's own name: resolved by DNS (not recognized as an IP literal or as localhost).
  const ownName = hostname();
  let ownNameAddresses: string[] = [];

  beforeAll(async () => {
    intranet = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body><p>Internal payroll figures.</p></body></html>');
    });
    site = await startServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://site');
      const hops = Number(url.searchParams.get('hops') ?? 0);
      const target = url.searchParams.get('to') ?? '';
      if (url.pathname === '/robots.txt') {
        response.writeHead(404);
        return response.end();
      }
      if (hops > 0) {
        response.writeHead(302, { location: `/chain?hops=${hops - 1}&to=${encodeURIComponent(target)}` });
        return response.end();
      }
      response.writeHead(target ? 301 : 200, target ? { location: target } : { 'content-type': 'text/html' });
      response.end(target ? '' : '<html><body><p>Public page.</p></body></html>');
    }, '127.0.0.3');
    // A machine whose own name does not resolve simply skips the name-based cases.
    ownNameAddresses = await lookup(ownName, { all: true }).then(
      (entries) => entries.map((entry) => entry.address),
      () => [],
    );
  });
  afterAll(async () => {
    await site.close();
    await intranet.close();
  });

  it('refuses a loopback server by default, by IP in any spelling and by a name resolved through DNS', async () => {
    const fetcher = createFetcher();
    const port = intranet.port;
    const urls = [
      intranet.base,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://localhost:${port}/`,
      `http://LOCALHOST:${port}/`,
      `http://news.localhost:${port}/`,
    ];
    // Where the machine's name resolves to a blocked address (loopback, or a private LAN or container
    // address), fetching it exercises the check made after DNS resolution.
    if (ownNameAddresses.length > 0 && ownNameAddresses.every((address) => isBlockedAddress(address))) {
      urls.push(`http://${ownName}:${port}/`);
    }
    for (const url of urls) {
      await expect(fetcher.fetch(url), url).rejects.toMatchObject({ code: 'fetch-refused' });
    }
    expect(intranet.requests).toEqual([]);
  });

  /**
   * The default block list, with one exception: the address of `site`, which plays the public site.
   * Everything else (the intranet server's 127.0.0.1 included) is judged by the default policy.
   */
  const publicSite = (address: string) => address !== '127.0.0.3' && isBlockedAddress(address);

  it('follows redirects between public addresses, and refuses one that ends at a blocked address', async () => {
    const fetcher = createFetcher({ refuseAddress: publicSite });
    const fine = await fetcher.fetch(`${site.base}/chain?hops=2`);
    expect(fine.url).toBe(`${site.base}/chain?hops=0&to=`);

    const port = intranet.port;
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://017700000001:${port}/`,
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/admin',
      'http://[fe80::1]/',
      'file:///etc/passwd',
      'http://user:secret@example.org/',
    ];
    if (ownNameAddresses.length > 0 && ownNameAddresses.every((address) => isBlockedAddress(address))) {
      targets.push(`http://${ownName}:${port}/`);
    }
    for (const target of targets) {
      site.requests.length = 0;
      const start = `${site.base}/chain?hops=3&to=${encodeURIComponent(target)}`;
      await expect(fetcher.fetch(start), target).rejects.toMatchObject({
        code: 'fetch-refused',
        url: start,
      });
      // Every hop on the public site was followed; the last one was refused before any connection.
      expect(site.requests.filter((path) => path.startsWith('/chain'))).toHaveLength(4);
    }
    expect(intranet.requests).toEqual([]);
  });

  it('with private addresses allowed, reaches the intranet but never link-local or cloud metadata addresses', async () => {
    const fetcher = createFetcher({ allowPrivate: true, timeoutMs: 2000 });
    const reached = await fetcher.fetch(`${site.base}/chain?hops=1&to=${encodeURIComponent(intranet.base)}`);
    expect(reached.url).toBe(`${intranet.base}/`);
    expect(intranet.requests).toContain('/');

    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://[fe80::a9fe:a9fe]/',
    ]) {
      const start = `${site.base}/chain?hops=1&to=${encodeURIComponent(target)}`;
      const error = await fetcher.fetch(start).catch((caught: unknown) => caught);
      expect(error, target).toMatchObject({ code: 'fetch-refused' });
      expect((error as Error).message, target).not.toContain('CLAIMTRAIL_ALLOW_PRIVATE');
    }
  });
});
