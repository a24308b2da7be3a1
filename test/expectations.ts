import { readFileSync } from 'node:fs';
import { assert, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Analysis, analysisSchema, ENTITY_TYPES, SIGNAL_TYPES } from '../src/core/index.ts';
import { loadModels } from '../src/models/index.ts';
import { createPipeline, normalizeQuotes, type Pipeline, toAnalysis } from '../src/pipeline/index.ts';

/*
 * Expected-checks files (`*.expected.json`) say what an analysis of one article must and should find.
 * Each check picks the sentence whose text contains `sentence`, then states facts about it; a key ending
 * in `~` means "contains", any other key means "equals". Comparisons ignore case and curly quotes, since
 * annotators type straight quotes while articles use both.
 */

const expectedSignalSchema = z.strictObject({
  type: z.enum(SIGNAL_TYPES),
  'text~': z.string().min(1).optional(),
});

/** Dotted paths into an attribution (`source.name`, `cue.text~`), so a typo fails when the file loads. */
const attributionPath = z
  .string()
  .regex(/^[a-zA-Z]+(\.[a-zA-Z]+)*~?$/, 'expected a dotted path like source.name~');

const expectedCheckSchema = z.strictObject({
  sentence: z.string().min(1),
  isClaim: z.boolean().optional(),
  claimant: z.string().nullable().optional(),
  signals: z.array(expectedSignalSchema).optional(),
  attribution: z.record(attributionPath, z.string()).optional(),
  /** Why an annotator marked it; not checked. */
  note: z.string().optional(),
});

const expectedSummarySchema = z.strictObject({
  namedSources: z.array(z.string()).optional(),
  singleSource: z.boolean().optional(),
  evidenceAbsent: z.boolean().optional(),
  entities: z.partialRecord(z.enum(ENTITY_TYPES), z.array(z.string())).optional(),
});

/** The shape of an `*.expected.json` file; strict, so a misspelt key is an error rather than a skipped check. */
export const expectedFileSchema = z.strictObject({
  about: z.string().optional(),
  must: z.array(expectedCheckSchema),
  mustSummary: expectedSummarySchema.optional(),
  should: z.array(expectedCheckSchema).optional(),
  shouldSummary: expectedSummarySchema.optional(),
});

export type ExpectedSignal = z.infer<typeof expectedSignalSchema>;
export type ExpectedCheck = z.infer<typeof expectedCheckSchema>;
export type ExpectedSummary = z.infer<typeof expectedSummarySchema>;
export type ExpectedFile = z.infer<typeof expectedFileSchema>;
export type CheckLevel = 'must' | 'should';

export interface CheckResult {
  /** One line saying what was expected. */
  check: string;
  passed: boolean;
  /** What the analysis had instead; empty when the check passed. */
  detail: string;
}

type AnalysisSentence = Analysis['sentences'][number];
type AnalysisAttribution = Analysis['attributions'][number];

/**
 * Reads and validates an expected-checks file, naming the file and the offending key when it is malformed.
 *
 * @example
 * const expected = readExpectedFile('test/fixtures/bus-fares-quotes.expected.json');
 * expected.must.length; // 10
 */
export function readExpectedFile(path: string): ExpectedFile {
  const parsed = expectedFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `claimtrail test: ${path} is not a valid expected-checks file: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/**
 * Runs the checks of one level (`must` or `should`, each followed by its summary check) against an analysis.
 * One result per check, in file order, the summary last.
 *
 * @example
 * const results = checkExpectations(toAnalysis(doc), expected, 'must');
 * results.filter((result) => !result.passed).map((result) => result.detail);
 */
export function checkExpectations(
  analysis: Analysis,
  expected: ExpectedFile,
  level: CheckLevel,
): CheckResult[] {
  const checks = level === 'must' ? expected.must : (expected.should ?? []);
  const summary = level === 'must' ? expected.mustSummary : expected.shouldSummary;
  const results = checks.map((check) => checkSentence(analysis, check));
  if (summary) results.push(checkSummary(analysis, summary, level));
  return results;
}

/** How many results `checkExpectations` gives for a level: its checks plus one for its summary. */
export function countChecks(expected: ExpectedFile, level: CheckLevel): number {
  const checks = level === 'must' ? expected.must : (expected.should ?? []);
  const summary = level === 'must' ? expected.mustSummary : expected.shouldSummary;
  return checks.length + (summary ? 1 : 0);
}

/** One-line description of a sentence check, used as its test name. */
export function describeCheck(check: ExpectedCheck): string {
  const parts: string[] = [];
  if (check.isClaim !== undefined) parts.push(`isClaim=${check.isClaim}`);
  if (check.claimant !== undefined)
    parts.push(`claimant=${check.claimant === null ? 'null' : `"${check.claimant}"`}`);
  if (check.signals) parts.push(`signals[${check.signals.map(describeSignal).join(', ')}]`);
  if (check.attribution) {
    const pairs = Object.entries(check.attribution).map(([key, value]) => `${key}="${value}"`);
    parts.push(`attribution{${pairs.join(', ')}}`);
  }
  return `"${check.sentence}": ${parts.join('; ') || '(sentence exists)'}`;
}

/** One-line description of a summary check, used as its test name. */
export function describeSummary(summary: ExpectedSummary, level: CheckLevel): string {
  const parts: string[] = [];
  if (summary.namedSources) parts.push(`namedSources includes [${summary.namedSources.join(', ')}]`);
  if (summary.singleSource !== undefined) parts.push(`singleSource=${summary.singleSource}`);
  if (summary.evidenceAbsent !== undefined) parts.push(`evidenceAbsent=${summary.evidenceAbsent}`);
  for (const [type, names] of Object.entries(summary.entities ?? {})) {
    parts.push(`${type} entities include [${(names ?? []).join(', ')}]`);
  }
  return `${level}Summary: ${parts.join('; ')}`;
}

/** Checks one sentence check; the detail lists every part that failed and what the analysis had. */
export function checkSentence(analysis: Analysis, check: ExpectedCheck): CheckResult {
  const description = describeCheck(check);
  const found = findSentence(analysis, check.sentence);
  if (!found.sentence) return { check: description, passed: false, detail: found.note };
  const { sentence } = found;
  const failures = [
    check.isClaim === undefined ? undefined : isClaimFailure(sentence, check.isClaim),
    check.claimant === undefined ? undefined : claimantFailure(analysis, sentence, check.claimant),
    ...(check.signals ?? []).map((signal) => signalFailure(sentence, signal)),
    check.attribution === undefined ? undefined : attributionFailure(analysis, sentence, check.attribution),
  ].filter((failure): failure is string => failure !== undefined);
  const located = `sentence #${sentence.index} "${clip(sentence.text)}"${found.note ? ` (${found.note})` : ''}`;
  return {
    check: description,
    passed: failures.length === 0,
    detail: failures.length === 0 ? '' : [located, ...failures.map((failure) => `- ${failure}`)].join('\n'),
  };
}

/** Checks the article-level summary: named sources, single-source and evidence flags, entities by type. */
export function checkSummary(analysis: Analysis, summary: ExpectedSummary, level: CheckLevel): CheckResult {
  const failures: string[] = [];
  const { namedSources, singleSource, evidenceAbsent } = analysis.summary;
  const missingSources = (summary.namedSources ?? []).filter(
    (name) => !namedSources.some((named) => comparable(named) === comparable(name)),
  );
  if (missingSources.length > 0) {
    failures.push(`namedSources lacks ${quoteList(missingSources)}; it has ${quoteList(namedSources)}`);
  }
  if (summary.singleSource !== undefined && summary.singleSource !== singleSource) {
    failures.push(`singleSource is ${singleSource}, expected ${summary.singleSource}`);
  }
  if (summary.evidenceAbsent !== undefined && summary.evidenceAbsent !== evidenceAbsent) {
    failures.push(`evidenceAbsent is ${evidenceAbsent}, expected ${summary.evidenceAbsent}`);
  }
  for (const [type, names] of Object.entries(summary.entities ?? {})) {
    const ofType = analysis.entities.filter((entity) => entity.type === type);
    const missing = (names ?? []).filter(
      (name) =>
        !ofType.some(
          (entity) =>
            comparable(entity.canonical) === comparable(name) || comparable(entity.text) === comparable(name),
        ),
    );
    if (missing.length > 0) {
      const had = [...new Set(ofType.map((entity) => entity.canonical))];
      failures.push(`no ${type} entity ${quoteList(missing)}; ${type} entities are ${quoteList(had)}`);
    }
  }
  return {
    check: describeSummary(summary, level),
    passed: failures.length === 0,
    detail: failures.map((failure) => `- ${failure}`).join('\n'),
  };
}

/**
 * The first sentence whose text contains `needle`, or a note saying why none was picked. Several matches
 * still pick the first, but the note says so, since it usually means the needle is too short.
 */
function findSentence(analysis: Analysis, needle: string): { sentence?: AnalysisSentence; note: string } {
  const wanted = loose(needle);
  const matches = analysis.sentences.filter((sentence) => loose(sentence.text).includes(wanted));
  const [first] = matches;
  if (first) {
    const note = matches.length > 1 ? `${matches.length} sentences contain the text; took the first` : '';
    return { sentence: first, note };
  }
  if (analysis.sentences.length === 0)
    return { note: `no sentence contains "${needle}": the analysis has no sentences` };
  // A needle split across two sentences points at a sentence-boundary error; show where its start landed.
  const opening = loose(needle).split(' ').slice(0, 3).join(' ');
  const near = analysis.sentences.find((sentence) => loose(sentence.text).includes(opening));
  const hint = near ? `; sentence #${near.index} starts it: "${clip(near.text)}"` : '';
  return { note: `no sentence contains "${needle}" (${analysis.sentences.length} sentences)${hint}` };
}

function isClaimFailure(sentence: AnalysisSentence, expected: boolean): string | undefined {
  if (sentence.isClaim === expected) return undefined;
  return `isClaim is ${sentence.isClaim}, expected ${expected} (checkworthiness ${sentence.checkworthiness.toFixed(2)})`;
}

function claimantFailure(
  analysis: Analysis,
  sentence: AnalysisSentence,
  expected: string | null,
): string | undefined {
  const claims = analysis.claims.filter((claim) => claim.sentenceIndex === sentence.index);
  const wanted = expected === null ? null : comparable(expected);
  const matches = claims.some(
    (claim) => (claim.claimant === null ? null : comparable(claim.claimant)) === wanted,
  );
  if (matches) return undefined;
  const expectedText = expected === null ? 'null (the article itself)' : `"${expected}"`;
  if (claims.length === 0) {
    const elsewhere = [...new Set(analysis.claims.map((claim) => claim.sentenceIndex))];
    const where =
      elsewhere.length > 0 ? `claims are in sentences ${elsewhere.join(', ')}` : 'the analysis has no claims';
    return `claimant: no claim in this sentence (${where}); expected claimant ${expectedText}`;
  }
  const had = claims.map((claim) => (claim.claimant === null ? 'null' : `"${claim.claimant}"`)).join(', ');
  return `claimant is ${had}, expected ${expectedText}`;
}

function signalFailure(sentence: AnalysisSentence, expected: ExpectedSignal): string | undefined {
  const wantedText = expected['text~'];
  const found = sentence.signals.some(
    (signal) =>
      signal.type === expected.type &&
      (wantedText === undefined || comparable(signal.text).includes(comparable(wantedText))),
  );
  if (found) return undefined;
  const had =
    sentence.signals.length === 0
      ? 'the sentence has no signals'
      : `the sentence has ${sentence.signals.map((signal) => `${signal.type} "${signal.text}"`).join(', ')}`;
  return `no signal ${describeSignal(expected)}; ${had}`;
}

function attributionFailure(
  analysis: Analysis,
  sentence: AnalysisSentence,
  expected: Record<string, string>,
): string | undefined {
  const attributions = analysis.attributions.filter(
    (attribution) => attribution.sentenceIndex === sentence.index,
  );
  const mismatches = attributions.map((attribution) => attributionMismatches(attribution, expected));
  if (mismatches.some((list) => list.length === 0)) return undefined;
  if (attributions.length === 0) return 'attribution: the sentence has no attributions';
  const lines = attributions.map(
    (attribution, index) =>
      `  attribution ${index + 1} (${describeAttribution(attribution)}): ${(mismatches[index] ?? []).join('; ')}`,
  );
  return ['attribution: none of the sentence attributions matches every key', ...lines].join('\n');
}

function attributionMismatches(attribution: AnalysisAttribution, expected: Record<string, string>): string[] {
  const mismatches: string[] = [];
  for (const [key, wanted] of Object.entries(expected)) {
    const contains = key.endsWith('~');
    const path = contains ? key.slice(0, -1) : key;
    const value = valueAt(attribution, path);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      mismatches.push(`${path} is missing, expected ${contains ? 'to contain ' : ''}"${wanted}"`);
      continue;
    }
    const actual = comparable(String(value));
    const ok = contains ? actual.includes(comparable(wanted)) : actual === comparable(wanted);
    if (!ok) mismatches.push(`${path} is "${value}", expected ${contains ? 'to contain ' : ''}"${wanted}"`);
  }
  return mismatches;
}

function describeAttribution({ source, cue, content, via }: AnalysisAttribution): string {
  const description = source.description ? `, "${source.description}"` : '';
  return `${source.kind} "${source.name}"${description}, cue "${cue.text}", content "${clip(content.text)}", ${via}`;
}

function describeSignal(signal: ExpectedSignal): string {
  return signal['text~'] === undefined ? signal.type : `${signal.type}~"${signal['text~']}"`;
}

function valueAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Straight quotes, single spaces: how sentence needles are matched (case still counts). */
function loose(text: string): string {
  return normalizeQuotes(text).replace(/\s+/g, ' ').trim();
}

/** Straight quotes, single spaces, lower case: how names, cues and signal texts are compared. */
function comparable(text: string): string {
  return loose(text).toLowerCase();
}

function quoteList(values: string[]): string {
  return values.length === 0 ? '(none)' : values.map((value) => `"${value}"`).join(', ');
}

function clip(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * Registers the tests for one article and its expected checks: the analysis fits the schema, each needle
 * names one place in the text, one test per `must` check and one for the must summary, and one test that
 * reports (but does not require) how many `should` checks pass. Seed article and fixtures share it.
 */
export function describeArticle(name: string, text: string, expected: ExpectedFile): void {
  // The checks hold with the rules alone and with the shipped trained models.
  for (const [label, makePipeline] of PIPELINES)
    describeArticleWith(`${name} (${label})`, makePipeline, text, expected);
}

const PIPELINES: [string, () => Pipeline][] = [
  ['rules', () => createPipeline()],
  ['trained models', () => createPipeline({ models: loadModels() })],
];

function describeArticleWith(
  name: string,
  makePipeline: () => Pipeline,
  text: string,
  expected: ExpectedFile,
): void {
  describe(name, () => {
    let cached: Analysis | undefined;
    // Analyzed on first use, not at collection time, so a pipeline that throws fails the tests instead.
    const analysis = (): Analysis => {
      cached ??= toAnalysis(makePipeline().analyze({ text }));
      return cached;
    };

    it('gives a valid claimtrail.analysis/1 object', () => {
      expect(() => analysisSchema.parse(analysis())).not.toThrow();
    });

    it('names each checked sentence by text that occurs once in the article', () => {
      const article = loose(text);
      const checks = [...expected.must, ...(expected.should ?? [])];
      const badNeedles = checks
        .map((check) => ({ needle: check.sentence, count: article.split(loose(check.sentence)).length - 1 }))
        .filter(({ count }) => count !== 1)
        .map(({ needle, count }) => `"${needle}" occurs ${count} times`);
      expect(badNeedles).toEqual([]);
    });

    for (const check of expected.must) {
      it(`must ${describeCheck(check)}`, () => {
        const result = checkSentence(analysis(), check);
        if (!result.passed) assert.fail(`${result.check}\n${result.detail}`);
      });
    }

    const { mustSummary } = expected;
    if (mustSummary) {
      it(describeSummary(mustSummary, 'must'), () => {
        const result = checkSummary(analysis(), mustSummary, 'must');
        if (!result.passed) assert.fail(`${result.check}\n${result.detail}`);
      });
    }

    it('reports how many should checks pass', () => {
      const results = checkExpectations(analysis(), expected, 'should');
      const passed = results.filter((result) => result.passed).length;
      const failed = results
        .filter((result) => !result.passed)
        .map((result) => `  FAIL ${result.check}\n${indent(result.detail, '    ')}`);
      console.log([`[${name}] should checks: ${passed}/${results.length} passed`, ...failed].join('\n'));
      expect(results).toHaveLength(countChecks(expected, 'should'));
    });
  });
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
