import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type FetchError } from '../../src/ingest/index.ts';
import { type LocalServer, type StreamReport, startServer, streamBytes } from './local-server.ts';

const MEGABYTE = 1024 * 1024;
const LIMIT = MEGABYTE;
const TIMEOUT_MS = 600;
/** Long enough for a busy machine, far shorter than the slow responses below, which never end. */
const DEADLINE_SLACK_MS = 2500;
const HANG_MS = 10_000;

/**
 * Resolves with the error a fetch rejects with and how long it took; fails the test when the fetch
 * succeeds, or is still running well past the deadline (a hang).
 */
async function failure(promise: Promise<unknown>): Promise<{ error: FetchError; milliseconds: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the fetch was still running after ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([promise, hang]);
  } catch (error) {
    if (!(error instanceof Error) || !('code' in error)) throw error;
    return { error: error as FetchError, milliseconds: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
  throw new Error('the fetch succeeded but should have failed');
}

/** Zeros gzipped on the fly: `total` bytes once decompressed, a thousandth of that on the wire. */
function gzippedZeros(total: number): { stream: Readable; compressedBytes: () => number } {
  let produced = 0;
  let compressed = 0;
  const zeros = new Readable({
    read() {
      if (produced >= total) return this.push(null);
      produced += 256 * 1024;
      this.push(Buffer.alloc(256 * 1024));
    },
  });
  const gzip = zeros.pipe(createGzip());
  gzip.on('data', (chunk: Buffer) => {
    compressed += chunk.length;
  });
  return { stream: gzip, compressedBytes: () => compressed };
}

describe('fetching from a server that sends too much or too slowly', () => {
  let server: LocalServer;
  const reports = new Map<string, Promise<StreamReport>>();
  const closed = new Map<string, Promise<void>>();
  let gzipSent = () => 0;

  beforeAll(async () => {
    server = await startServer((request, response) => {
      const path = request.url ?? '/';
      closed.set(path, new Promise((resolve) => response.once('close', () => resolve())));
      if (path === '/endless') {
        response.writeHead(200, { 'content-type': 'text/html' });
        reports.set(
          path,
          streamBytes(response, { total: 64 * MEGABYTE, chunk: Buffer.alloc(64 * 1024, 'a') }),
        );
        return;
      }
      if (path === '/declared') {
        response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(64 * MEGABYTE) });
        reports.set(
          path,
          streamBytes(response, { total: 64 * MEGABYTE, chunk: Buffer.alloc(64 * 1024, 'b') }),
        );
        return;
      }
      if (path === '/gzip-endless') {
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        const { stream, compressedBytes } = gzippedZeros(16 * 1024 * MEGABYTE);
        gzipSent = compressedBytes;
        stream.pipe(response);
        response.once('close', () => stream.destroy());
        return;
      }
      if (path === '/stall-after-headers') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<html><body><p>');
        return;
      }
      if (path === '/trickle') {
        response.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => response.write('a'), 50);
        response.once('close', () => clearInterval(timer));
        return;
      }
      if (path === '/no-headers') return;
      if (path === '/gzip-stall') {
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        const body = gzipSync(Buffer.from(`<p>${'The council met on Tuesday. '.repeat(4000)}</p>`));
        response.write(body.subarray(0, 300));
        return;
      }
      if (path === '/gzip-reset' || path === '/gzip-truncated') {
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        const body = gzipSync(Buffer.from(`<p>${'The council met on Tuesday. '.repeat(4000)}</p>`));
        response.write(body.subarray(0, 300), () => {
          if (path === '/gzip-reset') response.socket?.resetAndDestroy();
          else response.end();
        });
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('missing');
    });
  });
  afterAll(() => server.close());

  const fetcher = () =>
    createFetcher({ allowPrivate: true, respectRobots: false, maxBytes: LIMIT, timeoutMs: TIMEOUT_MS });

  it('stops reading a body over the limit and hangs up long before the server is done', async () => {
    const { error } = await failure(fetcher().fetch(`${server.base}/endless`));
    expect(error.code).toBe('fetch-too-large');
    const report = await reports.get('/endless');
    expect(report?.finished).toBe(false);
    // What the socket buffers held when the client hung up, and no more: a fraction of the 64 MB.
    expect(report?.sent).toBeLessThan(16 * MEGABYTE);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    const { error } = await failure(fetcher().fetch(`${server.base}/declared`));
    expect(error.code).toBe('fetch-too-large');
    const report = await reports.get('/declared');
    expect(report?.finished).toBe(false);
    expect(report?.sent).toBeLessThan(16 * MEGABYTE);
  });

  it('counts a compressed body after decompression and hangs up at the limit', async () => {
    const before = process.memoryUsage().rss;
    const { error } = await failure(fetcher().fetch(`${server.base}/gzip-endless`));
    expect(error.code).toBe('fetch-too-large');
    await closed.get('/gzip-endless');
    // 16 GB of zeros is about 16 MB gzipped; the client needed a few kB of it to pass 1 MB.
    expect(gzipSent()).toBeLessThan(4 * MEGABYTE);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MEGABYTE);
  });

  it.each([
    ['/stall-after-headers', 'sends headers, then nothing'],
    ['/trickle', 'sends one byte every 50 ms, forever'],
    ['/no-headers', 'never answers'],
    ['/gzip-stall', 'sends part of a gzip body, then nothing'],
  ])('gives up on a server that %s (%s) at the deadline, and hangs up', async (path) => {
    const { error, milliseconds } = await failure(fetcher().fetch(`${server.base}${path}`));
    expect(error.code).toBe('fetch-timeout');
    expect(error.message).toContain(path);
    expect(milliseconds).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(milliseconds).toBeLessThan(TIMEOUT_MS + DEADLINE_SLACK_MS);
    // The client closed the connection; the server did not have to.
    await closed.get(path);
  });

  it.each([
    ['/gzip-reset', 'resets the connection'],
    ['/gzip-truncated', 'ends the response'],
  ])(
    'reports a compressed body cut short when the server %s (%s), without waiting for the deadline',
    async (path) => {
      const patient = createFetcher({ allowPrivate: true, respectRobots: false, timeoutMs: 8000 });
      const { error, milliseconds } = await failure(patient.fetch(`${server.base}${path}`));
      expect(error.code).toBe('fetch-failed');
      expect(error.message).toContain(path);
      expect(milliseconds).toBeLessThan(DEADLINE_SLACK_MS);
    },
  );
});
