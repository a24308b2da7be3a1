export { type Appearance, isAttributed, isHedged, isStatedAsFact } from './appearance.ts';
export { diffAnalyses } from './article-diff.ts';
export { bodySignature, COPY_SIMILARITY, findOriginal, signatureSimilarity } from './copies.ts';
export { digestAppearances } from './digest.ts';
export {
  type ClusterProfile,
  type Dossier,
  profileFromDigest,
  readClusterProfile,
  readDossier,
  toAppearance,
} from './dossier.ts';
export { assessIndependence, type IndependenceReport, independenceFromDigest } from './independence.ts';
export { clusterToJoin, joinCandidates, MINIMUM_SHARED_WORDS } from './joining.ts';
export {
  type IngestOutcome,
  type Ledger,
  type LedgerArticle,
  type LedgerOptions,
  openLedger,
} from './ledger.ts';
export { computeTraction, type Traction, type TractionDay, tractionFromDigest } from './traction.ts';
