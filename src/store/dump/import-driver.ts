import { ClaimtrailError } from '../../core/errors.ts';
import { StoreError } from '../errors.ts';
import { parseDumpRecord } from './records.ts';
import {
  DUMP_TYPES,
  type DumpCounts,
  type DumpRecord,
  type DumpTable,
  dumpTable,
  emptyCounts,
} from './tables.ts';

/** What a store does for an import, inside the one transaction the import runs in. */
export interface ImportSink {
  /** The store's name in messages: its file or its URL without the password. */
  shown: string;
  /** True when no table of the ledger holds a row. */
  isEmpty(): Promise<boolean>;
  /**
   * Inserts records of one table with their ids, leaving deferred columns NULL. `firstLine` is the
   * dump line of the first record, for a sink that can tell which record failed.
   */
  insert(table: DumpTable, records: readonly DumpRecord[], firstLine: number): Promise<void>;
  /** Sets the deferred columns of records inserted earlier. */
  link(table: DumpTable, records: readonly DumpRecord[]): Promise<void>;
  /** Rebuilds what is derived from the rows: full-text index, key sequences. */
  finish(): Promise<void>;
  /** Turns a database failure into a StoreError naming the store. */
  errorFrom(error: unknown): unknown;
}

export interface ImportOptions {
  /** The line of the dump the first record was read from (the header is line 1), for messages. */
  firstLine?: number;
  /** Records inserted per statement or batch. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 200;

/** A failure of the records from `first` to `last`, told with their lines (unless it names one). */
export function atLines(error: unknown, first: number, last: number): unknown {
  if (!(error instanceof ClaimtrailError) || /^lines? \d/.test(error.message)) return error;
  const where = first === last ? `line ${first}` : `lines ${first}-${last}`;
  return new StoreError(error.code, `${where}: ${error.message}`, { status: error.status, cause: error });
}

/**
 * Feeds dump records to a store: checks each (a 400 naming its line), checks that types come in dump
 * order, inserts them in batches of one type, then sets the links that may point forward and rebuilds
 * derived state. Refuses a store that holds anything with a 409. The caller runs this inside one
 * transaction and rolls it back when it throws.
 */
export async function runImport(
  records: AsyncIterable<unknown>,
  sink: ImportSink,
  options: ImportOptions = {},
): Promise<DumpCounts> {
  const { firstLine = 1, batchSize = DEFAULT_BATCH_SIZE } = options;
  if (!(await sink.isEmpty())) {
    throw new StoreError(
      'store-not-empty',
      `${sink.shown} already holds a ledger; import into a new, empty store (or a new PostgreSQL schema)`,
      { status: 409 },
    );
  }
  const counts = emptyCounts();
  const deferred = new Map<DumpTable, DumpRecord[]>();
  let batch: DumpRecord[] = [];
  let batchTable: DumpTable | undefined;
  let batchStart = firstLine;
  let line = firstLine - 1;
  let lastTypeIndex = 0;

  const flush = async () => {
    if (!batchTable || batch.length === 0) return;
    try {
      await sink.insert(batchTable, batch, batchStart);
    } catch (error) {
      throw atLines(sink.errorFrom(error), batchStart, batchStart + batch.length - 1);
    }
    batch = [];
  };

  for await (const value of records) {
    line += 1;
    const record = parseDumpRecord(value, line);
    const typeIndex = DUMP_TYPES.indexOf(record.type);
    if (typeIndex < lastTypeIndex) {
      throw new StoreError(
        'invalid-dump',
        `line ${line}: a ${record.type} record after ${DUMP_TYPES[lastTypeIndex]} records; a dump lists ${DUMP_TYPES.join(', ')} in that order`,
        { status: 400 },
      );
    }
    lastTypeIndex = typeIndex;
    const table = dumpTable(record.type);
    if (table !== batchTable || batch.length >= batchSize) {
      await flush();
      batchTable = table;
      batchStart = line;
    }
    batch.push(record);
    counts[record.type] += 1;
    const links = table.columns.filter((column) => column.deferred);
    if (links.some((column) => record[column.field] !== null)) {
      const slim: DumpRecord = { type: record.type, id: record.id ?? null };
      for (const column of links) slim[column.field] = record[column.field] ?? null;
      const pending = deferred.get(table) ?? [];
      pending.push(slim);
      deferred.set(table, pending);
    }
  }
  await flush();
  try {
    for (const [table, pending] of deferred) {
      for (let start = 0; start < pending.length; start += batchSize) {
        await sink.link(table, pending.slice(start, start + batchSize));
      }
    }
    await sink.finish();
  } catch (error) {
    throw sink.errorFrom(error);
  }
  return counts;
}
