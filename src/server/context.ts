import type { IncomingMessage } from 'node:http';
import type { Settings } from '../core/index.ts';
import type { Ledger } from '../ledger/index.ts';
import type { JobQueue } from '../queue/index.ts';
import type { Store, TokenRecord } from '../store/index.ts';

/** What the app is built from; every route reads its dependencies from here, never from module state. */
export interface AppDependencies {
  store: Store;
  ledger: Ledger;
  settings: Settings;
  /**
   * The job queue of a PostgreSQL ledger: submitted articles are queued for `claimtrail worker`
   * processes instead of being analyzed in the request, and /api/jobs shows the queue.
   */
  queue?: JobQueue;
  /** The clock for rate-limit windows; tests pass a fixed one. */
  now?: () => Date;
  /** Where the bundled example articles are; defaults to examples/articles in the repository. */
  examplesDirectory?: string;
  /** The organization named as the author of exported ClaimReview; defaults to "claimtrail review desk". */
  publisherName?: string;
}

/** The Hono environment: node-server's request in bindings; the caller's token in variables. */
export interface AppEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    /** The token the request carries, or null for an anonymous request. */
    principal: TokenRecord | null;
    /** The CSRF token forms on this page must send back. */
    csrfToken: string;
  };
}
