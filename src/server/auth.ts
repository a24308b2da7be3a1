import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { roleAllows, verifyApiToken } from '../review/index.ts';
import type { Role, Store, TokenRecord } from '../store/index.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

/** The cookie a signed-in browser carries: the token secret, readable by no script. */
export const SESSION_COOKIE = 'claimtrail_session';

/** Whether a request is for the JSON API (bearer tokens) rather than the pages (session cookie). */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/openapi.json';
}

/**
 * Finds the caller's token. The API reads only `Authorization: Bearer`, so that a browser's cookie
 * can never make a cross-site API write; the pages read only the session cookie, and their forms
 * are guarded by the CSRF check. A bearer token that names nothing is an error (the caller meant to
 * authenticate); a stale session cookie just leaves the browser signed out.
 */
export function resolvePrincipal(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    if (isApiPath(c.req.path)) {
      const header = c.req.header('authorization');
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        if (!match?.[1]) {
          throw new ApiError('invalid-token', 'the Authorization header must be "Bearer <token>"', 401);
        }
        const token = await verifyApiToken(store, match[1]);
        if (!token) {
          throw new ApiError(
            'invalid-token',
            'the bearer token is unknown or revoked; create one with claimtrail token create --role reviewer',
            401,
          );
        }
        c.set('principal', token);
      }
    } else {
      const secret = getCookie(c, SESSION_COOKIE);
      if (secret) c.set('principal', await verifyApiToken(store, secret));
    }
    await next();
  };
}

/** Throws 401 without a token and 403 with one of too low a role; returns the token otherwise. */
export function requireRole(c: Context<AppEnv>, needed: Role): TokenRecord {
  const principal = c.get('principal');
  if (!principal) {
    const how = isApiPath(c.req.path)
      ? `send "Authorization: Bearer <token>" (claimtrail token create --role ${needed})`
      : 'sign in with one (Sign in, top right)';
    throw new ApiError('unauthorized', `this needs a ${needed} token: ${how}`, 401);
  }
  if (!roleAllows(principal.role, needed)) {
    throw new ApiError(
      'forbidden',
      `token "${principal.name}" is a ${principal.role}; this needs a ${needed} token`,
      403,
    );
  }
  return principal;
}

/** Reads need a viewer token unless the publicReads setting opens them to everyone. */
export function readGate(publicReads: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!publicReads && isApiPath(c.req.path) && c.req.path !== '/openapi.json') requireRole(c, 'viewer');
    await next();
  };
}

/**
 * A fixed one-minute window per token (or per client address without one). The counters live in the
 * app's closure, so two apps never share them; stale windows are dropped as they are passed.
 */
export function rateLimit(perMinute: number, now: () => Date): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (perMinute <= 0 || c.req.path.startsWith('/static/')) return next();
    const principal = c.get('principal');
    const key = principal
      ? `token:${principal.id}`
      : `address:${c.env?.incoming?.socket.remoteAddress ?? 'local'}`;
    const time = now().getTime();
    const windowStart = time - (time % 60_000);
    if (windows.size > 10_000) {
      for (const [name, window] of windows) if (window.start < windowStart) windows.delete(name);
    }
    const window = windows.get(key);
    const current = window && window.start === windowStart ? window : { start: windowStart, count: 0 };
    current.count += 1;
    windows.set(key, current);
    const remaining = Math.max(0, perMinute - current.count);
    c.header('RateLimit-Limit', String(perMinute));
    c.header('RateLimit-Remaining', String(remaining));
    if (current.count > perMinute) {
      const retryAfter = Math.ceil((windowStart + 60_000 - time) / 1000);
      c.header('Retry-After', String(retryAfter));
      throw new ApiError(
        'rate-limited',
        `more than ${perMinute} requests this minute; try again in ${retryAfter} s`,
        429,
      );
    }
    await next();
  };
}
