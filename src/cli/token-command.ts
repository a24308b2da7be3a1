import { type Command, Option } from 'commander';
import { resolveSettings } from '../core/index.ts';
import { createApiToken } from '../review/index.ts';
import { openStore, ROLES, type Role, type Store, type TokenRecord } from '../store/index.ts';
import type { LedgerEnvironment } from './ledger-commands.ts';

async function withStore<T>(
  db: string | undefined,
  environment: LedgerEnvironment,
  run: (store: Store) => Promise<T>,
) {
  const settings = resolveSettings(db ? { database: db } : {}, environment.env);
  const store = await openStore(settings.database);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function describeToken(token: TokenRecord): string {
  const state = token.revokedAt ? `revoked ${token.revokedAt}` : `last used ${token.lastUsedAt ?? 'never'}`;
  return `${token.id}\t${token.role}\t${token.name}\tcreated ${token.createdAt}\t${state}`;
}

const dbOption = () =>
  new Option('--db <path>', 'the ledger database (default: claimtrail.db, env CLAIMTRAIL_DB)');

/** `claimtrail token create|list|revoke`: API tokens for the review desk. */
export function registerTokenCommands(
  program: Command,
  environment: LedgerEnvironment,
  configure: (command: Command, helpCommand: string) => Command,
): void {
  const token = configure(
    program.command('token').description('manage API tokens for the review desk (create, list, revoke)'),
    'claimtrail token --help',
  );

  configure(
    token
      .command('create')
      .description('create a token and print its secret once (only its hash is stored)')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .option('--name <name>', 'who or what uses it, recorded as the author of reviews', '')
      .addOption(dbOption()),
    'claimtrail token create --help',
  ).action(async (options: { role: Role; name: string; db?: string }) => {
    await withStore(options.db, environment, async (store) => {
      const name = options.name.trim() || `${options.role} token`;
      const { secret, token: record } = await createApiToken(store, { name, role: options.role });
      environment.stdout(`${secret}\n`);
      environment.stderr(
        `created token ${record.id} (${record.role}, "${record.name}"); the secret above is shown only this once\n`,
      );
    });
  });

  configure(
    token.command('list').description('list tokens (never their secrets)').addOption(dbOption()),
    'claimtrail token list --help',
  ).action(async (options: { db?: string }) => {
    await withStore(options.db, environment, async (store) => {
      const tokens = await store.listTokens();
      environment.stdout(tokens.length === 0 ? 'no tokens\n' : `${tokens.map(describeToken).join('\n')}\n`);
    });
  });

  configure(
    token
      .command('revoke')
      .description('revoke a token; requests with it are refused from then on')
      .argument('<id>', 'token id (from claimtrail token list)')
      .addOption(dbOption()),
    'claimtrail token revoke --help',
  ).action(async (id: string, options: { db?: string }) => {
    await withStore(options.db, environment, async (store) => {
      const record = await store.revokeToken(id);
      environment.stdout(`${describeToken(record)}\n`);
    });
  });
}
