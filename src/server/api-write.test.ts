import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openTestDesk, type TestDesk } from './test-helpers.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

let desk: TestDesk;
let clusterId: string;
beforeAll(async () => {
  desk = await openTestDesk({ examples: true });
  const page = (await (await desk.app.request('/api/claims?limit=1')).json()) as { items: { id: string }[] };
  clusterId = page.items[0]?.id ?? '';
});
afterAll(() => desk.close());

function post(path: string, body: unknown, secret?: string) {
  return desk.app.request(path, {
    method: 'POST',
    headers: secret ? bearer(secret, true) : { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('who may write', () => {
  const evidence = {
    url: 'https://city.example/reports/q1-cost-report.pdf',
    relation: 'refutes',
    kind: 'primary-document',
  };

  it('refuses a write without a token (401), with a viewer token (403), with an unknown token (401)', async () => {
    const anonymous = await post(`/api/claims/${clusterId}/evidence`, evidence);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).error.code).toBe('unauthorized');
    const viewer = await post(`/api/claims/${clusterId}/evidence`, evidence, desk.secrets.viewer);
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as ErrorBody).error.message).toContain('viewer');
    const unknown = await post(`/api/claims/${clusterId}/evidence`, evidence, 'ct_not-a-real-token');
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('invalid-token');
    const malformed = await desk.app.request('/api/claims', { headers: { Authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
  });

  it('lets a reviewer and an admin write, recording the token name as author', async () => {
    const byReviewer = await post(`/api/claims/${clusterId}/evidence`, evidence, desk.secrets.reviewer);
    expect(byReviewer.status).toBe(201);
    expect(((await byReviewer.json()) as { addedBy: string }).addedBy).toBe('reviewer tester');
    const byAdmin = await post(
      `/api/claims/${clusterId}/evidence`,
      {
        reference: 'Council budget papers, January 2026, p. 14',
        relation: 'context',
        kind: 'official-statement',
      },
      desk.secrets.admin,
    );
    expect(byAdmin.status).toBe(201);
  });

  it('refuses a revoked token', async () => {
    const created = await post('/api/tokens', { name: 'short-lived', role: 'reviewer' }, desk.secrets.admin);
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string }; secret: string };
    expect((await post(`/api/claims/${clusterId}/status`, { status: 'disputed' }, secret)).status).toBe(201);
    const revoked = await desk.app.request(`/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: bearer(desk.secrets.admin),
    });
    expect(revoked.status).toBe(200);
    expect((await post(`/api/claims/${clusterId}/status`, { status: 'disputed' }, secret)).status).toBe(401);
  });

  it('keeps token administration to admins and never lists a secret', async () => {
    expect((await desk.app.request('/api/tokens', { headers: bearer(desk.secrets.reviewer) })).status).toBe(
      403,
    );
    const list = await desk.app.request('/api/tokens', { headers: bearer(desk.secrets.admin) });
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain(desk.secrets.reviewer);
    expect(text).toContain('reviewer tester');
  });
});

describe('evidence, status and verdicts', () => {
  it('validates evidence and lists it page by page', async () => {
    const missing = await post(
      `/api/claims/${clusterId}/evidence`,
      { relation: 'supports', kind: 'data' },
      desk.secrets.reviewer,
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.message).toMatch(/url or reference/);
    const badKind = await post(
      `/api/claims/${clusterId}/evidence`,
      { url: 'https://a.example/', relation: 'supports', kind: 'rumour' },
      desk.secrets.reviewer,
    );
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as ErrorBody).error.message).toContain('kind');
    const notJson = await desk.app.request(`/api/claims/${clusterId}/evidence`, {
      method: 'POST',
      headers: bearer(desk.secrets.reviewer, true),
      body: '{not json',
    });
    expect(notJson.status).toBe(400);

    const all = (await (await desk.app.request(`/api/claims/${clusterId}/evidence`)).json()) as {
      items: { id: string }[];
      total: number;
    };
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = (await (await desk.app.request(`/api/claims/${clusterId}/evidence?limit=1`)).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(1);
    const second = (await (
      await desk.app.request(`/api/claims/${clusterId}/evidence?limit=1&cursor=${first.nextCursor}`)
    ).json()) as { items: { id: string }[] };
    expect(second.items[0]?.id).toBe(all.items[1]?.id);
  });

  it('records status events; the cluster takes the latest status and the board filters by it', async () => {
    const denied = await post(
      `/api/claims/${clusterId}/status`,
      {
        status: 'denied',
        note: 'The transport department denies the figure.',
        reply: { party: 'Transport department', quote: 'There is no hidden overrun.' },
      },
      desk.secrets.reviewer,
    );
    expect(denied.status).toBe(201);
    const event = (await denied.json()) as { status: string; reply: { party: string } };
    expect(event.reply.party).toBe('Transport department');
    const cluster = (await (await desk.app.request(`/api/claims/${clusterId}`)).json()) as { status: string };
    expect(cluster.status).toBe('denied');
    const filtered = (await (await desk.app.request('/api/claims?status=denied')).json()) as {
      items: { id: string }[];
    };
    expect(filtered.items.map((item) => item.id)).toContain(clusterId);
    const history = (await (await desk.app.request(`/api/claims/${clusterId}/status`)).json()) as {
      items: { status: string }[];
    };
    expect(history.items.at(-1)?.status).toBe('denied');
    const bad = await post(`/api/claims/${clusterId}/status`, { status: 'maybe' }, desk.secrets.reviewer);
    expect(bad.status).toBe(400);
  });

  it('gives verdicts on the 1-5 scale and exports the current one as ClaimReview', async () => {
    expect((await desk.app.request(`/api/claims/${clusterId}/claim-review`)).status).toBe(404);
    const offScale = await post(
      `/api/claims/${clusterId}/verdicts`,
      { rating: 9, rationale: 'x' },
      desk.secrets.reviewer,
    );
    expect(offScale.status).toBe(400);
    const verdict = await post(
      `/api/claims/${clusterId}/verdicts`,
      {
        rating: 2,
        rationale: 'The published cost report puts the cost at 265 million euros.',
        url: 'https://desk.example/checks/tram-cost',
      },
      desk.secrets.reviewer,
    );
    expect(verdict.status).toBe(201);
    expect(((await verdict.json()) as { ratingLabel: string }).ratingLabel).toBe('Mostly false');

    const exported = await desk.app.request(`/api/claims/${clusterId}/claim-review`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/ld+json');
    const review = (await exported.json()) as Record<string, unknown> & {
      reviewRating: { ratingValue: number; alternateName: string };
      itemReviewed: { appearance: { url: string }[] };
    };
    expect(review['@type']).toBe('ClaimReview');
    expect(review.reviewRating.ratingValue).toBe(2);
    expect(review.itemReviewed.appearance.length).toBeGreaterThan(0);

    // What one desk exports, another imports and matches to the same cluster.
    const imported = await post('/api/claim-reviews', [review], desk.secrets.reviewer);
    expect(imported.status).toBe(200);
    const result = (await imported.json()) as {
      items: { status: string; review: { clusterId: string | null } }[];
    };
    expect(result.items[0]?.status).toBe('created');
    expect(result.items[0]?.review.clusterId).toBe(clusterId);
    const again = (await (await post('/api/claim-reviews', review, desk.secrets.reviewer)).json()) as {
      items: { status: string }[];
    };
    expect(again.items[0]?.status).toBe('unchanged');
    const dossier = (await (await desk.app.request(`/api/claims/${clusterId}/dossier`)).json()) as {
      importedReviews: unknown[];
      verdicts: unknown[];
    };
    expect(dossier.importedReviews).toHaveLength(1);
    expect(dossier.verdicts).toHaveLength(1);
  });

  it('refuses a ClaimReview import that is not one', async () => {
    const bad = await post(
      '/api/claim-reviews',
      { '@type': 'NewsArticle', headline: 'x' },
      desk.secrets.reviewer,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('no-claim-review');
  });

  it('answers 404 for review writes on a cluster that does not exist', async () => {
    const response = await post('/api/claims/999999/status', { status: 'disputed' }, desk.secrets.reviewer);
    expect(response.status).toBe(404);
  });
});

describe('POST /api/articles', () => {
  const text =
    'The harbour authority said on Tuesday that dredging of the north channel will finish in June. ' +
    'Port director Lena Brandt said the work had cost 12 million euros so far, less than planned. ' +
    'Local fishermen said the dredging had driven away the cod from the bay, but gave no figures.';

  it('analyzes and stores an article, and says when it was already stored', async () => {
    const created = await post(
      '/api/articles',
      {
        text,
        title: 'Dredging to end in June',
        publisher: 'Bay Courier',
        url: 'https://bay-courier.example/dredging',
      },
      desk.secrets.reviewer,
    );
    expect(created.status).toBe(201);
    const outcome = (await created.json()) as { status: string; articleId: string; claims: number };
    expect(outcome.status).toBe('created');
    expect(outcome.claims).toBeGreaterThan(0);
    const article = (await (await desk.app.request(`/api/articles/${outcome.articleId}`)).json()) as {
      article: { publisher: string; title: string };
    };
    expect(article.article).toMatchObject({ publisher: 'Bay Courier', title: 'Dredging to end in June' });
    const repeat = await post(
      '/api/articles',
      { text, url: 'https://bay-courier.example/dredging' },
      desk.secrets.reviewer,
    );
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { status: string }).status).toBe('unchanged');
  });

  it('reads HTML through the extractor', async () => {
    const html = `<!doctype html><html><head><title>Ferry fares</title></head><body><article><h1>Ferry fares rise</h1><p>${text.replace('dredging', 'ferry timetable')}</p><p>The ferry company said fares will rise by 8 percent in May, citing fuel costs.</p></article></body></html>`;
    const response = await post('/api/articles', { html, publisher: 'Bay Courier' }, desk.secrets.reviewer);
    expect(response.status).toBe(201);
  });

  it('refuses an empty body, a body with nothing to read, and a private URL', async () => {
    expect((await post('/api/articles', {}, desk.secrets.reviewer)).status).toBe(400);
    expect((await post('/api/articles', { text: '' }, desk.secrets.reviewer)).status).toBe(400);
    const local = await post('/api/articles', { url: 'http://127.0.0.1:9/secret' }, desk.secrets.reviewer);
    expect(local.status).toBeGreaterThanOrEqual(400);
    expect(local.status).toBeLessThan(500);
    expect(((await local.json()) as ErrorBody).error.message).toContain('127.0.0.1');
  });

  it('needs a reviewer', async () => {
    expect((await post('/api/articles', { text }, desk.secrets.viewer)).status).toBe(403);
  });

  it('stores articles sent at the same time one after the other, so their shared claim forms one cluster', async () => {
    const claim =
      'The Westbrook ferry pier will close for six months of repairs starting in September, the port authority said.';
    const responses = await Promise.all(
      ['Coast Herald', 'Bay Observer', 'Harbour Times'].map((publisher, index) =>
        post(
          '/api/articles',
          {
            text: `${claim} Story ${index + 1} of the day adds that the ferry timetable will change on ${index + 2} routes.`,
            publisher,
            url: `https://outlet-${index}.example/pier`,
          },
          desk.secrets.reviewer,
        ),
      ),
    );
    for (const response of responses) expect(response.status).toBe(201);
    const clusters = (await (
      await desk.app.request('/api/claims?search=Westbrook%20ferry%20pier')
    ).json()) as {
      items: { outlets: number }[];
    };
    expect(clusters.items[0]?.outlets).toBe(3);
  });
});
