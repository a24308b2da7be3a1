import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordSpec } from '../contract-helpers.ts';
import type { Store } from '../index.ts';
import { openSqliteStore } from './sqlite-store.ts';

describe('review tables in SQLite', () => {
  let folder: string;
  let path: string;
  let store: Store;
  let clusters: string[];
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'claimtrail-review-'));
    path = join(folder, 'review.db');
    store = openSqliteStore(path);
    const { claims } = await recordSpec(
      store,
      { claims: ['The bridge closed.', 'Fares rose.'] },
      { url: 'https://a.example/1' },
    );
    clusters = claims.map((claim) => claim.clusterId);
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to edit or delete status events, whoever asks', async () => {
    const [clusterId = ''] = clusters;
    await store.recordStatus({ clusterId, status: 'disputed', author: 'Ana' });
    const database = new Database(path);
    expect(() => database.exec("UPDATE status_events SET status = 'confirmed'")).toThrow(/append-only/);
    expect(() => database.exec('DELETE FROM status_events')).toThrow(/append-only/);
    database.close();
    expect((await store.getCluster(clusterId)).status).toBe('disputed');
  });

  it('enforces the enums and pairings with CHECK constraints', () => {
    const database = new Database(path);
    const at = '2024-03-01T00:00:00.000Z';
    expect(() =>
      database
        .prepare(
          "INSERT INTO evidence (cluster_id, url, relation, kind, added_by, added_at) VALUES (?, 'https://a.example', 'proves', 'data', 'x', ?)",
        )
        .run(clusters[0], at),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      database
        .prepare(
          "INSERT INTO status_events (cluster_id, status, previous_status, occurred_at, recorded_at, author, reply_party) VALUES (?, 'confirmed', 'unverified', ?, ?, 'x', 'Ministry')",
        )
        .run(clusters[0], at, at),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      database
        .prepare(
          "INSERT INTO watches (cluster_id, hedging_threshold, created_by, created_at) VALUES (?, 2, 'x', ?)",
        )
        .run(clusters[0], at),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      database
        .prepare("INSERT INTO watches (cluster_id, created_by, created_at) VALUES (999, 'x', ?)")
        .run(at),
    ).toThrow(/FOREIGN KEY/);
    database.close();
  });

  it('names status events citing another cluster’s evidence and a broken chain of statuses', async () => {
    const [clusterId = '', otherId = ''] = clusters;
    const foreign = await store.addEvidence({
      clusterId: otherId,
      url: 'https://b.example',
      relation: 'refutes',
      kind: 'data',
      addedBy: 'Ana',
    });
    const event = await store.recordStatus({ clusterId, status: 'disputed', author: 'Ana' });
    expect(await store.checkIntegrity()).toEqual([]);
    const database = new Database(path);
    database
      .prepare('INSERT INTO status_event_evidence (event_id, evidence_id, position) VALUES (?, ?, 0)')
      .run(event.id, foreign.id);
    database
      .prepare(
        "INSERT INTO status_events (cluster_id, status, previous_status, occurred_at, recorded_at, author) VALUES (?, 'confirmed', 'unverified', ?, ?, 'x')",
      )
      .run(clusterId, event.recordedAt, event.recordedAt);
    database.close();
    const problems = (await store.checkIntegrity()).join('\n');
    expect(problems).toMatch(
      new RegExp(
        `status event ${event.id} of cluster ${clusterId} cites evidence ${foreign.id} of cluster ${otherId}`,
      ),
    );
    expect(problems).toMatch(/follows "unverified" but the event before it says "disputed"/);
  });
});
