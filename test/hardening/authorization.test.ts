import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/review/index.ts';
import { openTestDesk, type TestDesk } from '../../src/server/test-helpers.ts';

/*
 * Every route against every kind of caller. The API routes come from the app's own /openapi.json, so
 * a route added without a line in ROUTE_TABLE fails the completeness test below; the pages and their
 * forms are listed by hand from src/server/pages/routes.tsx and forms.ts.
 */

type Caller = 'none' | 'unknown' | 'revoked' | 'viewer' | 'reviewer' | 'admin';
const CALLERS: readonly Caller[] = ['none', 'unknown', 'revoked', 'viewer', 'reviewer', 'admin'];
const RANK: Record<Caller, number> = { none: 0, unknown: 0, revoked: 0, viewer: 1, reviewer: 2, admin: 3 };

/**
 * What a route asks of its caller: `read` is open to all when publicReads is on and to any valid
 * token when it is off; `reviewer` and `admin` need at least that role whatever publicReads says;
 * `open` needs nothing (and `sign-in` is the sign-in form, which checks the token it is given).
 */
type Need = 'open' | 'read' | 'reviewer' | 'admin' | 'sign-in';

/** Ids in the example ledger that the routes are called with. */
interface Fixture {
  clusterId: string;
  articleId: string;
  sourceName: string;
  victimTokenId: string;
}

interface RouteRow {
  need: Need;
  /** The status a caller who may use the route gets, with the body below. */
  allowed: number;
  path(fixture: Fixture): string;
  body?(fixture: Fixture): unknown;
}

const claim = (fixture: Fixture, rest = '') => `/api/claims/${fixture.clusterId}${rest}`;

/** `METHOD /openapi/template` -> what it needs and how to call it. */
const ROUTE_TABLE: Record<string, RouteRow> = {
  'GET /api/articles': { need: 'read', allowed: 200, path: () => '/api/articles' },
  'POST /api/articles': {
    need: 'reviewer',
    allowed: 201,
    path: () => '/api/articles',
    body: () => ({
      text: 'The harbour authority said on Tuesday that ferry fares will rise by 12 percent in May.',
      title: 'Ferry fares to rise',
      publisher: 'Harbour Gazette',
      url: 'https://harbour-gazette.example/ferry-fares',
    }),
  },
  'GET /api/articles/{id}': { need: 'read', allowed: 200, path: (f) => `/api/articles/${f.articleId}` },
  'GET /api/claims': { need: 'read', allowed: 200, path: () => '/api/claims' },
  'GET /api/claims/{id}': { need: 'read', allowed: 200, path: (f) => claim(f) },
  'GET /api/claims/{id}/dossier': { need: 'read', allowed: 200, path: (f) => claim(f, '/dossier') },
  'GET /api/claims/{id}/appearances': { need: 'read', allowed: 200, path: (f) => claim(f, '/appearances') },
  'GET /api/claims/{id}/evidence': { need: 'read', allowed: 200, path: (f) => claim(f, '/evidence') },
  'POST /api/claims/{id}/evidence': {
    need: 'reviewer',
    allowed: 201,
    path: (f) => claim(f, '/evidence'),
    body: () => ({
      url: 'https://city.example/reports/cost.pdf',
      relation: 'refutes',
      kind: 'primary-document',
    }),
  },
  'GET /api/claims/{id}/status': { need: 'read', allowed: 200, path: (f) => claim(f, '/status') },
  'POST /api/claims/{id}/status': {
    need: 'reviewer',
    allowed: 201,
    path: (f) => claim(f, '/status'),
    body: () => ({ status: 'disputed', note: 'the cost report says otherwise' }),
  },
  'GET /api/claims/{id}/verdicts': { need: 'read', allowed: 200, path: (f) => claim(f, '/verdicts') },
  'POST /api/claims/{id}/verdicts': {
    need: 'reviewer',
    allowed: 201,
    path: (f) => claim(f, '/verdicts'),
    body: () => ({ rating: 2, rationale: 'The published report puts the cost lower.' }),
  },
  'GET /api/claims/{id}/claim-review': {
    need: 'read',
    allowed: 200,
    path: (f) => claim(f, '/claim-review'),
  },
  'POST /api/claim-reviews': {
    need: 'reviewer',
    allowed: 200,
    path: () => '/api/claim-reviews',
    body: () => ({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://checker.example/reviews/ferry',
      claimReviewed: 'Ferry fares will rise by 12 percent in May.',
      reviewRating: { '@type': 'Rating', ratingValue: 3, bestRating: 5, worstRating: 1 },
    }),
  },
  'GET /api/sources': { need: 'read', allowed: 200, path: () => '/api/sources' },
  'GET /api/sources/{name}/claims': {
    need: 'read',
    allowed: 200,
    path: (f) => `/api/sources/${encodeURIComponent(f.sourceName)}/claims`,
  },
  'GET /api/search': { need: 'read', allowed: 200, path: () => '/api/search?q=tram' },
  'GET /api/tokens': { need: 'admin', allowed: 200, path: () => '/api/tokens' },
  'POST /api/tokens': {
    need: 'admin',
    allowed: 201,
    path: () => '/api/tokens',
    body: () => ({ name: 'new desk', role: 'viewer' }),
  },
  'DELETE /api/tokens/{id}': { need: 'admin', allowed: 200, path: (f) => `/api/tokens/${f.victimTokenId}` },
  // Only a PostgreSQL ledger has a queue: on SQLite an allowed caller is told so with 409.
  'GET /api/jobs': { need: 'reviewer', allowed: 409, path: () => '/api/jobs' },
  'POST /api/jobs/{id}/retry': { need: 'admin', allowed: 409, path: () => '/api/jobs/1/retry' },
  'PUT /api/claims/{id}/watch': {
    need: 'reviewer',
    allowed: 200,
    path: (f) => claim(f, '/watch'),
    body: () => ({ hedgingThreshold: 0.5 }),
  },
  'DELETE /api/claims/{id}/watch': { need: 'reviewer', allowed: 204, path: (f) => claim(f, '/watch') },
  'GET /api/watches': { need: 'read', allowed: 200, path: () => '/api/watches' },
  'GET /api/alerts': { need: 'read', allowed: 200, path: () => '/api/alerts' },
  'GET /api/alerts.atom': { need: 'read', allowed: 200, path: () => '/api/alerts.atom' },
};

/** The API document itself is served outside the document, and is open even when reads are not. */
const OPENAPI_ROW: RouteRow = { need: 'open', allowed: 200, path: () => '/openapi.json' };

/** The pages and form posts of src/server/pages/routes.tsx and forms.ts. */
const PAGE_TABLE: Record<string, RouteRow & { form?: Record<string, string> }> = {
  'GET /': { need: 'read', allowed: 200, path: () => '/' },
  'GET /claims/:id': { need: 'read', allowed: 200, path: (f) => `/claims/${f.clusterId}` },
  'GET /claims/:id/claim-review.json': {
    need: 'read',
    allowed: 200,
    path: (f) => `/claims/${f.clusterId}/claim-review.json`,
  },
  'GET /articles': { need: 'read', allowed: 200, path: () => '/articles' },
  'GET /articles/:id': { need: 'read', allowed: 200, path: (f) => `/articles/${f.articleId}` },
  'GET /sources': { need: 'read', allowed: 200, path: () => '/sources' },
  'GET /sources/:name': {
    need: 'read',
    allowed: 200,
    path: (f) => `/sources/${encodeURIComponent(f.sourceName)}`,
  },
  'GET /search': { need: 'read', allowed: 200, path: () => '/search?q=tram' },
  'GET /login': { need: 'open', allowed: 200, path: () => '/login' },
  'POST /claims/:id/evidence': {
    need: 'reviewer',
    allowed: 303,
    path: (f) => `/claims/${f.clusterId}/evidence`,
    form: { url: 'https://city.example/minutes.pdf', relation: 'supports', kind: 'primary-document' },
  },
  'POST /claims/:id/status': {
    need: 'reviewer',
    allowed: 303,
    path: (f) => `/claims/${f.clusterId}/status`,
    form: { status: 'corroborated', note: 'two outlets confirm it' },
  },
  'POST /claims/:id/watch': {
    need: 'reviewer',
    allowed: 303,
    path: (f) => `/claims/${f.clusterId}/watch`,
    form: { hedgingPercent: '40' },
  },
  'POST /claims/:id/unwatch': {
    need: 'reviewer',
    allowed: 303,
    path: (f) => `/claims/${f.clusterId}/unwatch`,
    form: {},
  },
  'POST /claims/:id/verdicts': {
    need: 'reviewer',
    allowed: 303,
    path: (f) => `/claims/${f.clusterId}/verdicts`,
    form: { rating: '4', rationale: 'confirmed by the minutes' },
  },
  // The ledger already holds the examples, so loading them again takes a reviewer.
  'POST /examples': { need: 'reviewer', allowed: 303, path: () => '/examples', form: {} },
  'POST /login': { need: 'sign-in', allowed: 303, path: () => '/login', form: {} },
  'POST /logout': { need: 'read', allowed: 303, path: () => '/logout', form: {} },
};

type Outcome = 'unauthenticated' | 'forbidden' | `status ${number}`;

/** What a caller should get: the class of the status, or the route's own success status. */
function expected(row: RouteRow, caller: Caller, publicReads: boolean, api: boolean): Outcome {
  const valid = RANK[caller] > 0;
  // The API refuses a bearer token that names nothing (the caller meant to authenticate); the
  // pages treat a stale session cookie as no cookie.
  if (api && !valid && caller !== 'none') return 'unauthenticated';
  switch (row.need) {
    case 'open':
      return `status ${row.allowed}`;
    case 'sign-in':
      return valid ? `status ${row.allowed}` : 'unauthenticated';
    case 'read':
      return valid || publicReads ? `status ${row.allowed}` : 'unauthenticated';
    default: {
      if (!valid) return 'unauthenticated';
      return RANK[caller] >= RANK[row.need] ? `status ${row.allowed}` : 'forbidden';
    }
  }
}

/** A 401, or the pages' redirect to the sign-in form, both mean "sign in first". */
function outcome(response: Response): Outcome {
  if (response.status === 401) return 'unauthenticated';
  if (response.status === 303 && response.headers.get('location')?.startsWith('/login')) {
    return 'unauthenticated';
  }
  if (response.status === 403) return 'forbidden';
  return `status ${response.status}`;
}

interface Callers {
  desk: TestDesk;
  fixture: Fixture;
  secrets: Record<Caller, string | null>;
}

async function openCallers(publicReads: boolean): Promise<Callers> {
  const desk = await openTestDesk({ examples: true, settings: { publicReads, rateLimitPerMinute: 0 } });
  const { store } = desk;
  const revoked = await createApiToken(store, { name: 'revoked tester', role: 'admin' });
  await store.revokeToken(revoked.token.id);
  const victim = await createApiToken(store, { name: 'to be revoked', role: 'viewer' });
  const clusterId = (await store.listClusters({ sort: 'traction', limit: 1 })).items[0]?.id ?? '';
  const articleId = (await store.listArticles({ limit: 1 })).items[0]?.id ?? '';
  const sourceName = (await store.listSources({ limit: 1 })).items[0]?.name ?? '';
  // A verdict to export, so the ClaimReview routes have something to answer with.
  await store.recordVerdict({
    clusterId,
    rating: 3,
    rationale: 'Partly supported by the published figures.',
    author: 'setup',
    claimReviewed: null,
    url: null,
  });
  return {
    desk,
    fixture: { clusterId, articleId, sourceName, victimTokenId: victim.token.id },
    secrets: {
      none: null,
      unknown: 'ct_this-token-was-never-issued',
      revoked: revoked.secret,
      viewer: desk.secrets.viewer,
      reviewer: desk.secrets.reviewer,
      admin: desk.secrets.admin,
    },
  };
}

function splitKey(key: string): { method: string } {
  return { method: key.slice(0, key.indexOf(' ')) };
}

const CSRF = 'csrf-token-of-this-test-browser-0123456789';
const ORIGIN = 'http://desk.test';

async function callApi(callers: Callers, key: string, row: RouteRow, caller: Caller): Promise<Response> {
  const secret = callers.secrets[caller];
  const headers: Record<string, string> = secret ? { Authorization: `Bearer ${secret}` } : {};
  const body = row.body?.(callers.fixture);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return callers.desk.app.request(row.path(callers.fixture), {
    method: splitKey(key).method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function callPage(
  callers: Callers,
  key: string,
  row: RouteRow & { form?: Record<string, string> },
  caller: Caller,
): Promise<Response> {
  const secret = callers.secrets[caller];
  const cookies = [`claimtrail_csrf=${CSRF}`, ...(secret ? [`claimtrail_session=${secret}`] : [])];
  const headers: Record<string, string> = { Cookie: cookies.join('; '), Accept: 'text/html' };
  const init: RequestInit = { method: splitKey(key).method, headers };
  if (row.form) {
    const form = new URLSearchParams({ ...row.form, csrf: CSRF });
    if (row.need === 'sign-in') form.set('token', secret ?? '');
    headers.Origin = ORIGIN;
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.body = form;
  }
  return callers.desk.app.request(`${ORIGIN}${row.path(callers.fixture)}`, init);
}

describe('the route table', () => {
  it('has a line for every route in /openapi.json, and no line for a route that is not there', async () => {
    const desk = await openTestDesk();
    try {
      const document = (await (await desk.app.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.length).toBeGreaterThan(20);
      expect(documented.filter((key) => !(key in ROUTE_TABLE))).toEqual([]);
      expect(Object.keys(ROUTE_TABLE).filter((key) => !documented.includes(key))).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});

describe.each([true, false])('with publicReads %s', (publicReads) => {
  it.each(CALLERS)(
    'every API route and page answers a caller with %s token as its role allows',
    async (caller) => {
      const callers = await openCallers(publicReads);
      try {
        const mismatches: string[] = [];
        const rows: [string, RouteRow, boolean][] = [
          ...Object.entries(ROUTE_TABLE).map(([key, row]): [string, RouteRow, boolean] => [key, row, true]),
          ['GET /openapi.json', OPENAPI_ROW, true],
          ...Object.entries(PAGE_TABLE).map(([key, row]): [string, RouteRow, boolean] => [key, row, false]),
        ];
        for (const [key, row, api] of rows) {
          const response = api
            ? await callApi(callers, key, row, caller)
            : await callPage(callers, key, row, caller);
          const got = outcome(response);
          const want = expected(row, caller, publicReads, api);
          if (got !== want) mismatches.push(`${key}: got ${got}, expected ${want}`);
        }
        expect(mismatches).toEqual([]);
      } finally {
        await callers.desk.close();
      }
    },
  );
});
