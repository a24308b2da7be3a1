import { type Command, InvalidArgumentError, Option } from 'commander';
import { resolveSettings } from '../core/index.ts';
import { openLedger } from '../ledger/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { connectPool, openPostgresQueue } from '../queue/index.ts';
import { serve } from '../server/index.ts';
import { openStore } from '../store/index.ts';
import type { LedgerEnvironment } from './ledger-commands.ts';

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('Give a port from 0 to 65535 (0 picks a free one).');
  }
  return port;
}

/** `claimtrail serve`: the review desk's API and web pages, until SIGINT or SIGTERM. */
export function registerServeCommand(
  program: Command,
  environment: LedgerEnvironment,
  configure: (command: Command, helpCommand: string) => Command,
  /** Resolves when the server should stop; the real process waits for SIGINT or SIGTERM. */
  untilStopped: () => Promise<void> = waitForSignal,
): void {
  configure(
    program
      .command('serve')
      .description('serve the review desk: the HTTP API (/api, /openapi.json) and the web pages')
      .addOption(new Option('--db <path>', 'the ledger database (default: claimtrail.db, env CLAIMTRAIL_DB)'))
      .addOption(
        new Option('--port <port>', 'port to listen on (0: any free port)')
          .default(8080)
          .argParser(parsePort),
      )
      .addOption(
        new Option('--host <address>', 'address to listen on; 0.0.0.0 opens it to the network').default(
          '127.0.0.1',
        ),
      ),
    'claimtrail serve --help',
  ).action(async (options: { db?: string; port: number; host: string }) => {
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    const store = await openStore(settings.database);
    // A PostgreSQL ledger has a job queue: submitted articles go to `claimtrail worker` processes.
    const pool = store.dialect === 'postgres' ? connectPool(settings.database) : null;
    try {
      const ledger = await openLedger({
        store,
        pipeline: createPipeline({ settings, models: loadModels() }),
      });
      const queue = pool ? await openPostgresQueue(pool) : undefined;
      const server = await serve(
        { store, ledger, settings, ...(queue ? { queue } : {}) },
        { port: options.port, hostname: options.host },
      );
      environment.stderr(
        `claimtrail review desk on ${server.url} (API ${server.url}/api, OpenAPI ${server.url}/openapi.json); ` +
          `reads ${settings.publicReads ? 'public' : 'need a token'}` +
          `${settings.webhookUrl ? `; alerts posted to ${settings.webhookUrl}` : ''}; stop with Ctrl-C\n`,
      );
      await untilStopped();
      await server.close();
      environment.stderr('stopped\n');
    } finally {
      await pool?.end();
      await store.close();
    }
  });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
