import { describe, expect, it } from 'vitest';
import { type Analysis, analysisSchema } from '../core/index.ts';
import { renderText } from './render-text.ts';

const SENTENCES = [
  'Former security chief Alnur Mussayev claims the KGB recruited Donald Trump in 1987.',
  'The claim is, if proven true, a bombshell that officials say lacks direct evidence.',
  'Mussayev’s claims suggest that such ties may have existed long before, as outlined in a 1985 document.',
];
const TEXT = `${SENTENCES[0]} ${SENTENCES[1]}\n\n${SENTENCES[2]}`;

function spanOf(phrase: string, sentenceIndex: number) {
  const sentence = SENTENCES[sentenceIndex] ?? '';
  const sentenceStart = TEXT.indexOf(sentence);
  const start = sentenceStart + sentence.indexOf(phrase);
  if (sentence.indexOf(phrase) < 0) throw new Error(`fixture: "${phrase}" not in sentence ${sentenceIndex}`);
  return { text: phrase, start, end: start + phrase.length };
}

function buildAnalysis(): Analysis {
  const conditional = { type: 'conditional' as const, ...spanOf('if proven true', 1) };
  const loaded = { type: 'loaded-language' as const, ...spanOf('bombshell', 1) };
  const absent = { type: 'evidence-absent' as const, ...spanOf('lacks direct evidence', 1) };
  const hedge = { type: 'hedge' as const, ...spanOf('may have', 2) };
  const cited = { type: 'evidence-cited' as const, ...spanOf('a 1985 document', 2) };
  const presupposed = { type: 'presupposition' as const, ...spanOf('such ties', 2) };
  const mussayev = {
    name: 'Alnur Mussayev',
    kind: 'person' as const,
    description: 'Former security chief',
    ...spanOf('Alnur Mussayev', 0),
  };
  return analysisSchema.parse({
    schema: 'claimtrail.analysis/1',
    article: { title: 'Ex-spy chief makes claim', wordCount: 46 },
    sentences: SENTENCES.map((text, index) => {
      const start = TEXT.indexOf(text);
      return {
        index,
        start,
        end: start + text.length,
        text,
        checkworthiness: [0.9, 0.7, 0.3][index],
        isClaim: index < 2,
        signals: [[], [conditional, loaded, absent], [hedge, presupposed, cited]][index],
      };
    }),
    attributions: [
      {
        sentenceIndex: 0,
        source: mussayev,
        cue: spanOf('claims', 0),
        content: spanOf('the KGB recruited Donald Trump in 1987', 0),
        via: 'direct',
      },
      {
        sentenceIndex: 1,
        source: { name: 'officials', kind: 'vague', ...spanOf('officials', 1) },
        cue: spanOf('say', 1),
        content: spanOf('lacks direct evidence', 1),
        via: 'direct',
      },
      {
        sentenceIndex: 2,
        source: { ...mussayev, description: undefined, ...spanOf('Mussayev', 2) },
        cue: spanOf('suggest', 2),
        content: spanOf('such ties may have existed long before', 2),
        via: 'direct',
      },
    ],
    claims: [
      {
        id: 'c0',
        sentenceIndex: 0,
        ...spanOf(SENTENCES[0] ?? '', 0),
        checkworthiness: 0.9,
        claimant: 'Alnur Mussayev',
        certainty: 0.6,
        signals: [],
      },
      {
        id: 'c1',
        sentenceIndex: 1,
        ...spanOf(SENTENCES[1] ?? '', 1),
        checkworthiness: 0.7,
        claimant: null,
        certainty: 0.3,
        signals: [conditional, loaded],
      },
    ],
    sources: [
      { name: 'Alnur Mussayev', kind: 'person', descriptions: ['Former security chief'], mentions: 2 },
      { name: 'officials', kind: 'vague', descriptions: [], mentions: 1 },
    ],
    entities: [],
    summary: {
      claims: 2,
      namedSources: ['Alnur Mussayev'],
      singleSource: false,
      evidenceCited: ['a 1985 document'],
      evidenceAbsent: true,
      presupposed: ['such ties'],
    },
  });
}

const ANSI = new RegExp(`${'\u001b'}\\[[0-9;]*m`, 'g');

describe('renderText without color', () => {
  const output = renderText(buildAnalysis(), { color: false, text: TEXT });
  const lines = output.split('\n');

  it('uses no escape codes', () => {
    expect(output).not.toContain('\u001b');
  });

  it('marks signals, sources and cues with brackets and their type', () => {
    expect(output).toContain('[if proven true]⟨conditional⟩');
    expect(output).toContain('[bombshell]⟨loaded-language⟩');
    expect(output).toContain('[Alnur Mussayev]⟨source⟩ [claims]⟨cue⟩');
    expect(output).toContain('[officials]⟨source⟩ [say]⟨cue⟩');
    expect(output).toMatch(/\[a 1985\s+document\]⟨evidence-cited⟩/);
  });

  it('marks claim sentences in the gutter with check-worthiness, certainty and claimant', () => {
    const marked = lines.filter((line) => line.startsWith('●'));
    expect(marked).toHaveLength(2);
    expect(marked[0]).toContain('Former security chief');
    expect(output).toContain('↳ check-worthiness 0.90 · certainty 0.60 · claimed by Alnur Mussayev');
    expect(output).toContain('↳ check-worthiness 0.70 · certainty 0.30 · asserted by the article');
    expect(lines.find((line) => line.includes('[may have]⟨hedge⟩'))?.startsWith('   ')).toBe(true);
  });

  it('keeps paragraph breaks from the original text', () => {
    const secondParagraph = lines.findIndex((line) => line.includes('[Mussayev]⟨source⟩'));
    expect(lines[secondParagraph - 1]).toBe('');
  });

  it('wraps to 100 columns', () => {
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    const narrow = renderText(buildAnalysis(), { color: false, width: 40 }).split('\n');
    for (const line of narrow) expect([...line].length).toBeLessThanOrEqual(40);
  });

  it('summarizes who says what on what basis', () => {
    expect(output).toContain('2 claims in 3 sentences');
    expect(output).toContain('Alnur Mussayev (person, 2 mentions): Former security chief');
    expect(output).toMatch(/Anonymous and vague sources:\n\s+officials \(vague, 1 mention\)/);
    expect(output).toContain('Rests on a single source: no (2 sources)');
    expect(output).toContain('Evidence cited: "a 1985 document"');
    expect(output).toContain('Evidence admitted missing: yes ("lacks direct evidence")');
    expect(output).toContain('Presupposed: "such ties"');
    expect(output).toContain('Hedged claims: 1; stated as fact: 1');
  });

  it('names the single source an article rests on', () => {
    const analysis = buildAnalysis();
    analysis.sources = analysis.sources.filter((source) => source.kind === 'person');
    analysis.summary.singleSource = true;
    expect(renderText(analysis, { color: false })).toContain('Rests on a single source: Alnur Mussayev');
  });

  it('keeps crossing spans readable: each closing tag names its span', () => {
    const analysis = buildAnalysis();
    const sentence = analysis.sentences[1];
    if (!sentence) throw new Error('fixture has a second sentence');
    const crossing = spanOf('true, a bombshell that', 1);
    sentence.signals.push({ type: 'booster', ...crossing });
    const output = renderText(analysis, { color: false });
    expect(output).toContain('[if proven [true]⟨conditional⟩, a [bombshell]⟨loaded-language⟩ that]⟨booster⟩');
  });
});

describe('renderText with color', () => {
  const output = renderText(buildAnalysis(), { color: true, text: TEXT });
  const plain = output.replace(ANSI, '');

  it('styles spans instead of bracketing them and keeps signal tags', () => {
    expect(output).toContain('\u001b[');
    expect(plain).toContain('Alnur Mussayev claims the KGB');
    expect(plain).toContain('if proven true⟨conditional⟩');
    expect(plain).not.toContain('[Alnur Mussayev]');
  });

  it('underlines the source, makes the cue bold and resets styles before each line ends', () => {
    expect(output).toContain('\u001b[0;4;36mAlnur Mussayev');
    expect(output).toContain('\u001b[0;1mclaims');
    for (const line of output.split('\n')) {
      const codes = line.match(ANSI) ?? [];
      if (codes.length > 0) expect(codes[codes.length - 1]).toBe('\u001b[0m');
    }
  });

  it('wraps by visible width, not counting escape codes', () => {
    for (const line of plain.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });
});
