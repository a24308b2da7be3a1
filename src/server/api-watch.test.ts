import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openTestDesk, type TestDesk } from './test-helpers.ts';

let desk: TestDesk;
let clusterId: string;
beforeAll(async () => {
  desk = await openTestDesk({ examples: true });
  // The claim that the library will open on Sundays, not what the opening will cost.
  const search = (await (
    await desk.app.request('/api/claims?search=library%20Sundays%20April&limit=1')
  ).json()) as {
    items: { id: string }[];
  };
  clusterId = search.items[0]?.id ?? '';
});
afterAll(() => desk.close());

function send(method: string, path: string, secret: string, body?: unknown) {
  return desk.app.request(path, {
    method,
    headers: bearer(secret, body !== undefined),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Alert {
  kind: string;
  summary: string;
  clusterId: string;
}

describe('watches and alerts', () => {
  it('watches a cluster and alerts when a new outlet carries the claim and when its status changes', async () => {
    expect((await send('PUT', `/api/claims/${clusterId}/watch`, desk.secrets.viewer, {})).status).toBe(403);
    const bad = await send('PUT', `/api/claims/${clusterId}/watch`, desk.secrets.reviewer, {
      hedgingThreshold: 2,
    });
    expect(bad.status).toBe(400);
    const watched = await send('PUT', `/api/claims/${clusterId}/watch`, desk.secrets.reviewer, {
      hedgingThreshold: 0.5,
    });
    expect(watched.status).toBe(200);
    expect(await watched.json()).toMatchObject({
      clusterId,
      hedgingThreshold: 0.5,
      createdBy: 'reviewer tester',
    });
    const watches = (await (await desk.app.request('/api/watches')).json()) as {
      items: { clusterId: string }[];
    };
    expect(watches.items.map((watch) => watch.clusterId)).toEqual([clusterId]);

    // No publication date: it is published when first seen, after the watch began, so it is news.
    const article = await send('POST', '/api/articles', desk.secrets.reviewer, {
      url: 'https://valley-times.example/library-sundays',
      publisher: 'Valley Times',
      title: 'Sunday opening for the county library',
      text: 'The Riverton county library will open on Sundays from April, the library board said on Tuesday. The board said the change would be paid for by ending the mobile library service.',
    });
    expect(article.status).toBe(201);
    const afterArticle = (await (await desk.app.request(`/api/alerts?clusterId=${clusterId}`)).json()) as {
      items: Alert[];
    };
    const newOutlet = afterArticle.items.find((alert) => alert.kind === 'new-outlet');
    expect(newOutlet?.summary).toContain('Valley Times');

    expect(
      (await send('POST', `/api/claims/${clusterId}/status`, desk.secrets.reviewer, { status: 'confirmed' }))
        .status,
    ).toBe(201);
    const afterStatus = (await (await desk.app.request('/api/alerts')).json()) as { items: Alert[] };
    expect(afterStatus.items[0]).toMatchObject({ kind: 'status-change', clusterId });

    const feed = await desk.app.request(`/api/alerts.atom?clusterId=${clusterId}`);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml.match(/<entry>/g)?.length).toBe(afterStatus.items.length);
    expect(xml).toContain('Valley Times');
    expect(xml).toContain(`/claims/${clusterId}#watch`);
  });

  it('stops watching on DELETE; a bare PUT watches without a threshold', async () => {
    expect((await send('DELETE', `/api/claims/${clusterId}/watch`, desk.secrets.reviewer)).status).toBe(204);
    const watches = (await (await desk.app.request('/api/watches')).json()) as { total: number };
    expect(watches.total).toBe(0);
    const bare = await send('PUT', `/api/claims/${clusterId}/watch`, desk.secrets.reviewer);
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as { hedgingThreshold: number | null }).hedgingThreshold).toBeNull();
    expect((await send('PUT', '/api/claims/987654/watch', desk.secrets.reviewer, {})).status).toBe(404);
  });
});
