import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../core/index.ts';
import { SIGNATURE_HEADER, verifySignature } from '../review/index.ts';
import { startAlertDelivery } from './alert-delivery-loop.ts';
import { openTestDesk, type TestDesk } from './test-helpers.ts';

interface Received {
  body: string;
  signature: string | undefined;
}

let desk: TestDesk;
let receiver: Server;
let url: string;
const received: Received[] = [];
let answer = 204;

beforeAll(async () => {
  desk = await openTestDesk({ examples: true });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      received.push({
        body,
        signature: request.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
      });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await desk.close();
});

describe('webhook delivery while serving', () => {
  it('is off without a webhook URL and refuses a URL without a secret', () => {
    const log = () => {};
    expect(startAlertDelivery({ store: desk.store, settings: resolveSettings({}, {}), log })).toBeNull();
    expect(() =>
      startAlertDelivery({ store: desk.store, settings: resolveSettings({ webhookUrl: url }, {}), log }),
    ).toThrow(/CLAIMTRAIL_WEBHOOK_SECRET/);
  });

  it('posts due alerts signed with the secret, and reports a failed delivery that will be retried', async () => {
    const lines: string[] = [];
    const loop = startAlertDelivery({
      store: desk.store,
      settings: resolveSettings({ webhookUrl: url, webhookSecret: 'hook-secret' }, {}),
      log: (line) => lines.push(line),
    });
    if (!loop) throw new Error('no delivery loop');
    try {
      const alert = await desk.store.recordAlert({
        clusterId: '1',
        kind: 'new-outlet',
        summary: 'now in 7 outlets',
        data: {},
      });
      const report = await loop.runOnce();
      expect(report.delivered).toEqual([alert.id]);
      expect(received).toHaveLength(1);
      const [delivery] = received;
      expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ id: alert.id, summary: 'now in 7 outlets' });
      expect(verifySignature(delivery?.body ?? '', 'hook-secret', delivery?.signature)).toBe(true);

      answer = 500;
      const failing = await desk.store.recordAlert({
        clusterId: '1',
        kind: 'status-change',
        summary: 'denied',
        data: {},
      });
      const second = await loop.runOnce();
      expect(second.retrying).toEqual([failing.id]);
      expect(lines).toEqual([`alert ${failing.id}: webhook delivery failed (HTTP 500); will retry`]);
    } finally {
      loop.stop();
    }
  });
});
