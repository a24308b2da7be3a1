import { afterEach, describe, expect, it } from 'vitest';
import { recordSpec } from '../store/contract-helpers.ts';
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

const ORIGIN = 'http://desk.test';

/** A browser's session: cookies kept between requests, forms sent with the page's CSRF token. */
function browser(app: TestDesk['app']) {
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name) cookies.set(name, value ?? '');
    }
    return response;
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    get: async (path: string) =>
      remember(
        await app.request(`${ORIGIN}${path}`, { headers: { Cookie: cookieHeader(), Accept: 'text/html' } }),
      ),
    post: async (path: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields))
        for (const item of [value].flat()) body.append(name, item);
      body.append('csrf', cookies.get('claimtrail_csrf') ?? '');
      return remember(
        await app.request(`${ORIGIN}${path}`, {
          method: 'POST',
          headers: {
            Cookie: cookieHeader(),
            Origin: ORIGIN,
            Accept: 'text/html',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body,
        }),
      );
    },
  };
}

describe('the claim board', () => {
  it('offers the bundled examples on an empty ledger and loads them with one form post', async () => {
    const { app } = await desk();
    const user = browser(app);
    const empty = await (await user.get('/')).text();
    expect(empty).toContain('Load the example articles');
    expect(empty).toContain('action="/examples"');
    const loaded = await user.post('/examples', {});
    expect(loaded.status).toBe(303);
    const board = await (await user.get('/')).text();
    expect(board).not.toContain('Load the example articles');
    expect(board).toContain('class="sparkline"');
    expect(board).toMatch(/href="\/claims\/\d+"/);
    // Once the ledger has articles, loading more takes a reviewer.
    expect((await user.post('/examples', {})).status).toBe(401);
  });

  it('sorts by recency and filters by words', async () => {
    const { app } = await desk({ examples: true });
    const library = await (await app.request('/?search=library')).text();
    expect(library).toContain('library');
    expect(library).not.toContain('480 million');
    expect((await app.request('/?sort=recent')).status).toBe(200);
  });
});

describe('pages', () => {
  it('shows a dossier with its charts, graph and highlighted appearances', async () => {
    const { app } = await desk({ examples: true });
    const page = await (await app.request('/claims/1')).text();
    expect(page).toContain('Appearances (bars) and outlets (line) per day');
    expect(page).toContain('hedge (dashed) or state (solid)');
    expect(page).toContain('class="chart graph"');
    // The bundled examples report the transport department denying the tram claim.
    expect(page).toMatch(/Denied by: [^<.]*transport department/);
    expect(page).toContain('class="edge denies"');
    expect(page).toContain('<mark class="claim-span">');
    expect(page).toContain('Sign in</a> with a reviewer token');
  });

  it('lists the first 200 appearances of a claim told 230 times, with the total and the whole in the API', async () => {
    const { app, store } = await desk();
    for (let index = 0; index < 230; index += 1) {
      await recordSpec(
        store,
        {
          claims: [{ text: `The bridge will close, outlet ${index % 23} reports.`, claimant: 'Jon Petrov' }],
        },
        {
          url: `https://outlet-${index % 23}.example/${index}`,
          publishedAt: `2024-03-0${1 + (index % 5)}T12:00:00Z`,
          clusters: { c1: { key: 'bridge' } },
        },
      );
    }
    const page = await (await app.request('/claims/1')).text();
    expect(page).toContain('Appearances (230)');
    expect(page).toContain('The first 200, oldest first');
    expect(page).toContain('href="/api/claims/1/appearances"');
    const listed = page.slice(page.indexOf('<ol class="appearances">'));
    expect(listed.match(/<li>/g)).toHaveLength(200);
    expect(page).toContain('230 appearances in 23 outlets; 1 original source (Jon Petrov)');
    const board = await (await app.request('/')).text();
    expect(board).toContain('Jon Petrov');
  });

  it('shows an article with claims, sources and signals marked and explained', async () => {
    const { app } = await desk({ examples: true });
    const page = await (await app.request('/articles/5')).text();
    expect(page).toMatch(/class="mark[^"]*claim/);
    expect(page).toMatch(/class="mark[^"]*signal signal-hedge/);
    expect(page).toMatch(/title="[^"]*hedge: the claim is put as possible rather than stated/);
    expect(page).toMatch(/class="mark[^"]*source/);
  });

  it('shows a source with the claims attributed to it, and search results', async () => {
    const { app } = await desk({ examples: true });
    const sources = await (await app.request('/sources')).text();
    const link = /href="(\/sources\/[^"]*Lindqvist[^"]*)"/.exec(sources)?.[1];
    expect(link).toBeDefined();
    const source = await (await app.request(link ?? '')).text();
    expect(source).toMatch(/href="\/claims\/\d+"/);
    const search = await (await app.request('/search?q=library')).text();
    expect(search).toContain('Sundays');
    expect((await app.request('/articles')).status).toBe(200);
  });

  it('escapes article text and metadata', async () => {
    const { app, secrets } = await desk();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const response = await app.request('/api/articles', {
      method: 'POST',
      headers: bearer(secrets.reviewer, true),
      body: JSON.stringify({
        title: hostile,
        publisher: hostile,
        text: `Mayor Jon Petrov said the bridge ${hostile} will close in May for repairs costing 3 million euros. Engineers said the cracks were found in January.`,
      }),
    });
    const { articleId } = (await response.json()) as { articleId: string };
    for (const path of [`/articles/${articleId}`, '/', '/articles', '/claims/1']) {
      const page = await (await app.request(path)).text();
      expect(page, path).not.toContain('<script>alert');
      expect(page, path).not.toContain('<img src=x');
    }
    expect(await (await app.request(`/articles/${articleId}`)).text()).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('answers an unknown claim with a 404 page for browsers', async () => {
    const { app } = await desk();
    const response = await app.request('/claims/31337', { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('31337');
  });
});

describe('review forms', () => {
  it('lets a signed-in reviewer add evidence, a status and a verdict, and download ClaimReview', async () => {
    const { app, secrets } = await desk({ examples: true });
    const user = browser(app);
    await user.get('/login');
    expect(
      (await user.post('/login', { token: secrets.reviewer, next: '/claims/1' })).headers.get('location'),
    ).toBe('/claims/1');
    const signedIn = await (await user.get('/claims/1')).text();
    expect(signedIn).toContain('action="/claims/1/evidence"');

    const added = await user.post('/claims/1/evidence', {
      url: 'https://city.example/cost-report',
      relation: 'refutes',
      kind: 'primary-document',
      quote: 'Projected cost: 265 million euros',
    });
    expect(added.status).toBe(303);
    const evidence = (await (await app.request('/api/claims/1/evidence')).json()) as {
      items: { id: string; addedBy: string }[];
    };
    expect(evidence.items).toHaveLength(1);
    expect(evidence.items[0]?.addedBy).toBe('reviewer tester');

    const status = await user.post('/claims/1/status', {
      status: 'denied',
      note: 'Denied by the department',
      replyParty: 'Transport department',
      evidenceIds: [evidence.items[0]?.id ?? ''],
    });
    expect(status.status).toBe(303);
    const after = await (await user.get('/claims/1')).text();
    expect(after).toContain('Projected cost: 265 million euros');
    expect(after).toContain('Denied by the department');
    expect(after).toContain('status status-denied');

    expect((await user.post('/claims/1/verdicts', { rating: '7', rationale: 'x' })).status).toBe(400);
    expect(
      (
        await user.post('/claims/1/verdicts', {
          rating: '2',
          rationale: 'The published report says 265 million.',
        })
      ).status,
    ).toBe(303);
    const download = await user.get('/claims/1/claim-review.json');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(((await download.json()) as { '@type': string })['@type']).toBe('ClaimReview');
  });

  it('refuses a review form from a viewer, and from a signed-out browser', async () => {
    const { app, secrets } = await desk({ examples: true });
    const anonymous = browser(app);
    await anonymous.get('/claims/1');
    expect((await anonymous.post('/claims/1/status', { status: 'denied' })).status).toBe(401);
    const viewer = browser(app);
    await viewer.get('/login');
    await viewer.post('/login', { token: secrets.viewer });
    expect((await viewer.post('/claims/1/status', { status: 'denied' })).status).toBe(403);
  });

  it('watches a claim from the dossier with a hedging threshold, and stops watching', async () => {
    const { app, secrets } = await desk({ examples: true });
    const user = browser(app);
    await user.get('/login');
    await user.post('/login', { token: secrets.reviewer });
    expect(await (await user.get('/claims/1')).text()).toContain('Not watched');
    expect((await user.post('/claims/1/watch', { hedgingPercent: '140' })).status).toBe(400);
    expect((await user.post('/claims/1/watch', { hedgingPercent: '40' })).status).toBe(303);
    const watches = (await (await app.request('/api/watches')).json()) as {
      items: { clusterId: string; hedgingThreshold: number }[];
    };
    expect(watches.items).toEqual([expect.objectContaining({ clusterId: '1', hedgingThreshold: 0.4 })]);
    expect(await (await user.get('/claims/1')).text()).toContain('fewer than 40% of appearances hedge');
    expect((await user.post('/claims/1/unwatch', {})).status).toBe(303);
    expect(((await (await app.request('/api/watches')).json()) as { total: number }).total).toBe(0);
  });
});
