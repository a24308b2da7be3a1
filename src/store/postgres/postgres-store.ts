import type { OpenStoreOptions, Store } from '../index.ts';
import type { Migration } from '../migrations/index.ts';
import { openPool, type PostgresLocation } from './connection.ts';
import { createPostgresDump } from './dump.ts';
import { createExclusive } from './exclusive.ts';
import { checkIntegrity } from './integrity.ts';
import { appliedMigrations, migrate } from './migrate.ts';
import { createArticleReads } from './read-articles.ts';
import { createClusterReads } from './read-clusters.ts';
import { createDigestRead } from './read-digest.ts';
import { createSourceReads } from './read-sources.ts';
import { createReviewMethods } from './review.ts';
import { createArticleWriter } from './write-article.ts';

/*
 * The PostgreSQL store keeps its own SQL, as the SQLite store does (see the note at the top of
 * src/store/sqlite/sqlite-store.ts), and the contract suite keeps the two answering alike. Where the
 * dialects differ:
 * - ids are bigint identities, which `pg` hands over as strings: the interface's ids unchanged;
 * - times are timestamptz, read back through the pool's own parser as the same ISO strings SQLite
 *   stores (`2024-03-01T09:30:00.000Z`), days bucketed in UTC;
 * - full-text search is a generated tsvector column (english configuration) under a GIN index,
 *   queried with to_tsquery and ranked with ts_rank, where SQLite has FTS5 with the porter stemmer
 *   and bm25: words are stemmed much alike, but english stop words ("the", "or") are not searchable here,
 *   and ties in rank may come in another order;
 * - methods run concurrently over a pool, so writes lock what they count (see write-article.ts)
 *   where SQLite has one writer at a time.
 */

export interface PostgresStoreOptions extends OpenStoreOptions {
  /** The schema steps to apply; tests pass a prefix or an extra step to exercise upgrades. */
  migrations?: readonly Migration[];
}

/**
 * Opens a PostgreSQL store, creating its schema (when the location names one) and migrating it as
 * needed. Refuses a schema written by a newer claimtrail with a `store-too-new` StoreError.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://claims@db.example/claimtrail', schema: null });
 */
export async function openPostgresStore(
  location: PostgresLocation,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const { now = () => new Date(), migrations } = options;
  const database = openPool(location);
  try {
    await migrate(database, location.schema, now, migrations);
  } catch (error) {
    database.closed.value = true;
    await database.pool.end();
    throw error;
  }
  const writer = createArticleWriter(database, now);
  const articles = createArticleReads(database);
  const clusters = createClusterReads(database);
  const sources = createSourceReads(database);

  return {
    dialect: 'postgres',
    recordArticle: writer.recordArticle,
    setCopyOf: writer.setCopyOf,
    getArticle: articles.getArticle,
    findArticles: articles.findArticles,
    listArticles: (options = {}) => articles.listArticles(options),
    listArticleVersions: articles.listArticleVersions,
    getArticleVersion: articles.getArticleVersion,
    articleClaims: articles.articleClaims,
    listClaims: (options = {}) => articles.listClaims(options),
    latestClaimId: () => articles.latestClaimId(),
    getCluster: clusters.getCluster,
    listClusters: (options = {}) => clusters.listClusters(options),
    searchClusters: (search, options = {}) => clusters.searchClusters(search, options),
    clusterAppearances: (clusterId, options = {}) => clusters.clusterAppearances(clusterId, options),
    clusterDailyCounts: clusters.clusterDailyCounts,
    clusterOutlets: clusters.clusterOutlets,
    clusterDigest: createDigestRead(database),
    searchClaims: (search, options = {}) => clusters.searchClaims(search, options),
    listSources: (options = {}) => sources.listSources(options),
    sourceClusters: (name, options = {}) => sources.sourceClusters(name, options),
    migrations: () => appliedMigrations(database),
    checkIntegrity: () => checkIntegrity(database),
    exclusive: createExclusive(database, location.schema),
    ...createReviewMethods(database, now),
    ...createPostgresDump(database),
    async close() {
      if (database.closed.value) return;
      database.closed.value = true;
      await database.pool.end();
    },
  };
}
