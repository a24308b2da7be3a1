import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../support/postgres.ts';
import { claimtrail, seedLedgerFile, trailerOf, withoutHeader } from './cli.ts';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`claimtrail export/import/migrate with PostgreSQL skipped: ${unavailable}`);

/** How many rows each table of a schema holds. */
async function rowCounts(schema: TestSchema): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['articles', 'article_versions', 'clusters', 'claims', 'status_events', 'alerts']) {
    const { rows } = await schema.pool.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
    counts[table] = Number(rows[0]?.count);
  }
  return counts;
}

describe.skipIf(unavailable !== null)(
  'claimtrail export, import and migrate with PostgreSQL',
  { timeout: 120_000 },
  () => {
    const folder = mkdtempSync(join(tmpdir(), 'claimtrail-dump-pg-'));
    const source = join(folder, 'source.db');
    const state: { exported: string; schemas: TestSchema[] } = { exported: '', schemas: [] };
    const schema = async () => {
      const created = await createTestSchema();
      state.schemas.push(created);
      return created;
    };
    beforeAll(async () => {
      await seedLedgerFile(source);
      state.exported = claimtrail(['export', '--db', source]).stdout;
    }, 60_000);
    afterAll(async () => {
      for (const created of state.schemas) await created.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('migrates a SQLite ledger into a new schema, verified, and exports it identically', async () => {
      const target = await schema();
      const result = claimtrail(['migrate', '--from', `sqlite:${source}`, '--to', target.url]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const { sha256, counts } = trailerOf(state.exported);
      expect(result.stdout).toContain(`sha256\t${sha256}\t${sha256}\n`);
      expect(result.stdout).toContain(`claim\t${counts.claim}\t${counts.claim}\n`);
      expect(result.stdout).toMatch(/verified: every count and the sha256 of both exports match\n$/);
      const exported = claimtrail(['export', '--db', target.url]);
      expect(JSON.parse(exported.stdout.split('\n')[0] ?? '')).toMatchObject({ dialect: 'postgres' });
      expect(withoutHeader(exported.stdout)).toBe(withoutHeader(state.exported));
      expect(await rowCounts(target)).toMatchObject({ articles: counts.article, claims: counts.claim });
      // And back: PostgreSQL to a new SQLite file, with the same checksum.
      const back = claimtrail(['migrate', '--from', target.url, '--to', join(folder, 'back.db')]);
      expect(back.code).toBe(0);
      expect(back.stdout).toContain(`sha256\t${sha256}\t${sha256}\n`);
    });

    it('imports an export file into a new schema, and refuses the same schema a second time', async () => {
      const target = await schema();
      const file = join(folder, 'backup.jsonl');
      writeFileSync(file, state.exported);
      const imported = claimtrail(['import', file, '--db', target.url]);
      expect(imported.code).toBe(0);
      expect(withoutHeader(claimtrail(['export', '--db', target.url]).stdout)).toBe(
        withoutHeader(state.exported),
      );
      const before = await rowCounts(target);
      const again = claimtrail(['import', file, '--db', target.url]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already holds a ledger/);
      expect(await rowCounts(target)).toEqual(before);
    });

    it('refuses records the schema rejects, naming their lines, and leaves the schema empty', async () => {
      const target = await schema();
      const lines = state.exported.trimEnd().split('\n');
      const claimLine = lines.findIndex((line) => line.startsWith('{"type":"claim"'));
      const records = lines.slice(1, -1);
      records[claimLine - 1] = (records[claimLine - 1] ?? '').replace(
        /"clusterId":"\d+"/,
        '"clusterId":"999999"',
      );
      // A trailer that matches the edited records, so that only the database can object.
      const sha256 = createHash('sha256')
        .update(records.map((line) => `${line}\n`).join(''))
        .digest('hex');
      const trailer = { ...trailerOf(state.exported), sha256 };
      const edited = [lines[0], ...records, JSON.stringify({ type: 'trailer', ...trailer })].join('\n');
      const result = claimtrail(['import', '-', '--db', target.url], { input: `${edited}\n` });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^claimtrail: lines? \d+(-\d+)?: .*refused a record: .*cluster/);
      const [, first = '0', last = first] = /lines? (\d+)(?:-(\d+))?/.exec(result.stderr) ?? [];
      expect(Number(first)).toBeLessThanOrEqual(claimLine + 1);
      expect(Number(last)).toBeGreaterThanOrEqual(claimLine + 1);
      expect(await rowCounts(target)).toEqual({
        articles: 0,
        article_versions: 0,
        clusters: 0,
        claims: 0,
        status_events: 0,
        alerts: 0,
      });
    });
  },
);
