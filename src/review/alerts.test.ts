import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { alertsAfterIngest, changeStatus } from './alerts.ts';
import { recordAppearances, type TestAppearance } from './test-ledger.ts';

const WATCHED_AT = '2024-03-02T00:00:00.000Z';

/** An appearance of the bridge claim in one outlet, hedged or stated. */
function bridge(outlet: string, day: number, hedged = false): TestAppearance {
  return {
    key: 'bridge',
    claim: hedged
      ? { text: `The bridge may close, ${outlet} reported.`, signals: ['hedge'] }
      : `The bridge will close, ${outlet} reported.`,
    url: `https://${outlet.toLowerCase()}.example/bridge-${day}`,
    publisher: outlet,
    publishedAt: `2024-03-0${day}T08:00:00.000Z`,
  };
}

describe('alerts after ingest', () => {
  let store: Store;
  let clusterId: string;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    const ids = await recordAppearances(store, [bridge('Herald', 1, true), bridge('Courier', 1, true)]);
    clusterId = ids.get('bridge') ?? '';
    await recordAppearances(store, [
      { ...bridge('Herald', 1), key: 'other', claim: 'Fares rise.', url: 'https://herald.example/fares' },
    ]);
  });
  afterEach(() => store.close());

  /** Records appearances as an ingest would, then raises its alerts. */
  async function ingest(...appearances: TestAppearance[]) {
    const ids = await recordAppearances(store, appearances);
    return alertsAfterIngest(store, ids.values());
  }

  it('raises nothing for clusters no one watches', async () => {
    expect(await ingest(bridge('Gazette', 3))).toEqual([]);
    expect(await store.listAlerts()).toEqual([]);
  });

  it('alerts once per new outlet, naming it, and not for another article of a known outlet', async () => {
    await store.watchCluster({ clusterId, createdBy: 'Ana', createdAt: WATCHED_AT });
    const [alert, ...rest] = await ingest(bridge('Gazette', 3, true));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      clusterId,
      kind: 'new-outlet',
      summary: 'now in 3 outlets: Gazette joined',
      data: { newOutlets: ['Gazette'], outletCount: 3 },
    });
    expect(await ingest(bridge('Gazette', 4, true))).toEqual([]);
    expect(await ingest(bridge('Herald', 5, true))).toEqual([]);
    const [next] = await ingest(bridge('Tribune', 6, true));
    expect(next?.data.newOutlets).toEqual(['Tribune']);
    expect((await store.listAlerts({ clusterId })).map((entry) => entry.kind)).toEqual([
      'new-outlet',
      'new-outlet',
    ]);
  });

  it('does not count outlets that carried the claim before the watch began, even when ingested after', async () => {
    await store.watchCluster({ clusterId, createdBy: 'Ana', createdAt: '2024-03-05T00:00:00.000Z' });
    expect(await ingest(bridge('Gazette', 3, true))).toEqual([]);
  });

  it('alerts when the hedged share crosses below the threshold, and not again while it stays below', async () => {
    await store.watchCluster({ clusterId, hedgingThreshold: 0.5, createdBy: 'Ana', createdAt: WATCHED_AT });
    // 2 of 3 hedged: above the threshold; Herald is no new outlet.
    expect(await ingest(bridge('Herald', 3))).toEqual([]);
    // 2 of 4: still not below.
    expect(await ingest(bridge('Courier', 4))).toEqual([]);
    const [drop, ...rest] = await ingest(bridge('Herald', 5));
    expect(rest).toEqual([]);
    expect(drop).toMatchObject({
      kind: 'hedging-drop',
      summary: 'hedged in 40% of appearances, below 50% (was 100%)',
      data: { threshold: 0.5, hedgedShare: 0.4 },
    });
    expect(await ingest(bridge('Courier', 6))).toEqual([]);
  });

  it('gives a new outlet and a hedging drop in one ingest as two alerts', async () => {
    await store.watchCluster({ clusterId, hedgingThreshold: 0.9, createdBy: 'Ana', createdAt: WATCHED_AT });
    const alerts = await ingest(bridge('Gazette', 3));
    expect(alerts.map((alert) => alert.kind)).toEqual(['new-outlet', 'hedging-drop']);
  });
});

describe('changing a status', () => {
  let store: Store;
  let clusterId: string;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    clusterId = (await recordAppearances(store, [bridge('Herald', 1)])).get('bridge') ?? '';
  });
  afterEach(() => store.close());

  it('records the event, and alerts watchers when the status changed', async () => {
    const quiet = await changeStatus(store, { clusterId, status: 'disputed', author: 'Ana' });
    expect(quiet.alert).toBeNull();
    expect((await store.getCluster(clusterId)).status).toBe('disputed');
    await store.watchCluster({ clusterId, createdBy: 'Ana' });
    const { event, alert } = await changeStatus(store, {
      clusterId,
      status: 'denied',
      author: 'Ben',
      note: 'The ministry denies it',
      reply: { party: 'Ministry of Transport' },
    });
    expect(event).toMatchObject({ previousStatus: 'disputed', status: 'denied' });
    expect(alert).toMatchObject({
      kind: 'status-change',
      summary: 'disputed → denied: The ministry denies it',
      data: { from: 'disputed', to: 'denied', eventId: event.id, author: 'Ben' },
    });
    expect((await changeStatus(store, { clusterId, status: 'denied', author: 'Ben' })).alert).toBeNull();
    await expect(changeStatus(store, { clusterId, status: 'confirmed', author: '' })).rejects.toMatchObject({
      status: 400,
    });
    expect(await store.listAlerts()).toHaveLength(1);
  });
});
