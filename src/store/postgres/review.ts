import type { ReviewStore } from '../review-types.ts';
import type { PostgresDatabase } from './connection.ts';
import { createReviewAccess } from './review-access.ts';
import { createReviewAlerts } from './review-alerts.ts';
import { createReviewHistory } from './review-history.ts';

/** The review desk's methods: evidence, status history, verdicts, imports, tokens, watches, alerts. */
export function createReviewMethods(database: PostgresDatabase, now: () => Date): ReviewStore {
  const history = createReviewHistory(database, now);
  const access = createReviewAccess(database, now);
  const alerts = createReviewAlerts(database, now);
  return {
    addEvidence: history.addEvidence,
    listEvidence: history.listEvidence,
    recordStatus: history.recordStatus,
    statusHistory: history.statusHistory,
    recordVerdict: history.recordVerdict,
    listVerdicts: history.listVerdicts,
    importReview: access.importReview,
    clusterImportedReviews: access.clusterImportedReviews,
    createToken: access.createToken,
    useToken: access.useToken,
    listTokens: access.listTokens,
    revokeToken: access.revokeToken,
    watchCluster: alerts.watchCluster,
    unwatchCluster: alerts.unwatchCluster,
    listWatches: alerts.listWatches,
    recordAlert: alerts.recordAlert,
    listAlerts: (options = {}) => alerts.listAlerts(options),
    dueAlerts: alerts.dueAlerts,
    recordDelivery: alerts.recordDelivery,
  };
}
