import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORY } from './story.ts';

const root = join(import.meta.dirname, '..', '..');

function claimtrail(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('claimtrail ingest, claims and claim', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-ledger-cli-'));
  const db = join(folder, 'ledger.db');
  const jsonl = join(folder, 'story.jsonl');
  writeFileSync(
    jsonl,
    [
      ...STORY.map((article) =>
        JSON.stringify({
          url: article.url,
          publisher: article.publisher,
          published: article.published,
          text: article.text,
        }),
      ),
      '{"url": "https://broken.example/x", "title": "no text"}',
      'not json at all',
    ].join('\n'),
  );

  it('stores what it can, reports each bad record in one line, and exits 2', () => {
    const result = claimtrail(['ingest', jsonl, '--db', db, '--format', 'json']);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ articles: STORY.length + 2, created: STORY.length, failed: 2 });
    const errors = result.stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^claimtrail: .*story\.jsonl:7: each record needs "text" or "html"/);
    expect(errors[1]).toMatch(/^claimtrail: .*story\.jsonl:8 is not valid JSON/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('changes nothing when the same articles come again', () => {
    const result = claimtrail(['ingest', jsonl, '--db', db, '--format', 'json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 0, unchanged: STORY.length });
  });

  it('lists clusters as JSON with ids, and prints a dossier for one', () => {
    const listed = claimtrail(['claims', '--db', db, '--format', 'json', '--search', 'dredging']);
    expect(listed.code).toBe(0);
    const clusters = JSON.parse(listed.stdout) as { id: string; outlets: number }[];
    expect(clusters.length).toBeGreaterThan(0);
    const top = clusters[0] as { id: string; outlets: number };
    expect(top.outlets).toBeGreaterThanOrEqual(4);
    const dossier = JSON.parse(claimtrail(['claim', top.id, '--db', db, '--format', 'json']).stdout);
    for (const appearance of dossier.appearances) {
      expect(appearance).toMatchObject({
        url: expect.stringMatching(/^https:\/\//),
        publisher: expect.any(String),
        publishedAt: expect.any(String),
      });
      expect(appearance).toHaveProperty('claimant');
      expect(appearance).toHaveProperty('signals');
    }
    const text = claimtrail(['claim', top.id, '--db', db]).stdout;
    expect(text).toMatch(/appearances in \d+ outlets/);
    expect(text).toMatch(/Traction .*[▁▂▃▄▅▆▇█]/);
    expect(claimtrail(['claim', top.id, '--db', db, '--format', 'markdown']).stdout).toContain(
      '![Appearances per day](data:image/svg+xml;base64,',
    );
  });

  it('says so in one line when a cluster does not exist or a source is missing', () => {
    const missing = claimtrail(['claim', '999999', '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const nothing = claimtrail(['ingest', join(folder, 'nope'), '--db', db]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^claimtrail: no such file or directory/);
  });
});
