import { describe, expect, it } from 'vitest';
import { type Analysis, analysisSchema } from '../core/index.ts';
import { renderMarkdown } from './render-markdown.ts';

const FIRST = 'Alnur Mussayev claims the KGB recruited Donald Trump | a "source" says.';
const SECOND = 'If true, the recruitment would matter, officials said, citing a 1985 document.';
const TEXT = `${FIRST} ${SECOND}`;

function spanOf(phrase: string) {
  const start = TEXT.indexOf(phrase);
  if (start < 0) throw new Error(`fixture: "${phrase}" not in text`);
  return { text: phrase, start, end: start + phrase.length };
}

function buildAnalysis(): Analysis {
  const conditional = { type: 'conditional' as const, ...spanOf('If true') };
  const presupposed = { type: 'presupposition' as const, ...spanOf('the recruitment') };
  const cited = { type: 'evidence-cited' as const, ...spanOf('a 1985 document') };
  return analysisSchema.parse({
    schema: 'claimtrail.analysis/1',
    article: { title: 'Spy *claims*', byline: 'A. Reporter', wordCount: 25 },
    sentences: [
      { index: 0, ...spanOf(FIRST), checkworthiness: 0.9, isClaim: true, signals: [] },
      {
        index: 1,
        ...spanOf(SECOND),
        checkworthiness: 0.6,
        isClaim: true,
        signals: [conditional, presupposed, cited],
      },
    ],
    attributions: [
      {
        sentenceIndex: 0,
        source: {
          name: 'Alnur Mussayev',
          kind: 'person',
          description: 'former intelligence chief',
          ...spanOf('Alnur Mussayev'),
        },
        cue: spanOf('claims'),
        content: spanOf('the KGB recruited Donald Trump'),
        via: 'direct',
      },
    ],
    claims: [
      {
        id: 'c0',
        sentenceIndex: 0,
        ...spanOf(FIRST),
        checkworthiness: 0.9,
        claimant: 'Alnur Mussayev',
        certainty: 0.75,
        signals: [],
      },
      {
        id: 'c1',
        sentenceIndex: 1,
        ...spanOf(SECOND),
        checkworthiness: 0.6,
        claimant: null,
        certainty: 0.25,
        signals: [conditional, presupposed],
      },
    ],
    sources: [
      {
        name: 'Alnur Mussayev',
        kind: 'person',
        descriptions: ['former intelligence chief'],
        mentions: 1,
      },
      { name: 'officials', kind: 'anonymous', descriptions: [], mentions: 1 },
    ],
    entities: [],
    summary: {
      claims: 2,
      namedSources: ['Alnur Mussayev'],
      singleSource: false,
      evidenceCited: ['a 1985 document'],
      evidenceAbsent: false,
      presupposed: ['the recruitment'],
    },
  });
}

describe('renderMarkdown', () => {
  const output = renderMarkdown(buildAnalysis());
  const lines = output.split('\n');

  it('starts with the escaped title and the byline', () => {
    expect(lines[0]).toBe('# Claims in "Spy \\*claims\\*"');
    expect(output).toContain('_by A. Reporter · 25 words_');
  });

  it('summarizes the article in bullets', () => {
    expect(output).toContain('- **2 claims** in 2 sentences: 1 hedged, 1 stated as fact');
    expect(output).toContain('- **Named sources:** Alnur Mussayev');
    expect(output).toContain('- **Anonymous and vague sources:** officials');
    expect(output).toContain('- **Rests on a single source:** no');
    expect(output).toContain('- **Evidence cited:** "a 1985 document"');
    expect(output).toContain('- **Evidence admitted missing:** no');
    expect(output).toContain('- **Presupposed:** "the recruitment"');
  });

  it('lists each claim in a table row with claimant, certainty and signals', () => {
    const header = lines.indexOf('| # | Claim | Claimant | Certainty | Signals |');
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 2, header + 4);
    expect(rows[0]).toContain('| Alnur Mussayev | 0.75 | – |');
    expect(rows[1]).toContain(
      '| _the article itself_ | 0.25 | conditional: "If true"; presupposition: "the recruitment" |',
    );
  });

  it('escapes pipes so article text cannot break the table', () => {
    const row = lines.find((line) => line.startsWith('| 1 |')) ?? '';
    expect(row).toContain('Donald Trump \\| a "source" says.');
    const unescapedPipes = row.replace(/\\\|/g, '').match(/\|/g) ?? [];
    expect(unescapedPipes).toHaveLength(6);
  });

  it('lists the sources with kind, descriptions and mentions', () => {
    expect(output).toContain('| Source | Kind | Described as | Mentions |');
    expect(output).toContain('| Alnur Mussayev | person | former intelligence chief | 1 |');
    expect(output).toContain('| officials | anonymous | – | 1 |');
  });

  it('says so when the article has no claims or sources', () => {
    const empty = buildAnalysis();
    empty.claims = [];
    empty.sources = [];
    const rendered = renderMarkdown(empty);
    expect(rendered).toContain('No check-worthy claims found.');
    expect(rendered).toContain('No attributed sources.');
    expect(rendered.startsWith('# Claims in')).toBe(true);
  });
});
