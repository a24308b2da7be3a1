import type { CharRange, ScoredSpan } from '../../src/core/metrics.ts';

/** A text-bound annotation (`T` line) of a brat standoff file. */
export interface BratSpan extends ScoredSpan {
  id: string;
  type: string;
  text: string;
}

/** An event or relation (`E` line): role name -> the id of the `T` annotation filling it. */
export interface BratEvent {
  id: string;
  roles: Record<string, string>;
}

export interface BratDocument {
  spans: BratSpan[];
  events: BratEvent[];
}

/**
 * Reads brat standoff annotations. `T` lines give a type and one or more `start end` fragments joined
 * by `;` (discontinuous spans); `E` lines join them into events. Other line kinds (notes, attributes)
 * are skipped, and so is any line that does not parse, since one bad line should not sink a file.
 *
 * @example
 * parseBrat('T1\tSource 0 5\tTrump\nE1\tAttribution:T2 Source:T1');
 * // { spans: [{ id: 'T1', type: 'Source', start: 0, end: 5, ... }], events: [{ id: 'E1', roles: {...} }] }
 */
export function parseBrat(content: string): BratDocument {
  const spans: BratSpan[] = [];
  const events: BratEvent[] = [];
  for (const line of content.split(/\r?\n/)) {
    const [id = '', annotation = '', text = ''] = line.split('\t');
    if (id.startsWith('T')) {
      const span = parseTextBound(id, annotation, text);
      if (span) spans.push(span);
    } else if (id.startsWith('E')) {
      const roles: Record<string, string> = {};
      for (const pair of annotation.split(' ')) {
        const [role, target] = pair.split(':');
        if (role && target) roles[role] = target;
      }
      events.push({ id, roles });
    }
  }
  return { spans, events };
}

function parseTextBound(id: string, annotation: string, text: string): BratSpan | null {
  const firstSpace = annotation.indexOf(' ');
  if (firstSpace < 0) return null;
  const type = annotation.slice(0, firstSpace);
  const fragments: CharRange[] = [];
  for (const piece of annotation.slice(firstSpace + 1).split(';')) {
    const [start, end] = piece.trim().split(' ').map(Number);
    if (start === undefined || end === undefined || !Number.isInteger(start) || !Number.isInteger(end)) {
      return null;
    }
    fragments.push({ start, end });
  }
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (!first || !last) return null;
  return {
    id,
    type,
    text,
    start: first.start,
    end: last.end,
    ...(fragments.length > 1 ? { fragments } : {}),
  };
}
