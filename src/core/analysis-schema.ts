import { z } from 'zod';
import { ENTITY_TYPES, SIGNAL_TYPES, SOURCE_KINDS } from './types.ts';

const span = z.object({ text: z.string(), start: z.number().int().min(0), end: z.number().int().min(0) });
const signal = span.extend({ type: z.enum(SIGNAL_TYPES) });
const source = span.extend({
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  description: z.string().optional(),
});

/** The `--format json` output of `claimtrail analyze`: schema `claimtrail.analysis/1`. */
export const analysisSchema = z.object({
  schema: z.literal('claimtrail.analysis/1'),
  article: z.object({
    title: z.string().optional(),
    url: z.string().optional(),
    publisher: z.string().optional(),
    published: z.string().optional(),
    byline: z.string().optional(),
    wordCount: z.number().int().min(0),
  }),
  sentences: z.array(
    z.object({
      index: z.number().int().min(0),
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      text: z.string(),
      checkworthiness: z.number().min(0).max(1),
      isClaim: z.boolean(),
      uncertainty: z.number().min(0).max(1).optional(),
      signals: z.array(signal),
    }),
  ),
  attributions: z.array(
    z.object({
      sentenceIndex: z.number().int().min(0),
      source,
      cue: span,
      content: span,
      via: z.enum(['direct', 'reference']),
    }),
  ),
  claims: z.array(
    z.object({
      id: z.string(),
      sentenceIndex: z.number().int().min(0),
      text: z.string(),
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      checkworthiness: z.number().min(0).max(1),
      claimant: z.string().nullable(),
      certainty: z.number().min(0).max(1),
      signals: z.array(signal),
    }),
  ),
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(SOURCE_KINDS),
      descriptions: z.array(z.string()),
      mentions: z.number().int().min(1),
    }),
  ),
  entities: z.array(span.extend({ type: z.enum(ENTITY_TYPES), canonical: z.string() })),
  summary: z.object({
    claims: z.number().int().min(0),
    namedSources: z.array(z.string()),
    singleSource: z.boolean(),
    evidenceCited: z.array(z.string()),
    evidenceAbsent: z.boolean(),
    presupposed: z.array(z.string()),
  }),
});

export type Analysis = z.infer<typeof analysisSchema>;
