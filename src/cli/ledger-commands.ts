import { type Command, Option } from 'commander';
import { resolveSettings } from '../core/index.ts';
import { createFetcher } from '../ingest/index.ts';
import { openLedger, readDossier } from '../ledger/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { CLUSTER_SORTS, type ClusterSort, openStore, type Store } from '../store/index.ts';
import { articleSources } from './inputs.ts';
import { createProgress } from './progress.ts';
import { renderClusterList, renderDossierMarkdown, renderDossierText } from './render-ledger.ts';

export interface LedgerEnvironment {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

type Configure = (command: Command, helpCommand: string) => Command;

async function withStore<T>(
  database: string | undefined,
  environment: LedgerEnvironment,
  run: (store: Store) => Promise<T>,
): Promise<T> {
  const settings = resolveSettings(database ? { database } : {}, environment.env);
  const store = await openStore(settings.database);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

const dbOption = () =>
  new Option('--db <path>', 'the ledger database (default: claimtrail.db, env CLAIMTRAIL_DB)');

/** `ingest`, `claims` and `claim`: the ledger's commands. */
export function registerLedgerCommands(
  program: Command,
  environment: LedgerEnvironment,
  configure: Configure,
  setExitCode: (code: number) => void,
): void {
  configure(
    program
      .command('ingest')
      .description(
        'analyze and store articles: files, directories (.txt .md .html .json .jsonl), URLs, or - for stdin',
      )
      .argument('<sources...>', 'files, directories, http(s) URLs, or -')
      .addOption(dbOption())
      .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text')),
    'claimtrail ingest --help',
  ).action(async (paths: string[], options: { db?: string; format: 'text' | 'json' }) => {
    const settings = resolveSettings(options.db ? { database: options.db } : {}, environment.env);
    const sources = await articleSources(paths, {
      maxBytes: settings.maxInputBytes,
      fetcher: () =>
        createFetcher({
          allowPrivate: settings.allowPrivateAddresses,
          timeoutMs: settings.fetchTimeoutMs,
          maxBytes: settings.maxInputBytes,
        }),
    });
    await withStore(options.db, environment, async (store) => {
      const ledger = await openLedger({
        store,
        pipeline: createPipeline({ settings, models: loadModels() }),
      });
      const progress = createProgress(sources.length, {
        write: environment.stderr,
        enabled: environment.stderrIsTTY,
        noun: 'articles',
      });
      const summary = {
        articles: sources.length,
        created: 0,
        versions: 0,
        unchanged: 0,
        copies: 0,
        failed: 0,
        claims: 0,
        joined: 0,
        started: 0,
      };
      const failures: string[] = [];
      for (const source of sources) {
        try {
          const outcome = await ledger.ingest(await source.load());
          if (outcome.status === 'created') summary.created += 1;
          else if (outcome.status === 'new-version') summary.versions += 1;
          else summary.unchanged += 1;
          if (outcome.copyOf && outcome.status === 'created') summary.copies += 1;
          if (outcome.status !== 'unchanged') {
            summary.claims += outcome.claims;
            summary.joined += outcome.joined;
            summary.started += outcome.started;
          }
        } catch (error) {
          summary.failed += 1;
          const message = (error as Error).message;
          failures.push(message.includes(source.label) ? message : `${source.label}: ${message}`);
        }
        progress.tick();
      }
      progress.done();
      for (const failure of failures) environment.stderr(`claimtrail: ${failure.replace(/\s+/g, ' ')}\n`);
      if (options.format === 'json') environment.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        environment.stdout(
          `${summary.articles} articles: ${summary.created} new (${summary.copies} copies), ${summary.versions} new versions, ` +
            `${summary.unchanged} unchanged, ${summary.failed} failed; ${summary.claims} claims, ` +
            `${summary.joined} joined existing clusters, ${summary.started} started new ones\n`,
        );
      }
      if (summary.failed > 0) setExitCode(2);
    });
  });

  configure(
    program
      .command('claims')
      .description('list claim clusters, by traction or recency')
      .option('--search <text>', 'only clusters whose claims contain these words')
      .addOption(new Option('--sort <sort>', 'order').choices(CLUSTER_SORTS).default('traction'))
      .addOption(
        new Option('--limit <n>', 'how many')
          .default(20)
          .argParser((raw) => Math.max(1, Math.min(500, Number.parseInt(raw, 10) || 20))),
      )
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addOption(dbOption()),
    'claimtrail claims --help',
  ).action(
    async (options: {
      search?: string;
      sort: ClusterSort;
      limit: number;
      format: 'text' | 'json';
      db?: string;
    }) => {
      await withStore(options.db, environment, async (store) => {
        const page = await store.listClusters({
          sort: options.sort,
          limit: options.limit,
          ...(options.search ? { search: options.search } : {}),
        });
        environment.stdout(
          options.format === 'json'
            ? `${JSON.stringify(page.items, null, 2)}\n`
            : renderClusterList(page.items, page.total),
        );
      });
    },
  );

  configure(
    program
      .command('claim')
      .description(
        "print a claim cluster's dossier: where it has been, traction, hedging, independent sources",
      )
      .argument('<id>', 'cluster id (from claimtrail claims)')
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['text', 'json', 'markdown'])
          .default('text'),
      )
      .addOption(dbOption()),
    'claimtrail claim --help',
  ).action(async (id: string, options: { format: 'text' | 'json' | 'markdown'; db?: string }) => {
    await withStore(options.db, environment, async (store) => {
      const dossier = await readDossier(store, id);
      if (options.format === 'json') environment.stdout(`${JSON.stringify(dossier, null, 2)}\n`);
      else if (options.format === 'markdown') environment.stdout(renderDossierMarkdown(dossier));
      else environment.stdout(renderDossierText(dossier));
    });
  });
}
