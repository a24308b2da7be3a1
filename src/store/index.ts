import type { DumpStore } from './dump/index.ts';
import { redactUrl, StoreError } from './errors.ts';
import type { ReviewStore } from './review-types.ts';
import type {
  AppliedMigration,
  ArticleRecord,
  ArticleVersion,
  ArticleVersionSummary,
  ClaimHit,
  ClusterAppearance,
  ClusterDigest,
  ClusterMatch,
  ClusterSummary,
  CopyOf,
  DailyCount,
  ListClaimsOptions,
  ListClustersOptions,
  ListSourcesOptions,
  OutletCount,
  Page,
  PageOptions,
  RecordArticleInput,
  RecordArticleResult,
  SearchOptions,
  SourceCluster,
  SourceSummary,
  StoredClaim,
} from './types.ts';

export {
  canonicalUrl,
  contentHash,
  HEDGING_SIGNAL_TYPES,
  isHedged,
  normalizeArticleText,
  publishedFromMetadata,
  publisherFromUrl,
  publisherKey,
} from './article-facts.ts';
export * from './dump/index.ts';
export { NotFoundError, StoreError } from './errors.ts';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.ts';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page.ts';
export * from './review-types.ts';
export * from './types.ts';

/**
 * The claim ledger's storage. Every method is one use case run in one transaction, so a reader never
 * sees half of a write and a failed write leaves nothing behind. Methods throw `StoreError` (status
 * 400 for a caller's mistake, 409 for a conflict, 500 for a database fault) and `NotFoundError` (404)
 * for an id that names nothing. The contract suite in `contract.ts` pins this behaviour down for every
 * implementation.
 */
export interface Store extends ReviewStore, DumpStore {
  readonly dialect: 'sqlite' | 'postgres';

  /**
   * Stores an analyzed article with its claims, each joined to a cluster, in one transaction. The same
   * URL with the same text (or, without a URL, a text already stored) is `unchanged`; the same URL
   * with another text becomes a `new-version` of the article, whose claims replace the previous
   * version's in the cluster counts while the older versions stay readable.
   */
  recordArticle(input: RecordArticleInput): Promise<RecordArticleResult>;
  /** Marks an article a copy (wire, syndication, duplicate) of another, or not (`null`). */
  setCopyOf(articleId: string, copyOf: CopyOf | null): Promise<ArticleRecord>;

  getArticle(id: string): Promise<ArticleRecord>;
  /** Articles with this URL (after canonicalizing it) or with a version of this content hash. */
  findArticles(query: { url?: string; contentHash?: string }): Promise<ArticleRecord[]>;
  /** Articles, the most recently first seen first. */
  listArticles(options?: PageOptions): Promise<Page<ArticleRecord>>;
  listArticleVersions(articleId: string): Promise<ArticleVersionSummary[]>;
  /** One version with its text and analysis; the current version when `number` is left out. */
  getArticleVersion(articleId: string, number?: number): Promise<ArticleVersion>;
  /** The claims of one version (the current one by default), in reading order. */
  articleClaims(articleId: string, version?: number): Promise<StoredClaim[]>;
  /** Every current claim (or every claim) in the order stored, page by page: what a matching index is built from. */
  listClaims(options?: ListClaimsOptions): Promise<Page<StoredClaim>>;
  /**
   * The id of the newest current claim, null when there is none. A reader that saw every claim up to
   * some id learns from it whether `listClaims({ afterId })` has anything new, usually by reading one
   * row instead of listing.
   */
  latestClaimId(): Promise<string | null>;

  getCluster(id: string): Promise<ClusterSummary>;
  /** Clusters with at least one current appearance, by traction (default), appearances or recency. */
  listClusters(options?: ListClustersOptions): Promise<Page<ClusterSummary>>;
  /** Clusters whose claims best match the words, each with its best matching phrasing. */
  searchClusters(search: string, options?: SearchOptions): Promise<ClusterMatch[]>;
  /** Where the claim has been: its current appearances, oldest publication first. */
  clusterAppearances(clusterId: string, options?: PageOptions): Promise<Page<ClusterAppearance>>;
  /** Per UTC day of publication with any appearance: appearances, outlets, hedged and stated. */
  clusterDailyCounts(clusterId: string): Promise<DailyCount[]>;
  /** Per outlet: how often and between when it carried the claim, first outlet first. */
  clusterOutlets(clusterId: string): Promise<OutletCount[]>;
  /** Its appearances grouped for traction and source independence, without reading each one. */
  clusterDigest(clusterId: string): Promise<ClusterDigest>;
  /** Current claims matching the words, best first. */
  searchClaims(search: string, options?: PageOptions & SearchOptions): Promise<Page<ClaimHit>>;

  /** Claimants, those in the most clusters first. */
  listSources(options?: ListSourcesOptions): Promise<Page<SourceSummary>>;
  /** The clusters one claimant is quoted in, most appearances first. */
  sourceClusters(name: string, options?: PageOptions): Promise<Page<SourceCluster>>;

  /** The schema migrations applied to this store, oldest first. */
  migrations(): Promise<AppliedMigration[]>;
  /** Problems found in the stored data, as sentences; empty when the store is sound. */
  checkIntegrity(): Promise<string[]>;
  /**
   * Runs `section` while no other section of this ledger runs: across processes and machines for
   * PostgreSQL (an advisory lock), within this process for SQLite. The ledger matches and stores each
   * article inside one, so writers storing the same new claim at once end with one cluster.
   */
  exclusive<T>(section: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** The clock for first-seen times when a write gives none; tests pass a fixed one. */
  now?: () => Date;
}

/** Where `openStore` keeps the ledger when told nothing else. */
export const DEFAULT_STORE_PATH = './claimtrail.db';

export type StoreTarget =
  | { dialect: 'sqlite'; path: string }
  /** `url` without the `schema` parameter, which becomes `schema` (null: the server's search path). */
  | { dialect: 'postgres'; url: string; schema: string | null };

/** A schema name used unquoted in SQL: lower-case letters, digits and underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function parsePostgresTarget(target: string): StoreTarget {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new StoreError(
      'invalid-store',
      `store URL "${redactUrl(target)}" is not a URL; write it as postgres://user:password@host:5432/database`,
      { status: 400 },
    );
  }
  const schemas = url.searchParams.getAll('schema');
  url.searchParams.delete('schema');
  const schema = schemas.at(-1) ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'invalid-store',
      `schema "${schema}" in ${redactUrl(url.toString())} must be lower-case letters, digits and underscores, starting with a letter or underscore`,
      { status: 400 },
    );
  }
  return { dialect: 'postgres', url: url.toString(), schema };
}

/**
 * Reads a store location: a file path, `:memory:`, a `sqlite:` URL (`sqlite:ledger.db`,
 * `sqlite:///var/lib/claimtrail.db`, `sqlite::memory:`), or a PostgreSQL URL
 * (`postgres://user:password@host:5432/database`, `postgresql://...`), whose optional `schema`
 * parameter (`?schema=claimtrail`) names the schema to keep the tables in. Throws a 400 StoreError.
 */
export function parseStoreTarget(target: string): StoreTarget {
  const trimmed = target.trim();
  if (trimmed === '') {
    throw new StoreError('invalid-store', `give a store location, such as ${DEFAULT_STORE_PATH}`, {
      status: 400,
    });
  }
  if (/^postgres(?:ql)?:/i.test(trimmed)) return parsePostgresTarget(trimmed);
  const sqlite = /^sqlite:(?:\/\/)?(.*)$/i.exec(trimmed);
  if (sqlite) {
    const path = sqlite[1] ?? '';
    if (path === '') {
      throw new StoreError(
        'invalid-store',
        `store URL "${trimmed}" names no file; try sqlite:${DEFAULT_STORE_PATH}`,
        {
          status: 400,
        },
      );
    }
    return { dialect: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(trimmed);
  if (scheme) {
    throw new StoreError(
      'unsupported-store',
      `store URL scheme "${scheme[1]}:" is not supported (got ${redactUrl(trimmed)}); give a SQLite file path, a sqlite: URL or a postgres:// URL`,
      { status: 400 },
    );
  }
  return { dialect: 'sqlite', path: trimmed };
}

/**
 * Opens (creating and migrating as needed) the store at `target`; see {@link parseStoreTarget}.
 * Refuses a database written by a newer claimtrail with a `store-too-new` StoreError, and a
 * PostgreSQL server it cannot reach with a `cannot-connect` one.
 *
 * @example
 * const store = await openStore('sqlite:./claimtrail.db');
 * // or: await openStore('postgres://claims@db.example/claimtrail?schema=ledger')
 * const { status, claims } = await store.recordArticle({ text, analysis, url });
 * await store.close();
 */
export async function openStore(
  target: string = DEFAULT_STORE_PATH,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const location = parseStoreTarget(target);
  // Loaded on demand so that importing the store's types and helpers does not load a driver.
  if (location.dialect === 'postgres') {
    const { openPostgresStore } = await import('./postgres/postgres-store.ts');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.ts');
  return openSqliteStore(location.path, options);
}
