import { SOURCE_KINDS, type SourceKind } from '../../core/types.ts';
import { NotFoundError, StoreError } from '../errors.ts';
import { listingName, offsetCursor, readPageOptions } from '../page.ts';
import type { ListSourcesOptions, Page, PageOptions, SourceCluster, SourceSummary } from '../types.ts';
import { type PostgresDatabase, readTransaction, type Transaction } from './connection.ts';
import { CLUSTER_COLUMNS, type ClusterRow, toCluster } from './rows.ts';

/** Reads of claimants: who is quoted making claims, and in which clusters. */
export interface SourceReads {
  listSources(options: ListSourcesOptions): Promise<Page<SourceSummary>>;
  sourceClusters(name: string, options: PageOptions): Promise<Page<SourceCluster>>;
}

interface SourceRow {
  name: string;
  kinds: string | null;
  appearances: number;
  clusters: number;
  articles: number;
  outlets: number;
  first: string;
  last: string;
}

/** $1: the name's text to look for (or null), $2: the kinds (or null). */
const SOURCE_FILTER = `c.claimant IS NOT NULL AND c.is_current
  AND ($1::text IS NULL OR strpos(lower(c.claimant), lower($1::text)) > 0)
  AND ($2::text[] IS NULL OR c.claimant_kind = ANY($2::text[]))`;

function checkKinds(kinds: readonly SourceKind[] | undefined): SourceKind[] | null {
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
  return [...kinds];
}

/**
 * The source reads. Sources are counted from current claims on each read (grouped by the claimant's
 * name as the analyses give it), so a name spelled two ways is two sources until the matching layer
 * merges them. Names sort byte by byte (`COLLATE "C"`), as SQLite sorts them.
 */
export function createSourceReads(database: PostgresDatabase): SourceReads {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);

  return {
    listSources: (options) =>
      read(async (transaction) => {
        const search = options.search?.trim() || null;
        const kinds = checkKinds(options.kinds);
        const listing = listingName('sources', {
          search,
          kinds: kinds === null ? null : JSON.stringify(kinds),
        });
        const { limit, offset } = readPageOptions(options, listing);
        const rows = await transaction.rows<SourceRow>(
          `SELECT c.claimant AS name, string_agg(DISTINCT c.claimant_kind, ',') AS kinds,
            count(*)::int AS appearances, count(DISTINCT c.cluster_id)::int AS clusters,
            count(DISTINCT c.article_id)::int AS articles, count(DISTINCT c.publisher_key)::int AS outlets,
            min(c.published_at) AS first, max(c.published_at) AS last
          FROM claims c WHERE ${SOURCE_FILTER}
          GROUP BY c.claimant
          ORDER BY clusters DESC, appearances DESC, c.claimant COLLATE "C" LIMIT $3 OFFSET $4`,
          [search, kinds, limit + 1, offset],
        );
        const total = await transaction.row<{ total: number }>(
          `SELECT count(DISTINCT c.claimant)::int AS total FROM claims c WHERE ${SOURCE_FILTER}`,
          [search, kinds],
        );
        return {
          items: rows.slice(0, limit).map(({ kinds: names, first, last, ...counts }) => ({
            ...counts,
            kinds: (names ? names.split(',') : []).sort() as SourceKind[],
            firstSeenAt: first,
            lastSeenAt: last,
          })),
          total: total?.total ?? 0,
          nextCursor: rows.length > limit ? offsetCursor(listing, offset + limit) : null,
        };
      }),

    sourceClusters: (name, options) =>
      read(async (transaction) => {
        const counted = await transaction.row<{ total: number }>(
          'SELECT count(DISTINCT cluster_id)::int AS total FROM claims WHERE claimant = $1 AND is_current',
          [name],
        );
        const total = counted?.total ?? 0;
        if (total === 0) throw new NotFoundError(`source "${name}"`);
        const listing = listingName('source-clusters', name);
        const { limit, offset } = readPageOptions(options, listing);
        const rows = await transaction.rows<ClusterRow & { source_appearances: number }>(
          `SELECT ${CLUSTER_COLUMNS}, counted.appearances AS source_appearances
          FROM (SELECT cluster_id, count(*)::int AS appearances FROM claims
            WHERE claimant = $1 AND is_current GROUP BY cluster_id) counted
          JOIN clusters k ON k.id = counted.cluster_id
          ORDER BY counted.appearances DESC, k.outlet_count DESC, k.id DESC LIMIT $2 OFFSET $3`,
          [name, limit + 1, offset],
        );
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
