import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { seedVariedLedger } from '../../src/store/contract-dump-seed.ts';
import { buildArticle } from '../../src/store/contract-fixtures.ts';
import { openStore } from '../../src/store/index.ts';

const root = join(import.meta.dirname, '..', '..');

/** Runs the real command line in a process of its own, as a user would. */
export function claimtrail(args: string[], options: { input?: string } = {}) {
  const result = spawnSync(process.execPath, ['bin/claimtrail.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', CLAIMTRAIL_DB: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A ledger in the SQLite file at `path` with a row in every table and more claims than one export or
 * import batch holds: the varied ledger of the store contract and forty articles of thirty claims.
 */
export async function seedLedgerFile(path: string): Promise<void> {
  const store = await openStore(path);
  try {
    await seedVariedLedger(store);
    for (let number = 1; number <= 40; number += 1) {
      const claims = Array.from({ length: 30 }, (_, index) => ({
        text: `Claim ${index} of report ${number} says the ferry ran ${index} times.`,
        claimant: index % 4 === 0 ? `Official ${index % 5}` : null,
        signals: index % 3 === 0 ? (['hedge'] as const).slice() : [],
      }));
      const { text, analysis } = buildArticle({ claims, filler: 3, title: `Report ${number}` });
      await store.recordArticle({
        text,
        analysis,
        url: `https://outlet${number % 6}.example/report/${number}`,
        seenAt: `2024-04-${String((number % 28) + 1).padStart(2, '0')}T08:00:00.000Z`,
        // Every fifth claim joins a cluster shared across reports.
        clusters: Object.fromEntries(
          analysis.claims.map((claim, index) => [
            claim.id,
            index % 5 === 0 ? { key: `ferry-${index}` } : { create: true as const },
          ]),
        ),
      });
    }
  } finally {
    await store.close();
  }
}

/** An export without its header (which names the time and the store kind): what two equal ledgers share. */
export function withoutHeader(exported: string): string {
  return exported.slice(exported.indexOf('\n') + 1);
}

/** The trailer of an export, parsed. */
export function trailerOf(exported: string): { counts: Record<string, number>; sha256: string } {
  return JSON.parse(exported.trimEnd().split('\n').at(-1) ?? '');
}
