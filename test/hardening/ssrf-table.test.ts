import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, isBlockedAddress } from '../../src/ingest/index.ts';
import { type LocalServer, startServer } from '../ingest/local-server.ts';

/**
 * Every spelling of "this machine" and of the addresses next to it that an attacker can put in a
 * link or a redirect. `{port}` is the port of a server listening on all interfaces, IPv4 and IPv6,
 * so any spelling that slips through reaches it and is recorded.
 */
const TRICKS: [trick: string, url: string][] = [
  ['loopback', 'http://127.0.0.1:{port}/'],
  ['loopback, decimal', 'http://2130706433:{port}/'],
  ['loopback, octal', 'http://0177.0.0.1:{port}/'],
  ['loopback, octal as one number', 'http://017700000001:{port}/'],
  ['loopback, hex', 'http://0x7f.0.0.1:{port}/'],
  ['loopback, hex as one number', 'http://0x7f000001:{port}/'],
  ['loopback, short form', 'http://127.1:{port}/'],
  ['loopback, three parts', 'http://127.0.1:{port}/'],
  ['loopback, zero padded', 'http://127.000.000.001:{port}/'],
  ['loopback, percent-encoded', 'http://%31%32%37.0.0.1:{port}/'],
  ['loopback, full-width digits and dots', 'http://１２７．０．０．１:{port}/'],
  ['loopback, other 127/8', 'http://127.42.0.9:{port}/'],
  ['IPv6 loopback', 'http://[::1]:{port}/'],
  ['IPv6 loopback, long form', 'http://[0:0:0:0:0:0:0:1]:{port}/'],
  ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:{port}/'],
  ['IPv4-mapped loopback, hex', 'http://[::ffff:7f00:1]:{port}/'],
  ['IPv4-mapped loopback, long form', 'http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/'],
  ['IPv4-compatible loopback', 'http://[::127.0.0.1]:{port}/'],
  ['NAT64 loopback', 'http://[64:ff9b::127.0.0.1]:{port}/'],
  ['unspecified', 'http://0.0.0.0:{port}/'],
  ['unspecified, as 0', 'http://0:{port}/'],
  ['IPv6 unspecified', 'http://[::]:{port}/'],
  ['IPv4-mapped unspecified', 'http://[::ffff:0.0.0.0]:{port}/'],
  ['localhost', 'http://localhost:{port}/'],
  ['localhost, upper case', 'http://LocalHost:{port}/'],
  ['a .localhost name', 'http://admin.localhost:{port}/'],
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
  ['cloud metadata, decimal', 'http://2852039166/latest/meta-data/'],
  ['cloud metadata, IPv4-mapped', 'http://[::ffff:169.254.169.254]/latest/meta-data/'],
  ['cloud metadata, AWS IPv6', 'http://[fd00:ec2::254]/latest/meta-data/'],
  ['IPv6 link-local', 'http://[fe80::1]:{port}/'],
  ['IPv6 unique local', 'http://[fd12:3456::1]:{port}/'],
  ['private 10/8', 'http://10.0.0.1:{port}/'],
  ['private 10/8, hex', 'http://0xa000001:{port}/'],
  ['private 172.16/12', 'http://172.16.5.4:{port}/'],
  ['private 192.168/16', 'http://192.168.1.1:{port}/'],
  ['carrier-grade NAT', 'http://100.64.0.1:{port}/'],
];

describe('the SSRF table: every trick is refused by default, directly and through a redirect', () => {
  let intranet: LocalServer;
  let site: LocalServer;
  /** Names this machine resolves through DNS (or /etc/hosts) to a blocked address. */
  const resolvedNames: string[] = [];

  beforeAll(async () => {
    intranet = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body><p>Internal payroll figures.</p></body></html>');
    }, '::');
    site = await startServer((request, response) => {
      const target = new URL(request.url ?? '/', 'http://site').searchParams.get('to');
      if (!target) {
        response.writeHead(404);
        return response.end();
      }
      response.writeHead(302, { location: target });
      response.end();
    }, '127.0.0.3');
    for (const name of new Set([hostname(), 'vm', 'runsc', 'localhost.'])) {
      const addresses = await lookup(name, { all: true }).then(
        (entries) => entries.map((entry) => entry.address),
        () => [],
      );
      if (addresses.length > 0 && addresses.every((address) => isBlockedAddress(address))) {
        resolvedNames.push(name);
      }
    }
  });
  afterAll(async () => {
    await site.close();
    await intranet.close();
  });

  const urlOf = (template: string) => template.replace('{port}', String(intranet.port));

  it('the intranet server answers anyone who gets through (the table below can fail)', async () => {
    const open = createFetcher({ allowPrivate: true, respectRobots: false });
    for (const url of ['http://127.0.0.1:{port}/', 'http://[::1]:{port}/', 'http://0x7f.1:{port}/']) {
      expect((await open.fetch(urlOf(url))).status).toBe(200);
    }
    expect(intranet.requests).toHaveLength(3);
    intranet.requests.length = 0;
  });

  it.each(TRICKS)('refuses %s (%s) before connecting', async (_trick, template) => {
    const url = urlOf(template);
    const error = await createFetcher({ timeoutMs: 3000 })
      .fetch(url)
      .catch((caught: unknown) => caught);
    expect(error, url).toMatchObject({ code: 'fetch-refused', status: 400, exitCode: 2 });
    expect(intranet.requests).toEqual([]);
  });

  /**
   * A Location header is bytes: a non-ASCII host arrives as Latin-1 mojibake, not as the trick, so
   * the full-width spelling is tested directly only.
   */
  const asciiTricks = TRICKS.filter(([, url]) => /^[\x20-\x7e]*$/.test(url));

  it.each(asciiTricks)('refuses a redirect to %s (%s)', async (_trick, template) => {
    // Only the redirecting site's own address counts as public; everything else keeps the default policy.
    const fetcher = createFetcher({
      timeoutMs: 3000,
      respectRobots: false,
      refuseAddress: (address) => address !== '127.0.0.3' && isBlockedAddress(address),
    });
    const start = `${site.base}/go?to=${encodeURIComponent(urlOf(template))}`;
    await expect(fetcher.fetch(start), template).rejects.toMatchObject({ code: 'fetch-refused', url: start });
    expect(intranet.requests).toEqual([]);
  });

  it('refuses names that resolve to this machine, directly and through a redirect', async () => {
    const fetcher = createFetcher({
      timeoutMs: 3000,
      respectRobots: false,
      refuseAddress: (address) => address !== '127.0.0.3' && isBlockedAddress(address),
    });
    for (const name of resolvedNames) {
      const url = `http://${name}:${intranet.port}/`;
      await expect(createFetcher().fetch(url), url).rejects.toMatchObject({ code: 'fetch-refused' });
      const start = `${site.base}/go?to=${encodeURIComponent(url)}`;
      await expect(fetcher.fetch(start), url).rejects.toMatchObject({ code: 'fetch-refused' });
    }
    expect(intranet.requests).toEqual([]);
  });
});
