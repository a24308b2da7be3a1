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

/**
 * Everything that should hold of a store file, as sentences naming what is wrong (none when it is
 * sound): SQLite's own page and foreign-key checks, the full-text index against the claims, and the
 * ledger's invariants (every article has a current version, every version all its claims, every
 * cluster counters equal to a fresh count).
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
      for (const check of LEDGER_CHECKS) {
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
