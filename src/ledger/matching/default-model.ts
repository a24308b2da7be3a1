import type { JoinModel, MatchModel } from './model.ts';

/**
 * Re-ranker weights learned by `npx tsx scripts/eval/claim-retrieval.ts --train --write` on the
 * CheckThat! 2020 task 2 train split (seeded, so the run reproduces these numbers).
 */
export const DEFAULT_MATCH_MODEL: MatchModel = {
  features: [
    'bm25',
    'bm25Relative',
    'reciprocalRank',
    'textScore',
    'titleScore',
    'queryCoverage',
    'claimCoverage',
    'titleCoverage',
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
  ],
  weights: [
    0.466813, 2.350823, 6.111249, 0.357792, 0.49623, 1.615991, 0.472574, 0.334799, 0.259696, -0.422842,
    -0.109799, 0.066444, -0.817823, -0.623455, -1.301499, 0.569746, -2.459012, -2.070755,
  ],
  bias: -3.189613,
};

/** The join decision for the best candidate, trained with the ranker above; see `decideCluster`. */
export const DEFAULT_JOIN_MODEL: JoinModel = {
  scoreWeight: -0.855122,
  features: [
    'bm25',
    'textScore',
    'titleScore',
    'queryCoverage',
    'claimCoverage',
    'titleCoverage',
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
  ],
  weights: [
    1.798931, 1.533477, 2.10782, 2.231956, 1.012686, 1.203197, 0.246818, -0.523181, 0.277046, 0.014269,
    -0.712705, 0.64119, -0.367312, 0.509111, -0.675, -0.379633,
  ],
  bias: -0.967648,
};

/**
 * Join probability at or above which a claim joins the best cluster: the F0.5 optimum on out-of-fold
 * train scores, where each train tweet is judged twice, with its verified claim stored and without.
 */
export const DEFAULT_JOIN_THRESHOLD = 0.43;
