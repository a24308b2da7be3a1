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
import { type ClusterCounts, createClusterCounts } from './cluster-counts.ts';
import { type PostgresDatabase, type Transaction, writeTransaction } from './connection.ts';
import { ARTICLE_COLUMNS, type ArticleRow, parseId, toArticle } from './rows.ts';

/** The store's two writes: recording an analyzed article, and marking an article a copy. */
export interface ArticleWriter {
  recordArticle(input: RecordArticleInput): Promise<RecordArticleResult>;
  setCopyOf(articleId: string, copyOf: CopyOf | null): Promise<ArticleRecord>;
}

interface ExistingArticle extends ArticleRow {
  publisher_key: string | null;
}

const SELECT_ARTICLE = `SELECT ${ARTICLE_COLUMNS}, a.publisher_key
  FROM articles a JOIN article_versions v ON v.id = a.current_version_id`;

/*
 * Concurrency. Writes run at read committed, where each statement sees what was committed before it
 * began, and take locks before they decide anything another writer could change:
 * - an advisory lock on the article's content hash and one on its URL (always in that order), so two
 *   writes of one article take turns and the second finds what the first stored;
 * - cluster keys are inserted in key order, so two writes creating clusters under the same keys queue
 *   in one order;
 * - the rows of every cluster the write touches, in id order, before the counters are updated;
 * - an advisory lock on copy marking, so two writes cannot each close half of a copy cycle.
 * A deadlock that remains all the same is aborted by PostgreSQL and the write runs again (see
 * `writeTransaction`). The claims of a version go in with one statement and their clusters' counters
 * with another, so a write costs a fixed number of round trips whatever its number of claims.
 */
const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('claimtrail-' || $1, 0))";

/** The writes of one transaction. */
function createWriteSteps(transaction: Transaction, counts: ClusterCounts) {
  async function findArticle(id: string): Promise<ExistingArticle> {
    const row = await transaction.row<ExistingArticle>(`${SELECT_ARTICLE} WHERE a.id = $1`, [id]);
    if (!row) throw new NotFoundError(`article "${id}"`);
    return row;
  }

  /** The original's id, after checking it exists and that following copies from it never comes back. */
  async function checkOriginal(articleId: string | null, copyOf: CopyOf): Promise<string> {
    const originalId = parseId(copyOf.articleId, 'article');
    if (originalId === articleId) {
      throw new StoreError('copy-of-itself', `article "${articleId}" cannot be a copy of itself`, {
        status: 400,
      });
    }
    await transaction.run(LOCK, ['copies']);
    const seen = new Set<string>();
    for (let id: string | null = originalId; id !== null; ) {
      const row: { copy_of_id: string | null } | undefined = await transaction.row(
        'SELECT copy_of_id FROM articles WHERE id = $1',
        [id],
      );
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

  async function currentClusters(articleId: string): Promise<string[]> {
    const rows = await transaction.rows<{ cluster_id: string }>(
      'SELECT DISTINCT cluster_id FROM claims WHERE article_id = $1 AND is_current',
      [articleId],
    );
    return rows.map((row) => row.cluster_id);
  }

  async function changeCopy(articleId: string, copyOf: CopyOf | null): Promise<void> {
    const originalId = copyOf === null ? null : await checkOriginal(articleId, copyOf);
    const clusters = await currentClusters(articleId);
    await counts.lock(clusters);
    await transaction.run('UPDATE articles SET copy_of_id = $1, copy_kind = $2 WHERE id = $3', [
      originalId,
      copyOf?.kind ?? null,
      articleId,
    ]);
    await counts.recount(clusters);
  }

  /** Checks that the clusters some claims join exist; returns their ids by claim index. */
  async function joinedClusters(claims: readonly PreparedClaim[]): Promise<Map<number, string>> {
    const joins = new Map<number, string>();
    for (const [index, { assignment }] of claims.entries()) {
      if ('join' in assignment) joins.set(index, parseId(assignment.join, 'cluster'));
    }
    if (joins.size === 0) return joins;
    const found = await transaction.rows<{ id: string }>(
      'SELECT id FROM clusters WHERE id = ANY($1::bigint[])',
      [[...joins.values()]],
    );
    const existing = new Set(found.map((row) => row.id));
    for (const [index, id] of joins) {
      const { assignment } = claims[index] as PreparedClaim;
      if (!existing.has(id))
        throw new NotFoundError(`cluster "${'join' in assignment ? assignment.join : id}"`);
    }
    return joins;
  }

  /**
   * The clusters under the keys some claims name, creating those no claim has used yet (the first
   * claim of a key in the article gives its representative phrasing). Keys are inserted in one order
   * (`COLLATE "C"`), so two writes creating the same keys queue in that order and never in a circle:
   * a key another writer is creating makes the insert wait for that writer's end, after which the
   * key exists, nothing is inserted, and the select (a new statement) sees it.
   */
  async function keyedClusters(
    claims: readonly PreparedClaim[],
    article: PreparedArticle,
  ): Promise<Map<string, { id: string; created: boolean }>> {
    const representatives = new Map<string, string>();
    for (const { assignment, text } of claims) {
      if ('key' in assignment && !representatives.has(assignment.key))
        representatives.set(assignment.key, text);
    }
    const keyed = new Map<string, { id: string; created: boolean }>();
    if (representatives.size === 0) return keyed;
    const created = await transaction.rows<{ key: string }>(
      `INSERT INTO clusters (key, representative, created_at, first_seen_at, last_seen_at)
      SELECT given.key, given.representative, $3, $4, $4
      FROM unnest($1::text[], $2::text[]) AS given(key, representative)
      ORDER BY given.key COLLATE "C"
      ON CONFLICT (key) DO NOTHING RETURNING key`,
      [[...representatives.keys()], [...representatives.values()], article.seenAt, article.publishedAt],
    );
    const createdKeys = new Set(created.map((row) => row.key));
    const rows = await transaction.rows<{ id: string; key: string }>(
      'SELECT id, key FROM clusters WHERE key = ANY($1::text[])',
      [[...representatives.keys()]],
    );
    for (const row of rows) keyed.set(row.key, { id: row.id, created: createdKeys.has(row.key) });
    return keyed;
  }

  /** New clusters of their own for the claims given, in their order, in one insert. */
  async function newClusters(claims: readonly PreparedClaim[], article: PreparedArticle): Promise<string[]> {
    if (claims.length === 0) return [];
    // Identities are drawn row by row in the select's order, so sorted ids follow the claims' order.
    const rows = await transaction.rows<{ id: string }>(
      `INSERT INTO clusters (representative, created_at, first_seen_at, last_seen_at)
      SELECT given.representative, $2, $3, $3
      FROM unnest($1::text[]) WITH ORDINALITY AS given(representative, position)
      ORDER BY given.position RETURNING id`,
      [claims.map((claim) => claim.text), article.seenAt, article.publishedAt],
    );
    return rows
      .map((row) => BigInt(row.id))
      .sort((left, right) => (left < right ? -1 : 1))
      .map(String);
  }

  /** The cluster of each claim, in the claims' order, creating those the assignments ask for. */
  async function resolveClusters(article: PreparedArticle): Promise<{ id: string; created: boolean }[]> {
    const { claims } = article;
    const joined = await joinedClusters(claims);
    const keyed = await keyedClusters(claims, article);
    const creating = claims.filter((claim) => 'create' in claim.assignment);
    const created = await newClusters(creating, article);
    const startedKeys = new Set<string>();
    return claims.map(({ assignment }, index) => {
      if ('join' in assignment) return { id: joined.get(index) as string, created: false };
      if ('key' in assignment) {
        const cluster = keyed.get(assignment.key) as { id: string; created: boolean };
        // A later claim of the same write under the same key joins the cluster the first one began.
        const first = cluster.created && !startedKeys.has(assignment.key);
        startedKeys.add(assignment.key);
        return { id: cluster.id, created: first };
      }
      return { id: created[creating.indexOf(claims[index] as PreparedClaim)] as string, created: true };
    });
  }

  /** Inserts the claims of a new current version, in their order, into their (locked) clusters. */
  async function insertClaims(
    article: PreparedArticle,
    ids: { articleId: string; versionId: string },
    clusters: { id: string; created: boolean }[],
    original: boolean,
  ): Promise<Set<string>> {
    const rows = article.claims.map((claim, position) => ({
      position,
      cluster_id: clusters[position]?.id,
      analysis_claim_id: claim.analysisClaimId,
      sentence_index: claim.sentenceIndex,
      text: claim.text,
      start_offset: claim.start,
      end_offset: claim.end,
      claimant: claim.claimant,
      claimant_kind: claim.claimantKind,
      certainty: claim.certainty,
      checkworthiness: claim.checkworthiness,
      signals: claim.signals,
      hedged: claim.hedged,
    }));
    await transaction.run(
      `INSERT INTO claims
        (version_id, cluster_id, is_current, article_id, publisher_key, published_at, analysis_claim_id,
         sentence_index, text, start_offset, end_offset, claimant, claimant_kind, certainty,
         checkworthiness, signals, hedged)
      SELECT $1, c.cluster_id, TRUE, $2, $3, $4, c.analysis_claim_id, c.sentence_index, c.text,
        c.start_offset, c.end_offset, c.claimant, c.claimant_kind, c.certainty, c.checkworthiness,
        c.signals, c.hedged
      FROM json_to_recordset($5::json) AS c(position integer, cluster_id bigint, analysis_claim_id text,
        sentence_index integer, text text, start_offset integer, end_offset integer, claimant text,
        claimant_kind text, certainty double precision, checkworthiness double precision, signals json,
        hedged boolean)
      ORDER BY c.position`,
      [ids.versionId, ids.articleId, article.publisherKey, article.publishedAt, JSON.stringify(rows)],
    );
    await counts.addVersion({
      versionId: ids.versionId,
      publisherKey: article.publisherKey,
      original,
      publishedAt: article.publishedAt,
    });
    const started = new Set<string>();
    for (const [index, claim] of article.claims.entries()) {
      if (clusters[index]?.created) started.add(claim.analysisClaimId);
    }
    return started;
  }

  async function result(
    status: RecordStatus,
    articleId: string,
    started: Set<string>,
  ): Promise<RecordArticleResult> {
    const rows = await transaction.rows<{ analysis_claim_id: string; id: string; cluster_id: string }>(
      'SELECT analysis_claim_id, id, cluster_id FROM claims WHERE article_id = $1 AND is_current ORDER BY id',
      [articleId],
    );
    const claims = rows.map(
      (row): RecordedClaim => ({
        analysisClaimId: row.analysis_claim_id,
        claimId: row.id,
        clusterId: row.cluster_id,
        clusterCreated: started.has(row.analysis_claim_id),
      }),
    );
    return { status, article: toArticle(await findArticle(articleId)), claims };
  }

  return { findArticle, checkOriginal, currentClusters, changeCopy, resolveClusters, insertClaims, result };
}

function sameCopy(existing: ArticleRow, copyOf: CopyOf | null): boolean {
  return copyOf === null
    ? existing.copy_of_id === null
    : existing.copy_of_id === copyOf.articleId && existing.copy_kind === copyOf.kind;
}

async function record(transaction: Transaction, prepared: PreparedArticle): Promise<RecordArticleResult> {
  const counts = createClusterCounts(transaction);
  const steps = createWriteSteps(transaction, counts);
  let article = prepared;
  await transaction.run(LOCK, [`hash:${article.contentHash}`]);
  if (article.url !== null) await transaction.run(LOCK, [`url:${article.url}`]);
  // A text without a URL is a repeat of any article that ever had that text, wherever it came from.
  const existing =
    article.url === null
      ? await transaction.row<ExistingArticle>(
          `${SELECT_ARTICLE} WHERE a.id = (
            SELECT article_id FROM article_versions WHERE content_hash = $1 ORDER BY id LIMIT 1)
          FOR UPDATE OF a`,
          [article.contentHash],
        )
      : await transaction.row<ExistingArticle>(`${SELECT_ARTICLE} WHERE a.url = $1 FOR UPDATE OF a`, [
          article.url,
        ]);
  if (existing && article.copyOf !== undefined && !sameCopy(existing, article.copyOf)) {
    await steps.changeCopy(existing.id, article.copyOf);
  }
  if (existing && existing.content_hash === article.contentHash) {
    return steps.result('unchanged', existing.id, new Set());
  }
  let articleId: string;
  let number = 1;
  let original: boolean;
  const superseded: string[] = [];
  if (existing) {
    articleId = existing.id;
    number = existing.version + 1;
    // Where and when an article was published is fixed when it is first stored; an edit keeps it.
    article = { ...article, publishedAt: existing.published_at, publisherKey: existing.publisher_key };
    const copy = await transaction.row<{ copy_of_id: string | null }>(
      'SELECT copy_of_id FROM articles WHERE id = $1',
      [articleId],
    );
    original = copy?.copy_of_id === null;
    superseded.push(...(await steps.currentClusters(articleId)));
  } else {
    const copyOfId = article.copyOf ? await steps.checkOriginal(null, article.copyOf) : null;
    original = copyOfId === null;
    const inserted = await transaction.row<{ id: string }>(
      `INSERT INTO articles
        (url, publisher, publisher_key, published_at, published_estimated, first_seen_at, copy_of_id, copy_kind)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        article.url,
        article.publisher,
        article.publisherKey,
        article.publishedAt,
        article.publishedEstimated,
        article.seenAt,
        copyOfId,
        article.copyOf?.kind ?? null,
      ],
    );
    articleId = (inserted as { id: string }).id;
  }
  const clusters = await steps.resolveClusters(article);
  await counts.lock([...superseded, ...clusters.map((cluster) => cluster.id)]);
  if (superseded.length > 0) {
    await transaction.run('UPDATE claims SET is_current = FALSE WHERE article_id = $1 AND is_current', [
      articleId,
    ]);
    await counts.recount(superseded);
  }
  const version = await transaction.row<{ id: string }>(
    `INSERT INTO article_versions (article_id, number, content_hash, seen_at, title, byline, text, analysis)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      articleId,
      number,
      article.contentHash,
      article.seenAt,
      article.title,
      article.byline,
      article.text,
      article.analysisJson,
    ],
  );
  const versionId = (version as { id: string }).id;
  await transaction.run('UPDATE articles SET current_version_id = $1 WHERE id = $2', [versionId, articleId]);
  const started = await steps.insertClaims(article, { articleId, versionId }, clusters, original);
  return steps.result(existing ? 'new-version' : 'created', articleId, started);
}

/** The article writes; each runs in one transaction, retried when it collides with another writer. */
export function createArticleWriter(database: PostgresDatabase, now: () => Date): ArticleWriter {
  return {
    async recordArticle(input) {
      const prepared = prepareArticle(input, now);
      return writeTransaction(database, (transaction) => record(transaction, prepared));
    },
    async setCopyOf(articleId, copyOf) {
      const id = parseId(articleId, 'article');
      const checked = checkCopyOf(copyOf) ?? null;
      return writeTransaction(database, async (transaction) => {
        const steps = createWriteSteps(transaction, createClusterCounts(transaction));
        await transaction.run('SELECT 1 FROM articles WHERE id = $1 FOR UPDATE', [id]);
        const existing = await steps.findArticle(id);
        if (!sameCopy(existing, checked)) await steps.changeCopy(id, checked);
        return toArticle(await steps.findArticle(id));
      });
    },
  };
}
