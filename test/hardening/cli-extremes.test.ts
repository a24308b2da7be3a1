import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const SENTENCE = 'The council voted on Tuesday to raise bus fares by five percent, officials said.';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function claimtrail(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', CLAIMTRAIL_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Exit 2 and exactly one line on stderr, naming the file, with no stack frame. */
function expectRefusedInOneLine(run: Run, file: string, reason: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^claimtrail: /);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('internal error');
}

/**
 * The CLI over the most hostile inputs, as separate processes run side by side: each reports in one
 * line and an exit code, or analyzes what it can, but never crashes or prints a stack trace.
 */
describe('claimtrail analyze and ingest on the extreme inputs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-cli-extremes-'));
  const file = (name: string) => join(folder, name);
  const runs = new Map<string, Run>();

  beforeAll(async () => {
    writeFileSync(
      file('nested.html'),
      `${'<div>'.repeat(100_000)}<p>${SENTENCE}</p>${'</div>'.repeat(100_000)}`,
    );
    writeFileSync(file('deep.json'), `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    // Overlong encodings, lone continuation bytes, a surrogate encoded in UTF-8 and bytes Windows-1252 leaves undefined.
    writeFileSync(
      file('invalid.txt'),
      Buffer.concat([
        Buffer.from(`${SENTENCE} `),
        Buffer.from([0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80, 0x81, 0x8d, 0xff, 0xfe]),
      ]),
    );
    // UTF-16 with a byte order mark and a lone high surrogate.
    writeFileSync(
      file('surrogate.txt'),
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${SENTENCE} `, 'utf16le'),
        Buffer.from([0x00, 0xd8, 0x41, 0x00]),
      ]),
    );
    writeFileSync(
      file('proto.jsonl'),
      `{"__proto__":{"polluted":"yes","text":"${SENTENCE}"}}\n{"text":"${SENTENCE}","__proto__":{"polluted":"yes"}}\n`,
    );
    const db = (name: string) => ['--db', file(name)];
    const commands: Record<string, string[]> = {
      nested: ['analyze', file('nested.html'), '--format', 'json'],
      deepJson: ['ingest', file('deep.json'), ...db('deep.db')],
      invalid: ['analyze', file('invalid.txt')],
      surrogate: ['analyze', file('surrogate.txt')],
      proto: ['ingest', file('proto.jsonl'), ...db('proto.db')],
    };
    const entries = await Promise.all(
      Object.entries(commands).map(async ([name, args]) => [name, await claimtrail(args)] as const),
    );
    for (const [name, run] of entries) runs.set(name, run);
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('analyzes an article nested 100,000 levels deep', () => {
    const run = runs.get('nested') as Run;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const analysis = JSON.parse(run.stdout) as { sentences: { text: string }[] };
    expect(analysis.sentences.map((sentence) => sentence.text)).toEqual([SENTENCE]);
  });

  it('refuses a records file that is an array nested a million levels', () => {
    expectRefusedInOneLine(runs.get('deepJson') as Run, file('deep.json'), /expected object/);
  });

  it('refuses invalid UTF-8 and UTF-16 with a lone surrogate, saying how to convert them', () => {
    expectRefusedInOneLine(
      runs.get('invalid') as Run,
      file('invalid.txt'),
      /neither UTF-8.*convert it to UTF-8/,
    );
    expectRefusedInOneLine(runs.get('surrogate') as Run, file('surrogate.txt'), /not valid UTF-16/);
  });

  it('stores the JSONL record with text of its own and refuses the one whose text hides behind __proto__', () => {
    const run = runs.get('proto') as Run;
    expectRefusedInOneLine(run, `${file('proto.jsonl')}:1`, /needs "text" or "html"/);
    expect(run.stdout).toMatch(/^2 articles: 1 new\b/);
  });

  it('never pollutes Object.prototype when reading the same records in-process', async () => {
    const { articleSources } = await import('../../src/cli/inputs.ts');
    const { createFetcher } = await import('../../src/ingest/index.ts');
    const sources = await articleSources([file('proto.jsonl')], {
      maxBytes: 5_000_000,
      fetcher: () => createFetcher(),
    });
    await Promise.allSettled(sources.map((source) => source.load()));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { text?: unknown }).text).toBeUndefined();
  });
});
