import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDesk, type TestDesk } from './test-helpers.ts';

interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}
interface Cluster {
  id: string;
  representative: string;
  outlets: number;
  appearances: number;
  lastSeenAt: string;
  status: string;
}

let desk: TestDesk;
beforeAll(async () => {
  desk = await openTestDesk({ examples: true });
});
afterAll(() => desk.close());

async function json<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await desk.app.request(path);
  return { status: response.status, body: (await response.json()) as T };
}

describe('GET /api/claims', () => {
  it('lists clusters by traction: most outlets first', async () => {
    const { status, body } = await json<Page<Cluster>>('/api/claims?limit=50');
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(3);
    const outlets = body.items.map((cluster) => cluster.outlets);
    expect(outlets).toEqual([...outlets].sort((a, b) => b - a));
    expect(body.items[0]?.status).toBe('unverified');
  });

  it('sorts by recency on request', async () => {
    const { body } = await json<Page<Cluster>>('/api/claims?sort=recent&limit=50');
    const times = body.items.map((cluster) => cluster.lastSeenAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages with limit and nextCursor until every cluster is seen once', async () => {
    const all = await json<Page<Cluster>>('/api/claims?limit=500');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const { body } = await json<Page<Cluster>>(`/api/claims?limit=3${query}`);
      expect(body.items.length).toBeLessThanOrEqual(3);
      expect(body.total).toBe(all.body.total);
      seen.push(...body.items.map((cluster) => cluster.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((cluster) => cluster.id));
  });

  it('searches the words of the claims', async () => {
    const { body } = await json<Page<Cluster>>('/api/claims?search=library%20Sundays');
    expect(body.items.length).toBeGreaterThan(0);
    for (const cluster of body.items) expect(cluster.representative.toLowerCase()).toMatch(/library|sunday/);
  });

  it('filters by status and refuses an unknown one with a 400 JSON error', async () => {
    const { body } = await json<Page<Cluster>>('/api/claims?status=denied');
    expect(body.items).toEqual([]);
    const bad = await json<{ error: { code: string; message: string } }>('/api/claims?status=fake');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid-request');
    expect(bad.body.error.message).toContain('fake');
  });

  it('refuses a bad limit, sort or cursor with 400 and names the parameter', async () => {
    for (const query of ['limit=0', 'limit=100000', 'limit=ten', 'sort=alphabetical']) {
      const { status, body } = await json<{ error: { code: string; message: string } }>(
        `/api/claims?${query}`,
      );
      expect(status, query).toBe(400);
      expect(body.error.message, query).toContain(query.split('=')[0] ?? '');
    }
    const cursor = await desk.app.request('/api/claims/1/evidence?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
  });
});

describe('a cluster', () => {
  it('has a summary, a dossier and paged appearances', async () => {
    const { body: list } = await json<Page<Cluster>>('/api/claims?limit=1');
    const top = list.items[0];
    if (!top) throw new Error('no cluster');
    const summary = await json<Cluster>(`/api/claims/${top.id}`);
    expect(summary.body.representative).toBe(top.representative);

    const dossier = await json<{
      cluster: Cluster;
      independence: { outlets: number; independentOutlets: number; verdict: string };
      traction: { days: { day: string; appearances: number }[] };
      evidence: unknown[];
      statusHistory: unknown[];
    }>(`/api/claims/${top.id}/dossier`);
    expect(dossier.status).toBe(200);
    expect(dossier.body.independence.outlets).toBe(top.outlets);
    // The wire copy carried by a second outlet adds no independent outlet.
    expect(dossier.body.independence.independentOutlets).toBeLessThanOrEqual(top.outlets);
    const perDay = dossier.body.traction.days.reduce((sum, day) => sum + day.appearances, 0);
    expect(perDay).toBe(top.appearances);
    expect(dossier.body.evidence).toEqual([]);

    const first = await json<Page<{ claimId: string; publishedAt: string }>>(
      `/api/claims/${top.id}/appearances?limit=2`,
    );
    expect(first.body.total).toBe(top.appearances);
    expect(first.body.items).toHaveLength(2);
    const rest = await json<Page<{ claimId: string; publishedAt: string }>>(
      `/api/claims/${top.id}/appearances?limit=500&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );
    expect(first.body.items.length + rest.body.items.length).toBe(top.appearances);
    const times = [...first.body.items, ...rest.body.items].map((item) => item.publishedAt);
    expect(times).toEqual([...times].sort());
  });

  it('answers 404 JSON for an id that names nothing', async () => {
    for (const path of [
      '/api/claims/999999',
      '/api/claims/999999/dossier',
      '/api/claims/999999/appearances',
      '/api/articles/999999',
    ]) {
      const response = await desk.app.request(path);
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.message, path).toContain('999999');
    }
  });
});

describe('articles and sources', () => {
  it('lists articles and reads one with its text, analysis and claims', async () => {
    const { body } =
      await json<Page<{ id: string; publisher: string; copyOf: { kind: string } | null }>>(
        '/api/articles?limit=100',
      );
    expect(body.total).toBe(10);
    expect(body.items.filter((article) => article.copyOf !== null).length).toBeGreaterThanOrEqual(1);
    const article = body.items[0];
    const detail = await json<{
      text: string;
      analysis: { sentences: unknown[] };
      claims: { clusterId: string }[];
    }>(`/api/articles/${article?.id}`);
    expect(detail.body.text.length).toBeGreaterThan(100);
    expect(detail.body.analysis.sentences.length).toBeGreaterThan(1);
    expect(detail.body.claims.length).toBeGreaterThan(0);
  });

  it('lists sources and every claim attributed to one', async () => {
    const { body } = await json<Page<{ name: string; clusters: number }>>(
      '/api/sources?kind=person&limit=100',
    );
    const lindqvist = body.items.find((source) => source.name.includes('Lindqvist'));
    expect(lindqvist).toBeDefined();
    const claims = await json<Page<{ cluster: Cluster; appearances: number }>>(
      `/api/sources/${encodeURIComponent(lindqvist?.name ?? '')}/claims`,
    );
    expect(claims.status).toBe(200);
    expect(claims.body.total).toBe(lindqvist?.clusters);
    const missing = await desk.app.request('/api/sources/Nobody%20At%20All/claims');
    expect(missing.status).toBe(404);
    const badKind = await desk.app.request('/api/sources?kind=alien');
    expect(badKind.status).toBe(400);
  });

  it('searches clusters, appearances and sources at once', async () => {
    const { body } = await json<{
      clusters: { cluster: Cluster }[];
      appearances: Page<unknown>;
      sources: { name: string }[];
    }>('/api/search?q=Lindqvist');
    expect(body.clusters.length).toBeGreaterThan(0);
    expect(body.appearances.total).toBeGreaterThan(0);
    expect(body.sources.some((source) => source.name.includes('Lindqvist'))).toBe(true);
    expect((await desk.app.request('/api/search')).status).toBe(400);
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const response = await desk.app.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});
