import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisSchema, type Doc, type Span } from '../../src/core/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline, toAnalysis } from '../../src/pipeline/index.ts';

const FUZZ = { seed: 20261127, numRuns: 120 } as const;

const pipeline = createPipeline({ models: loadModels() });

/** Pieces of news prose, and of text that only looks like it. */
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'The',
      'minister',
      'said',
      'taxes',
      'rose',
      '5%',
      'according to the ministry',
      'officials',
      'claimed',
      'Dr. Smith',
      'U.S.',
      'on Tuesday',
      '"',
      '“',
      '”',
      "'",
      '’',
      '(',
      ')',
      ',',
      '.',
      '!',
      '?',
      ';',
      ':',
      '—',
      '\n',
      '\n\n',
      ' ',
      '  ',
      '\t',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u202e',
      '\u202d',
      '\u202c',
      '\u2066',
      '\u2067',
      '\u2069',
      '\u061c',
      '\u00a0',
      '\u0301',
      '\ud800',
      '\udfff',
      '\ud83d\ude00',
      '\u0000',
      '\r\n',
      '\u2028',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const hostileText = fc.array(piece, { maxLength: 80 }).map((pieces) => pieces.join(' '));

/** A span's offsets index the document's text, and its text is what they cut out. */
function expectSpanIn(text: string, span: Span, what: string): void {
  expect(span.start, what).toBeGreaterThanOrEqual(0);
  expect(span.end, what).toBeGreaterThanOrEqual(span.start);
  expect(span.end, what).toBeLessThanOrEqual(text.length);
  expect(text.slice(span.start, span.end), what).toBe(span.text);
}

function expectConsistent(doc: Doc, text: string): void {
  expect(doc.text).toBe(text);
  expect(doc.normalized).toHaveLength(text.length);
  for (const sentence of doc.sentences) expectSpanIn(text, sentence, `sentence ${sentence.index}`);
  for (const entity of doc.entities) expectSpanIn(text, entity, `entity ${entity.text}`);
  for (const attribution of doc.attributions) {
    expectSpanIn(text, attribution.cue, 'attribution cue');
    expectSpanIn(text, attribution.content, 'attribution content');
  }
  for (const claim of doc.claims) {
    expectSpanIn(text, claim, `claim ${claim.id}`);
    expect(claim.checkworthiness).toBeGreaterThanOrEqual(0);
    expect(claim.checkworthiness).toBeLessThanOrEqual(1);
  }
  // What the CLI and the API print must pass the published schema.
  expect(() => analysisSchema.parse(toAnalysis(doc))).not.toThrow();
}

describe('analyze on hostile text', () => {
  it('analyzes any text into spans that index it, and a report that passes the schema', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expectConsistent(pipeline.analyze({ text, meta: {} }), text);
      }),
      FUZZ,
    );
  });

  it('is pure: the same hostile text always gives the same analysis', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const first = toAnalysis(pipeline.analyze({ text, meta: {} }));
        expect(toAnalysis(pipeline.analyze({ text, meta: {} }))).toEqual(first);
      }),
      { ...FUZZ, numRuns: 40 },
    );
  });

  it('finds the same sentences and claims whether or not zero-width characters sit between sentences', () => {
    const article =
      'The minister said taxes rose 5% last year. Officials claimed the bridge would close on Tuesday. ';
    const plain = pipeline.analyze({ text: article, meta: {} });
    const marked = `\u200b\u2066${article.replace('. ', '.\u200b ')}\u2069`;
    const withMarks = pipeline.analyze({ text: marked, meta: {} });
    expectConsistent(withMarks, marked);
    // A trailing mark may end up as a sentence of its own; what counts is the sentences with words.
    const worded = (doc: Doc) => doc.sentences.filter((sentence) => /\p{L}/u.test(sentence.text));
    expect(worded(withMarks)).toHaveLength(plain.sentences.length);
    expect(withMarks.claims.map((claim) => claim.text.replace(/[\u200b\u2066\u2069]/g, '').trim())).toEqual(
      plain.claims.map((claim) => claim.text),
    );
  });

  it('analyzes metadata fields made of control, bidirectional and surrogate characters', () => {
    const text = 'The minister said taxes rose 5% last year.';
    const meta = { title: '\u202e\ud800\u0000', url: 'https://news.example/\u200b', publisher: '\udfff' };
    expectConsistent(pipeline.analyze({ text, meta }), text);
  });
});

describe('analyze on the extreme texts', { timeout: 30_000 }, () => {
  it('analyzes 100,000 sentence ends, quotes and brackets in a row', () => {
    for (const text of [
      '.'.repeat(100_000),
      '"'.repeat(50_000),
      '('.repeat(50_000),
      '\u202e'.repeat(100_000),
      '\u200b '.repeat(50_000),
    ]) {
      expectConsistent(pipeline.analyze({ text, meta: {} }), text);
    }
  });

  it('analyzes 2,000 attributed sentences wrapped in right-to-left overrides', () => {
    const text = 'The mayor said \u202e"taxes rose 5%"\u202c, according to \u200bofficials.\n'.repeat(2_000);
    const doc = pipeline.analyze({ text, meta: {} });
    expectConsistent(doc, text);
    expect(doc.sentences).toHaveLength(2_000);
  });
});
