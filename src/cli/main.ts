import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isClaimtrailError, SETTINGS } from '../core/index.ts';
import { readArticleFile } from '../ingest/index.ts';
import { type AnalyzeEnvironment, type AnalyzeOptions, OUTPUT_FORMATS, runAnalyze } from './analyze.ts';
import { registerDumpCommands } from './dump-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerTokenCommands } from './token-command.ts';
import { registerWatchCommand } from './watch-command.ts';
import { registerWorkerCommands } from './worker-command.ts';

/** Everything the CLI touches outside itself; each field defaults to the real process. */
export interface CliEnvironment extends AnalyzeEnvironment {
  stderr: (text: string) => void;
  stderrIsTTY: boolean;
}

/**
 * Runs the command line and returns the exit code: 0 on success, 2 for a usage or input mistake,
 * 1 for anything else. Never throws; every failure becomes one line on stderr.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], environment: Partial<CliEnvironment> = {}): Promise<number> {
  const cli: CliEnvironment = { ...processEnvironment(), ...environment };
  try {
    return await runCommandLine(argv, cli);
  } catch (error) {
    if (isClaimtrailError(error)) {
      cli.stderr(`claimtrail: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    cli.stderr(`claimtrail: internal error: ${oneLine(message)} (please report it)\n`);
    if (cli.env.CLAIMTRAIL_DEBUG && error instanceof Error && error.stack) cli.stderr(`${error.stack}\n`);
    return 1;
  }
}

function processEnvironment(): CliEnvironment {
  return {
    stdout: (text) => {
      if (!process.stdout.listeners('error').includes(ignoreClosedPipe)) {
        process.stdout.on('error', ignoreClosedPipe);
      }
      process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    readArticle: readArticleFile,
  };
}

/** A reader that stops early (`claimtrail analyze x | head`) closes the pipe; that is no error to report. */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

async function runCommandLine(argv: string[], cli: CliEnvironment): Promise<number> {
  // Commander reports a usage error by printing and exiting; instead it records the error here and
  // throws, so that `main` returns the exit code and prints exactly one line.
  let usageError: { message: string; helpCommand: string } | undefined;
  const quietOutput = (helpCommand: string) => ({
    writeOut: (text: string) => cli.stdout(text),
    writeErr: () => {},
    outputError: (text: string) => {
      usageError ??= { message: text, helpCommand };
    },
  });

  const program = new Command('claimtrail')
    .description(
      'Track claims across the news: what each article claims, by whom, on what evidence and how firmly; where each claim has spread and on how many independent sources it stands.',
    )
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput(quietOutput('claimtrail --help'));

  const analyze = program
    .command('analyze')
    .description('analyze one article (plain text) and report its claims, sources and signals')
    .argument('<file>', 'article text file, or - to read standard input')
    .addOption(
      new Option('--format <format>', 'output format (default: text on a terminal, json otherwise)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .addOption(
      new Option(
        '--max-input <size>',
        `largest input accepted, like 5MB or 500kB (default: ${formatBytes(SETTINGS.maxInputBytes.default)}, env ${SETTINGS.maxInputBytes.env})`,
      ).argParser(parseSize),
    )
    .addOption(
      new Option(
        '--threshold <0..1>',
        `check-worthiness at or above which a sentence is a claim (default: the model's recommended threshold, env ${SETTINGS.claimThreshold.env})`,
      ).argParser(parseThreshold),
    )
    .option('--no-color', 'plain text output without colors (also when NO_COLOR is set)')
    .exitOverride()
    .configureOutput(quietOutput('claimtrail analyze --help'))
    .action(async (file: string, options: AnalyzeOptions) => {
      await runAnalyze(file, options, cli);
    });
  analyze.helpOption('-h, --help', 'show help for analyze');

  // A command that completed but had failures (some articles of a batch) sets a non-zero exit code.
  let commandExitCode = 0;
  registerLedgerCommands(
    program,
    cli,
    (command, helpCommand) =>
      command.helpOption('-h, --help', 'show help').exitOverride().configureOutput(quietOutput(helpCommand)),
    (code) => {
      commandExitCode = code;
    },
  );
  registerWatchCommand(program, cli, (command, helpCommand) =>
    command.helpOption('-h, --help', 'show help').exitOverride().configureOutput(quietOutput(helpCommand)),
  );
  const configureCommand = (command: Command, helpCommand: string) =>
    command.helpOption('-h, --help', 'show help').exitOverride().configureOutput(quietOutput(helpCommand));
  registerServeCommand(program, cli, configureCommand);
  registerTokenCommands(program, cli, configureCommand);
  registerDumpCommands(program, cli, configureCommand);
  registerWorkerCommands(program, cli, (command, helpCommand) =>
    command.helpOption('-h, --help', 'show help').exitOverride().configureOutput(quietOutput(helpCommand)),
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return commandExitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and version requested on purpose exit 0; help shown because the command is missing does not.
    if (usageError === undefined && error.exitCode === 0) return 0;
    const reported = usageError ?? { message: 'missing command', helpCommand: 'claimtrail --help' };
    cli.stderr(`claimtrail: ${describeUsageError(reported.message)}; see ${reported.helpCommand}\n`);
    return 2;
  }
}

/** "error: unknown option '--x'\n(Did you mean --format?)" -> "unknown option '--x' (did you mean --format?)" */
function describeUsageError(message: string): string {
  return oneLine(message)
    .replace(/^error:\s*/i, '')
    .replace(/\(Did you mean/, '(did you mean')
    .replace(/\.$/, '');
}

function parseSize(raw: string): number {
  try {
    return SETTINGS.maxInputBytes.parse(raw);
  } catch {
    throw new InvalidArgumentError('Give a size like 5MB or 500kB.');
  }
}

function parseThreshold(raw: string): number {
  try {
    return SETTINGS.claimThreshold.parse(raw);
  } catch {
    throw new InvalidArgumentError('Give a number from 0 to 1.');
  }
}

function formatBytes(bytes: number): string {
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024}kB`;
  return `${bytes}B`;
}

function readVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(packageJson.version);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
