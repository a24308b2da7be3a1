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
import { type PostgresDatabase, readTransaction, type Transaction } from './connection.ts';
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
  getArticle(id: string): Promise<ArticleRecord>;
  findArticles(query: { url?: string; contentHash?: string }): Promise<ArticleRecord[]>;
  listArticles(options: PageOptions): Promise<Page<ArticleRecord>>;
  listArticleVersions(articleId: string): Promise<ArticleVersionSummary[]>;
  getArticleVersion(articleId: string, number?: number): Promise<ArticleVersion>;
  articleClaims(articleId: string, version?: number): Promise<StoredClaim[]>;
  listClaims(options: ListClaimsOptions): Promise<Page<StoredClaim>>;
  latestClaimId(): Promise<string | null>;
}

interface VersionRow {
  id: string;
  article_id: string;
  number: number;
  content_hash: string;
  seen_at: string;
  title: string | null;
  byline: string | null;
  claim_count: number;
}

function toVersionSummary(row: VersionRow): ArticleVersionSummary {
  return {
    articleId: row.article_id,
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

const VERSIONS = `SELECT v.id, v.article_id, v.number, v.content_hash, v.seen_at, v.title, v.byline,
    (SELECT count(*)::int FROM claims c WHERE c.version_id = v.id) AS claim_count
  FROM article_versions v`;

/** A version number a caller gave, or none: a number that is no whole number names no version. */
function versionNumber(number: number | undefined): number | undefined {
  return number === undefined || (Number.isInteger(number) && Math.abs(number) < 2 ** 31) ? number : -1;
}

async function article(transaction: Transaction, id: string): Promise<ArticleRow> {
  const row = await transaction.row<ArticleRow>(`${ARTICLES} WHERE a.id = $1`, [parseId(id, 'article')]);
  if (!row) throw new NotFoundError(`article "${id}"`);
  return row;
}

async function versionRow(
  transaction: Transaction,
  articleId: string,
  number: number | undefined,
): Promise<VersionRow> {
  const row = await article(transaction, articleId);
  const wanted = versionNumber(number) ?? row.version;
  const found = await transaction.row<VersionRow>(`${VERSIONS} WHERE v.article_id = $1 AND v.number = $2`, [
    row.id,
    wanted,
  ]);
  if (!found) throw new NotFoundError(`version ${number ?? wanted} of article "${articleId}"`);
  return found;
}

/** The article reads; each runs in one read-only transaction, so it sees one state of the store. */
export function createArticleReads(database: PostgresDatabase): ArticleReads {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);

  return {
    getArticle: (id) => read(async (transaction) => toArticle(await article(transaction, id))),

    findArticles: (query) =>
      read(async (transaction) => {
        const found = new Map<string, ArticleRow>();
        if (query.url !== undefined) {
          const row = await transaction.row<ArticleRow>(`${ARTICLES} WHERE a.url = $1`, [
            canonicalUrl(query.url),
          ]);
          if (row) found.set(row.id, row);
        }
        if (query.contentHash !== undefined) {
          const rows = await transaction.rows<ArticleRow>(
            `${ARTICLES} WHERE a.id IN (SELECT article_id FROM article_versions WHERE content_hash = $1)`,
            [query.contentHash],
          );
          for (const row of rows) found.set(row.id, row);
        }
        return [...found.values()]
          .sort((left, right) => Number(BigInt(left.id) - BigInt(right.id)))
          .map(toArticle);
      }),

    listArticles: (options) =>
      read(async (transaction) => {
        const listing = listingName('articles');
        const { limit, offset, after } = readPageOptions(options, listing);
        const rows = after
          ? await transaction.rows<ArticleRow>(
              `${ARTICLES} WHERE (a.first_seen_at, a.id) < ($1::timestamptz, $2::bigint)
              ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $3 OFFSET $4`,
              [after[0], after[1], limit + 1, offset],
            )
          : await transaction.rows<ArticleRow>(
              `${ARTICLES} ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $1 OFFSET $2`,
              [limit + 1, offset],
            );
        const total = await transaction.row<{ total: number }>('SELECT count(*)::int AS total FROM articles');
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map(toArticle),
          total: total?.total ?? 0,
          nextCursor: rows.length > limit && last ? keysCursor(listing, [last.first_seen_at, last.id]) : null,
        };
      }),

    listArticleVersions: (articleId) =>
      read(async (transaction) => {
        const row = await article(transaction, articleId);
        const versions = await transaction.rows<VersionRow>(
          `${VERSIONS} WHERE v.article_id = $1 ORDER BY v.number`,
          [row.id],
        );
        return versions.map(toVersionSummary);
      }),

    getArticleVersion: (articleId, number) =>
      read(async (transaction) => {
        const row = await versionRow(transaction, articleId, number);
        const content = await transaction.row<{ text: string; analysis: Analysis }>(
          'SELECT text, analysis FROM article_versions WHERE id = $1',
          [row.id],
        );
        return {
          ...toVersionSummary(row),
          text: content?.text ?? '',
          analysis: content?.analysis as Analysis,
        };
      }),

    articleClaims: (articleId, number) =>
      read(async (transaction) => {
        const row = await versionRow(transaction, articleId, number);
        const claims = await transaction.rows<ClaimRow>(
          `SELECT ${CLAIM_COLUMNS} FROM claims c JOIN article_versions v ON v.id = c.version_id
          WHERE c.version_id = $1 ORDER BY c.sentence_index, c.start_offset, c.id`,
          [row.id],
        );
        return claims.map(toClaim);
      }),

    listClaims: (options) =>
      read(async (transaction) => {
        const all = options.includeSuperseded === true;
        const listing = listingName('claims-in-order', all ? 1 : 0);
        const { limit, offset, after } = readPageOptions(options, listing);
        const rows = await transaction.rows<ClaimRow>(
          `SELECT ${CLAIM_COLUMNS} FROM claims c JOIN article_versions v ON v.id = c.version_id
          WHERE ($1 OR c.is_current) AND ($2::bigint IS NULL OR c.id > $2::bigint)
          ORDER BY c.id LIMIT $3 OFFSET $4`,
          [all, resumeAfter(after, options.afterId), limit + 1, offset],
        );
        const total = await transaction.row<{ total: number }>(
          'SELECT count(*)::int AS total FROM claims c WHERE ($1 OR c.is_current)',
          [all],
        );
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map(toClaim),
          total: total?.total ?? 0,
          nextCursor: rows.length > limit && last ? keysCursor(listing, [last.id]) : null,
        };
      }),

    // The primary key read backwards from the newest claim, stopping at the first current one.
    latestClaimId: () =>
      read(async (transaction) => {
        const row = await transaction.row<{ id: string }>(
          'SELECT id FROM claims WHERE is_current ORDER BY id DESC LIMIT 1',
        );
        return row === undefined ? null : String(row.id);
      }),
  };
}
