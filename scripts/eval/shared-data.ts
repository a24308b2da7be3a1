import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's place in `scripts/eval/`. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Finds the shared labelled data: `$CLAIMTRAIL_SHARED` when set, else `../shared/data` beside the
 * repository. The variable may name the data folder or the `shared` folder above it. Returns null when
 * the folder is missing, so callers can say so and stop without figures.
 */
export function findSharedData(environment: NodeJS.ProcessEnv = process.env): string | null {
  const override = environment.CLAIMTRAIL_SHARED;
  const candidates = override
    ? [resolve(override), join(resolve(override), 'data')]
    : [join(REPO_ROOT, '..', 'shared', 'data')];
  return candidates.find((candidate) => existsSync(join(candidate, 'README.md'))) ?? null;
}

/** The sentence printed when the shared data cannot be found. */
export function missingSharedDataMessage(environment: NodeJS.ProcessEnv = process.env): string {
  const where = environment.CLAIMTRAIL_SHARED ?? join(REPO_ROOT, '..', 'shared', 'data');
  return `claimtrail: shared data not found at ${where} (set CLAIMTRAIL_SHARED to its folder); no figures.`;
}
