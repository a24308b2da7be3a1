import { createClusterCounts } from './cluster-counts.ts';
import { type PostgresDatabase, readTransaction } from './connection.ts';

/** Checks whose query returns one row per problem found, with a `problem` column describing it. */
const LEDGER_CHECKS = [
  `SELECT 'article ' || a.id || ' has no current version' AS problem
    FROM articles a LEFT JOIN article_versions v ON v.id = a.current_version_id
    WHERE v.id IS NULL OR v.article_id <> a.id`,
  `SELECT 'article ' || v.article_id || ' version ' || v.number || ' stores ' || count(c.id)
      || ' claims of the ' || json_array_length(v.analysis -> 'claims') || ' in its analysis' AS problem
    FROM article_versions v LEFT JOIN claims c ON c.version_id = v.id
    GROUP BY v.id HAVING count(c.id) <> json_array_length(v.analysis -> 'claims')`,
  `SELECT 'claim ' || c.id || ' disagrees with its article ' || c.article_id AS problem
    FROM claims c JOIN article_versions v ON v.id = c.version_id JOIN articles a ON a.id = v.article_id
    WHERE c.article_id <> v.article_id OR c.is_current <> (a.current_version_id = v.id)
      OR c.published_at <> a.published_at OR c.publisher_key IS DISTINCT FROM a.publisher_key`,
  `SELECT 'cluster ' || k.id || ' has no claim' AS problem
    FROM clusters k WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.cluster_id = k.id)`,
  // The search column is generated, so this finds only a changed text search configuration.
  `SELECT 'the full-text entry of claim ' || c.id || ' does not match its text' AS problem
    FROM claims c WHERE c.search IS DISTINCT FROM to_tsvector('english', c.text)`,
];

/** The review desk's invariants that constraints cannot state across rows. */
const REVIEW_CHECKS = [
  `SELECT 'status event ' || s.id || ' of cluster ' || s.cluster_id || ' cites evidence ' || e.id
      || ' of cluster ' || e.cluster_id AS problem
    FROM status_event_evidence l JOIN status_events s ON s.id = l.event_id JOIN evidence e ON e.id = l.evidence_id
    WHERE e.cluster_id <> s.cluster_id`,
  `SELECT 'status event ' || s.id || ' of cluster ' || s.cluster_id || ' follows "' || s.previous_status
      || '" but the event before it says "' || coalesce(p.status, 'unverified') || '"' AS problem
    FROM status_events s LEFT JOIN status_events p ON p.id = (
      SELECT max(id) FROM status_events WHERE cluster_id = s.cluster_id AND id < s.id)
    WHERE s.previous_status <> coalesce(p.status, 'unverified')`,
  `SELECT 'imported review ' || r.id || ' has appearance URLs that are not a JSON array' AS problem
    FROM imported_reviews r WHERE json_typeof(r.appearance_urls) <> 'array'`,
  `SELECT 'alert ' || a.id || ' has data that is not a JSON object' AS problem
    FROM alerts a WHERE json_typeof(a.data) <> 'object'`,
];

/**
 * Everything that should hold of the store, as sentences naming what is wrong (none when it is
 * sound), read from one snapshot: every article has a current version, every version all its claims,
 * every claim agrees with its article and the full-text index with its text, every cluster's
 * counters equal a fresh count, and the review desk's status events cite their own cluster's evidence
 * and chain one after another. PostgreSQL enforces foreign keys and checks its own pages, so the
 * SQLite store's integrity_check and foreign_key_check have no counterpart here.
 */
export function checkIntegrity(database: PostgresDatabase): Promise<string[]> {
  return readTransaction(database, async (transaction) => {
    const problems: string[] = [];
    for (const check of [...LEDGER_CHECKS, ...REVIEW_CHECKS]) {
      for (const row of await transaction.rows<{ problem: string }>(check)) problems.push(row.problem);
    }
    for (const drift of await createClusterCounts(transaction).findDrift()) {
      problems.push(
        `cluster ${drift.clusterId} counts ${JSON.stringify(drift.stored)} but its claims count ${JSON.stringify(drift.counted)}`,
      );
    }
    return problems;
  });
}
