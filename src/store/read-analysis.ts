import type { Analysis } from '../core/analysis-schema.ts';
import { ENTITY_TYPES, SIGNAL_TYPES, SOURCE_KINDS } from '../core/types.ts';

/*
 * A hand-written reading of `analysisSchema` for the store's write path, where zod's parse was a
 * quarter of preparing an article. It answers only for analyses that conform: it returns the copy
 * zod would (the schema's fields in the schema's order, unknown fields dropped), or undefined at the
 * first doubt, and the caller then asks zod, which refuses or accepts with its own messages. So an
 * analysis is never accepted here that zod would refuse, and every refusal is still zod's. The
 * property test beside this file holds the two readings together.
 */

type Fields = Record<string, unknown>;

const signalTypes: ReadonlySet<unknown> = new Set(SIGNAL_TYPES);
const sourceKinds: ReadonlySet<unknown> = new Set(SOURCE_KINDS);
const entityTypes: ReadonlySet<unknown> = new Set(ENTITY_TYPES);
const attributionVias: ReadonlySet<unknown> = new Set(['direct', 'reference']);

/** Thrown inside the reader to stop at the first field that does not conform; never escapes it. */
const NOT_CONFORMING = Symbol('not conforming');

function object(value: unknown): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NOT_CONFORMING;
  return value as Fields;
}

function array<T>(value: unknown, read: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) throw NOT_CONFORMING;
  const items = new Array<T>(value.length);
  for (let index = 0; index < value.length; index += 1) items[index] = read(value[index]);
  return items;
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw NOT_CONFORMING;
  return value;
}

/** `z.number().int().min(least)`: zod's int is a safe integer. */
function integer(value: unknown, least = 0): number {
  if (!Number.isSafeInteger(value) || (value as number) < least) throw NOT_CONFORMING;
  return value as number;
}

/** `z.number().min(0).max(1)`. */
function fraction(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw NOT_CONFORMING;
  return value;
}

function member<T>(value: unknown, allowed: ReadonlySet<unknown>): T {
  if (!allowed.has(value)) throw NOT_CONFORMING;
  return value as T;
}

/**
 * An optional field as zod copies it: absent stays absent, a field present as undefined is kept
 * as undefined.
 */
function setOptional<T>(target: Fields, source: Fields, name: string, read: (value: unknown) => T): void {
  const value = source[name];
  if (value !== undefined) target[name] = read(value);
  else if (name in source) target[name] = undefined;
}

function span(value: unknown): { text: string; start: number; end: number } {
  const fields = object(value);
  return { text: text(fields.text), start: integer(fields.start), end: integer(fields.end) };
}

function signal(value: unknown): Analysis['claims'][number]['signals'][number] {
  const fields = object(value);
  return {
    text: text(fields.text),
    start: integer(fields.start),
    end: integer(fields.end),
    type: member(fields.type, signalTypes),
  };
}

function article(value: unknown): Analysis['article'] {
  const fields = object(value);
  const read: Fields = {};
  for (const name of ['title', 'url', 'publisher', 'published', 'byline'])
    setOptional(read, fields, name, text);
  read.wordCount = integer(fields.wordCount);
  return read as Analysis['article'];
}

function sentence(value: unknown): Analysis['sentences'][number] {
  const fields = object(value);
  const read: Fields = {
    index: integer(fields.index),
    start: integer(fields.start),
    end: integer(fields.end),
    text: text(fields.text),
    checkworthiness: fraction(fields.checkworthiness),
  };
  if (typeof fields.isClaim !== 'boolean') throw NOT_CONFORMING;
  read.isClaim = fields.isClaim;
  setOptional(read, fields, 'uncertainty', fraction);
  read.signals = array(fields.signals, signal);
  return read as Analysis['sentences'][number];
}

function attribution(value: unknown): Analysis['attributions'][number] {
  const fields = object(value);
  const source = object(fields.source);
  const readSource: Fields = {
    text: text(source.text),
    start: integer(source.start),
    end: integer(source.end),
    name: text(source.name),
    kind: member(source.kind, sourceKinds),
  };
  setOptional(readSource, source, 'description', text);
  return {
    sentenceIndex: integer(fields.sentenceIndex),
    source: readSource as Analysis['attributions'][number]['source'],
    cue: span(fields.cue),
    content: span(fields.content),
    via: member(fields.via, attributionVias),
  };
}

function claim(value: unknown): Analysis['claims'][number] {
  const fields = object(value);
  const claimant = fields.claimant;
  return {
    id: text(fields.id),
    sentenceIndex: integer(fields.sentenceIndex),
    text: text(fields.text),
    start: integer(fields.start),
    end: integer(fields.end),
    checkworthiness: fraction(fields.checkworthiness),
    claimant: claimant === null ? null : text(claimant),
    certainty: fraction(fields.certainty),
    signals: array(fields.signals, signal),
  };
}

function source(value: unknown): Analysis['sources'][number] {
  const fields = object(value);
  return {
    name: text(fields.name),
    kind: member(fields.kind, sourceKinds),
    descriptions: array(fields.descriptions, text),
    mentions: integer(fields.mentions, 1),
  };
}

function entity(value: unknown): Analysis['entities'][number] {
  const fields = object(value);
  return {
    text: text(fields.text),
    start: integer(fields.start),
    end: integer(fields.end),
    type: member(fields.type, entityTypes),
    canonical: text(fields.canonical),
  };
}

function summary(value: unknown): Analysis['summary'] {
  const fields = object(value);
  const claims = integer(fields.claims);
  const namedSources = array(fields.namedSources, text);
  if (typeof fields.singleSource !== 'boolean') throw NOT_CONFORMING;
  const singleSource = fields.singleSource;
  const evidenceCited = array(fields.evidenceCited, text);
  if (typeof fields.evidenceAbsent !== 'boolean') throw NOT_CONFORMING;
  return {
    claims,
    namedSources,
    singleSource,
    evidenceCited,
    evidenceAbsent: fields.evidenceAbsent,
    presupposed: array(fields.presupposed, text),
  };
}

/**
 * The analysis as `analysisSchema.parse` would return it, when it conforms; undefined when it does
 * not or might not, for zod to decide and explain.
 */
export function readConformingAnalysis(value: unknown): Analysis | undefined {
  try {
    const fields = object(value);
    if (fields.schema !== 'claimtrail.analysis/1') return undefined;
    return {
      schema: 'claimtrail.analysis/1',
      article: article(fields.article),
      sentences: array(fields.sentences, sentence),
      attributions: array(fields.attributions, attribution),
      claims: array(fields.claims, claim),
      sources: array(fields.sources, source),
      entities: array(fields.entities, entity),
      summary: summary(fields.summary),
    };
  } catch (error) {
    if (error === NOT_CONFORMING) return undefined;
    throw error;
  }
}
