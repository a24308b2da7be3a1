import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { ClaimtrailError } from '../core/errors.ts';
import { isBlockedAddress, isNeverFetchedAddress } from './address-policy.ts';
import { createRobotsPolicy, type RobotsPolicy } from './robots.ts';

/** A URL could not be fetched safely: refused by policy, or failed on the way. */
export class FetchError extends ClaimtrailError {
  readonly url: string;

  constructor(
    code: string,
    url: string,
    message: string,
    options: { userError?: boolean; cause?: unknown } = {},
  ) {
    const { userError = false, cause } = options;
    super(code, message, { exitCode: userError ? 2 : 1, status: userError ? 400 : 502, cause });
    this.url = url;
  }
}

export interface FetchOptions {
  /**
   * Reach loopback and private addresses (intranet deployments, tests). Off by default. Link-local,
   * cloud metadata and reserved addresses stay refused ({@link isNeverFetchedAddress}).
   */
  allowPrivate?: boolean;
  /** Whole request, redirects included. */
  timeoutMs?: number;
  /** Largest body accepted, counted after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Accepted media types; a response of another type is refused. */
  accept?: readonly string[];
  respectRobots?: boolean;
  /**
   * Decides which addresses are refused; defaults to {@link isBlockedAddress}. Deployments with their
   * own network policy pass a stricter or looser one.
   */
  refuseAddress?: (address: string) => boolean;
}

export interface FetchRequest {
  /** Conditional request headers from an earlier fetch. */
  etag?: string;
  lastModified?: string;
}

export interface FetchResult {
  /** The URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string;
  body: Uint8Array;
  etag?: string;
  lastModified?: string;
}

export const ARTICLE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'] as const;
export const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
  'application/xml',
  'text/xml',
  'text/html',
  'text/plain',
] as const;

export const DEFAULT_USER_AGENT =
  'claimtrail/0.1 (+https://github.com/claimtrail/claimtrail; claim tracker for news)';

export interface Fetcher {
  fetch(url: string, request?: FetchRequest): Promise<FetchResult>;
}

/** The refusal of `address`, saying whether allowing private addresses would let it through. */
function refused(url: string, what: string, address: string): FetchError {
  const reason = isNeverFetchedAddress(address)
    ? 'a link-local, cloud metadata or reserved address, which is never fetched'
    : 'a private or local address (set CLAIMTRAIL_ALLOW_PRIVATE=1 for intranet use)';
  return new FetchError('fetch-refused', url, `refused to fetch ${what} ${reason}`, { userError: true });
}

/** A lookup that resolves every address and refuses the name if any of them is blocked. */
function guardedLookup(url: string, refuse: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as LookupAddress[];
      const blocked = list.find((entry) => refuse(entry.address));
      if (blocked) {
        const refusal = refused(url, `${url}: ${hostname} resolves to ${blocked.address},`, blocked.address);
        return callback(refusal as unknown as NodeJS.ErrnoException, '', 4);
      }
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`) as NodeJS.ErrnoException, '', 4);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, first.address, first.family);
    });
  };
}

function checkTarget(target: URL, refuse: (address: string) => boolean, original: string): void {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchError(
      'fetch-refused',
      original,
      `refused to fetch ${target.href}: only http and https URLs are fetched`,
      {
        userError: true,
      },
    );
  }
  if (target.username || target.password) {
    throw new FetchError(
      'fetch-refused',
      original,
      `refused to fetch ${target.origin}: URLs with credentials are not fetched`,
      {
        userError: true,
      },
    );
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) ? refuse(host) : /^localhost$|\.localhost$/i.test(host) && refuse('127.0.0.1')) {
    throw refused(original, `${target.href}: ${host} is`, isIP(host) ? host : '127.0.0.1');
  }
}

function decoder(response: IncomingMessage): Transform | null {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return null;
}

function decoded(response: IncomingMessage): Readable {
  const decompress = decoder(response);
  if (!decompress) return response;
  // Unlike pipe(), pipeline() hands an aborted or reset response on to the decompressor: with pipe(),
  // a compressed body that stalls is never ended, and the read waits forever past the deadline.
  return pipeline(response, decompress, () => undefined);
}

interface RawResponse {
  response: IncomingMessage;
  url: URL;
}

/**
 * Creates a fetcher that is safe to point at the open web: http(s) only, every address checked after
 * DNS resolution and on every redirect, a deadline, a size limit enforced while streaming (after
 * decompression, so a gzip bomb stops at the limit), a media-type check, a clear User-Agent, and
 * robots.txt honoured per origin.
 */
export function createFetcher(options: FetchOptions = {}): Fetcher {
  const {
    allowPrivate = false,
    timeoutMs = 15_000,
    maxBytes = 5 * 1024 * 1024,
    maxRedirects = 5,
    userAgent = DEFAULT_USER_AGENT,
    accept = ARTICLE_TYPES,
    respectRobots = true,
  } = options;
  // Allowing private addresses opens the intranet, never the metadata service next to it.
  const refuse = allowPrivate ? isNeverFetchedAddress : (options.refuseAddress ?? isBlockedAddress);
  const lookup = (url: string) => guardedLookup(url, refuse);

  function request(
    target: URL,
    original: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const client = target.protocol === 'https:' ? https : http;
      const outgoing = client.request(
        target,
        {
          method: 'GET',
          headers: { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers },
          lookup: lookup(original),
          signal,
        },
        (response) => resolve({ response, url: target }),
      );
      outgoing.on('error', (error) => {
        if (error instanceof FetchError) return reject(error);
        if (signal.aborted) {
          return reject(
            new FetchError(
              'fetch-timeout',
              original,
              `fetching ${original} took over ${timeoutMs / 1000} s; try again later`,
            ),
          );
        }
        reject(
          new FetchError('fetch-failed', original, `could not fetch ${original}: ${error.message}`, {
            cause: error,
          }),
        );
      });
      outgoing.end();
    });
  }

  async function readBody(
    response: IncomingMessage,
    original: string,
    signal: AbortSignal,
  ): Promise<Uint8Array> {
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    const tooLarge = () =>
      new FetchError(
        'fetch-too-large',
        original,
        `${original} is over the ${Math.round(maxBytes / 1024)} kB limit; raise it with --max-input`,
        {
          userError: true,
        },
      );
    if (!response.headers['content-encoding'] && declared > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    const stream = decoded(response);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          response.destroy();
          stream.destroy();
          throw tooLarge();
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (signal.aborted)
        throw new FetchError(
          'fetch-timeout',
          original,
          `fetching ${original} took over ${timeoutMs / 1000} s; try again later`,
        );
      throw new FetchError(
        'fetch-failed',
        original,
        `could not read ${original}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return Buffer.concat(chunks);
  }

  async function fetchOnce(
    url: string,
    extraHeaders: Record<string, string>,
    types: readonly string[] | null,
  ): Promise<FetchResult> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new FetchError('invalid-url', url, `not a valid URL: ${url}; give an absolute http(s) URL`, {
        userError: true,
      });
    }
    const signal = AbortSignal.timeout(timeoutMs);
    for (let redirects = 0; ; redirects += 1) {
      checkTarget(target, refuse, url);
      const { response } = await request(target, url, extraHeaders, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && status !== 304 && location) {
        response.resume();
        if (redirects >= maxRedirects) {
          throw new FetchError(
            'fetch-redirects',
            url,
            `${url} redirected more than ${maxRedirects} times; give the final URL`,
            { userError: true },
          );
        }
        if (!URL.canParse(location, target)) {
          throw new FetchError(
            'fetch-bad-redirect',
            url,
            `${url} redirected to "${location.slice(0, 200)}", which is not a URL; the site is broken, try another address for the article`,
            { userError: true },
          );
        }
        target = new URL(location, target);
        continue;
      }
      const etag = response.headers.etag;
      const lastModified = response.headers['last-modified'];
      const contentType =
        String(response.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim()
          .toLowerCase() ?? '';
      const meta = {
        url: target.href,
        status,
        contentType,
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
      };
      if (status === 304) {
        response.resume();
        return { ...meta, notModified: true, body: new Uint8Array() };
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new FetchError('fetch-status', url, `${target.href} answered HTTP ${status}`, {
          userError: status >= 400 && status < 500,
        });
      }
      if (types && contentType && !types.includes(contentType)) {
        response.destroy();
        throw new FetchError(
          'fetch-content-type',
          url,
          `${target.href} is ${contentType}, not an article or feed`,
          { userError: true },
        );
      }
      return { ...meta, notModified: false, body: await readBody(response, url, signal) };
    }
  }

  const robots: RobotsPolicy = createRobotsPolicy(userAgent, async (robotsUrl) => {
    try {
      const result = await fetchOnce(robotsUrl, {}, null);
      return { status: result.status, text: Buffer.from(result.body).toString('utf8') };
    } catch (error) {
      if (error instanceof FetchError && error.code === 'fetch-status') return { status: 404, text: '' };
      throw error;
    }
  });

  return {
    async fetch(url, conditional = {}) {
      if (respectRobots && !(await robots.allows(url))) {
        throw new FetchError(
          'robots-disallowed',
          url,
          `${url} is disallowed by its site's robots.txt for claimtrail`,
          {
            userError: true,
          },
        );
      }
      const headers: Record<string, string> = { accept: accept.join(', ') };
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      return fetchOnce(url, headers, accept);
    },
  };
}
