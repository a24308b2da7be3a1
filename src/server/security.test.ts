import { afterEach, describe, expect, it } from 'vitest';
import { bearer, openTestDesk, type TestDesk } from './test-helpers.ts';

const desks: TestDesk[] = [];
async function desk(options: Parameters<typeof openTestDesk>[0] = {}) {
  const opened = await openTestDesk(options);
  desks.push(opened);
  return opened;
}
afterEach(async () => {
  for (const opened of desks.splice(0)) await opened.close();
});

describe('security headers', () => {
  it('sends CSP without unsafe-inline, nosniff and no framing on pages, API, errors and static files', async () => {
    const { app } = await desk();
    for (const path of [
      '/',
      '/api/claims',
      '/api/claims/424242',
      '/static/app.css',
      '/openapi.json',
      '/login',
    ]) {
      const response = await app.request(path);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toContain("script-src 'self'");
      expect(policy, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('serves the stylesheet and script as files, and pages carry no inline script or style', async () => {
    const { app } = await desk({ examples: true });
    expect((await app.request('/static/app.css')).headers.get('content-type')).toContain('text/css');
    expect((await app.request('/static/app.js')).headers.get('content-type')).toContain('javascript');
    const page = await (await app.request('/')).text();
    expect(page).toContain('<script src="/static/app.js"');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=/);
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin, even on a preflight', async () => {
    const { app } = await desk();
    const simple = await app.request('/api/claims', { headers: { Origin: 'https://elsewhere.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/claims', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows only the configured origins', async () => {
    const { app } = await desk({ settings: { corsOrigins: ['https://desk.example.org'] } });
    const allowed = await app.request('/api/claims', { headers: { Origin: 'https://desk.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://desk.example.org');
    const other = await app.request('/api/claims', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, per token, and resets the next minute', async () => {
    let time = Date.parse('2026-03-02T10:00:10Z');
    const opened = await desk({ settings: { rateLimitPerMinute: 3 }, now: () => new Date(time) });
    const asReviewer = () => opened.app.request('/api/claims', { headers: bearer(opened.secrets.reviewer) });
    for (let index = 0; index < 3; index += 1) expect((await asReviewer()).status).toBe(200);
    const limited = await asReviewer();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
    // Another token has its own allowance.
    expect((await opened.app.request('/api/claims', { headers: bearer(opened.secrets.viewer) })).status).toBe(
      200,
    );
    time += 60_000;
    expect((await asReviewer()).status).toBe(200);
  });
});

describe('publicReads', () => {
  it('when off, API reads need a viewer token and pages send to sign-in', async () => {
    const { app, secrets } = await desk({ settings: { publicReads: false } });
    const anonymous = await app.request('/api/claims');
    expect(anonymous.status).toBe(401);
    expect((await app.request('/api/claims', { headers: bearer(secrets.viewer) })).status).toBe(200);
    const page = await app.request('/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    expect((await app.request('/openapi.json')).status).toBe(200);
  });
});

describe('forms', () => {
  async function csrfFrom(app: TestDesk['app']) {
    const response = await app.request('/login');
    const cookie = /claimtrail_csrf=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const field = /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
    expect(cookie).not.toBe('');
    expect(field).toBe(cookie);
    return cookie;
  }

  function form(fields: Record<string, string>) {
    return new URLSearchParams(fields).toString();
  }

  it('signs in with a token and refuses a form without the CSRF token or from another origin', async () => {
    const { app, secrets } = await desk();
    const csrf = await csrfFrom(app);
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `claimtrail_csrf=${csrf}`,
      Origin: 'http://localhost',
    };

    const noToken = await app.request('http://localhost/login', {
      method: 'POST',
      headers,
      body: form({ token: secrets.reviewer }),
    });
    expect(noToken.status).toBe(403);
    const foreign = await app.request('http://localhost/login', {
      method: 'POST',
      headers: { ...headers, Origin: 'https://evil.example' },
      body: form({ token: secrets.reviewer, csrf }),
    });
    expect(foreign.status).toBe(403);
    const wrong = await app.request('http://localhost/login', {
      method: 'POST',
      headers,
      body: form({ token: 'ct_wrong', csrf }),
    });
    expect(wrong.status).toBe(401);

    const signedIn = await app.request('http://localhost/login', {
      method: 'POST',
      headers,
      body: form({ token: secrets.reviewer, csrf, next: '//evil.example/' }),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/');
    const session = signedIn.headers.get('set-cookie') ?? '';
    expect(session).toMatch(/claimtrail_session=/);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });

  it('does not let a session cookie authorize an API write', async () => {
    const { app, secrets } = await desk({ examples: true });
    const response = await app.request('/api/claims/1/evidence', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: `claimtrail_session=${secrets.admin}` },
      body: JSON.stringify({ url: 'https://a.example/', relation: 'supports', kind: 'data' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('body limits', () => {
  it('refuses an oversized API body and an oversized form with 413', async () => {
    const { app, secrets } = await desk({ settings: { maxInputBytes: 1000 } });
    const api = await app.request('/api/articles', {
      method: 'POST',
      headers: bearer(secrets.reviewer, true),
      body: JSON.stringify({ text: 'word '.repeat(1000) }),
    });
    expect(api.status).toBe(413);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('too-large');
    const form = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(300 * 1024)}`,
    });
    expect(form.status).toBe(413);
  });
});
