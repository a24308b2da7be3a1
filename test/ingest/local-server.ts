import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  /** `http://host:port`, without a trailing slash. */
  base: string;
  port: number;
  /** The path of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a node:http server on `host`, on a free port, that records each request's path. */
export function startServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<LocalServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '/');
    handle(request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://${host}:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * What a streaming response got to send before the client hung up: `finished` is false when the
 * connection closed before the last byte was written.
 */
export interface StreamReport {
  sent: number;
  finished: boolean;
}

/**
 * Writes `total` bytes in chunks, waiting for the client to read each (backpressure), and resolves
 * once the response is finished or the connection closes, saying how far it got.
 */
export function streamBytes(
  response: ServerResponse,
  options: { total: number; chunk: Buffer | (() => Buffer) },
): Promise<StreamReport> {
  const { total } = options;
  const next = typeof options.chunk === 'function' ? options.chunk : () => options.chunk as Buffer;
  let sent = 0;
  return new Promise((resolve) => {
    response.once('close', () => resolve({ sent, finished: response.writableFinished }));
    const pump = () => {
      while (sent < total && !response.destroyed) {
        const chunk = next();
        sent += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (sent >= total) response.end();
    };
    pump();
  });
}
