import type { Settings } from '../core/index.ts';
import { createFetcher, readArticle } from '../ingest/index.ts';
import type { LedgerArticle } from '../ledger/index.ts';

/** An article as the API accepts it: text (plain or Markdown), an HTML page, or a URL to fetch. */
export interface ArticleSubmission {
  text?: string | undefined;
  html?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  publisher?: string | undefined;
  published?: string | undefined;
}

/**
 * Turns a submission into an article for the ledger, through the same readers as `claimtrail ingest`:
 * the size limit, HTML extraction, the language check. A URL alone is fetched with the safe fetcher
 * (private addresses refused unless allowPrivateAddresses is set). Throws InputError or FetchError.
 */
export async function readSubmission(
  submission: ArticleSubmission,
  settings: Settings,
): Promise<LedgerArticle> {
  const { text, html, url, title, publisher, published } = submission;
  let bytes: Uint8Array;
  let filename: string;
  let sourceUrl = url;
  if (html !== undefined || text !== undefined) {
    bytes = new TextEncoder().encode(html ?? text ?? '');
    filename = html !== undefined ? 'submitted.html' : 'submitted.txt';
  } else {
    const fetcher = createFetcher({
      allowPrivate: settings.allowPrivateAddresses,
      timeoutMs: settings.fetchTimeoutMs,
      maxBytes: settings.maxInputBytes,
    });
    const response = await fetcher.fetch(url ?? '');
    bytes = response.body;
    sourceUrl = response.url;
    filename = /html/i.test(response.contentType) ? 'fetched.html' : 'fetched.txt';
  }
  const read = readArticle(bytes, {
    filename,
    maxBytes: settings.maxInputBytes,
    label: sourceUrl ?? 'the submitted article',
    ...(sourceUrl ? { url: sourceUrl } : {}),
  });
  return {
    ...read,
    meta: { ...read.meta, ...(title ? { title } : {}) },
    ...(sourceUrl ? { url: sourceUrl } : {}),
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
  };
}
