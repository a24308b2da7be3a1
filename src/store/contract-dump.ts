import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { hashOf, seedVariedLedger } from './contract-dump-seed.ts';
import { expectStoreError, type MakeStore, recordSpec, useStore } from './contract-helpers.ts';
import { type DumpRecord, readDump, writeDump } from './dump/index.ts';
import type { Store } from './index.ts';

/** A store's export as lines: the header, then records and trailer, which two equal ledgers share. */
export async function exportLines(store: Store, batchSize?: number): Promise<string[]> {
  const lines: string[] = [];
  const records = store.exportRecords(batchSize === undefined ? {} : { batchSize });
  for await (const line of writeDump(records, { dialect: store.dialect })) lines.push(line);
  return lines;
}

async function collect(records: AsyncIterable<DumpRecord>): Promise<DumpRecord[]> {
  const all: DumpRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** Records served one at a time, as a file being read would serve them. */
async function* serve(values: readonly unknown[]): AsyncGenerator<unknown> {
  for (const value of values) yield value;
}

/** Export, and import into an empty store of the same kind, keeping every row as it was. */
export function registerDumpContract(makeStore: MakeStore, persistent: boolean): void {
  describe('dump: export and import', () => {
    const context = useStore(makeStore);
    const extra: { cleanups: (() => Promise<void>)[] } = { cleanups: [] };
    afterEach(async () => {
      for (const cleanup of extra.cleanups.splice(0)) await cleanup();
    });
    /** A second, empty store of the same kind. */
    const emptyStore = async () => {
      const made = await makeStore();
      extra.cleanups.push(made.cleanup);
      return made.store;
    };

    it('exports an empty store as a header, no records and a trailer of zeros', async () => {
      const lines = await exportLines(context.store);
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        format: 'claimtrail.export/1',
        dialect: context.store.dialect,
      });
      expect(JSON.parse(lines[1] ?? '')).toMatchObject({ type: 'trailer', counts: { article: 0, alert: 0 } });
    });

    it('round-trips a varied ledger exactly, into a store that then reads and writes as the first', async () => {
      const { store } = context;
      await seedVariedLedger(store);
      const exported = await exportLines(store);
      const counts = JSON.parse(exported.at(-1) ?? '').counts;
      expect(counts).toEqual({
        article: 3,
        version: 4,
        cluster: 3,
        claim: 6,
        evidence: 2,
        status: 2,
        verdict: 1,
        'imported-review': 2,
        token: 2,
        watch: 2,
        alert: 2,
      });
      const target = await emptyStore();
      const reader = await readDump(Readable.from(exported.join('')));
      expect(await target.importRecords(reader.records, { firstLine: reader.firstLine })).toEqual(counts);
      const again = await exportLines(target);
      expect(again.slice(1)).toEqual(exported.slice(1));
      expect(await target.checkIntegrity()).toEqual([]);

      const [cluster] = (await store.listClusters({ limit: 1 })).items;
      expect(cluster).toBeDefined();
      const clusterId = cluster?.id ?? '';
      expect(await target.getCluster(clusterId)).toEqual(cluster);
      expect(await target.statusHistory(clusterId)).toEqual(await store.statusHistory(clusterId));
      expect(await target.listTokens()).toEqual(await store.listTokens());
      expect(await target.useToken(hashOf('one'))).toMatchObject({ name: 'desk' });
      expect((await target.searchClaims('ferries')).items.map((hit) => hit.text)).toEqual([
        'Ferries could replace the bridge?',
      ]);
      // New rows get ids after the imported ones, and join what was imported.
      const later = await recordSpec(
        target,
        { claims: ['The bridge will close for repairs in April, a council memo says.'] },
        { url: 'https://gazette.example/bridge', clusters: { c1: { key: 'bridge-closes' } } },
      );
      expect(later.claims[0]?.clusterId).toBe(clusterId);
      const articleIds = (await target.listArticles({ limit: 10 })).items.map((article) =>
        Number(article.id),
      );
      expect(Number(later.article.id)).toBe(Math.max(...articleIds));
      const evidence = await target.addEvidence({
        clusterId,
        url: 'https://later.example',
        relation: 'supports',
        kind: 'data',
        addedBy: 'Ana',
      });
      expect(Number(evidence.id)).toBeGreaterThan(2);
      expect(await target.checkIntegrity()).toEqual([]);
    });

    it('exports the same records whatever the batch size', async () => {
      await seedVariedLedger(context.store);
      expect((await exportLines(context.store, 1)).slice(1)).toEqual(
        (await exportLines(context.store)).slice(1),
      );
    });

    it('refuses to import into a store that holds anything, and leaves it as it was', async () => {
      const { store } = context;
      await seedVariedLedger(store);
      const before = await exportLines(store);
      const target = await emptyStore();
      await target.createToken({ name: 'only', role: 'viewer', secretHash: hashOf('three') });
      const tokenOnly = await exportLines(target);
      await expectStoreError(target.importRecords(serve(await collect(store.exportRecords()))), {
        code: 'store-not-empty',
        status: 409,
      });
      expect((await exportLines(target)).slice(1)).toEqual(tokenOnly.slice(1));
      await expectStoreError(store.importRecords(serve(await collect(store.exportRecords()))), {
        code: 'store-not-empty',
      });
      expect((await exportLines(store)).slice(1)).toEqual(before.slice(1));
    });

    it('refuses a bad record, naming its line, and leaves the store empty', async () => {
      await seedVariedLedger(context.store);
      const records = await collect(context.store.exportRecords());
      const claimAt = records.findIndex((record) => record.type === 'claim');
      const damaged = records.map((record, index) =>
        index === claimAt ? { ...record, certainty: 'very' } : record,
      );
      const target = await emptyStore();
      await expectStoreError(target.importRecords(serve(damaged), { firstLine: 2 }), {
        code: 'invalid-dump',
        status: 400,
        message: new RegExp(`^line ${claimAt + 2}: invalid claim record: certainty`),
      });
      expect(await collect(target.exportRecords())).toEqual([]);
      // A record the schema refuses (a claim of a cluster not in the dump) fails the same way.
      const orphan = records.filter(
        (record) => record.type !== 'cluster' || record.id !== records[claimAt]?.clusterId,
      );
      const orphanLine = orphan.indexOf(records[claimAt] as DumpRecord) + 2;
      const refused = await target.importRecords(serve(orphan), { firstLine: 2 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'invalid-dump', status: 400 });
      // A store that inserts a batch in one statement names the batch's lines, which hold the claim's.
      const [, first = '0', last = first] =
        /^lines? (\d+)(?:-(\d+))?: /.exec((refused as Error).message) ?? [];
      expect(Number(first)).toBeLessThanOrEqual(orphanLine);
      expect(Number(last)).toBeGreaterThanOrEqual(orphanLine);
      expect(await collect(target.exportRecords())).toEqual([]);
      const reordered = [records[claimAt], ...records];
      await expectStoreError(target.importRecords(serve(reordered)), {
        code: 'invalid-dump',
        message: /^line 2: a article record after claim records/,
      });
      expect(await collect(target.exportRecords())).toEqual([]);
    });

    it('refuses a cut or altered file, naming the line, and leaves the store empty', async () => {
      await seedVariedLedger(context.store);
      const lines = await exportLines(context.store);
      const target = await emptyStore();
      const importText = async (text: string) => {
        const reader = await readDump(Readable.from(text), 'ledger.jsonl');
        return target.importRecords(reader.records, { firstLine: reader.firstLine });
      };
      await expectStoreError(importText(lines.slice(0, -1).join('')), {
        code: 'invalid-dump',
        message: new RegExp(`ledger.jsonl ends at line ${lines.length - 1} without its trailer`),
      });
      const cut = lines.join('').slice(0, lines.slice(0, 5).join('').length + 20);
      await expectStoreError(importText(cut), {
        code: 'invalid-dump',
        message: /line 6 of ledger.jsonl is not JSON/,
      });
      const altered = lines.map((line) => line.replace('Mayor Lee', 'Mayor Lea')).join('');
      await expectStoreError(importText(altered), {
        code: 'invalid-dump',
        message: new RegExp(`line ${lines.length} of ledger.jsonl: the records' sha256`),
      });
      expect(await collect(target.exportRecords())).toEqual([]);
      expect(
        await target.importRecords((await readDump(Readable.from(lines.join('')))).records, { firstLine: 2 }),
      ).toMatchObject({ article: 3 });
    });

    // Registered only for stores that live on disk or on a server: an in-memory SQLite store has one
    // connection, which the export and the writes would share.
    if (persistent)
      it('exports one snapshot while writes go on', async () => {
        const { store } = context;
        await seedVariedLedger(store);
        const before = await exportLines(store);
        const lines: string[] = [];
        let wrote = false;
        for await (const line of writeDump(store.exportRecords({ batchSize: 1 }), {
          dialect: store.dialect,
        })) {
          lines.push(line);
          // The first line is the header, written before any record is read; write after a record.
          if (!wrote && lines.length === 2) {
            wrote = true;
            await recordSpec(
              store,
              { claims: ['A claim written during the export.'] },
              { url: 'https://late.example/1' },
            );
          }
        }
        expect(lines.slice(1)).toEqual(before.slice(1));
        expect((await exportLines(store)).length).toBeGreaterThan(before.length);
      });
  });
}
