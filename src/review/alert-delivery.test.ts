import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { deliverDueAlerts, retryDelay, signPayload, verifySignature } from './alert-delivery.ts';
import { recordAppearances } from './test-ledger.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a free local port answering each POST with the next status in `statuses`. */
async function startReceiver(
  statuses: number[],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, server };
}

const SECRET = 'hook-secret-for-tests';
const START = new Date('2024-03-01T10:00:00.000Z');

describe('webhook delivery', () => {
  let store: Store;
  let clusterId: string;
  let servers: Server[];
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    servers = [];
    clusterId =
      (
        await recordAppearances(store, [
          {
            key: 'k',
            claim: 'The bridge will close.',
            url: 'https://a.example/1',
            publishedAt: '2024-03-01T08:00:00.000Z',
          },
        ])
      ).get('k') ?? '';
  });
  afterEach(async () => {
    await store.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  async function receiver(statuses: number[]) {
    const started = await startReceiver(statuses);
    servers.push(started.server);
    return started;
  }

  const alert = (summary: string, createdAt: string) =>
    store.recordAlert({ clusterId, kind: 'new-outlet', summary, data: { outlets: 2 }, createdAt });

  it('posts each due alert as signed JSON, oldest first, and marks it delivered', async () => {
    const { url, received } = await receiver([200, 204]);
    const first = await alert('first', '2024-03-01T09:00:00.000Z');
    const second = await alert('second <&> "quoted"', '2024-03-01T09:30:00.000Z');
    await alert('not yet due', '2024-03-01T11:00:00.000Z');
    const report = await deliverDueAlerts({ store, url, secret: SECRET, now: START });
    expect(report).toEqual({ delivered: [first.id, second.id], retrying: [], gaveUp: [], failures: {} });
    expect(received.map((entry) => JSON.parse(entry.body).summary)).toEqual(['first', 'second <&> "quoted"']);
    for (const entry of received) {
      expect(entry.headers['content-type']).toBe('application/json');
      expect(entry.headers['x-claimtrail-signature']).toBe(signPayload(entry.body, SECRET));
      expect(verifySignature(entry.body, SECRET, entry.headers['x-claimtrail-signature'] as string)).toBe(
        true,
      );
      expect(
        verifySignature(entry.body, 'another secret', entry.headers['x-claimtrail-signature'] as string),
      ).toBe(false);
    }
    expect(JSON.parse(received[0]?.body ?? '{}')).toEqual({
      id: first.id,
      kind: 'new-outlet',
      clusterId,
      summary: 'first',
      data: { outlets: 2 },
      createdAt: '2024-03-01T09:00:00.000Z',
    });
    expect((await store.dueAlerts(START)).map((entry) => entry.id)).toEqual([]);
    expect(await deliverDueAlerts({ store, url, secret: SECRET, now: START })).toMatchObject({
      delivered: [],
    });
    expect(received).toHaveLength(2);
  });

  it('retries failures with doubling delays and gives up after the last attempt', async () => {
    const { url, received } = await receiver([500, 503, 500]);
    const failing = await alert('flaky', '2024-03-01T09:00:00.000Z');
    const options = { store, url, secret: SECRET, maxAttempts: 3, baseDelayMilliseconds: 1000 };
    const first = await deliverDueAlerts({ ...options, now: START });
    expect(first).toEqual({
      delivered: [],
      retrying: [failing.id],
      gaveUp: [],
      failures: { [failing.id]: 'HTTP 500' },
    });
    const [afterOne] = await store.listAlerts();
    expect(afterOne).toMatchObject({ deliveryAttempts: 1, nextAttemptAt: '2024-03-01T10:00:01.000Z' });
    // Not due again before its retry time.
    expect(
      (await deliverDueAlerts({ ...options, now: new Date('2024-03-01T10:00:00.500Z') })).retrying,
    ).toEqual([]);
    const second = await deliverDueAlerts({ ...options, now: new Date('2024-03-01T10:00:01.000Z') });
    expect(second.retrying).toEqual([failing.id]);
    expect((await store.listAlerts())[0]?.nextAttemptAt).toBe('2024-03-01T10:00:03.000Z');
    const third = await deliverDueAlerts({ ...options, now: new Date('2024-03-01T10:00:03.000Z') });
    expect(third.gaveUp).toEqual([failing.id]);
    expect((await store.listAlerts())[0]).toMatchObject({
      deliveryAttempts: 3,
      deliveredAt: null,
      nextAttemptAt: null,
    });
    expect(received).toHaveLength(3);
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('treats a refused connection as a failure to retry, then delivers once the receiver is up', async () => {
    const down = await startReceiver([]);
    await new Promise((resolve) => down.server.close(resolve));
    const pending = await alert('while down', '2024-03-01T09:00:00.000Z');
    const report = await deliverDueAlerts({
      store,
      url: down.url,
      secret: SECRET,
      now: START,
      baseDelayMilliseconds: 10,
    });
    expect(report.retrying).toEqual([pending.id]);
    expect(report.failures[pending.id]).toMatch(/ECONNREFUSED|fetch failed/);
    const { url } = await receiver([200]);
    const later = await deliverDueAlerts({
      store,
      url,
      secret: SECRET,
      now: new Date('2024-03-01T10:00:01.000Z'),
    });
    expect(later.delivered).toEqual([pending.id]);
    expect((await store.listAlerts())[0]).toMatchObject({ deliveryAttempts: 2, nextAttemptAt: null });
  });

  it('refuses a webhook that is not http(s) or has no secret', async () => {
    await expect(
      deliverDueAlerts({ store, url: 'file:///etc/passwd', secret: SECRET }),
    ).rejects.toMatchObject({
      code: 'invalid-webhook',
      message: expect.stringMatching(/"file:\/\/\/etc\/passwd"/),
    });
    await expect(deliverDueAlerts({ store, url: 'https://hooks.example', secret: '' })).rejects.toMatchObject(
      {
        code: 'invalid-webhook',
      },
    );
  });
});
