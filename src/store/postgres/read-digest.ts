import { type AppearanceGroupRow, growthWindows, toAppearanceGroup } from '../cluster-digest.ts';
import { NotFoundError } from '../errors.ts';
import type { ClusterDigest } from '../types.ts';
import { type PostgresDatabase, readTransaction } from './connection.ts';
import { parseId } from './rows.ts';

/** As SQLite's (src/store/sqlite/read-digest.ts): claims numbered in appearance order, then grouped. */
const GROUPS = `WITH ranked AS (
    SELECT c.article_id, c.published_at, c.claimant, c.claimant_kind, c.hedged,
      EXISTS (SELECT 1 FROM json_array_elements(c.signals) s WHERE s ->> 'type' = 'denial') AS denied,
      row_number() OVER (ORDER BY c.published_at, c.id) AS position
    FROM claims c WHERE c.cluster_id = $1 AND c.is_current)
  SELECT to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
    coalesce(a.publisher, a.url, 'article ' || r.article_id) AS outlet,
    r.claimant, r.claimant_kind,
    (SELECT coalesce(original.publisher, original.url, 'article ' || original.id) FROM articles original
      WHERE original.id = a.copy_of_id AND EXISTS (SELECT 1 FROM claims o
        WHERE o.cluster_id = $1 AND o.is_current AND o.article_id = original.id)) AS copy_of,
    r.denied, count(*)::int AS appearances, sum(r.hedged::int)::int AS hedged,
    min(r.published_at) AS first, max(r.published_at) AS last, min(r.position) AS position
  FROM ranked r JOIN articles a ON a.id = r.article_id
  GROUP BY day, outlet, r.claimant, r.claimant_kind, copy_of, r.denied
  ORDER BY position`;

const DOCUMENTS = `SELECT text FROM (
    SELECT s.value ->> 'text' AS text, c.published_at, c.id, s.signal,
      row_number() OVER (PARTITION BY s.value ->> 'text' ORDER BY c.published_at, c.id, s.signal) AS nth
    FROM claims c, json_array_elements(c.signals) WITH ORDINALITY AS s(value, signal)
    WHERE c.cluster_id = $1 AND c.is_current AND s.value ->> 'type' = 'evidence-cited') cited
  WHERE nth = 1 ORDER BY published_at, id, signal`;

const GROWTH = `SELECT count(*) FILTER (WHERE published_at > $2::timestamptz)::int AS recent,
    count(*) FILTER (WHERE published_at <= $2::timestamptz)::int AS previous
  FROM claims WHERE cluster_id = $1 AND is_current AND published_at > $3::timestamptz`;

/** The cluster digest read for PostgreSQL, in one read transaction. */
export function createDigestRead(database: PostgresDatabase): (clusterId: string) => Promise<ClusterDigest> {
  return (clusterId) =>
    readTransaction(database, async (transaction) => {
      const cluster = parseId(clusterId, 'cluster');
      const found = await transaction.row<{ last: string | null }>(
        `SELECT (SELECT max(published_at) FROM claims WHERE cluster_id = k.id AND is_current) AS last
        FROM clusters k WHERE k.id = $1`,
        [cluster],
      );
      if (!found) throw new NotFoundError(`cluster "${clusterId}"`);
      const groups = await transaction.rows<AppearanceGroupRow>(GROUPS, [cluster]);
      const documents = await transaction.rows<{ text: string }>(DOCUMENTS, [cluster]);
      let growth = { recent: 0, previous: 0 };
      if (found.last !== null) {
        const { recentFrom, previousFrom } = growthWindows(found.last);
        growth =
          (await transaction.row<{ recent: number; previous: number }>(GROWTH, [
            cluster,
            recentFrom,
            previousFrom,
          ])) ?? growth;
      }
      return {
        groups: groups.map(toAppearanceGroup),
        documentsCited: documents.map((row) => row.text),
        growth,
      };
    });
}
