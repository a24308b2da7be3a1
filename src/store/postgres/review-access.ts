import { NotFoundError, StoreError } from '../errors.ts';
import { checkImportedReview, checkToken, SECRET_HASH } from '../review-input.ts';
import type {
  ImportedReview,
  ImportedReviewInput,
  ImportReviewResult,
  TokenInput,
  TokenRecord,
} from '../review-types.ts';
import { type PostgresDatabase, readTransaction, type Transaction, writeTransaction } from './connection.ts';
import { findCluster } from './review-history.ts';
import {
  IMPORTED_REVIEW_COLUMNS,
  type ImportedReviewRow,
  TOKEN_COLUMNS,
  type TokenRow,
  toImportedReview,
  toToken,
} from './review-rows.ts';
import { parseId } from './rows.ts';

/** Fact-checks imported from elsewhere, and the API tokens of the people using the desk. */
export interface ReviewAccess {
  importReview(input: ImportedReviewInput): Promise<ImportReviewResult>;
  clusterImportedReviews(clusterId: string): Promise<ImportedReview[]>;
  createToken(input: TokenInput): Promise<TokenRecord>;
  useToken(secretHash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string): Promise<TokenRecord>;
}

/**
 * Each method runs in one transaction. Two imports of one review, or two tokens of one secret hash,
 * written at once both pass the check for an existing row; the second insert then fails on the
 * unique key and its transaction runs again, finding the first one's row.
 */
export function createReviewAccess(database: PostgresDatabase, now: () => Date): ReviewAccess {
  const read = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    readTransaction(database, body);
  const write = <Result>(body: (transaction: Transaction) => Promise<Result>) =>
    writeTransaction(database, body);

  return {
    async importReview(input) {
      const checked = checkImportedReview(input, now);
      return write(async (transaction) => {
        const existing = await transaction.row<ImportedReviewRow>(
          `SELECT ${IMPORTED_REVIEW_COLUMNS} FROM imported_reviews WHERE url = $1 AND claim_reviewed = $2`,
          [checked.url, checked.claimReviewed],
        );
        if (existing) return { status: 'unchanged' as const, review: toImportedReview(existing) };
        const clusterId =
          checked.clusterId === null ? null : (await findCluster(transaction, checked.clusterId)).id;
        const row = await transaction.row<ImportedReviewRow>(
          `INSERT INTO imported_reviews (claim_reviewed, url, reviewer, date_published, rating_name,
            rating_value, best_rating, worst_rating, claimant, appearance_urls, cluster_id, match_score, raw,
            imported_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
          RETURNING ${IMPORTED_REVIEW_COLUMNS}`,
          [
            checked.claimReviewed,
            checked.url,
            checked.reviewer,
            checked.datePublished,
            checked.ratingName,
            checked.ratingValue,
            checked.bestRating,
            checked.worstRating,
            checked.claimant,
            JSON.stringify(checked.appearanceUrls),
            clusterId,
            checked.matchScore,
            checked.raw,
            checked.importedAt,
          ],
        );
        return { status: 'created' as const, review: toImportedReview(row as ImportedReviewRow) };
      });
    },

    clusterImportedReviews: (clusterId) =>
      read(async (transaction) => {
        const { id } = await findCluster(transaction, clusterId);
        // Newest by the fact-check's own date, imports without one by when they were imported.
        const rows = await transaction.rows<ImportedReviewRow>(
          `SELECT ${IMPORTED_REVIEW_COLUMNS} FROM imported_reviews WHERE cluster_id = $1
          ORDER BY coalesce(date_published, imported_at) DESC, id DESC`,
          [id],
        );
        return rows.map(toImportedReview);
      }),

    async createToken(input) {
      const checked = checkToken(input, now);
      return write(async (transaction) => {
        const taken = await transaction.row('SELECT 1 FROM api_tokens WHERE secret_hash = $1', [
          checked.secretHash,
        ]);
        if (taken !== undefined) {
          throw new StoreError(
            'token-exists',
            `a token with this secret hash exists already (token "${checked.name}" not created); make a new secret`,
            { status: 409 },
          );
        }
        const row = await transaction.row<TokenRow>(
          `INSERT INTO api_tokens (name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4)
          RETURNING ${TOKEN_COLUMNS}`,
          [checked.name, checked.role, checked.secretHash, checked.createdAt],
        );
        return toToken(row as TokenRow);
      });
    },

    async useToken(secretHash) {
      if (typeof secretHash !== 'string' || !SECRET_HASH.test(secretHash)) return null;
      return write(async (transaction) => {
        const row = await transaction.row<TokenRow>(
          `UPDATE api_tokens SET last_used_at = $1 WHERE secret_hash = $2 AND revoked_at IS NULL
          RETURNING ${TOKEN_COLUMNS}`,
          [now().toISOString(), secretHash],
        );
        return row ? toToken(row) : null;
      });
    },

    listTokens: () =>
      read(async (transaction) => {
        const rows = await transaction.rows<TokenRow>(
          `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`,
        );
        return rows.map(toToken);
      }),

    revokeToken: (id) =>
      write(async (transaction) => {
        const key = parseId(id, 'token');
        // Revoking a revoked token keeps the first revocation time.
        await transaction.run('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
          now().toISOString(),
          key,
        ]);
        const row = await transaction.row<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [
          key,
        ]);
        if (!row) throw new NotFoundError(`token "${id}"`);
        return toToken(row);
      }),
  };
}
