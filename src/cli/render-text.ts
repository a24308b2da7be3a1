import type { Analysis } from '../core/analysis-schema.ts';
import { HEDGING_SIGNAL_TYPES, type SignalType } from '../core/types.ts';

type AnalysisSentence = Analysis['sentences'][number];
type AnalysisClaim = Analysis['claims'][number];
type AnalysisSource = Analysis['sources'][number];

export interface TextRenderOptions {
  /** ANSI colors and underlines; without them spans are marked `[like this]⟨tag⟩`. */
  color: boolean;
  /** The original article text; when given, paragraph breaks between sentences are kept. */
  text?: string;
  /** Line width to wrap at. */
  width?: number;
}

/** Signals that make a claim less than a flat statement of fact. */
export const HEDGING_SIGNALS: readonly SignalType[] = HEDGING_SIGNAL_TYPES;

/** A claim is hedged when the article qualifies it ("may have", "if true") instead of stating it. */
export function isHedged(claim: AnalysisClaim): boolean {
  return claim.signals.some((signal) => HEDGING_SIGNALS.includes(signal.type));
}

/** The distinct phrases of one signal type across the article, in reading order. */
export function signalPhrases(analysis: Analysis, type: SignalType): string[] {
  const phrases = analysis.sentences.flatMap((sentence) =>
    sentence.signals.filter((signal) => signal.type === type).map((signal) => signal.text),
  );
  return [...new Set(phrases)];
}

export function namedSources(analysis: Analysis): AnalysisSource[] {
  return analysis.sources.filter((source) => source.kind === 'person' || source.kind === 'organization');
}

export function unnamedSources(analysis: Analysis): AnalysisSource[] {
  return analysis.sources.filter((source) => source.kind === 'anonymous' || source.kind === 'vague');
}

export function documentSources(analysis: Analysis): AnalysisSource[] {
  return analysis.sources.filter((source) => source.kind === 'document');
}

/** The one source the article rests on, or undefined when it has none or several. */
export function singleSourceName(analysis: Analysis): string | undefined {
  if (!analysis.summary.singleSource) return undefined;
  const sources = analysis.sources.filter((source) => source.kind !== 'document');
  return sources.length === 1 ? sources[0]?.name : undefined;
}

export function claimsInSentence(analysis: Analysis, sentenceIndex: number): AnalysisClaim[] {
  return analysis.claims.filter((claim) => claim.sentenceIndex === sentenceIndex);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Renders an analysis for a terminal: the article sentence by sentence with claims marked in the
 * gutter, sources, cues and signals marked inline, then a summary of who says what on what basis.
 *
 * @example
 * renderText(analysis, { color: false });
 * // ●  The claim is, [if proven true]⟨conditional⟩, a [bombshell]⟨loaded-language⟩.
 * //    ↳ check-worthiness 0.80 · certainty 0.35 · claimed by Alnur Mussayev
 */
export function renderText(analysis: Analysis, options: TextRenderOptions): string {
  const { color, text, width = 100 } = options;
  const paint = (style: string, value: string) => (color ? `${sgr(style)}${value}${sgr('')}` : value);
  const lines: string[] = [];

  const { title, byline, publisher, published, url } = analysis.article;
  const about = [byline, publisher, published, url].filter(Boolean).join(' · ');
  for (const [style, value] of [
    [STYLES.heading, title],
    [STYLES.dim, about],
    [STYLES.dim, legend(color)],
  ] as const) {
    if (value) lines.push(...wrapStyled(paint(style, value), width, color));
  }
  lines.push('');

  let previous: AnalysisSentence | undefined;
  for (const sentence of analysis.sentences) {
    if (previous && text && /\n\s*\n/.test(text.slice(previous.end, sentence.start))) lines.push('');
    previous = sentence;
    const claims = claimsInSentence(analysis, sentence.index);
    const isClaim = sentence.isClaim || claims.length > 0;
    const body = wrapStyled(markSentence(analysis, sentence, color), width - GUTTER.length, color);
    body.forEach((line, lineIndex) => {
      const gutter = isClaim && lineIndex === 0 ? `${paint(STYLES.claim, '●')}  ` : GUTTER;
      lines.push(`${gutter}${line}`);
    });
    if (isClaim) {
      const details =
        claims.length > 0 ? claims.map(describeClaim) : [describeScore(sentence.checkworthiness)];
      for (const detail of details) {
        wrapStyled(`↳ ${detail}`, width - GUTTER.length - 2, false).forEach((line, lineIndex) => {
          lines.push(`${GUTTER}${lineIndex === 0 ? '' : '  '}${paint(STYLES.dim, line)}`);
        });
      }
    }
  }

  lines.push('', paint(STYLES.heading, 'Summary'));
  for (const item of summaryItems(analysis)) {
    const indent = `  ${/^ */.exec(item)?.[0] ?? ''}`;
    const wrapped = wrapStyled(item, width - indent.length - 2, false);
    wrapped.forEach((line, lineIndex) => {
      lines.push(`${indent}${lineIndex === 0 ? '' : '  '}${line}`);
    });
  }
  return lines.join('\n');
}

const GUTTER = '   ';

/** SGR parameters; the empty string means "no style". */
const STYLES = {
  heading: '1',
  dim: '2',
  claim: '1;33',
  source: '4;36',
  cue: '1',
} as const;

const SIGNAL_COLORS: Record<SignalType, string> = {
  hedge: '33',
  conditional: '33',
  prediction: '33',
  'rhetorical-question': '33',
  'evidence-cited': '32',
  'evidence-absent': '31',
  'vague-source': '36',
  presupposition: '35',
  'loaded-language': '35',
  booster: '35',
  opinion: '35',
  denial: '31',
};

// Raw SGR codes rather than util.styleText: newer Node versions make styleText check the real stdout,
// which would make this renderer depend on where it runs instead of on its `color` option.
const ESCAPE = '\u001b';

function sgr(style: string): string {
  return style === '' ? `${ESCAPE}[0m` : `${ESCAPE}[0;${style}m`;
}

/** A fresh pattern per use: a shared global RegExp would carry `lastIndex` state between calls. */
function sgrPattern(): RegExp {
  return new RegExp(`${ESCAPE}\\[[0-9;]*m`, 'g');
}

function visibleLength(value: string): number {
  return [...value.replace(sgrPattern(), '')].length;
}

function legend(color: boolean): string {
  if (!color) return 'Legend: ● claim · [source]⟨source⟩ · [cue]⟨cue⟩ · [phrase]⟨signal⟩';
  return `Legend: ● claim · ${sgr(STYLES.source)}source${sgr(STYLES.dim)} · ${sgr(STYLES.cue)}cue${sgr(STYLES.dim)} · phrase⟨signal⟩`;
}

function describeScore(checkworthiness: number): string {
  return `check-worthiness ${checkworthiness.toFixed(2)}`;
}

function describeClaim(claim: AnalysisClaim): string {
  const claimant = claim.claimant === null ? 'asserted by the article' : `claimed by ${claim.claimant}`;
  return `${describeScore(claim.checkworthiness)} · certainty ${claim.certainty.toFixed(2)} · ${claimant}`;
}

interface Mark {
  start: number;
  end: number;
  tag: string;
  style: string;
  /** With color the span's style says what it is; only signals still need their tag. */
  tagInColor: boolean;
}

function marksOf(analysis: Analysis, sentence: AnalysisSentence): Mark[] {
  const marks: Mark[] = [];
  const add = (span: { start: number; end: number }, mark: Omit<Mark, 'start' | 'end'>) => {
    let start = Math.max(span.start, sentence.start) - sentence.start;
    let end = Math.min(span.end, sentence.end) - sentence.start;
    while (start < end && /\s/.test(sentence.text[start] ?? '')) start += 1;
    while (end > start && /\s/.test(sentence.text[end - 1] ?? '')) end -= 1;
    if (end <= start) return;
    if (marks.some((other) => other.start === start && other.end === end && other.tag === mark.tag)) return;
    marks.push({ start, end, ...mark });
  };
  for (const attribution of analysis.attributions) {
    if (attribution.sentenceIndex !== sentence.index) continue;
    add(attribution.source, { tag: 'source', style: STYLES.source, tagInColor: false });
    add(attribution.cue, { tag: 'cue', style: STYLES.cue, tagInColor: false });
  }
  for (const signal of sentence.signals) {
    add(signal, { tag: signal.type, style: SIGNAL_COLORS[signal.type], tagInColor: true });
  }
  return marks;
}

/**
 * The sentence with its marks inserted. Marks may nest or even cross; each closing tag names the
 * mark it closes, so crossing spans still read unambiguously.
 */
function markSentence(analysis: Analysis, sentence: AnalysisSentence, color: boolean): string {
  const text = sentence.text;
  const marks = marksOf(analysis, sentence);
  const positions = [...new Set([0, text.length, ...marks.flatMap((mark) => [mark.start, mark.end])])].sort(
    (a, b) => a - b,
  );
  let output = '';
  let current = '';
  const setStyle = (style: string) => {
    if (style === current) return;
    output += sgr(style);
    current = style;
  };
  let active: Mark[] = [];
  positions.forEach((position, positionIndex) => {
    const closing = active
      .filter((mark) => mark.end === position)
      .sort((a, b) => b.start - a.start || a.end - b.end);
    active = active.filter((mark) => mark.end !== position);
    const opening = marks.filter((mark) => mark.start === position).sort((a, b) => b.end - a.end);
    active.push(...opening);
    if (color) {
      for (const mark of closing) {
        if (!mark.tagInColor) continue;
        setStyle(`2;${mark.style}`);
        output += `⟨${mark.tag}⟩`;
      }
      setStyle(active.map((mark) => mark.style).join(';'));
    } else {
      for (const mark of closing) output += `]⟨${mark.tag}⟩`;
      output += '['.repeat(opening.length);
    }
    output += text.slice(position, positions[positionIndex + 1] ?? position);
  });
  if (color) setStyle('');
  return output;
}

/**
 * Wraps at whitespace to `width` visible columns. With color, a style that runs across a line break
 * is closed at the end of the line and reopened at the start of the next, so gutters stay unstyled.
 */
function wrapStyled(value: string, width: number, color: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of value.split(/\s+/).filter(Boolean)) {
    const wordWidth = visibleLength(word);
    if (wordWidth === 0) {
      line += word;
    } else if (lineWidth === 0) {
      line += word;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= width) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
    } else {
      lines.push(line);
      line = word;
      lineWidth = wordWidth;
    }
  }
  if (line) lines.push(line);
  if (!color) return lines;

  let carried = '';
  return lines.map((text) => {
    const codes = text.match(sgrPattern()) ?? [];
    const opening = carried === '' ? '' : sgr(carried);
    const last = codes[codes.length - 1];
    if (last !== undefined) carried = last === sgr('') ? '' : last.slice(4, -1);
    return `${opening}${text}${carried === '' ? '' : sgr('')}`;
  });
}

function quoted(phrases: string[]): string {
  return phrases.map((phrase) => `"${phrase}"`).join(', ');
}

function describeSource(source: AnalysisSource): string {
  const descriptions = source.descriptions.length > 0 ? `: ${source.descriptions.join('; ')}` : '';
  return `${source.name} (${source.kind}, ${plural(source.mentions, 'mention')})${descriptions}`;
}

function summaryItems(analysis: Analysis): string[] {
  const items: string[] = [];
  items.push(
    `${plural(analysis.summary.claims, 'claim')} in ${plural(analysis.sentences.length, 'sentence')}`,
  );

  const named = namedSources(analysis);
  items.push(named.length > 0 ? 'Named sources:' : 'Named sources: none');
  for (const source of named) items.push(`  ${describeSource(source)}`);
  const unnamed = unnamedSources(analysis);
  items.push(unnamed.length > 0 ? 'Anonymous and vague sources:' : 'Anonymous and vague sources: none');
  for (const source of unnamed) items.push(`  ${describeSource(source)}`);
  const documents = documentSources(analysis);
  if (documents.length > 0) {
    items.push('Documents quoted as sources:');
    for (const source of documents) items.push(`  ${describeSource(source)}`);
  }

  const single = singleSourceName(analysis);
  const otherSources = analysis.sources.filter((source) => source.kind !== 'document').length;
  items.push(
    single !== undefined
      ? `Rests on a single source: ${single}`
      : `Rests on a single source: no (${otherSources === 0 ? 'no attributed sources' : plural(otherSources, 'source')})`,
  );

  const cited = analysis.summary.evidenceCited;
  items.push(`Evidence cited: ${cited.length > 0 ? quoted(cited) : 'none'}`);
  const missing = signalPhrases(analysis, 'evidence-absent');
  items.push(
    `Evidence admitted missing: ${analysis.summary.evidenceAbsent ? `yes${missing.length > 0 ? ` (${quoted(missing)})` : ''}` : 'no'}`,
  );
  const presupposed = analysis.summary.presupposed;
  items.push(`Presupposed: ${presupposed.length > 0 ? quoted(presupposed) : 'none'}`);

  const hedged = analysis.claims.filter(isHedged).length;
  items.push(`Hedged claims: ${hedged}; stated as fact: ${analysis.claims.length - hedged}`);
  return items;
}
