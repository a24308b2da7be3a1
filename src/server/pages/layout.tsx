import type { Child } from 'hono/jsx';
import type { TokenRecord } from '../../store/index.ts';
import { CSRF_FIELD } from '../security.ts';

export interface PageContext {
  principal: TokenRecord | null;
  csrfToken: string;
  /** The search box's text, kept on the results page. */
  query?: string;
}

/** The hidden field every form carries; see assertSameOriginForm. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** Every page: header with search and sign-in state, then the content. No inline script or style. */
export function Layout(props: { title: string; context: PageContext; children?: Child }) {
  const { principal, csrfToken, query } = props.context;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · claimtrail`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="data:," />
        <link rel="alternate" type="application/atom+xml" title="claimtrail alerts" href="/api/alerts.atom" />
        <script src="/static/app.js" defer />
      </head>
      <body>
        <header class="site">
          <a class="brand" href="/">
            claimtrail
          </a>
          <nav>
            <a href="/">Claims</a>
            <a href="/sources">Sources</a>
            <a href="/articles">Articles</a>
          </nav>
          <form class="search" method="get" action="/search">
            <input
              type="search"
              name="q"
              value={query ?? ''}
              placeholder="Search claims, sources, articles"
              aria-label="Search"
            />
            <button type="submit">Search</button>
          </form>
          <div class="who">
            {principal ? (
              <form method="post" action="/logout">
                <CsrfField token={csrfToken} />
                <span>
                  {principal.name} ({principal.role})
                </span>{' '}
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            ) : (
              <a href="/login">Sign in</a>
            )}
          </div>
        </header>
        <main class="page">{props.children}</main>
      </body>
    </html>
  );
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A link to a page elsewhere, or only its text when the address is not http(s): the store refuses
 * other schemes, but a ledger restored from a backup may still hold a `javascript:` URL.
 */
export function ExternalLink(props: { url: string; children?: Child }) {
  if (!isHttpUrl(props.url)) return <span title={props.url}>{props.children}</span>;
  return (
    <a href={props.url} rel="noopener noreferrer nofollow">
      {props.children}
    </a>
  );
}

/** "2026-03-02T09:30:00.000Z" -> "2 Mar 2026, 09:30 UTC". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const time = iso.slice(11, 16);
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}${time === '00:00' ? '' : `, ${time} UTC`}`;
}

export function StatusBadge(props: { status: string }) {
  return <span class={`status status-${props.status}`}>{props.status}</span>;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Links to the previous and next pages of a listing, keeping its other parameters. */
export function Pager(props: {
  base: string;
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  total: number;
  shown: number;
}) {
  const keep = Object.entries(props.params).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const next = props.nextCursor
    ? `${props.base}?${new URLSearchParams([...keep, ['cursor', props.nextCursor]])}`
    : null;
  return (
    <p class="pager">
      {props.shown} of {props.total}
      {next ? (
        <>
          {' · '}
          <a href={next} rel="next">
            Next page
          </a>
        </>
      ) : null}
    </p>
  );
}
