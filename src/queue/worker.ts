import { isClaimtrailError } from '../core/errors.ts';
import { abortableSleep } from '../ingest/index.ts';
import type { Job, JobPayload, JobQueue, Lease } from './types.ts';

/** Runs one job; throwing fails the attempt (a ClaimtrailError with a 4xx status fails it for good). */
export type JobHandler = (payload: JobPayload, job: Job) => Promise<void>;

export type WorkerEvent =
  | { type: 'done'; job: Job; ms: number }
  | { type: 'failed'; job: Job; error: string; willRetry: boolean }
  | { type: 'lease-lost'; job: Job }
  | { type: 'reclaimed'; count: number };

export interface WorkerOptions {
  queue: JobQueue;
  handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once by this process; default 1. */
  concurrency?: number;
  /** How long a claimed job stays ours without renewal; renewed every third of it. Default 30 s. */
  leaseMs?: number;
  /** Wait between claims when the queue is empty; default 500 ms. */
  idleMs?: number;
  /** How often to put jobs of dead workers back in the queue; default every 5 s. */
  reclaimEveryMs?: number;
  /** Names this process in job leases; default `host:pid`. */
  workerId: string;
  /** Aborting stops claiming new jobs; the jobs in hand are finished first. */
  signal: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

function describeError(error: unknown): { message: string; permanent: boolean } {
  if (isClaimtrailError(error))
    return { message: `${error.code}: ${error.message}`, permanent: error.status < 500 };
  return { message: error instanceof Error ? error.message : String(error), permanent: false };
}

/**
 * Runs jobs from the queue until `signal` aborts, `concurrency` at a time, renewing each lease while
 * its handler runs. Resolves once the jobs in hand are finished, so a stopped worker leaves none
 * half done (a killed one leaves its jobs to be run again when their leases run out).
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const {
    queue,
    handlers,
    concurrency = 1,
    leaseMs = 30_000,
    idleMs = 500,
    reclaimEveryMs = 5_000,
    workerId,
    signal,
    onEvent = () => undefined,
  } = options;
  const kinds = Object.keys(handlers);

  async function runLease(lease: Lease): Promise<void> {
    const handler = handlers[lease.job.kind];
    const started = performance.now();
    let lost = false;
    const renewal = setInterval(
      () => {
        queue.renew(lease, leaseMs).then(
          (held) => {
            if (!held) lost = true;
          },
          () => undefined,
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      if (!handler) throw new Error(`no handler for jobs of kind "${lease.job.kind}"`);
      await handler(lease.job.payload, lease.job);
      clearInterval(renewal);
      if (!lost && (await queue.complete(lease))) {
        onEvent({ type: 'done', job: lease.job, ms: performance.now() - started });
      } else {
        onEvent({ type: 'lease-lost', job: lease.job });
      }
    } catch (error) {
      clearInterval(renewal);
      const { message, permanent } = describeError(error);
      const willRetry = !permanent && lease.attempt < lease.job.maxAttempts;
      if (await queue.fail(lease, message, { permanent })) {
        onEvent({ type: 'failed', job: lease.job, error: message, willRetry });
      } else {
        onEvent({ type: 'lease-lost', job: lease.job });
      }
    }
  }

  async function slot(): Promise<void> {
    while (!signal.aborted) {
      const lease = await queue.claim(workerId, kinds, leaseMs);
      if (!lease) {
        await abortableSleep(idleMs, signal);
        continue;
      }
      await runLease(lease);
    }
  }

  async function reclaimer(): Promise<void> {
    while (!signal.aborted) {
      const count = await queue.reclaimExpired();
      if (count > 0) onEvent({ type: 'reclaimed', count });
      await abortableSleep(reclaimEveryMs, signal);
    }
  }

  await Promise.all([reclaimer(), ...Array.from({ length: Math.max(1, concurrency) }, () => slot())]);
}
