import { SOURCE_KINDS, type SourceKind } from '../../core/types.ts';
import { NotFoundError, StoreError } from '../errors.ts';
import { listingName, offsetCursor, readPageOptions } from '../page.ts';
import type { ListSourcesOptions, Page, PageOptions, SourceCluster, SourceSummary } from '../types.ts';
import type { SqliteDatabase } from './connection.ts';
import { CLUSTER_COLUMNS, type ClusterRow, toCluster } from './rows.ts';

/** Reads of claimants: who is quoted making claims, and in which clusters. */
export interface SourceReads {
  listSources(options: ListSourcesOptions): Page<SourceSummary>;
  sourceClusters(name: string, options: PageOptions): Page<SourceCluster>;
}

interface SourceRow {
  name: string;
  kinds: string;
  appearances: number;
  clusters: number;
  articles: number;
  outlets: number;
  first: string;
  last: string;
}

const SOURCE_FILTER = `c.claimant IS NOT NULL AND c.is_current = 1
  AND (:search IS NULL OR instr(lower(c.claimant), lower(:search)) > 0)
  AND (:kinds IS NULL OR c.claimant_kind IN (SELECT value FROM json_each(:kinds)))`;

function checkKinds(kinds: readonly SourceKind[] | undefined): string | null {
  if (kinds === undefined) return null;
  const unknown = kinds.find((kind) => !SOURCE_KINDS.includes(kind));
  if (unknown !== undefined) {
    throw new StoreError(
      'invalid-kind',
      `source kind "${unknown}" is not one of ${SOURCE_KINDS.join(', ')}`,
      {
        status: 400,
      },
    );
  }
  return JSON.stringify(kinds);
}

/**
 * Prepares the source reads. Sources are counted from current claims on each read (grouped by the
 * claimant's name as the analyses give it), so a name spelled two ways is two sources until the
 * matching layer merges them.
 */
export function createSourceReads(database: SqliteDatabase): SourceReads {
  const sources =
    database.prepare(`SELECT c.claimant AS name, group_concat(DISTINCT c.claimant_kind) AS kinds,
      count(*) AS appearances, count(DISTINCT c.cluster_id) AS clusters,
      count(DISTINCT c.article_id) AS articles, count(DISTINCT c.publisher_key) AS outlets,
      min(c.published_at) AS first, max(c.published_at) AS last
    FROM claims c WHERE ${SOURCE_FILTER}
    GROUP BY c.claimant ORDER BY clusters DESC, appearances DESC, name LIMIT :limit OFFSET :offset`);
  const countSources = database
    .prepare(`SELECT count(DISTINCT c.claimant) FROM claims c WHERE ${SOURCE_FILTER}`)
    .pluck();
  const clusters = database.prepare(`SELECT ${CLUSTER_COLUMNS}, count(*) AS source_appearances
    FROM claims c JOIN clusters k ON k.id = c.cluster_id
    WHERE c.claimant = ? AND c.is_current = 1
    GROUP BY k.id ORDER BY source_appearances DESC, k.outlet_count DESC, k.id DESC LIMIT ? OFFSET ?`);
  const countClusters = database
    .prepare('SELECT count(DISTINCT cluster_id) FROM claims WHERE claimant = ? AND is_current = 1')
    .pluck();

  return {
    listSources: database.transaction((options: ListSourcesOptions) => {
      const filter = { search: options.search?.trim() || null, kinds: checkKinds(options.kinds) };
      const listing = listingName('sources', filter);
      const { limit, offset } = readPageOptions(options, listing);
      const rows = sources.all({ ...filter, limit: limit + 1, offset }) as SourceRow[];
      return {
        items: rows.slice(0, limit).map(({ kinds, first, last, ...counts }) => ({
          ...counts,
          kinds: (kinds ? kinds.split(',') : []).sort() as SourceKind[],
          firstSeenAt: first,
          lastSeenAt: last,
        })),
        total: countSources.get(filter) as number,
        nextCursor: rows.length > limit ? offsetCursor(listing, offset + limit) : null,
      };
    }),

    sourceClusters: database.transaction((name: string, options: PageOptions) => {
      const total = countClusters.get(name) as number;
      if (total === 0) throw new NotFoundError(`source "${name}"`);
      const listing = listingName('source-clusters', name);
      const { limit, offset } = readPageOptions(options, listing);
      const rows = clusters.all(name, limit + 1, offset) as (ClusterRow & { source_appearances: number })[];
      return {
        items: rows
          .slice(0, limit)
          .map((row) => ({ cluster: toCluster(row), appearances: row.source_appearances })),
        total,
        nextCursor: rows.length > limit ? offsetCursor(listing, offset + limit) : null,
      };
    }),
  };
}
