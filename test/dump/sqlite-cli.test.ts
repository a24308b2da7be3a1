import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimtrail, seedLedgerFile, trailerOf, withoutHeader } from './cli.ts';

describe('claimtrail export and import between SQLite files', { timeout: 120_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-dump-'));
  const source = join(folder, 'source.db');
  const state = { exported: '' };
  beforeAll(async () => {
    await seedLedgerFile(source);
    const result = claimtrail(['export', '--db', source]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    state.exported = result.stdout;
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes only JSON Lines to stdout: a header, records of every type, a trailer', () => {
    const lines = state.exported.trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({ format: 'claimtrail.export/1', schemaVersion: 2, dialect: 'sqlite' });
    const { counts } = trailerOf(state.exported);
    expect(Object.values(counts).every((count) => count > 0)).toBe(true);
    expect(counts.claim).toBeGreaterThan(1200);
    expect(lines).toHaveLength(2 + Object.values(counts).reduce((sum, count) => sum + count, 0));
  });

  it('restores a file into a new store whose export is the same, byte for byte after the header', () => {
    const file = join(folder, 'backup.jsonl');
    writeFileSync(file, state.exported);
    const restored = join(folder, 'restored.db');
    const imported = claimtrail(['import', file, '--db', restored]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const { counts } = trailerOf(state.exported);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(imported.stdout).toBe(
      `imported ${total} records: ${Object.entries(counts)
        .map(([type, count]) => `${count} ${type}`)
        .join(', ')}\n`,
    );
    const again = claimtrail(['export', '--db', restored]);
    expect(withoutHeader(again.stdout)).toBe(withoutHeader(state.exported));
  });

  it('reads the export from standard input with -', () => {
    const restored = join(folder, 'from-stdin.db');
    const imported = claimtrail(['import', '-', '--db', restored], { input: state.exported });
    expect(imported.code).toBe(0);
    expect(trailerOf(claimtrail(['export', '--db', restored]).stdout)).toEqual(trailerOf(state.exported));
  });

  it('refuses a store that holds a ledger, exits 2 with one line, and changes nothing', () => {
    const imported = claimtrail(['import', '-', '--db', source], { input: state.exported });
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(
      /^claimtrail: .*source\.db already holds a ledger; import into a new, empty store/,
    );
    expect(imported.stderr.trim().split('\n')).toHaveLength(1);
    expect(withoutHeader(claimtrail(['export', '--db', source]).stdout)).toBe(withoutHeader(state.exported));
  });

  it('refuses a cut file, naming where it ends, and leaves the new store empty', () => {
    const lines = state.exported.split('\n');
    const target = join(folder, 'cut.db');
    const cut = claimtrail(['import', '-', '--db', target], { input: `${lines.slice(0, 100).join('\n')}\n` });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^claimtrail: standard input ends at line 100 without its trailer/);
    const mid = claimtrail(['import', '-', '--db', target], { input: state.exported.slice(0, 5000) });
    expect(mid.code).toBe(2);
    expect(mid.stderr).toMatch(/^claimtrail: line \d+ of standard input is not JSON/);
    expect(trailerOf(claimtrail(['export', '--db', target]).stdout).counts).toMatchObject({
      article: 0,
      claim: 0,
    });
  });

  it('refuses to export or migrate from a file that does not exist, without creating it', () => {
    const missing = join(folder, 'missing.db');
    const exported = claimtrail(['export', '--db', missing]);
    expect(exported.code).toBe(2);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toMatch(/^claimtrail: there is no ledger at .*missing\.db/);
    expect(claimtrail(['migrate', '--from', `sqlite:${missing}`, '--to', join(folder, 'to.db')]).code).toBe(
      2,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('migrates between SQLite files, printing matching counts and checksums', () => {
    const target = join(folder, 'migrated.db');
    const result = claimtrail(['migrate', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(result.code).toBe(0);
    const { sha256, counts } = trailerOf(state.exported);
    expect(result.stdout).toContain(`sha256\t${sha256}\t${sha256}\n`);
    expect(result.stdout).toContain(`claim\t${counts.claim}\t${counts.claim}\n`);
    expect(result.stdout).toMatch(/verified: every count and the sha256 of both exports match\n$/);
    const again = claimtrail(['migrate', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a ledger/);
  });
});
