import { NotFoundError, StoreError } from '../errors.ts';
import { type CursorKeys, keysCursor, listingName, offsetCursor, readPageOptions } from '../page.ts';
import { CLAIM_STATUSES, type ClaimStatus } from '../review-types.ts';
import type {
  ClaimHit,
  ClusterAppearance,
  ClusterMatch,
  ClusterSort,
  ClusterSummary,
  DailyCount,
  ListClustersOptions,
  OutletCount,
  Page,
  PageOptions,
  SearchOptions,
} from '../types.ts';
import { CLUSTER_SORTS } from '../types.ts';
import { type PostgresDatabase, readTransaction, type Transaction } from './connection.ts';
import {
  APPEARANCE_COLUMNS,
  type AppearanceRow,
  CLUSTER_COLUMNS,
  CLUSTER_STATUS,
  type ClusterRow,
  parseId,
  toAppearance,
  toCluster,
} from './rows.ts';
import { tsQuery } from './search.ts';

/** Reads of claim clusters: listings, full-text search, appearances and their counts over time. */
export interface ClusterReads {
  getCluster(id: string): Promise<ClusterSummary>;
  listClusters(options: ListClustersOptions): Promise<Page<ClusterSummary>>;
  searchClusters(search: string, options: SearchOptions): Promise<ClusterMatch[]>;
  clusterAppearances(clusterId: string, options: PageOptions): Promise<Page<ClusterAppearance>>;
  clusterDailyCounts(clusterId: string): Promise<DailyCount[]>;
  clusterOutlets(clusterId: string): Promise<OutletCount[]>;
  searchClaims(search: string, options: PageOptions & SearchOptions): Promise<Page<ClaimHit>>;
}

/** Sort columns, all descending, ending with the id so that the order is total. */
const SORT_COLUMNS: Record<ClusterSort, (keyof ClusterRow)[]> = {
  traction: ['outlet_count', 'appearance_count', 'id'],
  appearances: ['appearance_count', 'outlet_count', 'id'],
  recent: ['last_seen_at', 'id'],
};

/** The cast each sort column's cursor key needs, since a cursor carries strings and numbers only. */
const COLUMN_TYPES: Partial<Record<keyof ClusterRow, string>> = {
  id: 'bigint',
  last_seen_at: 'timestamptz',
  outlet_count: 'integer',
  appearance_count: 'integer',
};

const APPEARANCES = `SELECT ${APPEARANCE_COLUMNS}
  FROM claims c JOIN articles a ON a.id = c.article_id JOIN article_versions v ON v.id = c.version_id`;

const DEFAULT_SEARCH_LIMIT = 10;

interface DayRow {
  day: string;
  appearances: number;
  outlets: number;
  hedged: number;
  attributed: number;
}

interface OutletRow {
  publisher: string;
  appearances: number;
  articles: number;
  hedged: number;
  first: string;
  last: string;
}

function searchLimit(limit: number | undefined): number {
  const chosen = limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 500) {
    throw new StoreError('invalid-page', `search limit must be a whole number from 1 to 500, got ${chosen}`, {
      status: 400,
    });
  }
  return chosen;
}

function checkSort(sort: string): ClusterSort {
  if ((CLUSTER_SORTS as readonly string[]).includes(sort)) return sort as ClusterSort;
  throw new StoreError('invalid-sort', `cluster sort "${sort}" is not one of ${CLUSTER_SORTS.join(', ')}`, {
    status: 400,
  });
}

/** The statuses to list, checked and without repeats, in the scale's order; null (none given) for all. */
function checkStatuses(statuses: readonly ClaimStatus[] | undefined): ClaimStatus[] | null {
  if (statuses === undefined || statuses.length === 0) return null;
  for (const status of statuses) {
    if (!(CLAIM_STATUSES as readonly string[]).includes(status)) {
      throw new StoreError(
        'invalid-status',
        `cluster status "${status}" is not one of ${CLAIM_STATUSES.join(', ')}`,
        { status: 400 },
      );
    }
  }
  return CLAIM_STATUSES.filter((status) => statuses.includes(status));
}

/** Collects a statement's parameters, naming each `$n` as it is added. */
function parameters() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown, cast?: string): string {
      values.push(value);
      return cast ? `$${values.length}::${cast}` : `$${values.length}`;
    },
  };
}

async function cluster(transaction: Transaction, id: string): Promise<ClusterRow> {
  const row = await transaction.row<ClusterRow>(`SELECT ${CLUSTER_COLUMNS} FROM clusters k WHERE k.id = $1`, [
    parseId(id, 'cluster'),
  ]);
  if (!row) throw new NotFoundError(`cluster "${id}"`);
  return row;
}

/** Clusters with a current appearance, filtered by words and status, sorted, one page of them. */
function listClusters(transaction: Transaction, options: ListClustersOptions): Promise<Page<ClusterSummary>> {
  const sort = checkSort(options.sort ?? 'traction');
  const search = options.search?.trim() ? options.search : undefined;
  const statuses = checkStatuses(options.statuses);
  const listingKey = listingName(
    `clusters/${sort}`,
    statuses === null ? (search ?? null) : { search: search ?? null, statuses },
  );
  const { limit, offset, after } = readPageOptions(options, listingKey);
  const columns = SORT_COLUMNS[sort];

  function where(parameter: ReturnType<typeof parameters>, withCursor: boolean): string {
    const filters = ['k.appearance_count > 0'];
    if (search !== undefined) {
      // A semi-join from the matching claims, found through the GIN index, rather than a probe per cluster.
      filters.push(`k.id IN (SELECT c.cluster_id FROM claims c WHERE c.is_current
        AND c.search @@ to_tsquery('english', ${parameter.add(tsQuery(search, 'all'))}))`);
    }
    if (statuses !== null) filters.push(`${CLUSTER_STATUS} = ANY(${parameter.add(statuses, 'text[]')})`);
    if (withCursor && after) {
      const keys = columns.map((column, index) => parameter.add(after[index], COLUMN_TYPES[column]));
      filters.push(`(${columns.map((column) => `k.${column}`).join(', ')}) < (${keys.join(', ')})`);
    }
    return `FROM clusters k WHERE ${filters.join(' AND ')}`;
  }

  return (async () => {
    const listed = parameters();
    const filter = where(listed, true);
    const order = columns.map((column) => `k.${column} DESC`).join(', ');
    const rows = await transaction.rows<ClusterRow>(
      `SELECT ${CLUSTER_COLUMNS} ${filter} ORDER BY ${order}
      LIMIT ${listed.add(limit + 1)} OFFSET ${listed.add(offset)}`,
      listed.values,
    );
    const counted = parameters();
    const total = await transaction.row<{ total: number }>(
      `SELECT count(*)::int AS total ${where(counted, false)}`,
      counted.values,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const lastKeys: CursorKeys | null = last
      ? columns.map((column) => last[column] as string | number)
      : null;
    return {
      items: items.map(toCluster),
      total: total?.total ?? 0,
      nextCursor: rows.length > limit && lastKeys ? keysCursor(listingKey, lastKeys) : null,
    };
  })();
}

/** The cluster reads; each runs in one read-only transaction. */
export function createClusterReads(database: PostgresDatabase): ClusterReads {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);

  return {
    getCluster: (id) => read(async (transaction) => toCluster(await cluster(transaction, id))),

    listClusters: (options) => read((transaction) => listClusters(transaction, options)),

    searchClusters: (search, options) =>
      read(async (transaction) => {
        const query = tsQuery(search, options.match ?? 'all');
        const limit = searchLimit(options.limit);
        // Each cluster's best matching current claim, then the clusters by that claim's rank.
        const rows = await transaction.rows<ClusterRow & { matched_text: string }>(
          `SELECT ${CLUSTER_COLUMNS}, best.text AS matched_text FROM (
            SELECT DISTINCT ON (c.cluster_id) c.cluster_id, c.text, ts_rank(c.search, q) AS score
            FROM claims c, to_tsquery('english', $1) q
            WHERE c.search @@ q AND c.is_current
            ORDER BY c.cluster_id, score DESC, c.id
          ) best JOIN clusters k ON k.id = best.cluster_id
          ORDER BY best.score DESC, k.id LIMIT $2`,
          [query, limit],
        );
        return rows.map((row) => ({ cluster: toCluster(row), matchedText: row.matched_text }));
      }),

    clusterAppearances: (clusterId, options) =>
      read(async (transaction) => {
        const row = await cluster(transaction, clusterId);
        const listingKey = listingName('appearances', row.id);
        const { limit, offset, after } = readPageOptions(options, listingKey);
        const rows = after
          ? await transaction.rows<AppearanceRow>(
              `${APPEARANCES} WHERE c.cluster_id = $1 AND c.is_current
                AND (c.published_at, c.id) > ($2::timestamptz, $3::bigint)
              ORDER BY c.published_at, c.id LIMIT $4 OFFSET $5`,
              [row.id, after[0], after[1], limit + 1, offset],
            )
          : await transaction.rows<AppearanceRow>(
              `${APPEARANCES} WHERE c.cluster_id = $1 AND c.is_current
              ORDER BY c.published_at, c.id LIMIT $2 OFFSET $3`,
              [row.id, limit + 1, offset],
            );
        const total = await transaction.row<{ total: number }>(
          'SELECT count(*)::int AS total FROM claims WHERE cluster_id = $1 AND is_current',
          [row.id],
        );
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map(toAppearance),
          total: total?.total ?? 0,
          nextCursor:
            rows.length > limit && last ? keysCursor(listingKey, [last.published_at, last.claim_id]) : null,
        };
      }),

    clusterDailyCounts: (clusterId) =>
      read(async (transaction) => {
        const row = await cluster(transaction, clusterId);
        const days = await transaction.rows<DayRow>(
          `SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS appearances,
            count(DISTINCT publisher_key)::int AS outlets, sum(hedged::int)::int AS hedged,
            sum((claimant IS NOT NULL AND coalesce(claimant_kind, '') <> 'author')::int)::int AS attributed
          FROM claims WHERE cluster_id = $1 AND is_current GROUP BY day ORDER BY day`,
          [row.id],
        );
        return days.map((day) => ({
          ...day,
          stated: day.appearances - day.hedged,
          hedgedShare: day.hedged / day.appearances,
          statedShare: (day.appearances - day.hedged) / day.appearances,
        }));
      }),

    clusterOutlets: (clusterId) =>
      read(async (transaction) => {
        const row = await cluster(transaction, clusterId);
        // Names compare byte by byte ("C"), as SQLite compares them, whatever the database's collation.
        const outlets = await transaction.rows<OutletRow>(
          `SELECT min(a.publisher COLLATE "C") AS publisher, count(*)::int AS appearances,
            count(DISTINCT c.article_id)::int AS articles, sum(c.hedged::int)::int AS hedged,
            min(c.published_at) AS first, max(c.published_at) AS last
          FROM claims c JOIN articles a ON a.id = c.article_id
          WHERE c.cluster_id = $1 AND c.is_current AND c.publisher_key IS NOT NULL
          GROUP BY c.publisher_key ORDER BY first, publisher`,
          [row.id],
        );
        return outlets.map(({ first, last, ...counts }) => ({
          ...counts,
          firstSeenAt: first,
          lastSeenAt: last,
        }));
      }),

    searchClaims: (search, options) =>
      read(async (transaction) => {
        const query = tsQuery(search, options.match ?? 'all');
        // Ranks shift as claims are added, so pages resume by position rather than by rank.
        const listingKey = listingName('claims', query);
        const { limit, offset } = readPageOptions(options, listingKey);
        const rows = await transaction.rows<AppearanceRow>(
          `${APPEARANCES} CROSS JOIN to_tsquery('english', $1) q
          WHERE c.search @@ q AND c.is_current
          ORDER BY ts_rank(c.search, q) DESC, c.id LIMIT $2 OFFSET $3`,
          [query, limit + 1, offset],
        );
        const total = await transaction.row<{ total: number }>(
          `SELECT count(*)::int AS total FROM claims c
          WHERE c.search @@ to_tsquery('english', $1) AND c.is_current`,
          [query],
        );
        return {
          items: rows.slice(0, limit).map(toAppearance),
          total: total?.total ?? 0,
          nextCursor: rows.length > limit ? offsetCursor(listingKey, offset + limit) : null,
        };
      }),
  };
}
