import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../src/review/index.ts';
import { bearer, openTestDesk } from '../../src/server/test-helpers.ts';

/*
 * A token secret is a password: whatever the desk writes to its console or streams (request errors,
 * crashes) must never carry one, whether it came as a bearer header, a sign-in form or a cookie.
 */

const ORIGIN = 'http://desk.test';
const CSRF = 'csrf-token-of-this-test-browser-0123456789';

/** Everything written to the console or to stdout/stderr while `run` runs, as text. */
async function captureLogs(run: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const record = (...parts: unknown[]) => {
    written.push(
      parts.map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 8 }))).join(' '),
    );
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation(record);
  }
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      record(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return written.join('\n');
}

describe('token secrets stay out of the logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs no secret or session cookie, for allowed, refused and failing requests', async () => {
    const desk = await openTestDesk({
      examples: true,
      settings: { publicReads: false, rateLimitPerMinute: 0 },
    });
    const { app, store } = desk;
    const revoked = await createApiToken(store, { name: 'revoked tester', role: 'admin' });
    await store.revokeToken(revoked.token.id);
    const secrets = [desk.secrets.viewer, desk.secrets.reviewer, desk.secrets.admin, revoked.secret];
    // A secret of the right shape that names no token, as a leaked or mistyped one would be.
    const unknown = `${desk.secrets.viewer.slice(0, -4)}zzzz`;
    const clusterId = (await store.listClusters({ sort: 'traction', limit: 1 })).items[0]?.id ?? '';
    const bodies: string[] = [];
    const statuses: number[] = [];
    const keep = async (response: Response) => {
      statuses.push(response.status);
      bodies.push(await response.text());
    };
    const logs = await captureLogs(async () => {
      for (const secret of [...secrets, unknown]) {
        await keep(await app.request('/api/claims', { headers: bearer(secret) }));
        await keep(
          await app.request(`/api/claims/${clusterId}/evidence`, {
            method: 'POST',
            headers: bearer(secret, true),
            body: JSON.stringify({ reference: 'minutes, p. 3', relation: 'context', kind: 'other' }),
          }),
        );
        await keep(
          await app.request(`${ORIGIN}/login`, {
            method: 'POST',
            headers: {
              Cookie: `claimtrail_csrf=${CSRF}`,
              Origin: ORIGIN,
              'Content-Type': 'application/x-www-form-urlencoded',
            },
            body: new URLSearchParams({ token: secret, csrf: CSRF }),
          }),
        );
        await keep(
          await app.request(`${ORIGIN}/claims/${clusterId}`, {
            headers: { Accept: 'text/html', Cookie: `claimtrail_session=${secret}` },
          }),
        );
      }
      await keep(
        await app.request('/api/claims', { headers: { Authorization: `Bearer ${secrets[0]} extra` } }),
      );
      // With the database closed every request fails inside the app: a 500, which is logged.
      await desk.close();
      for (const secret of secrets) {
        await keep(await app.request('/api/claims', { headers: bearer(secret) }));
        await keep(
          await app.request(`${ORIGIN}/`, {
            headers: { Accept: 'text/html', Cookie: `claimtrail_session=${secret}` },
          }),
        );
      }
    });
    expect(statuses).toContain(500);
    expect(statuses).toContain(401);
    expect(statuses).toContain(403);
    expect(logs).not.toBe('');
    for (const secret of [...secrets, unknown]) {
      expect(logs.includes(secret), 'a secret in the logs').toBe(false);
      expect(
        bodies.some((body) => body.includes(secret)),
        'a secret in a response',
      ).toBe(false);
    }
  });
});
