import {
  type Analysis,
  type ArticleInput,
  analysisSchema,
  resolveSettings,
  type Settings,
} from '../core/index.ts';
import { loadModels } from '../models/index.ts';
import { createPipeline, toAnalysis } from '../pipeline/index.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Reads one article from a path, or from standard input when the path is `-`. */
export type ArticleReader = (path: string, options: { maxBytes: number }) => Promise<ArticleInput>;

/** What `analyze` needs from the outside world; `main` passes the real process, tests pass fakes. */
export interface AnalyzeEnvironment {
  stdout: (text: string) => void;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  readArticle: ArticleReader;
}

/** The options of `claimtrail analyze` as parsed from the command line; unset ones fall back to settings. */
export interface AnalyzeOptions {
  format?: OutputFormat;
  maxInput?: number;
  threshold?: number;
  color: boolean;
}

/**
 * Runs `claimtrail analyze <file>`: reads the article, analyzes it and writes the report to stdout.
 * Errors (unreadable input, bad settings) are thrown for `main` to report.
 */
export async function runAnalyze(
  file: string,
  options: AnalyzeOptions,
  environment: AnalyzeEnvironment,
): Promise<void> {
  const overrides: Partial<Settings> = {};
  if (options.maxInput !== undefined) overrides.maxInputBytes = options.maxInput;
  if (options.threshold !== undefined) overrides.claimThreshold = options.threshold;
  const settings = resolveSettings(overrides, environment.env);

  const input = await environment.readArticle(file, { maxBytes: settings.maxInputBytes });
  const doc = createPipeline({ settings, models: loadModels() }).analyze(input);
  const analysis = analysisSchema.parse(toAnalysis(doc));

  const format = options.format ?? (environment.stdoutIsTTY ? 'text' : 'json');
  environment.stdout(`${formatAnalysis(analysis, input.text, format, colorWanted(options, environment))}\n`);
}

function formatAnalysis(analysis: Analysis, text: string, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return JSON.stringify(analysis, null, 2);
    case 'markdown':
      return renderMarkdown(analysis);
    case 'text':
      return renderText(analysis, { color, text });
  }
}

/** Color only on a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color given. */
function colorWanted(options: AnalyzeOptions, environment: AnalyzeEnvironment): boolean {
  const noColor = environment.env.NO_COLOR;
  return options.color && environment.stdoutIsTTY && (noColor === undefined || noColor === '');
}
