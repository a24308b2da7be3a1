import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSchema, InputError } from '../core/index.ts';
import { main } from './main.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTICLE =
  'The city council approved the new budget on Tuesday, Mayor Jane Ortiz said.\n\n' +
  'Officials claimed the bridge repairs would cost 4 million dollars, but no report has been published.\n';

const temporaryDirectory = mkdtempSync(join(tmpdir(), 'claimtrail-cli-'));
const articlePath = join(temporaryDirectory, 'article.txt');
writeFileSync(articlePath, ARTICLE);
afterAll(() => rmSync(temporaryDirectory, { recursive: true, force: true }));

function runCli(args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('CLAIMTRAIL_')) delete env[name];
  const result = spawnSync(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    input: input ?? '',
    env,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(stderr: string) {
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^claimtrail: /);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('claimtrail (subprocess)', () => {
  it('shows help listing the analyze command', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('analyze');
    expect(result.stderr).toBe('');
  });

  it('prints the package version', () => {
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('analyzes a file as JSON that passes the analysis schema', () => {
    const result = runCli(['analyze', articlePath, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const analysis = analysisSchema.parse(JSON.parse(result.stdout));
    expect(analysis.schema).toBe('claimtrail.analysis/1');
    expect(analysis.sentences.length).toBeGreaterThanOrEqual(2);
  });

  it('writes JSON by default when stdout is not a terminal', () => {
    const result = runCli(['analyze', articlePath]);
    expect(result.status).toBe(0);
    expect(() => analysisSchema.parse(JSON.parse(result.stdout))).not.toThrow();
  });

  it('reads the article from standard input given -', () => {
    const result = runCli(['analyze', '-', '--format', 'json'], ARTICLE);
    expect(result.status).toBe(0);
    const analysis = analysisSchema.parse(JSON.parse(result.stdout));
    expect(analysis.sentences.map((sentence) => sentence.text).join(' ')).toContain('Mayor Jane Ortiz');
  });

  it('renders text and markdown without escape codes when not on a terminal', () => {
    const text = runCli(['analyze', articlePath, '--format', 'text']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/\d+ claims? in \d+ sentences?/);
    expect(text.stdout).not.toContain('\u001b[');
    const markdown = runCli(['analyze', articlePath, '--format', 'markdown']);
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(/^# /);
    expect(markdown.stdout).toContain('## Claims');
  });

  it('reports a missing file in one line with exit code 2', () => {
    const result = runCli(['analyze', join(temporaryDirectory, 'no-such-article.txt')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLineError(result.stderr);
  });

  it('refuses a directory with exit code 2', () => {
    const result = runCli(['analyze', temporaryDirectory]);
    expect(result.status).toBe(2);
    expectOneLineError(result.stderr);
  });

  it('refuses input larger than --max-input with exit code 2', () => {
    const result = runCli(['analyze', articlePath, '--max-input', '10b']);
    expect(result.status).toBe(2);
    expectOneLineError(result.stderr);
  });

  it('reports an unknown option as a usage error pointing to help', () => {
    const result = runCli(['analyze', articlePath, '--colour']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLineError(result.stderr);
    expect(result.stderr).toContain("unknown option '--colour'");
    expect(result.stderr.trim()).toMatch(/; see claimtrail analyze --help$/);
  });

  it('rejects an unsupported --format with exit code 2', () => {
    const result = runCli(['analyze', articlePath, '--format', 'xml']);
    expect(result.status).toBe(2);
    expectOneLineError(result.stderr);
    expect(result.stderr).toContain('xml');
  });

  it('rejects a threshold outside 0..1 and a missing file argument with exit code 2', () => {
    const threshold = runCli(['analyze', articlePath, '--threshold', '1.5']);
    expect(threshold.status).toBe(2);
    expectOneLineError(threshold.stderr);
    const missing = runCli(['analyze']);
    expect(missing.status).toBe(2);
    expectOneLineError(missing.stderr);
    expect(missing.stderr).toContain("missing required argument 'file'");
  });
});

describe('main (in process)', () => {
  function captured(overrides: Parameters<typeof main>[1] = {}) {
    const output = { stdout: '', stderr: '' };
    const environment = {
      stdout: (text: string) => {
        output.stdout += text;
      },
      stderr: (text: string) => {
        output.stderr += text;
      },
      env: {},
      stdoutIsTTY: false,
      readArticle: async () => ({ text: ARTICLE }),
      ...overrides,
    };
    return { output, environment };
  }

  it('renders text on a terminal by default, with color unless NO_COLOR or --no-color', async () => {
    const terminal = captured({ stdoutIsTTY: true });
    expect(await main(['analyze', 'article.txt'], terminal.environment)).toBe(0);
    expect(terminal.output.stdout).toContain('Summary');
    expect(terminal.output.stdout).toContain('\u001b[');

    const noColor = captured({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await main(['analyze', 'article.txt'], noColor.environment);
    expect(noColor.output.stdout).not.toContain('\u001b[');

    const flag = captured({ stdoutIsTTY: true });
    await main(['analyze', 'article.txt', '--no-color'], flag.environment);
    expect(flag.output.stdout).not.toContain('\u001b[');
  });

  it('passes the --max-input size to the reader, falling back to the environment', async () => {
    const sizes: number[] = [];
    const readArticle = async (_path: string, options: { maxBytes: number }) => {
      sizes.push(options.maxBytes);
      return { text: ARTICLE };
    };
    await main(['analyze', 'a.txt', '--max-input', '2kB'], captured({ readArticle }).environment);
    await main(
      ['analyze', 'a.txt'],
      captured({ readArticle, env: { CLAIMTRAIL_MAX_INPUT: '1MB' } }).environment,
    );
    expect(sizes).toEqual([2048, 1024 ** 2]);
  });

  it('reports an input error with its exit code', async () => {
    const { output, environment } = captured({
      readArticle: async () => {
        throw new InputError('input.missing', 'no such file: a.txt; check the path');
      },
    });
    expect(await main(['analyze', 'a.txt'], environment)).toBe(2);
    expect(output.stderr).toBe('claimtrail: no such file: a.txt; check the path\n');
  });

  it('reports an unexpected failure as an internal error, with the stack only when debugging', async () => {
    const failing = async () => {
      throw new Error('disk on fire\nsecond line');
    };
    const quiet = captured({ readArticle: failing });
    expect(await main(['analyze', 'a.txt'], quiet.environment)).toBe(1);
    expect(quiet.output.stderr).toBe(
      'claimtrail: internal error: disk on fire second line (please report it)\n',
    );

    const debug = captured({ readArticle: failing, env: { CLAIMTRAIL_DEBUG: '1' } });
    expect(await main(['analyze', 'a.txt'], debug.environment)).toBe(1);
    expect(debug.output.stderr).toMatch(/^\s+at /m);
  });
});
