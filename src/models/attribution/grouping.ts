import type { Doc, Span, Token } from '../../core/types.ts';
import type { AttributionSpans } from '../../pipeline/index.ts';
import { insideQuotes } from './features.ts';
import type { TaggedRun } from './labels.ts';
import type { TaggingUnit } from './units.ts';

/** The spans of one attribution with the doc index of the sentence holding its cue. */
export interface GroupedAttribution extends AttributionSpans {
  sentenceIndex: number;
}

/** Crossing into another sentence costs as much as this many tokens when pairing runs. */
const SENTENCE_PENALTY = 40;
/** Tokens that may sit between two content pieces of one quote besides its cue and source. */
const GLUE = new Set([
  ',',
  '"',
  '\u201C',
  '\u201D',
  "'",
  '\u2018',
  '\u2019',
  '-',
  '\u2014',
  '\u2013',
  '(',
  ')',
]);

function distance(unit: TaggingUnit, from: TaggedRun, to: TaggedRun): number {
  const gap = to.first > from.last ? to.first - from.last : to.last < from.first ? from.first - to.last : 0;
  const crossesSentence = unit.sentenceOfToken[from.first] !== unit.sentenceOfToken[to.first] ? 1 : 0;
  return gap + crossesSentence * SENTENCE_PENALTY;
}

function nearest(unit: TaggingUnit, to: TaggedRun, candidates: readonly TaggedRun[]): TaggedRun | undefined {
  let best: TaggedRun | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const gap = distance(unit, to, candidate);
    if (gap < bestDistance) {
      best = candidate;
      bestDistance = gap;
    }
  }
  return best;
}

function spanOf(doc: Doc, tokens: Token[], first: number, last: number): Span {
  const start = (tokens[first] as Token).start;
  const end = (tokens[last] as Token).end;
  return { start, end, text: doc.text.slice(start, end) };
}

/**
 * Whether two content pieces are one quote split by its cue: "“A,” she said, “B.”" Only the cue, the
 * source and punctuation may lie between them.
 */
function splitByCue(unit: TaggingUnit, before: TaggedRun, after: TaggedRun, attached: TaggedRun[]): boolean {
  for (let index = before.last + 1; index < after.first; index += 1) {
    const covered = attached.some((run) => index >= run.first && index <= run.last);
    if (!covered && !GLUE.has((unit.tokens[index] as Token).text)) return false;
  }
  return true;
}

/**
 * Joins tagged runs into attributions: every content goes to its nearest cue, every cue takes its
 * nearest source, a quote split around its cue becomes one content from its first to its last word
 * (as PolNeAR counts a discontinuous span), and a cue no content chose takes the nearest content. Cues
 * inside quotations, and cues without a source or content in their paragraph, are dropped.
 */
export function groupRuns(unit: TaggingUnit, runs: readonly TaggedRun[], doc: Doc): GroupedAttribution[] {
  // A cue inside a quotation is the quoted speaker's own reporting, which PolNeAR rarely annotates (1% of cues).
  const sources = runs.filter((run) => run.role === 'source');
  const contents = runs.filter((run) => run.role === 'content');
  if (sources.length === 0 || contents.length === 0 || !runs.some((run) => run.role === 'cue')) return [];
  const quoted = insideQuotes(unit.tokens);
  const cues = runs.filter((run) => run.role === 'cue' && quoted[run.first] === 0);
  if (cues.length === 0) return [];
  const contentsOfCue = new Map<TaggedRun, TaggedRun[]>(cues.map((cue) => [cue, []]));
  for (const content of contents) {
    const cue = nearest(unit, content, cues);
    if (cue) contentsOfCue.get(cue)?.push(content);
  }
  const grouped: GroupedAttribution[] = [];
  for (const cue of cues) {
    const source = nearest(unit, cue, sources);
    if (!source) continue;
    const own = contentsOfCue.get(cue) ?? [];
    const pieces = own.length > 0 ? own : [nearest(unit, cue, contents) as TaggedRun];
    const merged: TaggedRun[] = [];
    for (const piece of pieces) {
      const previous = merged[merged.length - 1];
      if (previous && splitByCue(unit, previous, piece, [cue, source])) previous.last = piece.last;
      else merged.push({ ...piece });
    }
    for (const content of merged) {
      grouped.push({
        sentenceIndex: (unit.sentences[unit.sentenceOfToken[cue.first] as number] as { index: number }).index,
        source: spanOf(doc, unit.tokens, source.first, source.last),
        cue: spanOf(doc, unit.tokens, cue.first, cue.last),
        content: spanOf(doc, unit.tokens, content.first, content.last),
      });
    }
  }
  return grouped;
}
