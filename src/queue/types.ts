/**
 * Where a job stands: waiting (`queued`, perhaps until a later `runAt` after a failure), being run
 * under a lease (`running`), finished (`done`), or given up after its last attempt (`dead`, the
 * dead-letter state, kept for people to read and retry).
 */
export const JOB_STATES = ['queued', 'running', 'done', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

export type JobPayload = Readonly<Record<string, unknown>>;

export interface Job {
  id: string;
  kind: string;
  payload: JobPayload;
  state: JobState;
  /** Attempts started so far; the one running now included. */
  attempts: number;
  maxAttempts: number;
  /** Not run before this time (ISO 8601 UTC). */
  runAt: string;
  lockedBy: string | null;
  /** A running job whose lease ends unrenewed goes back to the queue: its worker died. */
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface EnqueueOptions {
  /**
   * While a job with this key waits in the queue, enqueueing another with the same key returns the
   * waiting one: a feed item seen by two polls before it is fetched is fetched once. (Once the job
   * runs, the key is free again, so a running feed poll can schedule its next poll under it.)
   */
  dedupeKey?: string;
  /** Default 5. */
  maxAttempts?: number;
  /** Run no sooner than this; default now. */
  runAt?: Date;
}

/** A claimed job and the proof of the claim: completing or failing it needs both. */
export interface Lease {
  job: Job;
  /** The attempt number the lease was granted for; a later claim of the same job holds another. */
  attempt: number;
  workerId: string;
}

export interface QueueCounts {
  queued: number;
  running: number;
  done: number;
  dead: number;
}

export interface ListJobsOptions {
  state?: JobState;
  kind?: string;
  /** At most this many, newest first; default 50. */
  limit?: number;
}

/**
 * A durable job queue shared by any number of worker processes. Delivery is at least once: a job
 * whose worker dies is run again once its lease runs out, so handlers must be idempotent (storing an
 * article is: the same URL and text is stored once).
 */
export interface JobQueue {
  enqueue(kind: string, payload: JobPayload, options?: EnqueueOptions): Promise<Job>;
  /** Takes the next due job of these kinds (any kind when empty) for `leaseMs`, or null when none is due. */
  claim(workerId: string, kinds: readonly string[], leaseMs: number): Promise<Lease | null>;
  /** Extends a lease still held; false when it was lost (expired and taken by another worker). */
  renew(lease: Lease, leaseMs: number): Promise<boolean>;
  /** Marks the job done; false when the lease was lost, in which case the job's new holder finishes it. */
  complete(lease: Lease): Promise<boolean>;
  /**
   * Records a failed attempt: back to the queue after a backoff, or `dead` after the last attempt
   * (at once when `permanent`, for errors no retry can mend). False when the lease was lost.
   */
  fail(lease: Lease, error: string, options?: { permanent?: boolean }): Promise<boolean>;
  /** Puts running jobs whose lease ran out back in the queue (or `dead` if out of attempts); returns how many. */
  reclaimExpired(): Promise<number>;
  /** Puts a dead job back in the queue with its attempts reset. */
  retry(jobId: string): Promise<Job>;
  get(jobId: string): Promise<Job>;
  list(options?: ListJobsOptions): Promise<Job[]>;
  counts(): Promise<QueueCounts>;
  close(): Promise<void>;
}
