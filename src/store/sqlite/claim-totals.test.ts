import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectStoreError, recordSpec } from '../contract-helpers.ts';
import type { Store } from '../index.ts';
import { openSqliteStore } from './sqlite-store.ts';

/** What a listing's totals must equal: a fresh count over the file, all claims and current ones. */
function countedInFile(path: string): { all: number; current: number } {
  const database = new Database(path, { readonly: true });
  try {
    return {
      all: database.prepare('SELECT count(*) FROM claims').pluck().get() as number,
      current: database.prepare('SELECT count(*) FROM claims WHERE is_current = 1').pluck().get() as number,
    };
  } finally {
    database.close();
  }
}

async function listedTotals(store: Store): Promise<{ all: number; current: number }> {
  const [all, current] = await Promise.all([
    store.listClaims({ limit: 1, includeSuperseded: true }),
    store.listClaims({ limit: 1, afterId: '1' }),
  ]);
  return { all: all.total, current: current.total };
}

describe('claim totals in listings', () => {
  let folder = '';
  let path = '';
  const stores: Store[] = [];
  const open = () => {
    const store = openSqliteStore(path);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'claimtrail-totals-'));
    path = join(folder, 'ledger.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('follow writes, edits and failed writes of this connection and writes of another', async () => {
    const first = open();
    const second = open();
    const url = 'https://example.test/story';
    await recordSpec(first, { claims: ['The council approved the budget.', 'Taxes rise by 3%.'] }, { url });
    expect(await listedTotals(first)).toEqual(countedInFile(path));
    expect(await listedTotals(second)).toEqual({ all: 2, current: 2 });

    // An edit supersedes both claims and adds three: all grows by three, current by one.
    await recordSpec(
      first,
      { claims: ['The council approved the budget.', 'Taxes rise by 4%.', 'The mayor objected.'] },
      { url },
    );
    expect(await listedTotals(first)).toEqual({ all: 5, current: 3 });

    // Another connection's write is seen by both.
    await recordSpec(second, { claims: ['The bridge reopens in May.'] }, { url: 'https://example.test/b' });
    expect(await listedTotals(first)).toEqual({ all: 6, current: 4 });
    expect(await listedTotals(second)).toEqual(countedInFile(path));

    // A write that fails rolls back and changes no total.
    await expectStoreError(
      recordSpec(
        first,
        { claims: ['A claim that joins a cluster no one made.'] },
        { url: 'https://example.test/c', clusters: { c1: { join: '999' } } },
      ),
      { code: 'not-found' },
    );
    expect(await listedTotals(first)).toEqual({ all: 6, current: 4 });

    // The same text again is unchanged and adds nothing.
    await recordSpec(second, { claims: ['The bridge reopens in May.'] }, { url: 'https://example.test/b' });
    expect(await listedTotals(first)).toEqual(countedInFile(path));
    expect(await listedTotals(second)).toEqual({ all: 6, current: 4 });
  });

  it('follow rows changed outside the store through the same file', async () => {
    const store = open();
    await recordSpec(
      store,
      { claims: ['Rents fell by 2%.', 'Wages rose by 5%.'] },
      { url: 'https://example.test/r' },
    );
    expect(await listedTotals(store)).toEqual({ all: 2, current: 2 });
    const outside = new Database(path);
    try {
      outside.prepare('UPDATE claims SET is_current = 0 WHERE id = (SELECT min(id) FROM claims)').run();
    } finally {
      outside.close();
    }
    expect(await listedTotals(store)).toEqual({ all: 2, current: 1 });
  });
});
