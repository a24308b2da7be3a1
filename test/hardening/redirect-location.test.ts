import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, FetchError } from '../../src/ingest/index.ts';

/*
 * A site may answer with a Location header that is not a URL at all. The fetch must end with one
 * FetchError naming the page, as for any other broken site, never a bare TypeError ("internal error").
 */
describe('a redirect to something that is not a URL', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to') ?? '';
      // Header bytes as a careless server sends them: UTF-8 passed through unchanged.
      response.writeHead(302, { location: Buffer.from(to, 'utf8').toString('latin1') });
      response.end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.3', done));
    base = `http://127.0.0.3:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each(['http://[::1/', 'http://%zz/', 'http://exa mple.com/', 'http://１２７．０．０．１:1/'])(
    'refuses a redirect to %s with a FetchError',
    async (location) => {
      const fetcher = createFetcher({
        respectRobots: false,
        timeoutMs: 3_000,
        refuseAddress: (address) => address !== '127.0.0.3',
      });
      const url = `${base}?to=${encodeURIComponent(location)}`;
      const error = await fetcher.fetch(url).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).exitCode).toBe(2);
      expect((error as FetchError).message).toContain(url);
    },
  );
});
