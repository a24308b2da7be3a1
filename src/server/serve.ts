import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import { startAlertDelivery } from './alert-delivery-loop.ts';
import { createApp } from './app.ts';
import type { AppDependencies } from './context.ts';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  hostname: string;
  /** Where failed webhook deliveries are reported; stderr by default. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the review desk on a port; resolves once it listens.
 *
 * @example
 * const server = await serve({ store, ledger, settings }, { port: 8080, hostname: '127.0.0.1' });
 * await server.close();
 */
export function serve(deps: AppDependencies, options: ServeOptions): Promise<RunningServer> {
  const app = createApp(deps);
  const { log = (line: string) => process.stderr.write(`claimtrail: ${line}\n`) } = options;
  // Alerts raised by this server's writes go out to the webhook while it runs.
  const delivery = startAlertDelivery({ store: deps.store, settings: deps.settings, log });
  return new Promise((resolve, reject) => {
    const server = serveNode(
      { fetch: app.fetch, port: options.port, hostname: options.hostname },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              delivery?.stop();
              server.close((error) => (error ? fail(error) : done()));
            }),
        });
      },
    );
    server.once('error', (error) => {
      delivery?.stop();
      reject(error);
    });
  });
}
