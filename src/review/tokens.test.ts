import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import {
  createApiToken,
  generateSecret,
  hashSecret,
  roleAllows,
  secretMatches,
  verifyApiToken,
} from './tokens.ts';

describe('API tokens', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(() => store.close());

  it('makes distinct ct_ secrets of 32 random bytes and stores only their hash', async () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(32);
    }
    const { secret, token } = await createApiToken(store, { name: 'desk', role: 'reviewer' });
    expect(token).toMatchObject({ name: 'desk', role: 'reviewer' });
    expect(JSON.stringify(await store.listTokens())).not.toContain(secret.slice(3));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(`${secret}x`, hashSecret(secret))).toBe(false);
  });

  it('verifies a presented secret until the token is revoked', async () => {
    const { secret, token } = await createApiToken(store, { name: 'desk', role: 'admin' });
    expect((await verifyApiToken(store, ` ${secret} `))?.id).toBe(token.id);
    expect(await verifyApiToken(store, generateSecret())).toBeNull();
    expect(await verifyApiToken(store, 'Bearer nonsense')).toBeNull();
    expect(await verifyApiToken(store, undefined)).toBeNull();
    await store.revokeToken(token.id);
    expect(await verifyApiToken(store, secret)).toBeNull();
  });

  it('orders roles viewer < reviewer < admin', () => {
    expect(roleAllows('viewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'reviewer')).toBe(false);
    expect(roleAllows('reviewer', 'viewer')).toBe(true);
    expect(roleAllows('reviewer', 'admin')).toBe(false);
    expect(roleAllows('admin', 'reviewer')).toBe(true);
    expect(roleAllows('admin', 'admin')).toBe(true);
  });
});
