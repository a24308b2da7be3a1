import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Analysis, analysisSchema } from '../src/core/index.ts';
import {
  checkExpectations,
  checkSentence,
  checkSummary,
  countChecks,
  describeCheck,
  type ExpectedCheck,
  type ExpectedFile,
  expectedFileSchema,
  readExpectedFile,
} from './expectations.ts';

// A hand-built analysis, so the checker is tested apart from the pipeline that will produce real ones.
const sentenceTexts = [
  'Officials said the bridge would reopen in May.',
  'The city’s engineer, Lena Park, said repairs “may cost more” than planned.',
  'The bridge carried 40,000 cars a day before it closed.',
  'Who could have seen this coming?',
  'Reyes said the work was on schedule, while unions said it was late.',
];
const text = sentenceTexts.join(' ');

function span(part: string, within = text): { start: number; end: number; text: string } {
  const start = text.indexOf(part, within === text ? 0 : text.indexOf(within));
  if (start < 0) throw new Error(`test setup: "${part}" is not in the text`);
  return { start, end: start + part.length, text: part };
}

const sentences: Analysis['sentences'] = sentenceTexts.map((sentence, index) => ({
  index,
  ...span(sentence),
  checkworthiness: index === 3 ? 0.1 : 0.8,
  isClaim: index !== 3,
  signals: [],
}));
sentences[1]?.signals.push({ type: 'hedge', ...span('may cost more') });
sentences[3]?.signals.push({ type: 'rhetorical-question', ...span('Who could have seen this coming?') });

const analysis: Analysis = {
  schema: 'claimtrail.analysis/1',
  article: { wordCount: 52 },
  sentences,
  attributions: [
    {
      sentenceIndex: 0,
      source: { name: 'Officials', kind: 'anonymous', ...span('Officials') },
      cue: span('said'),
      content: span('the bridge would reopen in May'),
      via: 'direct',
    },
    {
      sentenceIndex: 1,
      source: { name: 'Lena Park', kind: 'person', description: 'The city’s engineer', ...span('Lena Park') },
      cue: span('said', sentenceTexts[1]),
      content: span('repairs “may cost more” than planned'),
      via: 'direct',
    },
    {
      sentenceIndex: 4,
      source: { name: 'Ana Reyes', kind: 'person', ...span('Reyes') },
      cue: span('said', sentenceTexts[4]),
      content: span('the work was on schedule'),
      via: 'direct',
    },
    {
      sentenceIndex: 4,
      source: { name: 'unions', kind: 'vague', ...span('unions') },
      cue: span('said', 'unions said'),
      content: span('it was late'),
      via: 'direct',
    },
  ],
  claims: [0, 1, 2, 4].map((sentenceIndex) => ({
    id: `c${sentenceIndex}`,
    sentenceIndex,
    ...span(sentenceTexts[sentenceIndex] ?? ''),
    checkworthiness: 0.8,
    claimant: ['Officials', 'Lena Park', null, null, 'Ana Reyes'][sentenceIndex] ?? null,
    certainty: 0.7,
    signals: [],
  })),
  sources: [
    { name: 'Ana Reyes', kind: 'person', descriptions: [], mentions: 1 },
    { name: 'Lena Park', kind: 'person', descriptions: ['The city’s engineer'], mentions: 1 },
    { name: 'Officials', kind: 'anonymous', descriptions: [], mentions: 1 },
    { name: 'unions', kind: 'vague', descriptions: [], mentions: 1 },
  ],
  entities: [
    { type: 'person', canonical: 'Lena Park', ...span('Lena Park') },
    { type: 'person', canonical: 'Ana Reyes', ...span('Reyes') },
    { type: 'date', canonical: 'May', ...span('May') },
  ],
  summary: {
    claims: 4,
    namedSources: ['Ana Reyes', 'Lena Park'],
    singleSource: false,
    evidenceCited: [],
    evidenceAbsent: false,
    presupposed: [],
  },
};

function run(check: ExpectedCheck) {
  return checkSentence(analysis, check);
}

describe('the hand-built analysis', () => {
  it('is a valid claimtrail.analysis/1 object, so the checker is tested on the real shape', () => {
    expect(() => analysisSchema.parse(analysis)).not.toThrow();
  });
});

describe('checkExpectations', () => {
  const expected: ExpectedFile = {
    must: [
      {
        sentence: 'would reopen in May',
        isClaim: true,
        attribution: { 'source.kind': 'anonymous', 'cue.text': 'said' },
      },
      { sentence: 'carried 40,000 cars', isClaim: true, claimant: null },
    ],
    mustSummary: { namedSources: ['Lena Park'], singleSource: false },
    should: [{ sentence: 'Who could have seen', isClaim: true }],
  };

  it('gives one passing result per check and one for the summary, in file order', () => {
    const results = checkExpectations(analysis, expected, 'must');
    expect(results.map((result) => result.passed)).toEqual([true, true, true]);
    expect(results.map((result) => result.detail)).toEqual(['', '', '']);
    expect(results[0]?.check).toBe(describeCheck(expected.must[0] as ExpectedCheck));
    expect(results[2]?.check).toMatch(
      /^mustSummary: namedSources includes \[Lena Park\]; singleSource=false/,
    );
    expect(countChecks(expected, 'must')).toBe(3);
  });

  it('runs only the checks of the level asked for', () => {
    const results = checkExpectations(analysis, expected, 'should');
    expect(results).toHaveLength(1);
    expect(results[0]?.passed).toBe(false);
    expect(countChecks(expected, 'should')).toBe(1);
    expect(checkExpectations(analysis, { must: [] }, 'should')).toEqual([]);
  });
});

describe('sentence selection', () => {
  it('fails, saying so, when no sentence contains the text', () => {
    const result = run({ sentence: 'the tunnel', isClaim: true });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('no sentence contains "the tunnel"');
  });

  it('points at the sentence where a needle that runs over a boundary starts', () => {
    const result = run({ sentence: 'before it closed. Who could' });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('sentence #2 starts it');
  });

  it('matches curly quotes and apostrophes in the text with straight ones in the needle, and the reverse', () => {
    expect(run({ sentence: `city's engineer, Lena Park`, isClaim: true }).passed).toBe(true);
    expect(run({ sentence: 'repairs "may cost more"', isClaim: true }).passed).toBe(true);
    expect(run({ sentence: 'Who could have seen this coming’', isClaim: true }).detail).toContain(
      'no sentence',
    );
  });

  it('takes the first of several matching sentences and says so when the check fails', () => {
    const result = run({ sentence: 'bridge', claimant: null });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('sentence #0');
    expect(result.detail).toContain('2 sentences contain the text; took the first');
  });
});

describe('isClaim and claimant', () => {
  it('compares isClaim with the sentence flag and reports the score', () => {
    expect(run({ sentence: 'Who could', isClaim: false }).passed).toBe(true);
    const result = run({ sentence: 'Who could', isClaim: true });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('isClaim is false, expected true (checkworthiness 0.10)');
  });

  it('passes a null claimant only when the claim is the article’s own', () => {
    expect(run({ sentence: 'carried 40,000', claimant: null }).passed).toBe(true);
    const result = run({ sentence: 'Lena Park', claimant: null });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('claimant is "Lena Park", expected null (the article itself)');
  });

  it('compares a named claimant without regard to case', () => {
    expect(run({ sentence: 'Lena Park', claimant: 'lena PARK' }).passed).toBe(true);
    expect(run({ sentence: 'Lena Park', claimant: 'Ana Reyes' }).detail).toContain(
      'claimant is "Lena Park", expected "Ana Reyes"',
    );
  });

  it('fails a claimant check on a sentence without a claim and says where the claims are', () => {
    const result = run({ sentence: 'Who could', claimant: null });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('no claim in this sentence (claims are in sentences 0, 1, 2, 4)');
  });
});

describe('signals', () => {
  it('finds a signal by type and contained text, ignoring case and quote style', () => {
    expect(run({ sentence: 'Lena Park', signals: [{ type: 'hedge', 'text~': 'MAY COST' }] }).passed).toBe(
      true,
    );
    expect(run({ sentence: 'Who could', signals: [{ type: 'rhetorical-question' }] }).passed).toBe(true);
  });

  it('fails on a wrong type or text and lists the signals the sentence has', () => {
    const wrongType = run({ sentence: 'Lena Park', signals: [{ type: 'booster', 'text~': 'may cost' }] });
    expect(wrongType.passed).toBe(false);
    expect(wrongType.detail).toContain(
      'no signal booster~"may cost"; the sentence has hedge "may cost more"',
    );
    const wrongText = run({ sentence: 'Lena Park', signals: [{ type: 'hedge', 'text~': 'might' }] });
    expect(wrongText.passed).toBe(false);
  });

  it('requires every expected signal, and says when a sentence has none', () => {
    const result = run({
      sentence: 'carried 40,000',
      signals: [{ type: 'evidence-cited' }, { type: 'hedge' }],
    });
    expect(result.passed).toBe(false);
    expect(result.detail.match(/the sentence has no signals/g)).toHaveLength(2);
  });
});

describe('attribution', () => {
  it('compares keys without a suffix for equality and keys with ~ for containment, ignoring case', () => {
    expect(
      run({ sentence: 'Lena Park', attribution: { 'source.name': 'lena park', 'cue.text': 'SAID' } }).passed,
    ).toBe(true);
    expect(run({ sentence: 'Lena Park', attribution: { 'source.name~': 'park' } }).passed).toBe(true);
    const equality = run({ sentence: 'Lena Park', attribution: { 'source.name': 'Park' } });
    expect(equality.passed).toBe(false);
    expect(equality.detail).toContain('source.name is "Lena Park", expected "Park"');
  });

  it('matches descriptions and content across quote styles', () => {
    const result = run({
      sentence: 'Lena Park',
      attribution: { 'source.description~': "city's engineer", 'content.text~': 'repairs "may cost more"' },
    });
    expect(result.passed).toBe(true);
  });

  it('needs one attribution to satisfy every key, not several together', () => {
    const result = run({
      sentence: 'Reyes said',
      attribution: { 'source.name': 'Ana Reyes', 'content.text~': 'late' },
    });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('attribution 1 (person "Ana Reyes"');
    expect(result.detail).toContain('content.text is "the work was on schedule", expected to contain "late"');
    expect(result.detail).toContain('attribution 2 (vague "unions"');
    expect(
      run({ sentence: 'Reyes said', attribution: { 'source.kind': 'vague', 'content.text~': 'late' } })
        .passed,
    ).toBe(true);
  });

  it('reports a path the attribution does not have, and a sentence with no attributions', () => {
    expect(
      run({ sentence: 'Officials said', attribution: { 'source.description~': 'senior' } }).detail,
    ).toContain('source.description is missing');
    expect(run({ sentence: 'carried 40,000', attribution: { 'source.kind': 'person' } }).detail).toContain(
      'the sentence has no attributions',
    );
  });
});

describe('summary', () => {
  it('passes when named sources, flags and entities are all there', () => {
    const result = checkSummary(
      analysis,
      {
        namedSources: ['Lena Park', 'ana reyes'],
        singleSource: false,
        evidenceAbsent: false,
        entities: { person: ['Lena Park', 'Reyes'], date: ['May'] },
      },
      'should',
    );
    expect(result).toMatchObject({ passed: true, detail: '' });
    expect(result.check).toMatch(/^shouldSummary: /);
  });

  it('lists each failing part with what the analysis had', () => {
    const result = checkSummary(
      analysis,
      {
        namedSources: ['Lena Park', 'Tom Ng'],
        singleSource: true,
        evidenceAbsent: true,
        entities: { person: ['Tom Ng'], place: ['Dover'] },
      },
      'must',
    );
    expect(result.passed).toBe(false);
    expect(result.detail.split('\n')).toEqual([
      '- namedSources lacks "Tom Ng"; it has "Ana Reyes", "Lena Park"',
      '- singleSource is false, expected true',
      '- evidenceAbsent is false, expected true',
      '- no person entity "Tom Ng"; person entities are "Lena Park", "Ana Reyes"',
      '- no place entity "Dover"; place entities are (none)',
    ]);
  });
});

describe('expected-checks files', () => {
  it('rejects a misspelt key instead of silently checking nothing', () => {
    const parsed = expectedFileSchema.safeParse({ must: [{ sentence: 'x', isclaim: true }] });
    expect(parsed.success).toBe(false);
    expect(
      expectedFileSchema.safeParse({ must: [{ sentence: 'x', signals: [{ type: 'hedging' }] }] }).success,
    ).toBe(false);
  });

  it('names the file when it cannot be read as expected checks', () => {
    const folder = mkdtempSync(join(tmpdir(), 'claimtrail-expected-'));
    try {
      const path = join(folder, 'broken.expected.json');
      writeFileSync(path, JSON.stringify({ must: [{ sentence: 'x', attribution: { 'source name': 'y' } }] }));
      expect(() => readExpectedFile(path)).toThrow(path);
      writeFileSync(
        path,
        JSON.stringify({ must: [{ sentence: 'x', attribution: { 'source.name~': 'y' } }] }),
      );
      expect(readExpectedFile(path).must).toHaveLength(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
