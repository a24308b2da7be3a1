import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../../src/core/analysis-schema.ts';
import {
  type CharRange,
  type Counts,
  claimantsMatch,
  overlapLength,
  ratio,
  type Scores,
  scoresFromCounts,
} from '../../src/core/metrics.ts';
import type { Pipeline } from '../../src/pipeline/index.ts';
import { type AnalysisFailure, analyzeOrRecord } from './analyze.ts';

export interface GoldSentence extends CharRange {
  id: string;
  text: string;
}

export interface GoldClaim {
  sentenceId: string;
  /** Free-text name of who makes the claim; empty when `hasClaimer` is false. */
  claimer: string;
  hasClaimer: boolean;
}

export interface NewsClaimsArticle {
  id: string;
  /** The article rebuilt from its sentences, each at its annotated offset. */
  text: string;
  sentences: GoldSentence[];
  claims: GoldClaim[];
}

export interface Accuracy {
  correct: number;
  total: number;
  accuracy: number;
}

export interface NewsClaimsResult {
  articles: number;
  sentences: number;
  claimSentences: Counts & Scores;
  claimer: {
    all: Accuracy;
    /** Gold claims with a claimer: the predicted claimant must match it. */
    withClaimer: Accuracy;
    /** Gold claims the article makes itself: the predicted claimant must be null. */
    withoutClaimer: Accuracy;
    /** Gold claims whose sentence the pipeline did not flag; each counts as wrong. */
    missed: number;
  };
  /** Articles the pipeline threw on; their gold claims count as missed. */
  failures: AnalysisFailure[];
  seconds: number;
}

interface RawSentence {
  start_char: number;
  /** Inclusive: the sentence is `text.slice(start_char, end_char + 1)`. */
  end_char: number;
  sentence: string;
}

interface RawClaim {
  claimer?: string;
  has_claimer?: boolean;
}

/**
 * Reads the NewsClaims dev articles and claims, or null when the files are absent. The data set gives
 * sentences with offsets but not the article text, so the text is rebuilt by placing each sentence at
 * its offset: a one-character gap becomes a space (the usual gap between sentences), a wider one
 * newlines (a paragraph break), so the pipeline sees paragraphs where the original most likely had them.
 */
export function loadNewsClaims(sharedData: string): NewsClaimsArticle[] | null {
  const folder = join(sharedData, 'news-claims');
  const articlesFile = join(folder, 'newsclaims-dev-articles.json');
  const claimsFile = join(folder, 'newsclaims-dev-claims.json');
  if (!existsSync(articlesFile) || !existsSync(claimsFile)) return null;
  const rawArticles = JSON.parse(readFileSync(articlesFile, 'utf8')) as Record<
    string,
    Record<string, RawSentence>
  >;
  const rawClaims = JSON.parse(readFileSync(claimsFile, 'utf8')) as Record<string, Record<string, RawClaim>>;
  return Object.entries(rawArticles).map(([id, rawSentences]) => {
    const sentences = Object.entries(rawSentences)
      .map(([sentenceId, raw]) => ({
        id: sentenceId,
        start: raw.start_char,
        end: raw.end_char + 1,
        text: raw.sentence,
      }))
      .sort((a, b) => a.start - b.start);
    const claims = Object.entries(rawClaims[id] ?? {}).map(([sentenceId, raw]) => ({
      sentenceId,
      claimer: raw.claimer ?? '',
      hasClaimer: raw.has_claimer === true,
    }));
    return { id, text: rebuildText(id, sentences), sentences, claims };
  });
}

/**
 * Lays sentences out at their offsets and checks that each one reads back from the result.
 *
 * @example
 * rebuildText('a', [{ id: 's0', start: 0, end: 3, text: 'Hi.' }, { id: 's1', start: 4, end: 7, text: 'Yo.' }]);
 * // 'Hi. Yo.'
 */
export function rebuildText(articleId: string, sentences: readonly GoldSentence[]): string {
  let text = '';
  for (const sentence of sentences) {
    const gap = sentence.start - text.length;
    if (gap < 0) {
      throw new Error(`claimtrail: NewsClaims sentence ${sentence.id} overlaps the one before it`);
    }
    text += gap === 1 ? ' ' : '\n'.repeat(gap);
    text += sentence.text;
  }
  for (const sentence of sentences) {
    if (text.slice(sentence.start, sentence.end) !== sentence.text) {
      throw new Error(
        `claimtrail: NewsClaims article ${articleId}: sentence ${sentence.id} lost its offsets`,
      );
    }
  }
  return text;
}

/** The index of the pipeline sentence sharing the most characters with `range`, or null if none does. */
export function bestOverlappingSentence(analysis: PredictedParts, range: CharRange): number | null {
  let best: number | null = null;
  let bestShared = 0;
  for (const sentence of analysis.sentences) {
    const shared = overlapLength(sentence, range);
    if (shared > bestShared) {
      best = sentence.index;
      bestShared = shared;
    }
  }
  return best;
}

/** The parts of an analysis this evaluation reads. */
export type PredictedParts = Pick<Analysis, 'sentences' | 'claims' | 'attributions'>;

/** Stands in for an article the pipeline threw on: nothing predicted. */
const EMPTY_ANALYSIS: PredictedParts = {
  sentences: [],
  claims: [],
  attributions: [],
};

/** Whether the pipeline treats a sentence as a claim: it produced a claim there or flagged it. */
function isPredictedClaim(analysis: PredictedParts, sentenceIndex: number): boolean {
  return (
    analysis.claims.some((claim) => claim.sentenceIndex === sentenceIndex) ||
    (analysis.sentences.find((sentence) => sentence.index === sentenceIndex)?.isClaim ?? false)
  );
}

/**
 * Who the pipeline says makes the claim in a sentence: the claim's claimant, else the source of an
 * attribution in that sentence (the article's own voice does not count as a source), else null.
 */
export function predictedClaimant(analysis: PredictedParts, sentenceIndex: number): string | null {
  const claimant = analysis.claims.find(
    (claim) => claim.sentenceIndex === sentenceIndex && claim.claimant !== null,
  )?.claimant;
  if (claimant) return claimant;
  const attribution = analysis.attributions.find(
    (candidate) => candidate.sentenceIndex === sentenceIndex && candidate.source.kind !== 'author',
  );
  return attribution?.source.name ?? null;
}

/**
 * Scores claim detection and claimer identification on NewsClaims.
 *
 * Each gold sentence is mapped to the pipeline sentence it overlaps most. Claim sentences: a gold
 * sentence is positive when it carries an annotated claim, predicted positive when its pipeline
 * sentence has a claim or is flagged as one. Claimer accuracy: a claim the pipeline missed is wrong;
 * otherwise a claim with a gold claimer is right when `claimantsMatch` accepts the predicted claimant
 * (case-insensitive; equal once leading determiners are dropped, one containing the other, or the same
 * head word), and a claim without one is right when the predicted claimant is null.
 */
export function evaluateNewsClaims(
  articles: readonly NewsClaimsArticle[],
  pipeline: Pipeline,
): NewsClaimsResult {
  const started = performance.now();
  const sentenceCounts: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  const withClaimer = { correct: 0, total: 0 };
  const withoutClaimer = { correct: 0, total: 0 };
  let missed = 0;
  let sentenceTotal = 0;
  const failures: AnalysisFailure[] = [];
  for (const article of articles) {
    const analysis = analyzeOrRecord(pipeline, article.id, article.text, failures) ?? EMPTY_ANALYSIS;
    const claimsBySentence = new Map(article.claims.map((claim) => [claim.sentenceId, claim]));
    for (const sentence of article.sentences) {
      sentenceTotal += 1;
      const mapped = bestOverlappingSentence(analysis, sentence);
      const predicted = mapped !== null && isPredictedClaim(analysis, mapped);
      const gold = claimsBySentence.get(sentence.id);
      if (gold && predicted) sentenceCounts.truePositives += 1;
      else if (gold) sentenceCounts.falseNegatives += 1;
      else if (predicted) sentenceCounts.falsePositives += 1;
      if (!gold) continue;
      const tally = gold.hasClaimer ? withClaimer : withoutClaimer;
      tally.total += 1;
      if (!predicted || mapped === null) {
        missed += 1;
        continue;
      }
      const claimant = predictedClaimant(analysis, mapped);
      const correct = gold.hasClaimer
        ? claimant !== null && claimantsMatch(claimant, gold.claimer)
        : claimant === null;
      if (correct) tally.correct += 1;
    }
  }
  const accuracy = ({ correct, total }: { correct: number; total: number }): Accuracy => ({
    correct,
    total,
    accuracy: ratio(correct, total),
  });
  return {
    articles: articles.length,
    sentences: sentenceTotal,
    claimSentences: { ...sentenceCounts, ...scoresFromCounts(sentenceCounts) },
    claimer: {
      all: accuracy({
        correct: withClaimer.correct + withoutClaimer.correct,
        total: withClaimer.total + withoutClaimer.total,
      }),
      withClaimer: accuracy(withClaimer),
      withoutClaimer: accuracy(withoutClaimer),
      missed,
    },
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}
