import { resolveSettings, type Settings } from '../core/index.ts';
import { type Ledger, openLedger } from '../ledger/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { createApiToken } from '../review/index.ts';
import { openStore, type Role, type Store } from '../store/index.ts';
import { createApp } from './app.ts';
import { BUNDLED_EXAMPLES_DIRECTORY, loadExamples } from './examples.ts';

export interface TestDesk {
  app: ReturnType<typeof createApp>;
  store: Store;
  ledger: Ledger;
  /** A live token secret of each role. */
  secrets: Record<Role, string>;
  close(): Promise<void>;
}

/**
 * A review desk over a fresh in-memory SQLite store with one token per role; `examples` loads the
 * bundled articles first. Settings come from `overrides` only, never the environment.
 */
export async function openTestDesk(
  options: {
    settings?: Partial<Settings>;
    examples?: boolean;
    now?: () => Date;
    examplesDirectory?: string;
  } = {},
): Promise<TestDesk> {
  const store = await openStore(':memory:');
  const settings = resolveSettings(options.settings ?? {}, {});
  const ledger = await openLedger({ store, pipeline: createPipeline({ settings, models: loadModels() }) });
  if (options.examples) await loadExamples(ledger, BUNDLED_EXAMPLES_DIRECTORY, settings.maxInputBytes);
  const secrets = {} as Record<Role, string>;
  for (const role of ['viewer', 'reviewer', 'admin'] as const) {
    secrets[role] = (await createApiToken(store, { name: `${role} tester`, role })).secret;
  }
  const app = createApp({
    store,
    ledger,
    settings,
    ...(options.now ? { now: options.now } : {}),
    ...(options.examplesDirectory ? { examplesDirectory: options.examplesDirectory } : {}),
  });
  return { app, store, ledger, secrets, close: () => store.close() };
}

/** Request headers carrying a bearer token (and JSON, when there is a body). */
export function bearer(secret: string, json = false): Record<string, string> {
  return { Authorization: `Bearer ${secret}`, ...(json ? { 'Content-Type': 'application/json' } : {}) };
}
