import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertRecord, Store } from '../store/index.ts';
import { ReviewError } from './errors.ts';

/** The header carrying `sha256=<hex HMAC of the body>`, so a receiver can tell the desk's posts from forgeries. */
export const SIGNATURE_HEADER = 'X-Claimtrail-Signature';

export interface DeliveryOptions {
  store: Store;
  /** The webhook: an http(s) URL that takes a POST of JSON. */
  url: string;
  /** The shared secret the body is signed with. */
  secret: string;
  /** Defaults to the global fetch; tests and proxies pass their own. */
  fetch?: typeof globalThis.fetch;
  /** The time deliveries are due by and retries are scheduled from. */
  now?: Date;
  /** Attempts before giving up on an alert (default 6: about an hour of retries from a minute). */
  maxAttempts?: number;
  /** Delay before the first retry; each later one doubles it (default one minute). */
  baseDelayMilliseconds?: number;
  /** How long one POST may take (default 10 s). */
  timeoutMilliseconds?: number;
  /** At most this many alerts per run (default 50). */
  limit?: number;
}

export interface DeliveryReport {
  delivered: string[];
  /** Alerts that failed and will be tried again. */
  retrying: string[];
  /** Alerts that failed their last attempt and will not be tried again. */
  gaveUp: string[];
  /** Why each failed attempt failed, by alert id. */
  failures: Record<string, string>;
}

/** The JSON body posted for one alert. */
export function alertPayload(alert: AlertRecord): string {
  return JSON.stringify({
    id: alert.id,
    kind: alert.kind,
    clusterId: alert.clusterId,
    summary: alert.summary,
    data: alert.data,
    createdAt: alert.createdAt,
  });
}

/** `sha256=` and the hex HMAC-SHA256 of the body under the secret. */
export function signPayload(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether a signature header is the body's under the secret, compared in constant time (for receivers). */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(signPayload(body, secret));
  const actual = Buffer.from(header.trim());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** When to try again after the `attempts`-th failure: the base delay doubled per earlier failure. */
export function retryDelay(attempts: number, baseDelayMilliseconds: number): number {
  return baseDelayMilliseconds * 2 ** Math.max(0, attempts - 1);
}

function checkOptions(options: DeliveryOptions): void {
  let url: URL | null = null;
  try {
    url = new URL(options.url);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ReviewError(
      'invalid-webhook',
      `webhook "${options.url}" is not an http(s) URL; give one such as https://hooks.example/claimtrail`,
    );
  }
  if (!options.secret) {
    throw new ReviewError(
      'invalid-webhook',
      'the webhook secret is empty; give a secret to sign deliveries with',
    );
  }
  const { maxAttempts = 6 } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ReviewError('invalid-webhook', `maxAttempts ${maxAttempts} must be a whole number from 1`);
  }
}

async function post(alert: AlertRecord, options: DeliveryOptions): Promise<string | null> {
  const { url, secret, fetch = globalThis.fetch, timeoutMilliseconds = 10_000 } = options;
  const body = alertPayload(alert);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPayload(body, secret),
        'X-Claimtrail-Alert': alert.id,
        'X-Claimtrail-Event': alert.kind,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMilliseconds),
    });
    // The body is read so the connection can be reused; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ?? (error as Error).message;
  }
}

/**
 * POSTs every alert due at `now` to the webhook, one at a time and oldest first, each signed with an
 * HMAC of its body. A 2xx answer marks it delivered; anything else (another status, a refused
 * connection, a timeout) schedules a retry with exponential backoff, until `maxAttempts` attempts
 * have failed and it is given up on.
 *
 * @example
 * await deliverDueAlerts({ store, url: 'https://hooks.example/claimtrail', secret: process.env.HOOK_SECRET });
 */
export async function deliverDueAlerts(options: DeliveryOptions): Promise<DeliveryReport> {
  checkOptions(options);
  const { store, now = new Date(), maxAttempts = 6, baseDelayMilliseconds = 60_000, limit = 50 } = options;
  const report: DeliveryReport = { delivered: [], retrying: [], gaveUp: [], failures: {} };
  for (const alert of await store.dueAlerts(now, limit)) {
    const failure = await post(alert, options);
    if (failure === null) {
      await store.recordDelivery(alert.id, { delivered: true });
      report.delivered.push(alert.id);
      continue;
    }
    report.failures[alert.id] = failure;
    const attempts = alert.deliveryAttempts + 1;
    if (attempts >= maxAttempts) {
      await store.recordDelivery(alert.id, { delivered: false, retryAt: null });
      report.gaveUp.push(alert.id);
    } else {
      const retryAt = new Date(now.getTime() + retryDelay(attempts, baseDelayMilliseconds));
      await store.recordDelivery(alert.id, { delivered: false, retryAt });
      report.retrying.push(alert.id);
    }
  }
  return report;
}
