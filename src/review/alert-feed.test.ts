import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../ingest/index.ts';
import type { AlertRecord } from '../store/index.ts';
import { alertsAtomFeed, escapeXml } from './alert-feed.ts';

function anAlert(id: string, summary: string, createdAt: string): AlertRecord {
  return {
    id,
    clusterId: '7',
    kind: 'status-change',
    summary,
    data: { from: 'unverified', to: 'debunked', note: 'Tom & Jerry <script>' },
    createdAt,
    deliveryAttempts: 0,
    deliveredAt: null,
    nextAttemptAt: createdAt,
  };
}

const SELF = 'https://desk.example/alerts.atom?token=a&b=1';

describe('Atom feed of alerts', () => {
  const alerts = [
    anAlert('2', 'unverified → debunked: "Fares <doubled>" & more\u0007', '2024-03-02T10:00:00.000Z'),
    anAlert('1', "now in 3 outlets: O'Brien Times joined", '2024-03-01T10:00:00.000Z'),
  ];
  const xml = alertsAtomFeed(alerts, {
    selfUrl: SELF,
    title: 'Desk & alerts',
    linkFor: (alert) => `https://desk.example/claims/${alert.clusterId}?from=${alert.id}&x=1`,
  });

  it('gives the feed and each entry the elements RFC 4287 requires, newest updated first', () => {
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const feed = document.querySelector('feed');
    expect(feed?.getAttribute('xmlns')).toBe('http://www.w3.org/2005/Atom');
    const child = (name: string) => document.querySelector(`feed > ${name}`)?.textContent;
    expect(child('id')).toBe(SELF);
    expect(child('title')).toBe('Desk & alerts');
    expect(child('updated')).toBe('2024-03-02T10:00:00.000Z');
    expect(document.querySelector('feed > author > name')?.textContent).toBe('Desk & alerts');
    const entries = [...document.querySelectorAll('entry')];
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      for (const name of ['id', 'title', 'updated'])
        expect(entry.querySelector(name)?.textContent).toBeTruthy();
    }
    expect(entries[0]?.querySelector('title')?.textContent).toBe(
      'Status changed: unverified → debunked: "Fares <doubled>" & more',
    );
    expect(entries[0]?.querySelector('category')?.getAttribute('term')).toBe('status-change');
    expect(JSON.parse(entries[0]?.querySelector('content')?.textContent ?? '{}')).toMatchObject({
      clusterId: '7',
      note: 'Tom & Jerry <script>',
    });
    expect(xml).not.toContain('<script>');
    expect(xml.includes(String.fromCharCode(7))).toBe(false);
  });

  it('is read back by a feed reader with its links and titles intact', () => {
    const parsed = parseFeed(xml, { url: SELF });
    expect(parsed.title).toBe('Desk & alerts');
    expect(parsed.items.map((item) => [item.url, item.title])).toEqual([
      [
        'https://desk.example/claims/7?from=2&x=1',
        'Status changed: unverified → debunked: "Fares <doubled>" & more',
      ],
      ['https://desk.example/claims/7?from=1&x=1', "Status changed: now in 3 outlets: O'Brien Times joined"],
    ]);
  });

  it('has an updated time when empty, and escapes every markup character', () => {
    const empty = alertsAtomFeed([], {
      selfUrl: SELF,
      title: 'Empty',
      emptyUpdated: new Date('2024-01-01T00:00:00Z'),
    });
    expect(empty).toContain('<updated>2024-01-01T00:00:00.000Z</updated>');
    expect(empty).not.toContain('<entry>');
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0000`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });
});
