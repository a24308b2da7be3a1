import { createClusterCounts } from './cluster-counts.ts';
import type { SqliteDatabase } from './connection.ts';

/** Checks whose query returns one row per problem found, with a `problem` column describing it. */
const LEDGER_CHECKS = [
  `SELECT 'article ' || a.id || ' has no current version' AS problem
    FROM articles a LEFT JOIN article_versions v ON v.id = a.current_version_id
    WHERE v.id IS NULL OR v.article_id <> a.id`,
  `SELECT 'article ' || v.article_id || ' version ' || v.number || ' stores ' || count(c.id)
      || ' claims of the ' || json_array_length(v.analysis, '$.claims') || ' in its analysis' AS problem
    FROM article_versions v LEFT JOIN claims c ON c.version_id = v.id
    GROUP BY v.id HAVING count(c.id) <> json_array_length(v.analysis, '$.claims')`,
  `SELECT 'claim ' || c.id || ' disagrees with its article ' || c.article_id AS problem
    FROM claims c JOIN article_versions v ON v.id = c.version_id JOIN articles a ON a.id = v.article_id
    WHERE c.article_id <> v.article_id OR c.is_current <> (a.current_version_id = v.id)
      OR c.published_at <> a.published_at OR c.publisher_key IS NOT a.publisher_key`,
  `SELECT 'cluster ' || k.id || ' has no claim' AS problem
    FROM clusters k WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.cluster_id = k.id)`,
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
    FROM imported_reviews r WHERE NOT json_valid(r.appearance_urls) OR json_type(r.appearance_urls) <> 'array'`,
  `SELECT 'alert ' || a.id || ' has data that is not a JSON object' AS problem
    FROM alerts a WHERE NOT json_valid(a.data) OR json_type(a.data) <> 'object'`,
];

/**
 * Everything that should hold of a store file, as sentences naming what is wrong (none when it is
 * sound): SQLite's own page and foreign-key checks, the full-text index against the claims, and the
 * ledger's invariants (every article has a current version, every version all its claims, every
 * cluster counters equal to a fresh count), and the review desk's (status events cite their own
 * cluster's evidence and chain one after another).
 */
export function checkIntegrity(database: SqliteDatabase): string[] {
  const counts = createClusterCounts(database);
  return database
    .transaction(() => {
      const problems: string[] = [];
      for (const row of database.pragma('integrity_check') as { integrity_check: string }[]) {
        if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
      }
      for (const row of database.pragma('foreign_key_check') as {
        table: string;
        rowid: number;
        parent: string;
      }[]) {
        problems.push(
          `foreign_key_check: ${row.table} row ${row.rowid} points to a missing ${row.parent} row`,
        );
      }
      try {
        database.prepare("INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)").run();
      } catch (error) {
        problems.push(`the claims full-text index does not match the claims: ${(error as Error).message}`);
      }
      for (const check of [...LEDGER_CHECKS, ...REVIEW_CHECKS]) {
        for (const row of database.prepare(check).all() as { problem: string }[]) problems.push(row.problem);
      }
      for (const drift of counts.findDrift()) {
        problems.push(
          `cluster ${drift.clusterId} counts ${JSON.stringify(drift.stored)} but its claims count ${JSON.stringify(drift.counted)}`,
        );
      }
      return problems;
    })
    .immediate();
}
