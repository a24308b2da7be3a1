import { NotFoundError, StoreError } from '../errors.ts';
import { checkImportedReview, checkToken, SECRET_HASH } from '../review-input.ts';
import type {
  ImportedReview,
  ImportedReviewInput,
  ImportReviewResult,
  TokenInput,
  TokenRecord,
} from '../review-types.ts';
import type { SqliteDatabase } from './connection.ts';
import { clusterFinder } from './review-history.ts';
import {
  type ImportedReviewRow,
  TOKEN_COLUMNS,
  type TokenRow,
  toImportedReview,
  toToken,
} from './review-rows.ts';
import { parseId } from './rows.ts';

/** Fact-checks imported from elsewhere, and the API tokens of the people using the desk. */
export interface ReviewAccess {
  importReview(input: ImportedReviewInput): ImportReviewResult;
  clusterImportedReviews(clusterId: string): ImportedReview[];
  createToken(input: TokenInput): TokenRecord;
  useToken(secretHash: string): TokenRecord | null;
  listTokens(): TokenRecord[];
  revokeToken(id: string): TokenRecord;
}

/** Prepares the statements; each method runs in one transaction, writes in an immediate one. */
export function createReviewAccess(database: SqliteDatabase, now: () => Date): ReviewAccess {
  const cluster = clusterFinder(database);
  const findImport = database.prepare('SELECT * FROM imported_reviews WHERE url = ? AND claim_reviewed = ?');
  const insertImport = database.prepare(`INSERT INTO imported_reviews
    (claim_reviewed, url, reviewer, date_published, rating_name, rating_value, best_rating, worst_rating,
      claimant, appearance_urls, cluster_id, match_score, raw, imported_at)
    VALUES (:claimReviewed, :url, :reviewer, :datePublished, :ratingName, :ratingValue, :bestRating,
      :worstRating, :claimant, :appearanceUrls, :clusterId, :matchScore, :raw, :importedAt)
    RETURNING *`);
  // Newest by the fact-check's own date, imports without one by when they were imported.
  const importsOf = database.prepare(`SELECT * FROM imported_reviews WHERE cluster_id = ?
    ORDER BY coalesce(date_published, imported_at) DESC, id DESC`);
  const insertToken = database.prepare(`INSERT INTO api_tokens (name, role, secret_hash, created_at)
    VALUES (:name, :role, :secretHash, :createdAt) RETURNING ${TOKEN_COLUMNS}`);
  const hashTaken = database.prepare('SELECT 1 FROM api_tokens WHERE secret_hash = ?').pluck();
  const touchToken = database.prepare(`UPDATE api_tokens SET last_used_at = ?
    WHERE secret_hash = ? AND revoked_at IS NULL RETURNING ${TOKEN_COLUMNS}`);
  const tokens = database.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`);
  const tokenById = database.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`);
  const revoke = database.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');

  const importReview = database.transaction((input: ReturnType<typeof checkImportedReview>) => {
    const existing = findImport.get(input.url, input.claimReviewed) as ImportedReviewRow | undefined;
    if (existing) return { status: 'unchanged' as const, review: toImportedReview(existing) };
    const clusterId = input.clusterId === null ? null : cluster(input.clusterId).id;
    const row = insertImport.get({
      ...input,
      clusterId,
      appearanceUrls: JSON.stringify(input.appearanceUrls),
    }) as ImportedReviewRow;
    return { status: 'created' as const, review: toImportedReview(row) };
  });

  const createToken = database.transaction((input: ReturnType<typeof checkToken>) => {
    if (hashTaken.get(input.secretHash) !== undefined) {
      throw new StoreError(
        'token-exists',
        `a token with this secret hash exists already (token "${input.name}" not created); make a new secret`,
        { status: 409 },
      );
    }
    return toToken(insertToken.get(input) as TokenRow);
  });

  const revokeToken = database.transaction((id: string) => {
    const key = parseId(id, 'token');
    if (tokenById.get(key) === undefined) throw new NotFoundError(`token "${id}"`);
    // Revoking a revoked token keeps the first revocation time.
    revoke.run(now().toISOString(), key);
    return toToken(tokenById.get(key) as TokenRow);
  });

  const useToken = database.transaction((secretHash: string) => {
    if (typeof secretHash !== 'string' || !SECRET_HASH.test(secretHash)) return null;
    const row = touchToken.get(now().toISOString(), secretHash) as TokenRow | undefined;
    return row ? toToken(row) : null;
  });

  return {
    importReview: (input) => importReview.immediate(checkImportedReview(input, now)),
    clusterImportedReviews: database.transaction((clusterId: string) =>
      (importsOf.all(cluster(clusterId).id) as ImportedReviewRow[]).map(toImportedReview),
    ),
    createToken: (input) => createToken.immediate(checkToken(input, now)),
    useToken: (secretHash) => useToken.immediate(secretHash),
    listTokens: database.transaction(() => (tokens.all() as TokenRow[]).map(toToken)),
    revokeToken: (id) => revokeToken.immediate(id),
  };
}
