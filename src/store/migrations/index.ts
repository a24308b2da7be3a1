import { initial } from './0001-initial.ts';
import { review } from './0002-review.ts';

/**
 * One step of the schema. Versions are numbered from 1 without gaps, and every store dialect applies
 * the same numbered steps, so a version number names the same logical schema everywhere.
 */
export interface Migration {
  version: number;
  /** Kebab-case, as in the file name `0001-initial.ts`. */
  name: string;
  /** The SQLite statements of this step. */
  sqlite: string;
  /** The PostgreSQL statements of the same step, run in one transaction. */
  postgres: string;
}

/** Every migration, oldest first. A new step is a new numbered file added at the end. */
export const MIGRATIONS: readonly Migration[] = [initial, review];

/** The schema version this code writes: the last migration's. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
