import { type Analysis, analysisSchema } from '../core/analysis-schema.ts';
import type { SourceKind } from '../core/types.ts';
import {
  canonicalUrl,
  contentHash,
  isHedged,
  publishedFromMetadata,
  publisherFromUrl,
  publisherKey,
  toIsoTime,
} from './article-facts.ts';
import { StoreError } from './errors.ts';
import { readConformingAnalysis } from './read-analysis.ts';
import {
  type ClusterAssignment,
  COPY_KINDS,
  type CopyOf,
  type IsoTime,
  type RecordArticleInput,
  type StoredSignal,
} from './types.ts';

/** A claim ready to insert. */
export interface PreparedClaim {
  analysisClaimId: string;
  sentenceIndex: number;
  text: string;
  start: number;
  end: number;
  claimant: string | null;
  claimantKind: SourceKind | null;
  certainty: number;
  checkworthiness: number;
  signals: StoredSignal[];
  hedged: boolean;
  assignment: ClusterAssignment;
}

/** An article checked and completed from its analysis, before any SQL runs. */
export interface PreparedArticle {
  url: string | null;
  publisher: string | null;
  publisherKey: string | null;
  publishedAt: IsoTime;
  publishedEstimated: boolean;
  seenAt: IsoTime;
  title: string | null;
  byline: string | null;
  text: string;
  contentHash: string;
  analysisJson: string;
  claims: PreparedClaim[];
  /** undefined: leave as stored; null: not a copy. */
  copyOf: CopyOf | null | undefined;
}

function invalid(code: string, message: string): StoreError {
  return new StoreError(code, message, { status: 400 });
}

function parseAnalysis(value: unknown): Analysis {
  // Conforming analyses, nearly all, are read without zod; zod judges and explains the rest.
  const conforming = readConformingAnalysis(value);
  if (conforming) return conforming;
  const parsed = analysisSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'the analysis';
  throw invalid(
    'invalid-analysis',
    `the analysis is not claimtrail.analysis/1: ${where}: ${issue?.message ?? 'invalid'}`,
  );
}

/** The kind of the source the analysis names as a claim's claimant. */
function claimantKinds(analysis: Analysis): Map<string, SourceKind> {
  const kinds = new Map<string, SourceKind>();
  for (const attribution of analysis.attributions) {
    if (!kinds.has(attribution.source.name)) kinds.set(attribution.source.name, attribution.source.kind);
  }
  // The merged source list is the article's considered view of each name, so it wins.
  for (const source of analysis.sources) kinds.set(source.name, source.kind);
  return kinds;
}

function checkAssignment(claimId: string, assignment: ClusterAssignment): ClusterAssignment {
  const candidate = assignment as Partial<Record<'join' | 'key' | 'create', unknown>>;
  const fields = Object.keys(candidate);
  const valid =
    fields.length === 1 &&
    ((typeof candidate.join === 'string' && candidate.join !== '') ||
      (typeof candidate.key === 'string' && candidate.key.trim() !== '') ||
      candidate.create === true);
  if (!valid) {
    throw invalid(
      'invalid-cluster-assignment',
      `claim "${claimId}" has cluster assignment ${JSON.stringify(assignment)}; give { join: id }, { key: text } or { create: true }`,
    );
  }
  return assignment;
}

function prepareClaims(
  analysis: Analysis,
  assignments: Readonly<Record<string, ClusterAssignment>>,
): PreparedClaim[] {
  const ids = new Set<string>();
  for (const claim of analysis.claims) {
    if (ids.has(claim.id))
      throw invalid('invalid-analysis', `the analysis has two claims with id "${claim.id}"`);
    ids.add(claim.id);
  }
  for (const claimId of Object.keys(assignments)) {
    if (!ids.has(claimId)) {
      throw invalid(
        'unknown-claim',
        `a cluster is assigned to claim "${claimId}", which the analysis does not have`,
      );
    }
  }
  const kinds = claimantKinds(analysis);
  return analysis.claims.map((claim) => ({
    analysisClaimId: claim.id,
    sentenceIndex: claim.sentenceIndex,
    text: claim.text,
    start: claim.start,
    end: claim.end,
    claimant: claim.claimant,
    claimantKind: claim.claimant === null ? null : (kinds.get(claim.claimant) ?? null),
    certainty: claim.certainty,
    checkworthiness: claim.checkworthiness,
    signals: claim.signals.map(({ type, text, start, end }) => ({ type, text, start, end })),
    hedged: isHedged(claim.signals),
    assignment: checkAssignment(claim.id, assignments[claim.id] ?? { create: true }),
  }));
}

/** A copyOf as given by a caller, checked: an article id and one of the copy kinds. */
export function checkCopyOf(copyOf: CopyOf | null | undefined): CopyOf | null | undefined {
  if (copyOf === undefined || copyOf === null) return copyOf;
  if (typeof copyOf.articleId !== 'string' || !COPY_KINDS.includes(copyOf.kind)) {
    throw invalid(
      'invalid-copy',
      `copyOf ${JSON.stringify(copyOf)} must name an article id and a kind (${COPY_KINDS.join(', ')})`,
    );
  }
  return { articleId: copyOf.articleId, kind: copyOf.kind };
}

function optionalText(value: string | null | undefined, fallback: string | undefined): string | null {
  const chosen = value === undefined ? fallback : value;
  const trimmed = chosen?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Checks a write and fills in what the analysis and the URL imply (publisher, times, hash, claimant
 * kinds, hedging), so the transaction itself only decides and inserts. Throws 400 StoreErrors.
 */
export function prepareArticle(input: RecordArticleInput, now: () => Date): PreparedArticle {
  if (typeof input.text !== 'string' || input.text.trim() === '') {
    throw invalid('empty-text', 'an article to store needs its text, and the text given is empty');
  }
  const analysis = parseAnalysis(input.analysis);
  const meta = analysis.article;
  const rawUrl = input.url === undefined ? meta.url : input.url;
  const url = rawUrl === null || rawUrl === undefined || rawUrl.trim() === '' ? null : canonicalUrl(rawUrl);
  const publisher =
    optionalText(input.publisher, meta.publisher) ?? (url === null ? null : publisherFromUrl(url));
  const seenAt = toIsoTime(input.seenAt ?? now(), 'seen time');
  const published =
    input.publishedAt === undefined
      ? publishedFromMetadata(meta.published)
      : input.publishedAt === null
        ? null
        : toIsoTime(input.publishedAt, 'publication time');
  return {
    url,
    publisher,
    publisherKey: publisher === null ? null : publisherKey(publisher) || null,
    publishedAt: published ?? seenAt,
    publishedEstimated: published === null,
    seenAt,
    title: optionalText(input.title, meta.title),
    byline: optionalText(input.byline, meta.byline),
    text: input.text,
    contentHash: contentHash(input.text),
    analysisJson: JSON.stringify(analysis),
    claims: prepareClaims(analysis, input.clusters ?? {}),
    copyOf: checkCopyOf(input.copyOf),
  };
}
