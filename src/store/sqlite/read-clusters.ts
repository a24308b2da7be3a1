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
import type { SqliteDatabase } from './connection.ts';
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
import { ftsQuery } from './search.ts';

/** Reads of claim clusters: listings, full-text search, appearances and their counts over time. */
export interface ClusterReads {
  getCluster(id: string): ClusterSummary;
  listClusters(options: ListClustersOptions): Page<ClusterSummary>;
  searchClusters(search: string, options: SearchOptions): ClusterMatch[];
  clusterAppearances(clusterId: string, options: PageOptions): Page<ClusterAppearance>;
  clusterDailyCounts(clusterId: string): DailyCount[];
  clusterOutlets(clusterId: string): OutletCount[];
  searchClaims(search: string, options: PageOptions & SearchOptions): Page<ClaimHit>;
}

/** Sort columns, all descending, ending with the id so that the order is total. */
const SORT_COLUMNS: Record<ClusterSort, (keyof ClusterRow)[]> = {
  traction: ['outlet_count', 'appearance_count', 'id'],
  appearances: ['appearance_count', 'outlet_count', 'id'],
  recent: ['last_seen_at', 'id'],
};

const MATCHING_CLUSTERS = `k.id IN (SELECT c.cluster_id FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
  WHERE claims_fts MATCH :match AND c.is_current = 1)`;

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

/** Prepares the cluster reads; each runs in one read transaction. */
export function createClusterReads(database: SqliteDatabase): ClusterReads {
  const byId = database.prepare(`SELECT ${CLUSTER_COLUMNS} FROM clusters k WHERE k.id = ?`);
  const listings = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const bestMatches = database.prepare(`SELECT ${CLUSTER_COLUMNS}, best.text AS matched_text FROM (
      SELECT c.cluster_id, c.text, min(claims_fts.rank) AS score
      FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
      WHERE claims_fts MATCH ? AND c.is_current = 1 GROUP BY c.cluster_id
    ) best JOIN clusters k ON k.id = best.cluster_id
    ORDER BY best.score, k.id LIMIT ?`);
  const appearances = database.prepare(`${APPEARANCES}
    WHERE c.cluster_id = ? AND c.is_current = 1 ORDER BY c.published_at, c.id LIMIT ? OFFSET ?`);
  const appearancesAfter = database.prepare(`${APPEARANCES}
    WHERE c.cluster_id = ? AND c.is_current = 1 AND (c.published_at, c.id) > (?, ?)
    ORDER BY c.published_at, c.id LIMIT ? OFFSET ?`);
  const countAppearances = database
    .prepare('SELECT count(*) FROM claims WHERE cluster_id = ? AND is_current = 1')
    .pluck();
  const days = database.prepare(`SELECT substr(published_at, 1, 10) AS day, count(*) AS appearances,
      count(DISTINCT publisher_key) AS outlets, sum(hedged) AS hedged,
      sum(claimant IS NOT NULL AND coalesce(claimant_kind, '') <> 'author') AS attributed
    FROM claims WHERE cluster_id = ? AND is_current = 1 GROUP BY day ORDER BY day`);
  const outlets = database.prepare(`SELECT min(a.publisher) AS publisher, count(*) AS appearances,
      count(DISTINCT c.article_id) AS articles, sum(c.hedged) AS hedged,
      min(c.published_at) AS first, max(c.published_at) AS last
    FROM claims c JOIN articles a ON a.id = c.article_id
    WHERE c.cluster_id = ? AND c.is_current = 1 AND c.publisher_key IS NOT NULL
    GROUP BY c.publisher_key ORDER BY first, publisher`);
  const claimHits = database.prepare(`${APPEARANCES} JOIN claims_fts ON claims_fts.rowid = c.id
    WHERE claims_fts MATCH ? AND c.is_current = 1 ORDER BY claims_fts.rank, c.id LIMIT ? OFFSET ?`);
  const countClaimHits = database
    .prepare(`SELECT count(*) FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
      WHERE claims_fts MATCH ? AND c.is_current = 1`)
    .pluck();

  function cluster(id: string): ClusterRow {
    const row = byId.get(parseId(id, 'cluster')) as ClusterRow | undefined;
    if (!row) throw new NotFoundError(`cluster "${id}"`);
    return row;
  }

  /** One statement per sort, search and cursor combination, prepared the first time it is used. */
  function listing(sort: ClusterSort, search: boolean, after: boolean, count: boolean, statuses: boolean) {
    const name = `${sort}/${search}/${after}/${count}/${statuses}`;
    const cached = listings.get(name);
    if (cached) return cached;
    const columns = SORT_COLUMNS[sort].map((column) => `k.${column}`);
    const filters = ['k.appearance_count > 0'];
    if (search) filters.push(MATCHING_CLUSTERS);
    // One probe of status_events_cluster per cluster examined. Starting from the events of the statuses
    // asked for instead was measured slower: the page then has to sort every match.
    if (statuses) filters.push(`${CLUSTER_STATUS} IN (SELECT value FROM json_each(:statuses))`);
    if (after)
      filters.push(`(${columns.join(', ')}) < (${columns.map((_, index) => `:key${index}`).join(', ')})`);
    const where = `FROM clusters k WHERE ${filters.join(' AND ')}`;
    const statement = database.prepare(
      count
        ? `SELECT count(*) ${where}`
        : `SELECT ${CLUSTER_COLUMNS} ${where}
          ORDER BY ${columns.map((column) => `${column} DESC`).join(', ')} LIMIT :limit OFFSET :offset`,
    );
    listings.set(name, statement);
    return statement;
  }

  return {
    getCluster: database.transaction((id: string) => toCluster(cluster(id))),

    listClusters: database.transaction((options: ListClustersOptions) => {
      const sort = checkSort(options.sort ?? 'traction');
      const search = options.search?.trim() ? options.search : undefined;
      const statuses = checkStatuses(options.statuses);
      const listingKey = listingName(
        `clusters/${sort}`,
        statuses === null ? (search ?? null) : { search: search ?? null, statuses },
      );
      const { limit, offset, after } = readPageOptions(options, listingKey);
      const filter: Record<string, unknown> = search === undefined ? {} : { match: ftsQuery(search, 'all') };
      if (statuses !== null) filter.statuses = JSON.stringify(statuses);
      const keys = Object.fromEntries((after ?? []).map((value, index) => [`key${index}`, value]));
      const rows = listing(sort, search !== undefined, after !== null, false, statuses !== null).all({
        ...filter,
        ...keys,
        limit: limit + 1,
        offset,
      }) as ClusterRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const lastKeys: CursorKeys | null = last
        ? SORT_COLUMNS[sort].map((column) => last[column] as string | number)
        : null;
      return {
        items: items.map(toCluster),
        total: listing(sort, search !== undefined, false, true, statuses !== null)
          .pluck()
          .get(filter) as number,
        nextCursor: rows.length > limit && lastKeys ? keysCursor(listingKey, lastKeys) : null,
      };
    }),

    searchClusters: database.transaction((search: string, options: SearchOptions) => {
      const rows = bestMatches.all(
        ftsQuery(search, options.match ?? 'all'),
        searchLimit(options.limit),
      ) as (ClusterRow & {
        matched_text: string;
      })[];
      return rows.map((row) => ({ cluster: toCluster(row), matchedText: row.matched_text }));
    }),

    clusterAppearances: database.transaction((clusterId: string, options: PageOptions) => {
      const row = cluster(clusterId);
      const listingKey = listingName('appearances', row.id);
      const { limit, offset, after } = readPageOptions(options, listingKey);
      const rows = (
        after
          ? appearancesAfter.all(row.id, after[0], after[1], limit + 1, offset)
          : appearances.all(row.id, limit + 1, offset)
      ) as AppearanceRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toAppearance),
        total: countAppearances.get(row.id) as number,
        nextCursor:
          rows.length > limit && last ? keysCursor(listingKey, [last.published_at, last.claim_id]) : null,
      };
    }),

    clusterDailyCounts: database.transaction((clusterId: string) => {
      const row = cluster(clusterId);
      return (days.all(row.id) as DayRow[]).map((day) => ({
        ...day,
        stated: day.appearances - day.hedged,
        hedgedShare: day.hedged / day.appearances,
        statedShare: (day.appearances - day.hedged) / day.appearances,
      }));
    }),

    clusterOutlets: database.transaction((clusterId: string) => {
      const row = cluster(clusterId);
      return (outlets.all(row.id) as OutletRow[]).map(({ first, last, ...counts }) => ({
        ...counts,
        firstSeenAt: first,
        lastSeenAt: last,
      }));
    }),

    searchClaims: database.transaction((search: string, options: PageOptions & SearchOptions) => {
      const match = ftsQuery(search, options.match ?? 'all');
      // Ranks shift as claims are added, so pages resume by position rather than by rank.
      const listingKey = listingName('claims', match);
      const { limit, offset } = readPageOptions(options, listingKey);
      const rows = claimHits.all(match, limit + 1, offset) as AppearanceRow[];
      return {
        items: rows.slice(0, limit).map(toAppearance),
        total: countClaimHits.get(match) as number,
        nextCursor: rows.length > limit ? offsetCursor(listingKey, offset + limit) : null,
      };
    }),
  };
}
