import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Analysis } from '../../src/core/analysis-schema.ts';
import {
  addCounts,
  type Counts,
  EMPTY_COUNTS,
  matchSpans,
  type ScoredSpan,
  type Scores,
  type SpanMatchMode,
  scoresFromCounts,
  uniqueSpans,
} from '../../src/core/metrics.ts';
import type { Pipeline } from '../../src/pipeline/index.ts';
import { type AnalysisFailure, analyzeOrRecord } from './analyze.ts';
import { parseBrat } from './brat.ts';

export const ATTRIBUTION_ROLES = ['source', 'cue', 'content'] as const;
export type AttributionRole = (typeof ATTRIBUTION_ROLES)[number];

const BRAT_TYPE_OF_ROLE: Record<AttributionRole, string> = {
  source: 'Source',
  cue: 'Cue',
  content: 'Content',
};

export interface PolnearArticle {
  name: string;
  text: string;
  /** The annotator whose file was used (the file name suffix). */
  annotator: string;
  gold: Record<AttributionRole, ScoredSpan[]>;
}

export interface PolnearSplit {
  split: string;
  articles: PolnearArticle[];
  /** Texts annotated by several annotators; only one annotation of each is scored. */
  multiplyAnnotated: number;
}

export interface RoleResult extends Counts, Scores {}

export interface PolnearResult {
  split: string;
  articles: number;
  /** Texts annotated by several annotators; only one annotation of each is scored. */
  multiplyAnnotated: number;
  byRole: Record<AttributionRole | 'all', Record<SpanMatchMode, RoleResult>>;
  /** Articles the pipeline threw on; their gold spans count as missed. */
  failures: AnalysisFailure[];
  seconds: number;
}

/**
 * Reads the PolNeAR articles of one split (`train` or `dev`) with their gold attribution spans, or
 * null when the split is absent. Annotation files carry an `_annotator` suffix the text file lacks; a few
 * texts were annotated by several people, and for those the first annotator in file-name order is used
 * so every text counts once.
 */
export function loadPolnear(sharedData: string, split: string): PolnearSplit | null {
  const folder = join(sharedData, 'attribution', 'polnear', split);
  const textFolder = join(folder, 'text');
  const annotationFolder = join(folder, 'attributions');
  if (!existsSync(textFolder) || !existsSync(annotationFolder)) return null;
  const annotationsByText = new Map<string, string[]>();
  for (const file of readdirSync(annotationFolder)
    .filter((name) => name.endsWith('.ann'))
    .sort()) {
    const textName = basename(file, '.ann').replace(/_[^_]+$/, '');
    annotationsByText.set(textName, [...(annotationsByText.get(textName) ?? []), file]);
  }
  const articles: PolnearArticle[] = [];
  for (const file of readdirSync(textFolder)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    const name = basename(file, '.txt');
    const annotationFile = annotationsByText.get(name)?.[0];
    if (!annotationFile) continue;
    const brat = parseBrat(readFileSync(join(annotationFolder, annotationFile), 'utf8'));
    const gold = {} as Record<AttributionRole, ScoredSpan[]>;
    for (const role of ATTRIBUTION_ROLES) {
      gold[role] = uniqueSpans(brat.spans.filter((span) => span.type === BRAT_TYPE_OF_ROLE[role]));
    }
    articles.push({
      name,
      text: readFileSync(join(textFolder, file), 'utf8'),
      annotator: basename(annotationFile, '.ann').slice(name.length + 1),
      gold,
    });
  }
  const multiplyAnnotated = articles.filter(
    (article) => (annotationsByText.get(article.name)?.length ?? 0) > 1,
  );
  return { split, articles, multiplyAnnotated: multiplyAnnotated.length };
}

/** The source, cue and content spans the pipeline predicts, one per extent, empty spans left out. */
export function predictedSpans(
  analysis: Pick<Analysis, 'attributions'>,
): Record<AttributionRole, ScoredSpan[]> {
  const spans = {} as Record<AttributionRole, ScoredSpan[]>;
  for (const role of ATTRIBUTION_ROLES) {
    spans[role] = uniqueSpans(
      analysis.attributions
        .map((attribution) => attribution[role])
        .filter((span) => span.end > span.start)
        .map(({ start, end }) => ({ start, end })),
    );
  }
  return spans;
}

/**
 * Scores predicted attribution spans against PolNeAR gold, per role, micro-averaged over articles.
 * Exact: same start and end (for a discontinuous gold span, its first start and last end). Overlap: at
 * least one character in common with a fragment of the gold span. Each gold span matches at most one
 * prediction of the same role, and a span shared by several attributions counts once.
 */
export function evaluatePolnear(corpus: PolnearSplit, pipeline: Pipeline): PolnearResult {
  const { split, articles, multiplyAnnotated } = corpus;
  const started = performance.now();
  const totals = new Map<string, Counts>();
  const add = (key: string, counts: Counts) => {
    totals.set(key, addCounts(totals.get(key) ?? EMPTY_COUNTS, counts));
  };
  const failures: AnalysisFailure[] = [];
  for (const article of articles) {
    const analysis = analyzeOrRecord(pipeline, article.name, article.text, failures);
    const predicted = predictedSpans(analysis ?? { attributions: [] });
    for (const role of ATTRIBUTION_ROLES) {
      for (const mode of ['exact', 'overlap'] as const) {
        const counts = matchSpans(predicted[role], article.gold[role], mode);
        add(`${role}:${mode}`, counts);
        add(`all:${mode}`, counts);
      }
    }
  }
  const byRole = {} as PolnearResult['byRole'];
  for (const role of [...ATTRIBUTION_ROLES, 'all'] as const) {
    const result = {} as Record<SpanMatchMode, RoleResult>;
    for (const mode of ['exact', 'overlap'] as const) {
      const counts = totals.get(`${role}:${mode}`) ?? { ...EMPTY_COUNTS };
      result[mode] = { ...counts, ...scoresFromCounts(counts) };
    }
    byRole[role] = result;
  }
  return {
    split,
    articles: articles.length,
    multiplyAnnotated,
    byRole,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}
