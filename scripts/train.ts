import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findSharedData, missingSharedDataMessage } from './eval/shared-data.ts';

/** Each model's training script, in the order `npm run train` runs them; each is seeded and deterministic. */
const STEPS = [
  { name: 'check-worthiness', args: ['scripts/train/checkworthiness.ts'] },
  { name: 'hedging', args: ['scripts/train/hedging.ts'] },
  { name: 'attribution', args: ['scripts/train/attribution.ts'] },
  { name: 'claim matching', args: ['scripts/eval/claim-retrieval.ts', '--train', '--write'] },
  { name: 'news join', args: ['scripts/eval/news-joins.ts', '--train', '--write'] },
] as const;

/** The matcher's weights are generated TypeScript files; formatting them keeps `npm run check` clean. */
const GENERATED_SOURCES = ['src/ledger/matching/default-model.ts', 'src/ledger/matching/news-join-model.ts'];

/**
 * `npm run train [-- name...]`: retrains the shipped models from ../shared/data and rewrites their
 * files (models/*.json, src/ledger/matching/default-model.ts and news-join-model.ts). Same data, same files, byte for byte.
 */
function main(): number {
  if (!findSharedData()) {
    console.error(missingSharedDataMessage());
    return 2;
  }
  const wanted = process.argv.slice(2);
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const step of STEPS) {
    if (wanted.length > 0 && !wanted.some((name) => step.name.startsWith(name))) continue;
    console.error(`claimtrail train: ${step.name}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', ...step.args], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      console.error(`claimtrail train: ${step.name} failed (exit ${result.status})`);
      return 1;
    }
  }
  spawnSync(
    process.execPath,
    ['node_modules/@biomejs/biome/bin/biome', 'format', '--write', ...GENERATED_SOURCES],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  return 0;
}

process.exitCode = main();
