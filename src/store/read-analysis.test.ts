import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisSchema } from '../core/analysis-schema.ts';
import { ENTITY_TYPES, SIGNAL_TYPES, SOURCE_KINDS } from '../core/types.ts';
import { readConformingAnalysis } from './read-analysis.ts';

const count = fc.nat({ max: 10_000 });
const share = fc.double({ min: 0, max: 1, noNaN: true });
const words = fc.string({ maxLength: 12 });
/** Fields no schema names, which both readings must drop. */
const extra = fc.dictionary(fc.constantFrom('extra', 'note', 'score'), fc.jsonValue(), { maxKeys: 2 });

function withExtra<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(record, extra).map(([value, more]) => ({ ...more, ...value }));
}

const span = { text: words, start: count, end: count };
const signal = withExtra(fc.record({ ...span, type: fc.constantFrom(...SIGNAL_TYPES) }));
const optionalText = fc.option(words, { nil: undefined });

const conformingAnalysis = fc.record({
  schema: fc.constant('claimtrail.analysis/1'),
  article: withExtra(
    fc.record(
      {
        title: optionalText,
        url: optionalText,
        publisher: optionalText,
        published: optionalText,
        byline: optionalText,
        wordCount: count,
      },
      { requiredKeys: ['wordCount'] },
    ),
  ),
  sentences: fc.array(
    withExtra(
      fc.record(
        {
          index: count,
          start: count,
          end: count,
          text: words,
          checkworthiness: share,
          isClaim: fc.boolean(),
          uncertainty: fc.option(share, { nil: undefined }),
          signals: fc.array(signal, { maxLength: 2 }),
        },
        { requiredKeys: ['index', 'start', 'end', 'text', 'checkworthiness', 'isClaim', 'signals'] },
      ),
    ),
    { maxLength: 3 },
  ),
  attributions: fc.array(
    fc.record({
      sentenceIndex: count,
      source: withExtra(
        fc.record(
          { ...span, name: words, kind: fc.constantFrom(...SOURCE_KINDS), description: optionalText },
          { requiredKeys: ['text', 'start', 'end', 'name', 'kind'] },
        ),
      ),
      cue: withExtra(fc.record(span)),
      content: fc.record(span),
      via: fc.constantFrom('direct', 'reference'),
    }),
    { maxLength: 2 },
  ),
  claims: fc.array(
    withExtra(
      fc.record({
        id: words,
        sentenceIndex: count,
        text: words,
        start: count,
        end: count,
        checkworthiness: share,
        claimant: fc.option(words),
        certainty: share,
        signals: fc.array(signal, { maxLength: 2 }),
      }),
    ),
    { maxLength: 3 },
  ),
  sources: fc.array(
    fc.record({
      name: words,
      kind: fc.constantFrom(...SOURCE_KINDS),
      descriptions: fc.array(words, { maxLength: 2 }),
      mentions: fc.integer({ min: 1, max: 50 }),
    }),
    { maxLength: 2 },
  ),
  entities: fc.array(fc.record({ ...span, type: fc.constantFrom(...ENTITY_TYPES), canonical: words }), {
    maxLength: 2,
  }),
  summary: fc.record({
    claims: count,
    namedSources: fc.array(words, { maxLength: 2 }),
    singleSource: fc.boolean(),
    evidenceCited: fc.array(words, { maxLength: 2 }),
    evidenceAbsent: fc.boolean(),
    presupposed: fc.array(words, { maxLength: 2 }),
  }),
});

/** Values that sit on an edge of some field's type or range. */
const hostile = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    0.5,
    1,
    1.0000001,
    2 ** 53,
    -(2 ** 53),
    '',
    '1',
    'person',
    'hedge',
    'direct',
    'claimtrail.analysis/1',
    true,
    false,
    [],
    {},
    [1],
    ['x'],
  ),
  fc.anything(),
);

type Path = (string | number)[];

/** Every place in a value that can be replaced or removed. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [path];
  const inner = Object.entries(value).flatMap(([key, child]) =>
    pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [path, ...inner];
}

/** A copy of `value` with the value at `path` replaced, or its key removed when `remove`. */
function changed(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const spoiledAnalysis = fc
  .tuple(conformingAnalysis, fc.nat(), hostile, fc.boolean())
  .map(([analysis, choice, replacement, remove]) => {
    const paths = pathsOf(analysis);
    return changed(analysis, paths[choice % paths.length] as Path, replacement, remove);
  });

describe('readConformingAnalysis', () => {
  it('reads a conforming analysis exactly as zod parses it', () => {
    fc.assert(
      fc.property(conformingAnalysis, (analysis) => {
        const parsed = analysisSchema.parse(analysis);
        const read = readConformingAnalysis(analysis);
        expect(read).toStrictEqual(parsed);
        expect(JSON.stringify(read)).toBe(JSON.stringify(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts what zod refuses, nor reads anything zod would read otherwise', () => {
    fc.assert(
      fc.property(spoiledAnalysis, (analysis) => {
        const read = readConformingAnalysis(analysis);
        const parsed = analysisSchema.safeParse(analysis);
        if (read !== undefined) {
          expect(parsed.success).toBe(true);
          expect(read).toStrictEqual(parsed.data);
          expect(JSON.stringify(read)).toBe(JSON.stringify(parsed.data));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('leaves values that are not analyses to zod', () => {
    for (const value of [
      undefined,
      null,
      'claimtrail.analysis/1',
      [],
      {},
      { schema: 'claimtrail.analysis/2' },
    ]) {
      expect(readConformingAnalysis(value)).toBeUndefined();
    }
  });
});
