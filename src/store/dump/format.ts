import { createHash, type Hash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { LATEST_SCHEMA_VERSION } from '../migrations/index.ts';
import { DUMP_TYPES, type DumpCounts, type DumpRecord, emptyCounts } from './tables.ts';

/*
 * The dump file, `claimtrail.export/1`: JSON Lines, one object a line.
 *   line 1      the header: format, schema version, when and from which kind of store it was written;
 *   then        one record a line, every record of one type before the next type (see DUMP_TYPES);
 *   last line   the trailer: the count of records of each type and the sha256 of the record lines
 *               (each line's UTF-8 bytes followed by "\n"), so a cut or edited file is told apart
 *               from a whole one.
 */

export const DUMP_FORMAT = 'claimtrail.export/1';

const HEADER_SCHEMA = z.object({
  format: z.string(),
  schemaVersion: z.number().int().min(1),
  exportedAt: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
});
export type DumpHeader = z.infer<typeof HEADER_SCHEMA>;

const TRAILER_SCHEMA = z.strictObject({
  type: z.literal('trailer'),
  counts: z.record(z.string(), z.number().int().min(0)),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DumpTrailer = z.infer<typeof TRAILER_SCHEMA>;

/** The header line of a dump written now from a store of `dialect`. */
export function dumpHeader(dialect: 'sqlite' | 'postgres', exportedAt: Date = new Date()): DumpHeader {
  return {
    format: DUMP_FORMAT,
    schemaVersion: LATEST_SCHEMA_VERSION,
    exportedAt: exportedAt.toISOString(),
    dialect,
  };
}

/** Counts and the running sha256 of record lines, as the writer and the reader both keep them. */
export interface DumpDigest {
  /** Adds one record line (without its newline). */
  add(line: string, type: DumpRecord['type']): void;
  counts: DumpCounts;
  /** The hex sha256 of the lines added so far; call once, at the end. */
  digest(): string;
}

export function createDumpDigest(): DumpDigest {
  const hash: Hash = createHash('sha256');
  const counts = emptyCounts();
  return {
    add(line, type) {
      hash.update(line);
      hash.update('\n');
      counts[type] += 1;
    },
    counts,
    digest: () => hash.digest('hex'),
  };
}

/**
 * The lines of a dump of `records`, each ending in a newline: header, records, trailer. Serializing
 * is deterministic (fields in table order), so two exports of equal ledgers have equal checksums.
 *
 * @example
 * for await (const line of writeDump(store.exportRecords(), { dialect: store.dialect })) process.stdout.write(line);
 */
export async function* writeDump(
  records: AsyncIterable<DumpRecord>,
  options: { dialect: 'sqlite' | 'postgres'; now?: Date; onRecord?: (count: number) => void },
): AsyncGenerator<string> {
  yield `${JSON.stringify(dumpHeader(options.dialect, options.now))}\n`;
  const digest = createDumpDigest();
  let count = 0;
  for await (const record of records) {
    const line = JSON.stringify(record);
    digest.add(line, record.type);
    count += 1;
    options.onRecord?.(count);
    yield `${line}\n`;
  }
  const trailer: DumpTrailer = { type: 'trailer', counts: digest.counts, sha256: digest.digest() };
  yield `${JSON.stringify(trailer)}\n`;
}

/** Passes records through unchanged while computing what a dump of them would say in its trailer. */
export function digestRecords(records: AsyncIterable<DumpRecord>): {
  records: AsyncIterable<DumpRecord>;
  result: () => { counts: DumpCounts; sha256: string };
} {
  const digest = createDumpDigest();
  let sha256: string | undefined;
  return {
    records: (async function* () {
      for await (const record of records) {
        digest.add(JSON.stringify(record), record.type);
        yield record;
      }
    })(),
    result: () => {
      sha256 ??= digest.digest();
      return { counts: digest.counts, sha256 };
    },
  };
}

function invalid(message: string): StoreError {
  return new StoreError('invalid-dump', message, { status: 400 });
}

/** A dump being read: its header, and its records to be consumed once, in order. */
export interface DumpReader {
  header: DumpHeader;
  /** Parsed record objects (checked by the store that imports them); throws at a bad line or a bad end. */
  records: AsyncIterable<unknown>;
  /** The line number of the first record, for the importer's messages. */
  firstLine: number;
  /** The trailer, once `records` has been read to the end. */
  trailer(): DumpTrailer | undefined;
}

/**
 * Opens a dump from a stream, reading it one line at a time: checks the header now, and as the
 * records are consumed, that each line is JSON and that the trailer's counts and checksum match what
 * came before it. A file cut short (no trailer), edited, or with lines after the trailer fails with a
 * 400 `invalid-dump` StoreError naming the line.
 */
export async function readDump(input: Readable, name = 'the dump'): Promise<DumpReader> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw invalid(`${name} is empty; give a file written by claimtrail export`);
  let header: DumpHeader;
  try {
    header = HEADER_SCHEMA.parse(JSON.parse(first.value));
  } catch {
    throw invalid(
      `line 1 of ${name} is not a claimtrail export header; give a file written by claimtrail export`,
    );
  }
  if (header.format !== DUMP_FORMAT) {
    throw invalid(`${name} is in format "${header.format}"; this claimtrail reads ${DUMP_FORMAT}`);
  }
  if (header.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw invalid(
      `${name} was written at schema version ${header.schemaVersion}, newer than this claimtrail's ${LATEST_SCHEMA_VERSION}; upgrade claimtrail to import it`,
    );
  }
  let trailer: DumpTrailer | undefined;

  async function* records(): AsyncGenerator<unknown> {
    const digest = createDumpDigest();
    let line = 1;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      line += 1;
      const text = next.value;
      if (trailer) {
        if (text.trim() === '') continue;
        throw invalid(`line ${line} of ${name} follows the trailer; the file was altered after export`);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw invalid(
          `line ${line} of ${name} is not JSON (a cut or damaged file?); export the ledger again`,
        );
      }
      if ((value as { type?: unknown } | null)?.type === 'trailer') {
        trailer = checkTrailer(value, line, digest);
        continue;
      }
      const type = (value as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && (DUMP_TYPES as readonly string[]).includes(type)) {
        digest.add(text, type as DumpRecord['type']);
      }
      yield value;
    }
    if (!trailer) {
      throw invalid(
        `${name} ends at line ${line} without its trailer: the file is cut short; export the ledger again`,
      );
    }
  }

  function checkTrailer(value: unknown, line: number, digest: DumpDigest): DumpTrailer {
    const parsed = TRAILER_SCHEMA.safeParse(value);
    if (!parsed.success) throw invalid(`line ${line} of ${name}: the trailer is malformed`);
    for (const type of DUMP_TYPES) {
      const expected = parsed.data.counts[type] ?? 0;
      if (expected !== digest.counts[type]) {
        throw invalid(
          `line ${line} of ${name}: the trailer counts ${expected} ${type} records but the file holds ${digest.counts[type]}; the file is incomplete or altered`,
        );
      }
    }
    const actual = digest.digest();
    if (actual !== parsed.data.sha256) {
      throw invalid(
        `line ${line} of ${name}: the records' sha256 is ${actual} but the trailer says ${parsed.data.sha256}; the file was altered after export`,
      );
    }
    return parsed.data;
  }

  return { header, records: records(), firstLine: 2, trailer: () => trailer };
}
