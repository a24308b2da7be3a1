import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/index.ts';
import { openLedger } from '../../src/ledger/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { createApp } from '../../src/server/index.ts';
import { bearer, openTestDesk, type TestDesk } from '../../src/server/test-helpers.ts';
import { openStore } from '../../src/store/index.ts';

/*
 * Everything an article or a reviewer writes ends up in a page, a feed or an export. Each field
 * carries markup, attribute breakouts and script URLs; no page may turn any of it into markup.
 */

const SCRIPT = '<script>alert(1)</script>';
const IMAGE = '"><img src=x onerror=alert(1)>';
const TITLE_BREAK = '</title><script>alert(2)</script>';
const QUOTED = `' onmouseover='alert(3)' data-x="`;
const UNICODE = '\u202e<svg onload=alert(4)>\u200b＜script＞alert(5)＜/script＞';
const PAYLOAD = `${SCRIPT} ${IMAGE} ${QUOTED}`;

/** URLs a reader must never be able to follow from a page. */
const SCRIPT_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];

/** An http(s) URL with markup in its query: allowed, and must stay inside its attribute. */
const HOSTILE_HTTP_URL = `https://evidence.example/report?q="><script>alert(1)</script>&r='onmouseover=alert(2)`;

const ORIGIN = 'http://desk.test';
let desk: TestDesk;
let clusterId = '';
let articleIds: string[] = [];
let hostileReviewer = '';

async function api(path: string, secret: string, body?: unknown, method = 'POST') {
  const response = await desk.app.request(`${ORIGIN}${path}`, {
    method,
    headers: bearer(secret, true),
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function sentence(lead: string): string {
  return `${lead} Councillor Mara Lindqvist said on Monday that the cost of the Eastside tram line has risen to 480 million euros, double the budget the council approved in 2023. ${PAYLOAD} The council said on Tuesday that ${SCRIPT} the harbour bridge will close for 14 weeks.`;
}

beforeAll(async () => {
  desk = await openTestDesk({ examples: true, settings: { rateLimitPerMinute: 0 } });
  const { reviewer, admin } = desk.secrets;
  clusterId = ((await api('/api/claims?limit=1', reviewer, undefined, 'GET')).items as { id: string }[])[0]
    ?.id as string;
  // A reviewer whose own name is hostile, so every "added by" and "author" carries it.
  hostileReviewer = (await api('/api/tokens', admin, { name: `${IMAGE} ${UNICODE}`, role: 'reviewer' }))
    .secret as string;
  await api(`/api/claims/${clusterId}/watch`, reviewer, { hedgingThreshold: 0.9 }, 'PUT');

  const fromText = await api('/api/articles', reviewer, {
    text: sentence(UNICODE),
    title: `${TITLE_BREAK} ${PAYLOAD}`,
    publisher: `${IMAGE} Gazette`,
    url: `https://gazette.example/story?x=${encodeURIComponent(IMAGE)}&y="><script>alert(1)</script>`,
    published: '2026-03-04T09:00:00Z',
  });
  const fromHtml = await api('/api/articles', reviewer, {
    html: `<!doctype html><html><head><title>${TITLE_BREAK.replace(/</g, '&lt;')} html title</title>
      <meta name="author" content="${IMAGE.replace(/"/g, '&quot;')} ${QUOTED.replace(/"/g, '&quot;')}">
      <meta property="og:site_name" content="&lt;script&gt;alert(6)&lt;/script&gt; Herald">
      <meta property="og:url" content="${SCRIPT_URLS[0]}">
      <link rel="canonical" href="${SCRIPT_URLS[1]}">
      </head><body><article><h1>Cost doubles</h1><p>${sentence('Today:').replace(/</g, '&lt;')}</p>
      <p>Officials said on Wednesday that the depot will open in 2027.</p></article></body></html>`,
    url: 'https://herald.example/cost-doubles',
  });
  articleIds = [fromText.articleId as string, fromHtml.articleId as string];

  const evidence = await api(`/api/claims/${clusterId}/evidence`, hostileReviewer, {
    url: HOSTILE_HTTP_URL,
    reference: `${PAYLOAD} report`,
    quote: `${TITLE_BREAK} ${UNICODE}`,
    relation: 'refutes',
    kind: 'primary-document',
    note: PAYLOAD,
  });
  await api(`/api/claims/${clusterId}/status`, hostileReviewer, {
    status: 'denied',
    note: PAYLOAD,
    evidenceIds: [evidence.id],
    reply: { party: `${IMAGE} Ministry`, url: HOSTILE_HTTP_URL, quote: `${SCRIPT} we deny it` },
  });
  await api(`/api/claims/${clusterId}/verdicts`, hostileReviewer, {
    rating: 1,
    rationale: `${PAYLOAD} ${UNICODE}`,
    claimReviewed: `${TITLE_BREAK} claimed`,
    url: HOSTILE_HTTP_URL,
  });
  // A fact-check from elsewhere, matched to the same cluster, with a script URL and hostile names.
  const exported = (await (await desk.app.request(`/api/claims/${clusterId}/claim-review`)).json()) as Record<
    string,
    unknown
  >;
  await api('/api/claim-reviews', hostileReviewer, {
    ...exported,
    url: HOSTILE_HTTP_URL,
    author: { '@type': 'Organization', name: `${SCRIPT} Checkers` },
  });
}, 20_000);
afterAll(() => desk.close());

/** The session of a signed-in reviewer, so the review forms are on the page too. */
async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await desk.app.request(`${ORIGIN}${path}`, {
    headers: { Accept: 'text/html', Cookie: `claimtrail_session=${desk.secrets.reviewer}` },
  });
  return { status: response.status, html: await response.text() };
}

const LINK_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'srcset'];

/** Everything in a page that would run script or follow a script URL, described for the failure. */
function hazards(html: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const script of document.querySelectorAll('script')) {
    if (script.getAttribute('src') !== '/static/app.js' || script.textContent?.trim()) {
      found.push(`script: ${script.outerHTML}`);
    }
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName} ${name}="${attribute.value}"`);
      if (LINK_ATTRIBUTES.includes(name)) {
        // Browsers drop tabs, newlines and leading control characters before reading the scheme.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters browsers ignore
        const normalized = attribute.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(normalized)?.[1];
        const allowed = scheme === undefined || scheme === 'http' || scheme === 'https';
        if (!allowed && normalized !== 'data:,')
          found.push(`${element.tagName} ${name}="${attribute.value}"`);
      }
    }
  }
  // The app draws its charts as inline SVG with role="img"; any other SVG came from the data.
  for (const tag of [
    'img',
    'svg:not([role="img"])',
    'iframe',
    'object',
    'embed',
    'base',
    'meta[http-equiv]',
  ]) {
    for (const element of document.querySelectorAll(tag)) found.push(`element: ${element.outerHTML}`);
  }
  return found;
}

describe('pages show hostile article and review fields as text', () => {
  it.each([
    ['the board', () => '/'],
    ['the board searched', () => `/?search=${encodeURIComponent('tram')}`],
    ['the dossier', () => `/claims/${clusterId}`],
    ['the article list', () => '/articles'],
    ['the article from text', () => `/articles/${articleIds[0]}`],
    ['the article from HTML', () => `/articles/${articleIds[1]}`],
    ['the sources', () => '/sources'],
    ['a source page', () => `/sources/${encodeURIComponent('Councillor Mara Lindqvist')}`],
    // An outlet reporting on its own is its own source, so the hostile outlet name is a source too.
    [
      'a hostile source page',
      () => `/sources/${encodeURIComponent('<script>alert(6)</script> Herald (own reporting)')}`,
    ],
    ['the search page', () => `/search?q=${encodeURIComponent(`tram ${SCRIPT} ${IMAGE}`)}`],
    ['the sign-in page', () => `/login?next=${encodeURIComponent(`/"><script>alert(1)</script>`)}`],
    ['an error page naming a hostile source', () => `/sources/${encodeURIComponent(PAYLOAD)}`],
  ])('%s', async (_name, path) => {
    const { status, html } = await page(path());
    expect(status).toBeLessThan(500);
    expect(hazards(html)).toEqual([]);
  });

  it('the check itself finds script, handlers, script URLs and foreign elements', () => {
    const found = hazards(
      `<a href=" java\tscript:alert(1)">x</a><p onclick="x">y</p><script>alert(1)</script><img src="https://x.example/i.png"><form action="data:text/html,x"></form>`,
    );
    expect(found).toHaveLength(5);
  });

  it('still shows the hostile text, escaped, rather than dropping it', async () => {
    const dossier = parseHTML((await page(`/claims/${clusterId}`)).html).document.body.textContent ?? '';
    expect(dossier).toContain(PAYLOAD);
    expect(dossier).toContain(`${SCRIPT} we deny it`);
    expect(dossier).toContain(`${IMAGE} Ministry`);
    expect(dossier).toContain(`${IMAGE} ${UNICODE}`);
    const article = parseHTML((await page(`/articles/${articleIds[0]}`)).html).document;
    expect(article.querySelector('title')?.textContent).toContain(TITLE_BREAK);
    expect(article.body.textContent).toContain(`${IMAGE} Gazette`);
    const fromHtml = parseHTML((await page(`/articles/${articleIds[1]}`)).html).document.body.textContent;
    expect(fromHtml).toContain(IMAGE);
  });

  it('keeps markup in an http(s) URL inside its href', async () => {
    const dossier = parseHTML((await page(`/claims/${clusterId}`)).html).document;
    const hrefs = Array.from(dossier.querySelectorAll('a')).map((link) => link.getAttribute('href'));
    expect(hrefs).toContain(HOSTILE_HTTP_URL);
  });
});

/** Every URL a user gives, with a request that sets it to `url`. */
const URL_FIELDS: [string, (url: string) => [string, unknown]][] = [
  [
    'an article URL',
    (url) => ['/api/articles', { text: 'The mayor said on Friday that the pool will reopen.', url }],
  ],
  [
    'an evidence URL',
    (url) => [`/api/claims/${clusterId}/evidence`, { url, relation: 'context', kind: 'other' }],
  ],
  [
    'a reply URL',
    (url) => [`/api/claims/${clusterId}/status`, { status: 'disputed', reply: { party: 'Ministry', url } }],
  ],
  ['a verdict URL', (url) => [`/api/claims/${clusterId}/verdicts`, { rating: 2, rationale: 'checked', url }]],
];

describe('URLs with a script scheme never reach a page', () => {
  it.each(URL_FIELDS.flatMap(([field, request]) => SCRIPT_URLS.map((url) => [field, url, request] as const)))(
    'refuses %s of %s',
    async (_field, url, request) => {
      const [path, body] = request(url);
      const response = await desk.app.request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: bearer(desk.secrets.reviewer, true),
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    },
  );

  it('does not keep a script URL of an imported fact-check or of an HTML page canonical link', async () => {
    const response = await desk.app.request(`${ORIGIN}/api/claim-reviews`, {
      method: 'POST',
      headers: bearer(desk.secrets.reviewer, true),
      body: JSON.stringify(
        SCRIPT_URLS.map((url, index) => ({
          '@context': 'https://schema.org',
          '@type': 'ClaimReview',
          url,
          claimReviewed: `The tram line cost ${index} euros.`,
          reviewRating: { '@type': 'Rating', ratingValue: 1 },
        })),
      ),
    });
    if (response.status === 200) {
      const result = (await response.json()) as { items: { review: { url: string } }[] };
      for (const item of result.items) expect(item.review.url).toMatch(/^https?:/);
    } else {
      expect(response.status).toBe(400);
    }
    const detail = (await (await desk.app.request(`${ORIGIN}/api/articles/${articleIds[1]}`)).json()) as {
      article: { url: string | null };
    };
    expect(detail.article.url).toBe('https://herald.example/cost-doubles');
    const dossier = await page(`/claims/${clusterId}`);
    expect(hazards(dossier.html)).toEqual([]);
  });
});

describe('exports and feeds keep hostile text as text', () => {
  it('the ClaimReview export is JSON whose fields hold the payloads verbatim', async () => {
    for (const path of [`/api/claims/${clusterId}/claim-review`, `/claims/${clusterId}/claim-review.json`]) {
      const response = await desk.app.request(`${ORIGIN}${path}`, {
        headers: { Cookie: `claimtrail_session=${desk.secrets.viewer}` },
      });
      expect(response.headers.get('content-type')).toContain('application/ld+json');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const review = JSON.parse(await response.text()) as {
        reviewBody?: string;
        claimReviewed: string;
        author: { name: string };
      };
      expect(JSON.stringify(review)).toContain(JSON.stringify(`${PAYLOAD} ${UNICODE}`).slice(1, -1));
      expect(review.claimReviewed).toBe(`${TITLE_BREAK} claimed`);
    }
  });

  it('the Atom feed parses as XML and carries the hostile outlet as text', async () => {
    const response = await desk.app.request(`${ORIGIN}/api/alerts.atom`);
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await response.text();
    expect(xml).not.toMatch(/<(script|img|svg)\b/i);
    const { DOMParser } = parseHTML('<html></html>');
    const feed = new DOMParser().parseFromString(xml, 'text/xml');
    const entries = Array.from(feed.querySelectorAll('entry'));
    expect(entries.length).toBeGreaterThan(0);
    expect(feed.querySelectorAll('script, img, svg')).toHaveLength(0);
    const text = entries.map((entry) => entry.textContent ?? '').join('\n');
    expect(text).toContain(IMAGE);
  });
});

/*
 * The API and forms refuse script URLs, but a ledger restored from a dump (another desk's backup, or
 * a hand-edited one) keeps whatever URLs it holds. The pages must still never link to them.
 */
describe('script URLs restored from a dump', () => {
  const MARKER = 'https://marker.example/';

  async function restoredDesk() {
    const source = await openTestDesk({ examples: true, settings: { rateLimitPerMinute: 0 } });
    const { reviewer } = source.secrets;
    const call = (path: string, body: unknown) =>
      source.app.request(path, {
        method: 'POST',
        headers: bearer(reviewer, true),
        body: JSON.stringify(body),
      });
    const ingested = (await (
      await call('/api/articles', {
        text: 'Councillor Mara Lindqvist said on Monday that the cost of the Eastside tram line has risen to 480 million euros.',
        publisher: 'Marker Times',
        url: `${MARKER}article`,
      })
    ).json()) as { articleId: string };
    const cluster = (await source.store.listClusters({ sort: 'traction', limit: 1 })).items[0]?.id ?? '';
    await call(`/api/claims/${cluster}/evidence`, {
      url: `${MARKER}evidence`,
      relation: 'refutes',
      kind: 'other',
    });
    await call(`/api/claims/${cluster}/status`, {
      status: 'denied',
      reply: { party: 'Ministry', url: `${MARKER}reply`, quote: 'no' },
    });
    await call(`/api/claims/${cluster}/verdicts`, { rating: 1, rationale: 'wrong', url: `${MARKER}verdict` });
    const review = (await (await source.app.request(`/api/claims/${cluster}/claim-review`)).json()) as Record<
      string,
      unknown
    >;
    await call('/api/claim-reviews', { ...review, url: `${MARKER}review` });
    const records: unknown[] = [];
    for await (const record of source.store.exportRecords()) records.push(record);
    await source.close();
    // A tampered backup is refused whole: the dump takes only http(s) URLs.
    const tampered = JSON.parse(
      JSON.stringify(records).replace(
        /https:\/\/marker\.example\/(\w+)/g,
        (_match, field: string) => `${SCRIPT_URLS[field.length % SCRIPT_URLS.length]}//${field}`,
      ),
    ) as unknown[];
    const refusing = await openStore(':memory:');
    await expect(
      refusing.importRecords(
        (async function* () {
          yield* tampered;
        })(),
      ),
    ).rejects.toMatchObject({ status: 400, message: /expected an http\(s\) URL/ });
    expect((await refusing.listArticles()).total).toBe(0);
    await refusing.close();

    // The pages must still not link script URLs that reach the database some other way: restore the
    // clean backup into a file, then change its URLs behind the store's back (status events cannot be
    // changed even so: a trigger keeps them append-only).
    const folder = mkdtempSync(join(tmpdir(), 'claimtrail-xss-'));
    const file = join(folder, 'ledger.db');
    const clean = await openStore(file);
    await clean.importRecords(
      (async function* () {
        yield* records;
      })(),
    );
    await clean.close();
    const database = new Database(file);
    const script = (field: string) => `${SCRIPT_URLS[field.length % SCRIPT_URLS.length]}//${field}`;
    for (const [table, column] of [
      ['articles', 'url'],
      ['evidence', 'url'],
      ['verdicts', 'url'],
      ['imported_reviews', 'url'],
    ] as const) {
      const rows = database
        .prepare(`SELECT id, ${column} AS url FROM ${table} WHERE ${column} LIKE ?`)
        .all(`${MARKER}%`) as {
        id: number;
        url: string;
      }[];
      for (const row of rows) {
        database
          .prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`)
          .run(script(row.url.slice(MARKER.length)), row.id);
      }
    }
    database.close();
    const store = await openStore(file);
    const settings = resolveSettings({ rateLimitPerMinute: 0 }, {});
    const ledger = await openLedger({ store, pipeline: createPipeline({ settings, models: loadModels() }) });
    return {
      app: createApp({ store, ledger, settings }),
      store,
      reviewer,
      cluster,
      articleId: ingested.articleId,
    };
  }

  it('shows them as text on the dossier and the article page, never as links', async () => {
    const restored = await restoredDesk();
    try {
      expect((await restored.store.listEvidence(restored.cluster))[0]?.url).toMatch(/^javascript:/i);
      for (const path of [`/claims/${restored.cluster}`, `/articles/${restored.articleId}`, '/articles']) {
        const response = await restored.app.request(`${ORIGIN}${path}`, {
          headers: { Accept: 'text/html', Cookie: `claimtrail_session=${restored.reviewer}` },
        });
        expect(response.status, path).toBe(200);
        expect(hazards(await response.text()), path).toEqual([]);
      }
    } finally {
      await restored.store.close();
    }
  });
});
