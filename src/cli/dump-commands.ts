import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import { InputError, resolveSettings } from '../core/index.ts';
import {
  DUMP_TYPES,
  type DumpCounts,
  type DumpRecord,
  digestRecords,
  openStore,
  parseStoreTarget,
  readDump,
  type Store,
  StoreError,
  writeDump,
} from '../store/index.ts';

export interface DumpEnvironment {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  stderrIsTTY: boolean;
  /** What `import -` reads; standard input by default. */
  stdin?: Readable;
  /**
   * Resolves once standard output can take more, so a slow reader holds the export back: true, or
   * false when the reader has gone (`claimtrail export | head`) and the export should stop.
   */
  drained?: () => Promise<boolean>;
}

type Configure = (command: Command, helpCommand: string) => Command;

/** Export output is handed over in chunks of about this many characters. */
const CHUNK_CHARACTERS = 64 * 1024;

const dbOption = (what: string) =>
  new Option(
    '--db <store>',
    `the ledger ${what}: a SQLite file or a postgres:// URL (default: claimtrail.db, env CLAIMTRAIL_DB)`,
  );

function processDrained(): Promise<boolean> {
  const stdout = process.stdout;
  if (stdout.destroyed) return Promise.resolve(false);
  if (!stdout.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = () => {
      stdout.off('drain', settle);
      stdout.off('close', settle);
      stdout.off('error', settle);
      resolve(!stdout.destroyed);
    };
    stdout.on('drain', settle);
    stdout.on('close', settle);
    stdout.on('error', settle);
  });
}

/**
 * Opens a store that must already hold a ledger: a SQLite path that names no file is refused
 * rather than created empty, since exporting or moving an empty new file is always a typo.
 */
async function openExisting(target: string): Promise<Store> {
  const location = parseStoreTarget(target);
  if (location.dialect === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    throw new StoreError(
      'no-ledger',
      `there is no ledger at ${location.path}; give the file with --db or --from`,
      {
        status: 400,
      },
    );
  }
  return openStore(target);
}

async function closing<T>(stores: Store[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    for (const store of stores) await store.close();
  }
}

/** Counts records on one rewritten stderr line, only when stderr is a terminal. */
function createCounter(environment: DumpEnvironment, verb: string) {
  let count = 0;
  let drawn = 0;
  const draw = () => environment.stderr(`\r${verb} ${count} records `);
  return {
    records<Item>(items: AsyncIterable<Item>): AsyncIterable<Item> {
      return (async function* () {
        for await (const item of items) {
          count += 1;
          if (environment.stderrIsTTY && performance.now() - drawn > 100) {
            drawn = performance.now();
            draw();
          }
          yield item;
        }
      })();
    },
    done() {
      if (!environment.stderrIsTTY) return;
      draw();
      environment.stderr('\n');
    },
  };
}

function describeCounts(counts: DumpCounts): string {
  return DUMP_TYPES.map((type) => `${counts[type]} ${type}`).join(', ');
}

/** Reads every record, keeping none: what a checksum of a whole store needs. */
async function drain(records: AsyncIterable<DumpRecord>): Promise<void> {
  // Only the digest wrapped around `records` needs them.
  for await (const record of records) void record;
}

/** `export`, `import` and `migrate`: backups, restores and moving a ledger between stores. */
export function registerDumpCommands(
  program: Command,
  environment: DumpEnvironment,
  configure: Configure,
): void {
  const databaseOf = (db: string | undefined) =>
    resolveSettings(db ? { database: db } : {}, environment.env).database;

  configure(
    program
      .command('export')
      .description(
        'write the whole ledger (articles, claims, clusters, evidence, history, verdicts, tokens, watches, alerts) to stdout as claimtrail.export/1 JSON Lines',
      )
      .addOption(dbOption('to export')),
    'claimtrail export --help',
  ).action(async (options: { db?: string }) => {
    const store = await openExisting(databaseOf(options.db));
    const drained = environment.drained ?? processDrained;
    const counter = createCounter(environment, 'exported');
    await closing([store], async () => {
      let chunk = '';
      for await (const line of writeDump(counter.records(store.exportRecords()), {
        dialect: store.dialect,
      })) {
        chunk += line;
        if (chunk.length < CHUNK_CHARACTERS) continue;
        environment.stdout(chunk);
        chunk = '';
        if (!(await drained())) return;
      }
      environment.stdout(chunk);
      counter.done();
    });
  });

  configure(
    program
      .command('import')
      .description('restore a ledger written by claimtrail export into an empty store (SQLite or PostgreSQL)')
      .argument('<file>', 'the export file, or - to read standard input')
      .addOption(dbOption('to restore into; it must be empty')),
    'claimtrail import --help',
  ).action(async (file: string, options: { db?: string }) => {
    let input: Readable;
    if (file === '-') input = environment.stdin ?? process.stdin;
    else if (!existsSync(file))
      throw new InputError('file-not-found', `no export file at ${file}; give its path or - for stdin`);
    else if (!statSync(file).isFile())
      throw new InputError('not-a-file', `${file} is not a file; give the file claimtrail export wrote`);
    else input = createReadStream(file);
    const reader = await readDump(input, file === '-' ? 'standard input' : file);
    const target = databaseOf(options.db);
    const store = await openStore(target);
    const counter = createCounter(environment, 'imported');
    await closing([store], async () => {
      const counts = await store.importRecords(counter.records(reader.records), {
        firstLine: reader.firstLine,
      });
      counter.done();
      const total = DUMP_TYPES.reduce((sum, type) => sum + counts[type], 0);
      environment.stdout(`imported ${total} records: ${describeCounts(counts)}\n`);
      await reportIntegrity(store, environment);
    });
  });

  configure(
    program
      .command('migrate')
      .description(
        'copy a whole ledger into another, empty store (e.g. SQLite to PostgreSQL), then check that the counts and the sha256 of both exports match',
      )
      .requiredOption(
        '--from <store>',
        'the ledger to copy: a SQLite file (sqlite:FILE) or a postgres:// URL',
      )
      .requiredOption('--to <store>', 'the empty store to copy it into: a postgres:// URL or a SQLite file'),
    'claimtrail migrate --help',
  ).action(async (options: { from: string; to: string }) => {
    const source = await openExisting(options.from);
    const stores = [source];
    await closing(stores, async () => {
      const target = await openStore(options.to);
      stores.push(target);
      const counter = createCounter(environment, 'copied');
      const copied = digestRecords(source.exportRecords());
      const imported = await target.importRecords(counter.records(copied.records));
      counter.done();
      const fresh = digestRecords(target.exportRecords());
      await drain(fresh.records);
      const before = copied.result();
      const after = fresh.result();
      const lines = ['type\tsource\ttarget'];
      for (const type of DUMP_TYPES) lines.push(`${type}\t${before.counts[type]}\t${after.counts[type]}`);
      lines.push(`sha256\t${before.sha256}\t${after.sha256}`);
      environment.stdout(`${lines.join('\n')}\n`);
      const countsMatch = DUMP_TYPES.every(
        (type) => before.counts[type] === after.counts[type] && imported[type] === before.counts[type],
      );
      if (!countsMatch || before.sha256 !== after.sha256) {
        throw new StoreError(
          'migrate-mismatch',
          `the copy in ${options.to} does not match ${options.from} (${countsMatch ? 'checksums' : 'counts'} differ); do not switch to it, and report this`,
        );
      }
      environment.stdout('verified: every count and the sha256 of both exports match\n');
      await reportIntegrity(target, environment);
    });
  });
}

/** Prints what checkIntegrity finds in a store just written, and fails when it finds anything. */
async function reportIntegrity(store: Store, environment: DumpEnvironment): Promise<void> {
  const problems = await store.checkIntegrity();
  if (problems.length === 0) return;
  for (const problem of problems) environment.stderr(`claimtrail: integrity: ${problem}\n`);
  throw new StoreError(
    'integrity',
    `the ledger written has ${problems.length} integrity problems (listed above); compare with the source before relying on it`,
  );
}
