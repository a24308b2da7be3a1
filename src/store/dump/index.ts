import type { ImportOptions } from './import-driver.ts';
import type { DumpCounts, DumpRecord } from './tables.ts';

export {
  createDumpDigest,
  DUMP_FORMAT,
  type DumpDigest,
  type DumpHeader,
  type DumpReader,
  type DumpTrailer,
  digestRecords,
  dumpHeader,
  readDump,
  writeDump,
} from './format.ts';
export type { ImportOptions } from './import-driver.ts';
export { parseDumpRecord } from './records.ts';
export {
  DUMP_TABLES,
  DUMP_TYPES,
  type DumpCounts,
  type DumpRecord,
  type DumpTable,
  type DumpType,
  type DumpValue,
  emptyCounts,
} from './tables.ts';

/** Reading out and writing back a whole ledger: backups, restores and moves between stores. */
export interface DumpStore {
  /**
   * Every row of the ledger as dump records, in dump order (see `DUMP_TYPES`), read in batches from
   * one snapshot: writes made while the export runs are not in it.
   */
  exportRecords(options?: { batchSize?: number }): AsyncIterable<DumpRecord>;
  /**
   * Writes exported records into this store, which must be empty (else a 409 `store-not-empty`),
   * keeping their ids, in one transaction: a record that fails its check (a 400 naming its line) or
   * the database leaves the store as empty as it was. Rebuilds the full-text index; returns the count
   * of records of each type.
   */
  importRecords(records: AsyncIterable<unknown>, options?: ImportOptions): Promise<DumpCounts>;
}
