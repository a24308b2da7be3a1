import { type AppearanceGroupRow, growthWindows, toAppearanceGroup } from '../cluster-digest.ts';
import { NotFoundError } from '../errors.ts';
import type { ClusterDigest } from '../types.ts';
import type { SqliteDatabase } from './connection.ts';
import { parseId } from './rows.ts';

/**
 * The digest's groups: current claims grouped by day, outlet (named as the ledger names it), claimant
 * and the outlet of the article they copy when that article is in the cluster too, and whether the
 * claimant denies the claim there (a denial signal), each group placed
 * by its first appearance. Publication times are all 24 characters long, so the least of time and
 * zero-padded id is the first appearance by (time, id), without a window over every row.
 */
const GROUPS = `SELECT substr(c.published_at, 1, 10) AS day,
    coalesce(a.publisher, a.url, 'article ' || c.article_id) AS outlet,
    c.claimant, c.claimant_kind,
    CASE WHEN a.copy_of_id IS NULL THEN NULL ELSE (
      SELECT coalesce(original.publisher, original.url, 'article ' || original.id) FROM articles original
      WHERE original.id = a.copy_of_id AND EXISTS (SELECT 1 FROM claims o
        WHERE o.cluster_id = :cluster AND o.is_current = 1 AND o.article_id = original.id)) END AS copy_of,
    (c.signals LIKE '%"denial"%' AND EXISTS (SELECT 1 FROM json_each(c.signals) s
      WHERE json_extract(s.value, '$.type') = 'denial')) AS denied,
    count(*) AS appearances, sum(c.hedged) AS hedged,
    min(c.published_at) AS first, max(c.published_at) AS last,
    min(c.published_at || printf('%020d', c.id)) AS position
  FROM claims c JOIN articles a ON a.id = c.article_id
  WHERE c.cluster_id = :cluster AND c.is_current = 1
  GROUP BY day, outlet, c.claimant, c.claimant_kind, copy_of, denied
  ORDER BY position`;

/** Evidence texts, each at its first citation (publication time, claim, signal). */
const DOCUMENTS = `SELECT text FROM (
    SELECT json_extract(s.value, '$.text') AS text, c.published_at, c.id, s.key AS signal,
      row_number() OVER (PARTITION BY json_extract(s.value, '$.text')
        ORDER BY c.published_at, c.id, s.key) AS nth
    FROM claims c, json_each(c.signals) s
    WHERE c.cluster_id = ? AND c.is_current = 1 AND c.signals LIKE '%"evidence-cited"%'
      AND json_extract(s.value, '$.type') = 'evidence-cited')
  WHERE nth = 1 ORDER BY published_at, id, signal`;

/** The cluster digest read for SQLite, in one read transaction. */
export function createDigestRead(database: SqliteDatabase): (clusterId: string) => ClusterDigest {
  const exists = database.prepare('SELECT 1 FROM clusters WHERE id = ?').pluck();
  const groups = database.prepare(GROUPS);
  const documents = database.prepare(DOCUMENTS).pluck();
  const latest = database
    .prepare('SELECT max(published_at) FROM claims WHERE cluster_id = ? AND is_current = 1')
    .pluck();
  const growth = database.prepare(`SELECT
      coalesce(sum(published_at > :recentFrom), 0) AS recent,
      coalesce(sum(published_at <= :recentFrom), 0) AS previous
    FROM claims WHERE cluster_id = :cluster AND is_current = 1 AND published_at > :previousFrom`);
  return database.transaction((clusterId: string): ClusterDigest => {
    const cluster = parseId(clusterId, 'cluster');
    if (exists.get(cluster) === undefined) throw new NotFoundError(`cluster "${clusterId}"`);
    const last = latest.get(cluster) as string | null;
    return {
      groups: (groups.all({ cluster }) as AppearanceGroupRow[]).map(toAppearanceGroup),
      documentsCited: documents.all(cluster) as string[],
      growth:
        last === null
          ? { recent: 0, previous: 0 }
          : (growth.get({ cluster, ...growthWindows(last) }) as { recent: number; previous: number }),
    };
  });
}
