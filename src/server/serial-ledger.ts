import type { Ledger } from '../ledger/index.ts';

/**
 * The ledger with its ingests run one at a time. Matching reads the claim index and the store, then
 * writes; two requests interleaving between those steps could each start a cluster for the same claim.
 * The queue lives in the app that made it, never in module state.
 */
export function serialLedger(ledger: Ledger): Ledger {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    get indexedClaims() {
      return ledger.indexedClaims;
    },
    ingest(article) {
      const run = tail.then(() => ledger.ingest(article));
      // A failed ingest must not stop the ones queued after it.
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
