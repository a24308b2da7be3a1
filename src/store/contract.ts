import { describe } from 'vitest';
import { registerClusterContract } from './contract-clusters.ts';
import { registerDumpContract } from './contract-dump.ts';
import type { MakeStore } from './contract-helpers.ts';
import { registerReadContract } from './contract-reads.ts';
import { registerReviewContract } from './contract-review.ts';
import { registerReviewAccessContract } from './contract-review-access.ts';
import { registerTimelineContract } from './contract-timeline.ts';
import { registerWriteContract } from './contract-writes.ts';

export type { ContractStore, MakeStore } from './contract-helpers.ts';

/**
 * Registers the behaviour every `Store` must show, as vitest `describe`/`it` blocks. It goes through
 * the `Store` interface only, so a PostgreSQL store runs it unchanged:
 *
 * @example
 * runStoreContract('sqlite in memory', async () => {
 *   const store = await openStore(':memory:');
 *   return { store, cleanup: () => store.close() };
 * });
 */
export function runStoreContract(
  name: string,
  makeStore: MakeStore,
  options: {
    /** The store lives on after closing (a file, a server), so reopening it is tested. */ persistent?: boolean;
  } = {},
): void {
  describe(`Store contract: ${name}`, () => {
    registerWriteContract(makeStore);
    registerClusterContract(makeStore, options.persistent ?? false);
    registerReadContract(makeStore);
    registerTimelineContract(makeStore);
    registerReviewContract(makeStore);
    registerReviewAccessContract(makeStore, options.persistent ?? false);
    registerDumpContract(makeStore, options.persistent ?? false);
  });
}
