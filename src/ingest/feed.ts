import { extractFromJson, extractFromXml, type FeedEntry } from '@extractus/feed-extractor';
import { ClaimtrailError } from '../core/errors.ts';
import { decodeEntities } from './html-text.ts';

/** A feed that cannot be read: malformed XML or JSON, or not a feed at all. */
export class FeedError extends ClaimtrailError {
  constructor(message: string, cause?: unknown) {
    super('feed-malformed', message, { exitCode: 2, status: 422, cause });
  }
}

export interface FeedItem {
  /** Absolute link to the article. */
  url: string;
  title?: string;
  published?: string;
  summary?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

/** Decodes entities left in a feed field ("&rsquo;", "&#8217;") and collapses whitespace. */
function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = decodeEntities(value).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

function absolute(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an RSS, Atom, RDF or JSON feed with @extractus/feed-extractor, whose XML parser refuses
 * external entities and does not expand internal entity definitions (no billion-laughs blow-up).
 * Items without a usable http(s) link are dropped; the rest come in feed order.
 */
export function parseFeed(body: string, options: { url: string; maxItems?: number }): ParsedFeed {
  const { url, maxItems = 10_000 } = options;
  const trimmed = body.trimStart();
  let data: ReturnType<typeof extractFromXml>;
  try {
    const parserOptions = { descriptionMaxLen: 0, baseUrl: url, useISODateFormat: true };
    data = trimmed.startsWith('{')
      ? extractFromJson(trimmed, parserOptions)
      : extractFromXml(trimmed, parserOptions);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'unreadable';
    throw new FeedError(
      `feed ${url} could not be read (${reason}); check that it is RSS, Atom or JSON Feed`,
      error,
    );
  }
  const items: FeedItem[] = [];
  const seen = new Set<string>();
  for (const entry of (data.entries ?? []) as FeedEntry[]) {
    if (items.length >= maxItems) break;
    const link = absolute(typeof entry.link === 'string' ? entry.link : undefined, url);
    if (!link || seen.has(link)) continue;
    seen.add(link);
    const title = clean(entry.title);
    const summary = clean(entry.description);
    items.push({
      url: link,
      ...(title ? { title } : {}),
      ...(entry.published ? { published: entry.published } : {}),
      ...(summary ? { summary } : {}),
    });
  }
  const title = clean(data.title);
  return { ...(title ? { title } : {}), items };
}
