import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

/** The policy every response carries: no inline script or style, nothing framed, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Security headers on every response, errors included. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}

export const CSRF_COOKIE = 'claimtrail_csrf';
export const CSRF_FIELD = 'csrf';

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** The CSRF token of this browser (double-submit cookie), made on its first page view. */
export function csrfCookie(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{32,}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      setCookie(c, CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: isHttps(c),
      });
    }
    c.set('csrfToken', token);
    await next();
  };
}

function sameToken(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses a form post from another site: the browser's Origin (else Sec-Fetch-Site, else Referer)
 * must be this site, and the form must carry the CSRF token of this browser's cookie.
 */
export function assertSameOriginForm(c: Context<AppEnv>, form: Record<string, unknown>): void {
  const own = new URL(c.req.url).origin;
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  const referer = c.req.header('referer');
  const foreign =
    origin !== undefined
      ? origin !== own
      : fetchSite !== undefined
        ? fetchSite !== 'same-origin' && fetchSite !== 'none'
        : referer !== undefined && safeOrigin(referer) !== own;
  if (foreign) {
    throw new ApiError('cross-origin', 'this form can only be sent from a page of this site', 403);
  }
  const expected = getCookie(c, CSRF_COOKIE);
  const given = form[CSRF_FIELD];
  if (!expected || typeof given !== 'string' || !sameToken(expected, given)) {
    throw new ApiError(
      'csrf',
      'the form has expired or was not sent from this site; reload the page and try again',
      403,
    );
  }
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
