export {
  alertPayload,
  type DeliveryOptions,
  type DeliveryReport,
  deliverDueAlerts,
  retryDelay,
  SIGNATURE_HEADER,
  signPayload,
  verifySignature,
} from './alert-delivery.ts';
export {
  type AtomFeedOptions,
  alertsAtomFeed,
  escapeXml,
} from './alert-feed.ts';
export { alertsAfterArticle, alertsAfterIngest, type ClusterSnapshot, changeStatus } from './alerts.ts';
export {
  type ClaimReviewDocument,
  type ClaimReviewInput,
  claimantOf,
  claimReviewFor,
  claimReviewForCluster,
  MAX_EXPORTED_APPEARANCES,
  type ReviewedAppearance,
  type ReviewPublisher,
} from './claim-review.ts';
export {
  claimReviewsFromHtml,
  claimReviewsFromJsonLd,
  createReviewMatcher,
  findClaimReviewNodes,
  type ImportOutcome,
  importClaimReviews,
  type MatchOptions,
  type ReadClaimReview,
  type ReadOptions,
  type ReviewMatch,
  type ReviewMatcher,
  readClaimReviewNode,
  readClaimReviews,
  storeClaimReviews,
} from './claim-review-import.ts';
export { ReviewError } from './errors.ts';
export {
  BEST_RATING,
  isRating,
  RATING_SCALE,
  type Rating,
  ratingFromLabel,
  ratingLabel,
  WORST_RATING,
} from './rating-scale.ts';
export {
  createApiToken,
  generateSecret,
  hashSecret,
  roleAllows,
  secretMatches,
  TOKEN_PREFIX,
  verifyApiToken,
} from './tokens.ts';
