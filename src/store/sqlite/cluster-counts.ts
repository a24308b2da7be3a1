import type { SqliteDatabase } from './connection.ts';

/**
 * Keeps each cluster's counters equal to a count over its current claims. A new claim adds to them
 * after three index probes (is its article, outlet, claimant already in the cluster?), so a write
 * costs the same in a cluster of ten appearances as in one of a hundred thousand. Rarer changes
 * (an edit superseding a version's claims, an article marked a copy) count the cluster again.
 */
export interface ClusterCounts {
  /** Call before inserting a current claim: how it changes its cluster's counters. */
  measureAddition(claim: NewAppearance): Addition;
  /** Call after inserting it. */
  applyAddition(clusterId: number, addition: Addition): void;
  recount(clusterIds: Iterable<number>): void;
  /** Clusters whose counters differ from a fresh count, for integrity checks. */
  findDrift(): { clusterId: number; stored: CountRow; counted: CountRow }[];
}

export interface NewAppearance {
  clusterId: number;
  articleId: number;
  publisherKey: string | null;
  claimant: string | null;
  hedged: boolean;
  original: boolean;
  publishedAt: string;
}

export interface Addition {
  article: number;
  outlet: number;
  original: number;
  claimant: number;
  hedged: number;
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

const COUNT_COLUMNS = `count(*) AS appearances, count(DISTINCT c.article_id) AS articles,
  count(DISTINCT c.publisher_key) AS outlets,
  count(DISTINCT CASE WHEN a.copy_of_id IS NULL THEN c.article_id END) AS originals,
  count(DISTINCT c.claimant) AS claimants, coalesce(sum(c.hedged), 0) AS hedged,
  min(c.published_at) AS first, max(c.published_at) AS last`;

/** Prepares the counting statements once per open database. */
export function createClusterCounts(database: SqliteDatabase): ClusterCounts {
  const hasArticle = database.prepare(
    'SELECT 1 FROM claims WHERE cluster_id = ? AND is_current = 1 AND article_id = ? LIMIT 1',
  );
  const hasOutlet = database.prepare(
    'SELECT 1 FROM claims WHERE cluster_id = ? AND is_current = 1 AND publisher_key = ? LIMIT 1',
  );
  const hasClaimant = database.prepare(
    'SELECT 1 FROM claims WHERE cluster_id = ? AND is_current = 1 AND claimant = ? LIMIT 1',
  );
  // min()/max() with two arguments are SQLite's scalar least/greatest. The values are bound by
  // position (the time four times), as better-sqlite3 binds named parameters much more slowly.
  const add = database.prepare(`UPDATE clusters SET
      first_seen_at = CASE WHEN appearance_count = 0 THEN ? ELSE min(first_seen_at, ?) END,
      last_seen_at = CASE WHEN appearance_count = 0 THEN ? ELSE max(last_seen_at, ?) END,
      appearance_count = appearance_count + 1,
      article_count = article_count + ?,
      outlet_count = outlet_count + ?,
      original_article_count = original_article_count + ?,
      claimant_count = claimant_count + ?,
      hedged_count = hedged_count + ?
    WHERE id = ?`);
  const count = database.prepare(`SELECT ${COUNT_COLUMNS}
    FROM claims c JOIN articles a ON a.id = c.article_id
    WHERE c.cluster_id = ? AND c.is_current = 1`);
  const store = database.prepare(`UPDATE clusters SET
      appearance_count = :appearances, article_count = :articles, outlet_count = :outlets,
      original_article_count = :originals, claimant_count = :claimants, hedged_count = :hedged,
      first_seen_at = coalesce(:first, first_seen_at), last_seen_at = coalesce(:last, last_seen_at)
    WHERE id = :clusterId`);
  const drift = database.prepare(`SELECT k.id AS clusterId,
      k.appearance_count AS appearances, k.article_count AS articles, k.outlet_count AS outlets,
      k.original_article_count AS originals, k.claimant_count AS claimants, k.hedged_count AS hedged,
      k.first_seen_at AS first, k.last_seen_at AS last
    FROM clusters k ORDER BY k.id`);

  return {
    measureAddition(claim) {
      const { clusterId } = claim;
      const newArticle = hasArticle.get(clusterId, claim.articleId) === undefined;
      return {
        article: newArticle ? 1 : 0,
        outlet: claim.publisherKey === null || hasOutlet.get(clusterId, claim.publisherKey) ? 0 : 1,
        original: claim.original && newArticle ? 1 : 0,
        claimant: claim.claimant === null || hasClaimant.get(clusterId, claim.claimant) ? 0 : 1,
        hedged: claim.hedged ? 1 : 0,
        publishedAt: claim.publishedAt,
      };
    },
    applyAddition(clusterId, addition) {
      const { publishedAt, article, outlet, original, claimant, hedged } = addition;
      add.run(
        publishedAt,
        publishedAt,
        publishedAt,
        publishedAt,
        article,
        outlet,
        original,
        claimant,
        hedged,
        clusterId,
      );
    },
    recount(clusterIds) {
      for (const clusterId of new Set(clusterIds)) {
        const counted = count.get(clusterId) as CountRow;
        store.run({ ...counted, clusterId });
      }
    },
    findDrift() {
      const found: { clusterId: number; stored: CountRow; counted: CountRow }[] = [];
      for (const row of drift.all() as (CountRow & { clusterId: number })[]) {
        const { clusterId, ...stored } = row;
        const counted = count.get(clusterId) as CountRow;
        // An emptied cluster keeps the times of its last appearance.
        const times = counted.appearances === 0 ? { first: stored.first, last: stored.last } : {};
        const expected = { ...counted, ...times };
        if (JSON.stringify(stored) !== JSON.stringify(expected)) found.push({ clusterId, stored, counted });
      }
      return found;
    },
  };
}
