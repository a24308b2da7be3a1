/**
 * The review desk for the soak, in its own process so the load generator's allocations never count
 * against the server's memory. Run as `node --expose-gc --import tsx bench/soak-server.ts FILE`.
 *
 * It prints one JSON line `{"url", "secret"}` once it listens, then answers each `memory` line on
 * stdin with one JSON line of `process.memoryUsage()` read after a full collection (when `gc` is
 * exposed). Closing stdin stops it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { resolveSettings } from '../src/core/index.ts';
import { openLedger } from '../src/ledger/index.ts';
import { loadModels } from '../src/models/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { createApiToken } from '../src/review/index.ts';
import { BUNDLED_EXAMPLES_DIRECTORY, loadExamples, serve } from '../src/server/index.ts';
import { openStore } from '../src/store/index.ts';

/** What the soak reads back from a `memory` command, in bytes. */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  collected: boolean;
  /** Event-loop delay since the previous reading: how long a ready request could wait for the loop. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

async function collectGarbage(): Promise<boolean> {
  if (typeof globalThis.gc !== 'function') return false;
  // Two passes with a turn of the event loop between them, so finalizers queued by the first run.
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  return true;
}

async function main(): Promise<void> {
  const database = process.argv[2];
  if (!database) throw new Error('give the SQLite file for the soak: soak-server.ts FILE');
  // Fifty clients on one loopback address would trip the per-address limit of a real desk within a
  // second; the soak measures the server, so the limit is raised out of reach (the middleware still runs).
  const settings = resolveSettings({ database, rateLimitPerMinute: 1_000_000 }, {});
  const store = await openStore(database);
  const ledger = await openLedger({ store, pipeline: createPipeline({ settings, models: loadModels() }) });
  await loadExamples(ledger, BUNDLED_EXAMPLES_DIRECTORY, settings.maxInputBytes);
  const { secret } = await createApiToken(store, { name: 'soak reviewer', role: 'reviewer' });
  const server = await serve(
    { store, ledger, settings },
    { port: 0, hostname: '127.0.0.1', log: (line) => process.stderr.write(`soak server: ${line}\n`) },
  );
  process.stdout.write(`${JSON.stringify({ url: server.url, secret })}\n`);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'memory') continue;
    const collected = await collectGarbage();
    const usage = process.memoryUsage();
    const memory: ServerMemory = {
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      collected,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    };
    loopDelay.reset();
    process.stdout.write(`${JSON.stringify(memory)}\n`);
  }
  await server.close();
  await store.close();
}

await main();
