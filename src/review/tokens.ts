import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role, Store, TokenRecord } from '../store/index.ts';
import { ROLES } from '../store/index.ts';

/** Every secret starts with this, so a leaked one is easy to recognize (and to scan repositories for). */
export const TOKEN_PREFIX = 'ct_';

const SECRET_BYTES = 32;
const SECRET_SHAPE = /^ct_[A-Za-z0-9_-]{43}$/;

/** sha256 of a presented secret in lower-case hex: what the store keeps and looks tokens up by. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new secret: `ct_` and 32 random bytes in base64url (256 bits, so a hash without salt is safe). */
export function generateSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/**
 * Creates an API token: stores its name, role and the hash of a fresh secret, and returns the secret,
 * which is shown this once and cannot be read back.
 *
 * @example
 * const { secret, token } = await createApiToken(store, { name: 'desk laptop', role: 'reviewer' });
 * console.log(`Authorization: Bearer ${secret}`);
 */
export async function createApiToken(
  store: Store,
  input: { name: string; role: Role; createdAt?: string | Date },
): Promise<{ secret: string; token: TokenRecord }> {
  const secret = generateSecret();
  const token = await store.createToken({ ...input, secretHash: hashSecret(secret) });
  return { secret, token };
}

/**
 * The live token a presented secret belongs to (its last use recorded), or null for a secret that is
 * malformed, unknown or revoked. Malformed secrets are refused before the store is asked.
 */
export async function verifyApiToken(
  store: Store,
  presented: string | null | undefined,
): Promise<TokenRecord | null> {
  if (typeof presented !== 'string') return null;
  const secret = presented.trim();
  if (!SECRET_SHAPE.test(secret)) return null;
  return store.useToken(hashSecret(secret));
}

/** Whether a secret matches a stored hash, compared in constant time. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Whether a role may do what needs `needed`: roles are ordered viewer < reviewer < admin, each allowed
 * what the ones before it are.
 *
 * @example
 * roleAllows('reviewer', 'viewer'); // true
 * roleAllows('reviewer', 'admin'); // false
 */
export function roleAllows(role: Role, needed: Role): boolean {
  const have = ROLES.indexOf(role);
  return have >= 0 && have >= ROLES.indexOf(needed);
}
