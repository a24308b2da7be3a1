import type { Analysis } from '../../core/analysis-schema.ts';
import { canonicalUrl } from '../article-facts.ts';
import { NotFoundError } from '../errors.ts';
import { keysCursor, listingName, readPageOptions, resumeAfter } from '../page.ts';
import type {
  ArticleRecord,
  ArticleVersion,
  ArticleVersionSummary,
  ListClaimsOptions,
  Page,
  PageOptions,
  StoredClaim,
} from '../types.ts';
import type { ClaimTotals } from './claim-totals.ts';
import type { SqliteDatabase } from './connection.ts';
import {
  ARTICLE_COLUMNS,
  type ArticleRow,
  CLAIM_COLUMNS,
  type ClaimRow,
  parseId,
  toArticle,
  toClaim,
} from './rows.ts';

/** Reads of articles, their versions and their claims. */
export interface ArticleReads {
  getArticle(id: string): ArticleRecord;
  findArticles(query: { url?: string; contentHash?: string }): ArticleRecord[];
  listArticles(options: PageOptions): Page<ArticleRecord>;
  listArticleVersions(articleId: string): ArticleVersionSummary[];
  getArticleVersion(articleId: string, number?: number): ArticleVersion;
  articleClaims(articleId: string, version?: number): StoredClaim[];
  listClaims(options: ListClaimsOptions): Page<StoredClaim>;
  latestClaimId(): string | null;
}

interface VersionRow {
  id: number;
  article_id: number;
  number: number;
  content_hash: string;
  seen_at: string;
  title: string | null;
  byline: string | null;
  claim_count: number;
}

function toVersionSummary(row: VersionRow): ArticleVersionSummary {
  return {
    articleId: String(row.article_id),
    number: row.number,
    contentHash: row.content_hash,
    seenAt: row.seen_at,
    title: row.title,
    byline: row.byline,
    claimCount: row.claim_count,
  };
}

const ARTICLES = `SELECT ${ARTICLE_COLUMNS}
  FROM articles a JOIN article_versions v ON v.id = a.current_version_id`;

const CLAIMS = `SELECT ${CLAIM_COLUMNS} FROM claims c JOIN article_versions v ON v.id = c.version_id
  WHERE (:all = 1 OR c.is_current = 1)`;

const VERSIONS = `SELECT v.id, v.article_id, v.number, v.content_hash, v.seen_at, v.title, v.byline,
    (SELECT count(*) FROM claims c WHERE c.version_id = v.id) AS claim_count
  FROM article_versions v`;

/**
 * Prepares the article reads; each runs in one read transaction, so it sees one state of the store.
 * `totals` answers how many claims there are, shared with the writer that keeps it in step.
 */
export function createArticleReads(database: SqliteDatabase, totals: ClaimTotals): ArticleReads {
  const byId = database.prepare(`${ARTICLES} WHERE a.id = ?`);
  const byUrl = database.prepare(`${ARTICLES} WHERE a.url = ?`);
  const byHash = database.prepare(`${ARTICLES} WHERE a.id IN (
      SELECT article_id FROM article_versions WHERE content_hash = ?) ORDER BY a.id`);
  const latest = database.prepare(`${ARTICLES} ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ? OFFSET ?`);
  const latestAfter = database.prepare(`${ARTICLES} WHERE (a.first_seen_at, a.id) < (?, ?)
    ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ? OFFSET ?`);
  const countArticles = database.prepare('SELECT count(*) FROM articles').pluck();
  const versions = database.prepare(`${VERSIONS} WHERE v.article_id = ? ORDER BY v.number`);
  const version = database.prepare(`${VERSIONS} WHERE v.article_id = ? AND v.number = ?`);
  const versionContent = database.prepare('SELECT text, analysis FROM article_versions WHERE id = ?');
  const claims = database.prepare(`SELECT ${CLAIM_COLUMNS}
    FROM claims c JOIN article_versions v ON v.id = c.version_id
    WHERE v.article_id = ? AND v.number = ? ORDER BY c.sentence_index, c.start_offset, c.id`);

  const claimsInOrder = database.prepare(`${CLAIMS} ORDER BY c.id LIMIT :limit OFFSET :offset`);
  const claimsAfter = database.prepare(
    `${CLAIMS} AND c.id > :after ORDER BY c.id LIMIT :limit OFFSET :offset`,
  );

  // Walks the claims' rowids down from the newest: the first current one is almost always the newest.
  const newestCurrent = database
    .prepare('SELECT id FROM claims WHERE is_current = 1 ORDER BY id DESC LIMIT 1')
    .pluck();

  function article(id: number, shown: string): ArticleRow {
    const row = byId.get(id) as ArticleRow | undefined;
    if (!row) throw new NotFoundError(`article "${shown}"`);
    return row;
  }

  function versionRow(articleId: string, number: number | undefined): VersionRow {
    const row = article(parseId(articleId, 'article'), articleId);
    const wanted = number ?? row.version;
    const found = version.get(row.id, wanted) as VersionRow | undefined;
    if (!found) throw new NotFoundError(`version ${wanted} of article "${articleId}"`);
    return found;
  }

  return {
    getArticle: database.transaction((id: string) => toArticle(article(parseId(id, 'article'), id))),

    findArticles: database.transaction((query: { url?: string; contentHash?: string }) => {
      const found = new Map<number, ArticleRow>();
      if (query.url !== undefined) {
        const row = byUrl.get(canonicalUrl(query.url)) as ArticleRow | undefined;
        if (row) found.set(row.id, row);
      }
      if (query.contentHash !== undefined) {
        for (const row of byHash.all(query.contentHash) as ArticleRow[]) found.set(row.id, row);
      }
      return [...found.values()].sort((left, right) => left.id - right.id).map(toArticle);
    }),

    listArticles: database.transaction((options: PageOptions) => {
      const listing = listingName('articles');
      const { limit, offset, after } = readPageOptions(options, listing);
      const rows = (
        after ? latestAfter.all(after[0], after[1], limit + 1, offset) : latest.all(limit + 1, offset)
      ) as ArticleRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toArticle),
        total: countArticles.get() as number,
        nextCursor: rows.length > limit && last ? keysCursor(listing, [last.first_seen_at, last.id]) : null,
      };
    }),

    listArticleVersions: database.transaction((articleId: string) => {
      const row = article(parseId(articleId, 'article'), articleId);
      return (versions.all(row.id) as VersionRow[]).map(toVersionSummary);
    }),

    getArticleVersion: database.transaction((articleId: string, number?: number) => {
      const row = versionRow(articleId, number);
      const content = versionContent.get(row.id) as { text: string; analysis: string };
      return {
        ...toVersionSummary(row),
        text: content.text,
        analysis: JSON.parse(content.analysis) as Analysis,
      };
    }),

    articleClaims: database.transaction((articleId: string, number?: number) => {
      const row = versionRow(articleId, number);
      return (claims.all(row.article_id, row.number) as ClaimRow[]).map(toClaim);
    }),

    listClaims: database.transaction((options: ListClaimsOptions) => {
      const all = options.includeSuperseded ? 1 : 0;
      const listing = listingName('claims-in-order', all);
      const { limit, offset, after } = readPageOptions(options, listing);
      const from = resumeAfter(after, options.afterId);
      const parameters = { all, limit: limit + 1, offset, after: from };
      const rows = (
        from !== null ? claimsAfter.all(parameters) : claimsInOrder.all(parameters)
      ) as ClaimRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toClaim),
        total: totals.count(all === 1),
        nextCursor: rows.length > limit && last ? keysCursor(listing, [last.id]) : null,
      };
    }),

    latestClaimId() {
      const id = newestCurrent.get() as number | undefined;
      return id === undefined ? null : String(id);
    },
  };
}
