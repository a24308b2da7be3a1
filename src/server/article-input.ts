import type { Settings } from '../core/index.ts';
import { articleFromFetch, articleFromRecord, createFetcher } from '../ingest/index.ts';
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
  const metadata = {
    ...(title ? { title } : {}),
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
  };
  if (html !== undefined || text !== undefined) {
    return articleFromRecord(
      {
        ...metadata,
        ...(text !== undefined ? { text } : {}),
        ...(html !== undefined ? { html } : {}),
        ...(url ? { url } : {}),
      },
      { maxBytes: settings.maxInputBytes, label: url ?? 'the submitted article' },
    );
  }
  const fetcher = createFetcher({
    allowPrivate: settings.allowPrivateAddresses,
    timeoutMs: settings.fetchTimeoutMs,
    maxBytes: settings.maxInputBytes,
  });
  const read = articleFromFetch(await fetcher.fetch(url ?? ''), { maxBytes: settings.maxInputBytes });
  return {
    ...read,
    meta: { ...read.meta, ...(title ? { title } : {}) },
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
  };
}
