export { connectPool } from './connect.ts';
export {
  createIngestHandlers,
  INGEST_JOBS,
  type IngestJobsOptions,
  type PollFeedPayload,
} from './ingest-jobs.ts';
export {
  defaultBackoff,
  openPostgresQueue,
  type PostgresQueueOptions,
  QueueError,
} from './postgres-queue.ts';
export {
  type EnqueueOptions,
  JOB_STATES,
  type Job,
  type JobPayload,
  type JobQueue,
  type JobState,
  type Lease,
  type ListJobsOptions,
  type QueueCounts,
} from './types.ts';
export { type JobHandler, runWorker, type WorkerEvent, type WorkerOptions } from './worker.ts';
