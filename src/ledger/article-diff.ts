import type { Analysis } from '../core/analysis-schema.ts';
import { isHedged } from '../store/index.ts';

type AnalysisClaim = Analysis['claims'][number];
type AnalysisSignal = AnalysisClaim['signals'][number];

/** One claim found in both versions, and what changed about it. */
export interface ClaimChange {
  before: AnalysisClaim;
  after: AnalysisClaim;
  /** How alike the two wordings are, 0..1 (1 for the same words). */
  similarity: number;
  textChanged: boolean;
  claimantChanged: boolean;
  /** `after.certainty - before.certainty`. */
  certaintyChange: number;
  signalsAdded: AnalysisSignal[];
  signalsRemoved: AnalysisSignal[];
  /** The claim was hedged and now is stated; `hedgeAdded` the other way round. */
  hedgeRemoved: boolean;
  hedgeAdded: boolean;
}

/** What an edit did to an article's claims. */
export interface ArticleDiff {
  titleChange: { before: string | null; after: string | null } | null;
  /** Claims only in the later version, and only in the earlier one. */
  added: AnalysisClaim[];
  removed: AnalysisClaim[];
  /** Claims in both versions that changed in wording, claimant, certainty or signals. */
  changed: ClaimChange[];
  /** Claims in both versions with nothing changed. */
  unchanged: number;
}

export interface DiffOptions {
  /** Least word overlap (Dice coefficient, 0..1) for a reworded claim to count as the same claim. */
  minimumSimilarity?: number;
}

const STOP_WORDS = new Set(
  'a an the of to in on at by for with from and or but is are was were be been it its this that as'.split(
    ' ',
  ),
);

/** Content words, lower-cased, a plural or possessive `s` dropped: "The bridge's closes" -> bridge, close. */
function words(text: string): Set<string> {
  const found = new Set<string>();
  for (const [word] of text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    if (STOP_WORDS.has(word)) continue;
    found.add(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return found;
}

function similarity(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

const signalKey = (signal: AnalysisSignal) => `${signal.type}\u0000${signal.text.toLowerCase()}`;

/** Signals of `from` that `other` lacks, counting repeats. */
function signalsMissing(from: readonly AnalysisSignal[], other: readonly AnalysisSignal[]): AnalysisSignal[] {
  const remaining = new Map<string, number>();
  for (const signal of other) remaining.set(signalKey(signal), (remaining.get(signalKey(signal)) ?? 0) + 1);
  return from.filter((signal) => {
    const left = remaining.get(signalKey(signal)) ?? 0;
    remaining.set(signalKey(signal), left - 1);
    return left <= 0;
  });
}

function compare(before: AnalysisClaim, after: AnalysisClaim, score: number): ClaimChange {
  return {
    before,
    after,
    similarity: score,
    textChanged: before.text.replace(/\s+/g, ' ').trim() !== after.text.replace(/\s+/g, ' ').trim(),
    claimantChanged: before.claimant !== after.claimant,
    certaintyChange: after.certainty - before.certainty,
    signalsAdded: signalsMissing(after.signals, before.signals),
    signalsRemoved: signalsMissing(before.signals, after.signals),
    hedgeRemoved: isHedged(before.signals) && !isHedged(after.signals),
    hedgeAdded: !isHedged(before.signals) && isHedged(after.signals),
  };
}

function isUnchanged(change: ClaimChange): boolean {
  return (
    !change.textChanged &&
    !change.claimantChanged &&
    change.certaintyChange === 0 &&
    change.signalsAdded.length === 0 &&
    change.signalsRemoved.length === 0
  );
}

/**
 * Compares the claims of two versions of an article. Claims are paired by wording: the most alike
 * pairs first (content-word overlap at least `minimumSimilarity`, 0.5 by default; ties go to the pair
 * closest in position), so "The bridge may close" and "The bridge will close" are one claim whose
 * hedge was removed, while a claim with no counterpart is added or removed.
 *
 * @example
 * const diff = diffAnalyses(version1.analysis, version2.analysis);
 * diff.changed.filter((change) => change.hedgeRemoved).map((change) => change.after.text);
 */
export function diffAnalyses(before: Analysis, after: Analysis, options: DiffOptions = {}): ArticleDiff {
  const { minimumSimilarity = 0.5 } = options;
  const beforeWords = before.claims.map((claim) => words(claim.text));
  const afterWords = after.claims.map((claim) => words(claim.text));
  const candidates: { left: number; right: number; score: number; distance: number }[] = [];
  for (const [left, leftWords] of beforeWords.entries()) {
    for (const [right, rightWords] of afterWords.entries()) {
      const score = similarity(leftWords, rightWords);
      if (score >= minimumSimilarity)
        candidates.push({ left, right, score, distance: Math.abs(left - right) });
    }
  }
  candidates.sort((one, two) => two.score - one.score || one.distance - two.distance || one.left - two.left);
  const pairedBefore = new Set<number>();
  const pairedAfter = new Set<number>();
  const changes: ClaimChange[] = [];
  for (const { left, right, score } of candidates) {
    if (pairedBefore.has(left) || pairedAfter.has(right)) continue;
    pairedBefore.add(left);
    pairedAfter.add(right);
    changes.push(compare(before.claims[left] as AnalysisClaim, after.claims[right] as AnalysisClaim, score));
  }
  changes.sort(
    (one, two) => one.after.sentenceIndex - two.after.sentenceIndex || one.after.start - two.after.start,
  );
  const beforeTitle = before.article.title ?? null;
  const afterTitle = after.article.title ?? null;
  return {
    titleChange: beforeTitle === afterTitle ? null : { before: beforeTitle, after: afterTitle },
    added: after.claims.filter((_, index) => !pairedAfter.has(index)),
    removed: before.claims.filter((_, index) => !pairedBefore.has(index)),
    changed: changes.filter((change) => !isUnchanged(change)),
    unchanged: changes.filter(isUnchanged).length,
  };
}
