import type { JoinModel } from './model.ts';

/**
 * The ledger's join decision between news sentences, fitted by `npx tsx scripts/eval/news-joins.ts
 * --train --write` on judged PolNeAR pairs and Emergent headlines (deterministic: the run reproduces
 * these numbers).
 */
export const NEWS_JOIN_MODEL: JoinModel = {
  scoreWeight: 3.503206,
  features: [
    'bm25',
    'textScore',
    'queryCoverage',
    'claimCoverage',
    'bigramOverlap',
    'shingleJaccard',
    'sharedNumbers',
    'numberConflict',
    'missingNumbers',
    'entityCoverage',
    'missingEntities',
    'queryEntityCoverage',
    'queryLength',
    'claimLength',
    'sharedWordsLow',
    'sharedWordsHigh',
    'namesOnly',
    'sharedTerms',
  ],
  weights: [
    1.610373, 1.610373, 0.816914, 4.002027, -0.391894, 0.18419, 0.274104, -0.248294, -1.166574, 0.739922,
    1.033928, -0.052023, -1.465138, -1.85371, 0.395868, 1.86533, 1.088731, 2.091709,
  ],
  bias: -8.189423,
};

/**
 * Join probability at or above which a news claim joins the best cluster: the F1 optimum of
 * out-of-fold joins of the judged PolNeAR pairs.
 */
export const NEWS_JOIN_THRESHOLD = 0.51;
