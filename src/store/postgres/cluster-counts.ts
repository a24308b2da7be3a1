import type { Transaction } from './connection.ts';

/**
 * Keeps each cluster's counters equal to a count over its current claims, as the SQLite store does,
 * but a version's claims at once: one statement adds them to every cluster they joined, probing the
 * claims' indexes for whether the outlet and each claimant were already there, so a write costs the
 * same in a cluster of ten appearances as in one of a hundred thousand. Rarer changes (an edit
 * superseding a version's claims, an article marked a copy) count the cluster again. Callers lock the
 * cluster rows first (`lock`), so that concurrent writers to one cluster take turns and each sees the
 * claims the previous writer committed.
 */
export interface ClusterCounts {
  /** Locks these clusters' rows until the transaction ends, in id order so writers never deadlock on them. */
  lock(clusterIds: Iterable<string>): Promise<void>;
  /** Call after inserting a new current version's claims: adds them to their clusters' counters. */
  addVersion(version: NewVersion): Promise<void>;
  recount(clusterIds: Iterable<string>): Promise<void>;
  /** Clusters whose counters differ from a fresh count, for integrity checks. */
  findDrift(): Promise<{ clusterId: string; stored: CountRow; counted: CountRow }[]>;
}

/** A version whose claims were just inserted, with the facts of its article they all share. */
export interface NewVersion {
  versionId: string;
  publisherKey: string | null;
  /** The article is not marked a copy of another. */
  original: boolean;
  publishedAt: string;
}

export interface CountRow {
  appearances: number;
  articles: number;
  outlets: number;
  originals: number;
  claimants: number;
  hedged: number;
  first: string | null;
  last: string | null;
}

const COUNT = `SELECT count(*)::int AS appearances, count(DISTINCT c.article_id)::int AS articles,
    count(DISTINCT c.publisher_key)::int AS outlets,
    count(DISTINCT CASE WHEN a.copy_of_id IS NULL THEN c.article_id END)::int AS originals,
    count(DISTINCT c.claimant)::int AS claimants, coalesce(sum(c.hedged::int), 0)::int AS hedged,
    min(c.published_at) AS first, max(c.published_at) AS last
  FROM claims c JOIN articles a ON a.id = c.article_id
  WHERE c.cluster_id = $1 AND c.is_current`;

/** Counting and locking of cluster rows inside one write transaction. */
export function createClusterCounts(transaction: Transaction): ClusterCounts {
  async function count(clusterId: string): Promise<CountRow> {
    return (await transaction.row<CountRow>(COUNT, [clusterId])) as CountRow;
  }

  return {
    async lock(clusterIds) {
      const ids = [...new Set(clusterIds)];
      if (ids.length === 0) return;
      await transaction.run(
        'SELECT id FROM clusters WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE',
        [ids],
      );
    },
    async addVersion(version) {
      // The version's article has no other current claim (an edit supersedes the previous version's
      // first), so each cluster the version joins gains one article; its outlet and claimants are new
      // to the cluster unless another current claim there has them.
      await transaction.run(
        `WITH added AS (
          SELECT cluster_id, count(*)::int AS appearances, count(*) FILTER (WHERE hedged)::int AS hedged
          FROM claims WHERE version_id = $1 GROUP BY cluster_id
        ), new_claimants AS (
          SELECT n.cluster_id, count(*)::int AS claimants
          FROM (SELECT DISTINCT cluster_id, claimant FROM claims
            WHERE version_id = $1 AND claimant IS NOT NULL) n
          WHERE NOT EXISTS (SELECT 1 FROM claims o WHERE o.cluster_id = n.cluster_id AND o.is_current
            AND o.claimant = n.claimant AND o.version_id <> $1)
          GROUP BY n.cluster_id
        )
        UPDATE clusters k SET
          first_seen_at = CASE WHEN k.appearance_count = 0 THEN $4::timestamptz
            ELSE least(k.first_seen_at, $4::timestamptz) END,
          last_seen_at = CASE WHEN k.appearance_count = 0 THEN $4::timestamptz
            ELSE greatest(k.last_seen_at, $4::timestamptz) END,
          appearance_count = k.appearance_count + a.appearances,
          article_count = k.article_count + 1,
          outlet_count = k.outlet_count + CASE WHEN $2::text IS NULL OR EXISTS (
            SELECT 1 FROM claims o WHERE o.cluster_id = k.id AND o.is_current AND o.publisher_key = $2::text
              AND o.version_id <> $1) THEN 0 ELSE 1 END,
          original_article_count = k.original_article_count + $3::int,
          claimant_count = k.claimant_count + coalesce(c.claimants, 0),
          hedged_count = k.hedged_count + a.hedged
        FROM added a LEFT JOIN new_claimants c ON c.cluster_id = a.cluster_id
        WHERE k.id = a.cluster_id`,
        [version.versionId, version.publisherKey, version.original ? 1 : 0, version.publishedAt],
      );
    },
    async recount(clusterIds) {
      for (const clusterId of new Set(clusterIds)) {
        const counted = await count(clusterId);
        await transaction.run(
          `UPDATE clusters SET
            appearance_count = $2, article_count = $3, outlet_count = $4, original_article_count = $5,
            claimant_count = $6, hedged_count = $7,
            first_seen_at = coalesce($8::timestamptz, first_seen_at),
            last_seen_at = coalesce($9::timestamptz, last_seen_at)
          WHERE id = $1`,
          [
            clusterId,
            counted.appearances,
            counted.articles,
            counted.outlets,
            counted.originals,
            counted.claimants,
            counted.hedged,
            counted.first,
            counted.last,
          ],
        );
      }
    },
    async findDrift() {
      const rows = await transaction.rows<{ cluster_id: string; stored: CountRow; counted: CountRow }>(
        `SELECT k.id AS cluster_id,
          json_build_object('appearances', k.appearance_count, 'articles', k.article_count,
            'outlets', k.outlet_count, 'originals', k.original_article_count,
            'claimants', k.claimant_count, 'hedged', k.hedged_count,
            'first', k.first_seen_at, 'last', k.last_seen_at) AS stored,
          row_to_json(counted) AS counted
        FROM clusters k CROSS JOIN LATERAL (${COUNT.replace('$1', 'k.id')}) counted
        ORDER BY k.id`,
      );
      const found: { clusterId: string; stored: CountRow; counted: CountRow }[] = [];
      for (const { cluster_id: clusterId, stored, counted } of rows) {
        // An emptied cluster keeps the times of its last appearance.
        const times = counted.appearances === 0 ? { first: stored.first, last: stored.last } : {};
        const expected = { ...counted, ...times };
        const keys = Object.keys(expected) as (keyof CountRow)[];
        if (keys.some((key) => stored[key] !== expected[key])) found.push({ clusterId, stored, counted });
      }
      return found;
    },
  };
}
