import { NotFoundError, StoreError } from '../errors.ts';
import { checkCopyOf, type PreparedArticle, type PreparedClaim, prepareArticle } from '../prepare-article.ts';
import type {
  ArticleRecord,
  CopyOf,
  RecordArticleInput,
  RecordArticleResult,
  RecordedClaim,
  RecordStatus,
} from '../types.ts';
import type { ClaimTotals } from './claim-totals.ts';
import { createClusterCounts } from './cluster-counts.ts';
import type { SqliteDatabase } from './connection.ts';
import { ARTICLE_COLUMNS, type ArticleRow, parseId, toArticle } from './rows.ts';

/** The store's two writes: recording an analyzed article, and marking an article a copy. */
export interface ArticleWriter {
  recordArticle(input: RecordArticleInput): RecordArticleResult;
  setCopyOf(articleId: string, copyOf: CopyOf | null): ArticleRecord;
}

interface ExistingArticle extends ArticleRow {
  current_version_id: number;
  publisher_key: string | null;
}

interface CopyRow {
  id: number;
  copy_of_id: number | null;
}

/**
 * Prepares every statement of the write path once. Each write runs in one immediate transaction:
 * the write lock is taken before the first read, so a second process waits for it (busy timeout)
 * instead of failing halfway through, and an exception anywhere rolls everything back.
 */
export function createArticleWriter(
  database: SqliteDatabase,
  now: () => Date,
  totals: ClaimTotals,
): ArticleWriter {
  const counts = createClusterCounts(database);
  const select = `SELECT ${ARTICLE_COLUMNS}, a.current_version_id, a.publisher_key
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id`;
  const articleById = database.prepare(`${select} WHERE a.id = ?`);
  const articleByUrl = database.prepare(`${select} WHERE a.url = ?`);
  // A text without a URL is a repeat of any article that ever had that text, wherever it came from.
  const articleByHash = database.prepare(`${select} WHERE a.id = (
      SELECT article_id FROM article_versions WHERE content_hash = ? ORDER BY id LIMIT 1)`);
  // The statements run for every article and claim bind their values by position: better-sqlite3
  // finds a named parameter by building its name as a JavaScript string and looking it up on the
  // object, which measured slower than inserting a claim's row and its seven index entries.
  const insertArticle = database.prepare(`INSERT INTO articles
      (url, publisher, publisher_key, published_at, published_estimated, first_seen_at, copy_of_id, copy_kind)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertVersion = database.prepare(`INSERT INTO article_versions
      (article_id, number, content_hash, seen_at, title, byline, text, analysis)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const setCurrentVersion = database.prepare('UPDATE articles SET current_version_id = ? WHERE id = ?');
  const supersedeClaims = database.prepare(
    'UPDATE claims SET is_current = 0 WHERE article_id = ? AND is_current = 1 RETURNING cluster_id',
  );
  const clusterExists = database.prepare('SELECT 1 FROM clusters WHERE id = ?');
  // A cluster is created with its first appearance already counted: that claim is the only one in
  // it, so its counters are known without probing the cluster's claims or updating the row again.
  // Whether it was inserted is read from the change count: RETURNING would gather its one row in a
  // temporary table first, which made each insert about two thirds dearer.
  const createCluster = database.prepare(`INSERT INTO clusters
      (key, representative, created_at, first_seen_at, last_seen_at, appearance_count, article_count,
       outlet_count, original_article_count, claimant_count, hedged_count)
    VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?)
    ON CONFLICT (key) DO NOTHING`);
  const clusterByKey = database.prepare('SELECT id FROM clusters WHERE key = ?').pluck();
  const insertClaim = database.prepare(`INSERT INTO claims
      (version_id, cluster_id, is_current, article_id, publisher_key, published_at, analysis_claim_id,
       sentence_index, text, start_offset, end_offset, claimant, claimant_kind, certainty,
       checkworthiness, signals, hedged)
    VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // A version's claims enter the full-text index in one statement once all are inserted, read back in
  // id order (FTS5 flushes its pending terms when rowids go backwards): a statement per claim, each
  // binding the claim's text again, cost an eighth of an article's write.
  const indexVersionClaims = database.prepare(
    'INSERT INTO claims_fts (rowid, text) SELECT id, text FROM claims WHERE version_id = ? ORDER BY id',
  );
  const currentClaims = database.prepare(`SELECT analysis_claim_id, id, cluster_id FROM claims
    WHERE article_id = ? AND is_current = 1 ORDER BY id`);
  const currentClusters = database
    .prepare('SELECT DISTINCT cluster_id FROM claims WHERE article_id = ? AND is_current = 1')
    .pluck();
  const copyRow = database.prepare('SELECT id, copy_of_id FROM articles WHERE id = ?');
  const setCopy = database.prepare('UPDATE articles SET copy_of_id = ?, copy_kind = ? WHERE id = ?');

  function findArticle(id: number): ExistingArticle {
    const row = articleById.get(id) as ExistingArticle | undefined;
    if (!row) throw new NotFoundError(`article "${id}"`);
    return row;
  }

  /** The original's id, after checking it exists and that following copies from it never comes back. */
  function checkOriginal(articleId: number | null, copyOf: CopyOf): number {
    const originalId = parseId(copyOf.articleId, 'article');
    if (originalId === articleId) {
      throw new StoreError('copy-of-itself', `article "${articleId}" cannot be a copy of itself`, {
        status: 400,
      });
    }
    const seen = new Set<number>();
    for (let id: number | null = originalId; id !== null; ) {
      const row = copyRow.get(id) as CopyRow | undefined;
      if (!row) throw new NotFoundError(`article "${id}" (the original named by copyOf)`);
      if (id === articleId || seen.has(id)) {
        throw new StoreError(
          'copy-cycle',
          `article "${originalId}" is itself a copy of article "${articleId}", so "${articleId}" cannot copy it`,
          { status: 409 },
        );
      }
      seen.add(id);
      id = row.copy_of_id;
    }
    return originalId;
  }

  /**
   * The cluster a claim joins, creating it when the assignment asks for a new one. A created cluster
   * already counts the claim as its one appearance (an `original` article's, when `original`).
   */
  function resolveCluster(
    claim: PreparedClaim,
    article: PreparedArticle,
    original: boolean,
  ): { id: number; created: boolean } {
    const { assignment } = claim;
    if ('join' in assignment) {
      const id = parseId(assignment.join, 'cluster');
      if (!clusterExists.get(id)) throw new NotFoundError(`cluster "${assignment.join}"`);
      return { id, created: false };
    }
    const key = 'key' in assignment ? assignment.key : null;
    const created = createCluster.run(
      key,
      claim.text,
      article.seenAt,
      article.publishedAt,
      article.publishedAt,
      article.publisherKey === null ? 0 : 1,
      original ? 1 : 0,
      claim.claimant === null ? 0 : 1,
      claim.hedged ? 1 : 0,
    );
    if (created.changes === 1) return { id: Number(created.lastInsertRowid), created: true };
    return { id: clusterByKey.get(key) as number, created: false };
  }

  /**
   * Inserts the claims of a new current version; returns them as recorded, in insertion order, which
   * is the order of their ids.
   */
  function insertClaims(
    article: PreparedArticle,
    ids: { articleId: number; versionId: number },
    original: boolean,
  ): RecordedClaim[] {
    const recorded: RecordedClaim[] = [];
    for (const claim of article.claims) {
      const cluster = resolveCluster(claim, article, original);
      // A created cluster counted this claim when it was inserted.
      const addition = cluster.created
        ? null
        : counts.measureAddition({
            clusterId: cluster.id,
            articleId: ids.articleId,
            publisherKey: article.publisherKey,
            claimant: claim.claimant,
            hedged: claim.hedged,
            original,
            publishedAt: article.publishedAt,
          });
      const { lastInsertRowid } = insertClaim.run(
        ids.versionId,
        cluster.id,
        ids.articleId,
        article.publisherKey,
        article.publishedAt,
        claim.analysisClaimId,
        claim.sentenceIndex,
        claim.text,
        claim.start,
        claim.end,
        claim.claimant,
        claim.claimantKind,
        claim.certainty,
        claim.checkworthiness,
        JSON.stringify(claim.signals),
        claim.hedged ? 1 : 0,
      );
      if (addition) counts.applyAddition(cluster.id, addition);
      recorded.push({
        analysisClaimId: claim.analysisClaimId,
        claimId: String(lastInsertRowid),
        clusterId: String(cluster.id),
        clusterCreated: cluster.created,
      });
    }
    return recorded;
  }

  function changeCopy(articleId: number, copyOf: CopyOf | null): void {
    const originalId = copyOf === null ? null : checkOriginal(articleId, copyOf);
    setCopy.run(originalId, copyOf?.kind ?? null, articleId);
    counts.recount(currentClusters.all(articleId) as number[]);
  }

  /** The article's current claims as stored, none of them counted as starting a cluster. */
  function storedClaims(articleId: number): RecordedClaim[] {
    return (
      currentClaims.all(articleId) as { analysis_claim_id: string; id: number; cluster_id: number }[]
    ).map((row) => ({
      analysisClaimId: row.analysis_claim_id,
      claimId: String(row.id),
      clusterId: String(row.cluster_id),
      clusterCreated: false,
    }));
  }

  function result(status: RecordStatus, articleId: number, claims: RecordedClaim[]): RecordArticleResult {
    return { status, article: toArticle(findArticle(articleId)), claims };
  }

  function sameCopy(existing: ArticleRow, copyOf: CopyOf | null): boolean {
    return copyOf === null
      ? existing.copy_of_id === null
      : String(existing.copy_of_id) === copyOf.articleId && existing.copy_kind === copyOf.kind;
  }

  const record = database.transaction((prepared: PreparedArticle): RecordArticleResult => {
    const accountFor = totals.beginWrite();
    let article = prepared;
    const existing = (
      article.url === null ? articleByHash.get(article.contentHash) : articleByUrl.get(article.url)
    ) as ExistingArticle | undefined;
    if (existing && article.copyOf !== undefined && !sameCopy(existing, article.copyOf)) {
      changeCopy(existing.id, article.copyOf);
    }
    if (existing && existing.content_hash === article.contentHash) {
      accountFor(0, 0);
      return result('unchanged', existing.id, storedClaims(existing.id));
    }
    let articleId: number;
    let number = 1;
    let original: boolean;
    let superseded = 0;
    if (existing) {
      articleId = existing.id;
      number = existing.version + 1;
      // Where and when an article was published is fixed when it is first stored; an edit keeps it.
      article = { ...article, publishedAt: existing.published_at, publisherKey: existing.publisher_key };
      original = (copyRow.get(articleId) as CopyRow).copy_of_id === null;
      const supersededRows = supersedeClaims.all(articleId) as { cluster_id: number }[];
      superseded = supersededRows.length;
      counts.recount(supersededRows.map((row) => row.cluster_id));
    } else {
      const copyOfId = article.copyOf ? checkOriginal(null, article.copyOf) : null;
      original = copyOfId === null;
      articleId = Number(
        insertArticle.run(
          article.url,
          article.publisher,
          article.publisherKey,
          article.publishedAt,
          article.publishedEstimated ? 1 : 0,
          article.seenAt,
          copyOfId,
          article.copyOf?.kind ?? null,
        ).lastInsertRowid,
      );
    }
    const versionId = Number(
      insertVersion.run(
        articleId,
        number,
        article.contentHash,
        article.seenAt,
        article.title,
        article.byline,
        article.text,
        article.analysisJson,
      ).lastInsertRowid,
    );
    setCurrentVersion.run(versionId, articleId);
    // The version's claims are exactly the article's current ones now: the previous version's were
    // superseded above.
    const claims = insertClaims(article, { articleId, versionId }, original);
    indexVersionClaims.run(versionId);
    accountFor(article.claims.length, superseded);
    return result(existing ? 'new-version' : 'created', articleId, claims);
  });

  const markCopy = database.transaction((articleId: number, copyOf: CopyOf | null): ArticleRecord => {
    const existing = findArticle(articleId);
    if (!sameCopy(existing, copyOf)) changeCopy(articleId, copyOf);
    return toArticle(findArticle(articleId));
  });

  return {
    recordArticle(input) {
      const prepared = prepareArticle(input, now);
      try {
        const recorded = record.immediate(prepared);
        totals.committed();
        return recorded;
      } catch (error) {
        totals.forget();
        throw error;
      }
    },
    setCopyOf(articleId, copyOf) {
      const id = parseId(articleId, 'article');
      return markCopy.immediate(id, checkCopyOf(copyOf) ?? null);
    },
  };
}
