import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'claimtrail-desk-cli-'));
const database = join(directory, 'ledger.db');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('CLAIMTRAIL_')) delete env[name];
  return env;
}

function runCli(args: string[], extraEnvironment: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...cleanEnvironment(), ...extraEnvironment },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `claimtrail serve` and resolves with its URL once it says where it listens. */
function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/claimtrail.js', 'serve', ...args], {
    cwd: REPO_ROOT,
    env: cleanEnvironment(),
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /on (http:\/\/[^\s]+) \(/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

describe('claimtrail token', () => {
  it('creates a token, printing its secret once; lists it without the secret; revokes it', () => {
    const created = runCli(['token', 'create', '--role', 'reviewer', '--name', 'Ana Ruiz', '--db', database]);
    expect(created.status).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only this once');

    const listed = runCli(['token', 'list', '--db', database]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('Ana Ruiz');
    expect(listed.stdout).toContain('reviewer');
    expect(listed.stdout).not.toContain(secret);
    const id = listed.stdout.split('\t')[0] ?? '';

    const revoked = runCli(['token', 'revoke', id, '--db', database]);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toContain('revoked');
  });

  it('refuses a missing or unknown role and an unknown id with one line and exit code 2', () => {
    for (const args of [
      ['token', 'create', '--db', database],
      ['token', 'create', '--role', 'editor', '--db', database],
    ]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const unknown = runCli(['token', 'revoke', '4242', '--db', database]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('4242');
  });
});

describe('claimtrail serve', () => {
  it('serves the API and the pages on a free port until SIGTERM', async () => {
    const { child, url } = await startServer(['--db', database, '--port', '0']);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const claims = await fetch(`${url}/api/claims`);
      expect(claims.status).toBe(200);
      expect(await claims.json()).toMatchObject({ items: [], total: 0 });
      const board = await fetch(url);
      expect(await board.text()).toContain('Load the example articles');
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('refuses to start with a webhook URL but no secret to sign with', () => {
    const result = runCli(['serve', '--port', '0', '--db', database], {
      CLAIMTRAIL_WEBHOOK_URL: 'https://hooks.example/claimtrail',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('CLAIMTRAIL_WEBHOOK_SECRET');
  });

  it('refuses a bad port with a usage error', () => {
    const result = runCli(['serve', '--port', 'eighty', '--db', database]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('port');
  });
});
