import type {
  ArticleRecord,
  ClaimHit,
  ClusterMatch,
  SourceCluster,
  SourceSummary,
} from '../../store/index.ts';
import { CsrfField, formatTime, Layout, type PageContext, Pager, StatusBadge } from './layout.tsx';

function SourceTable(props: { items: readonly SourceSummary[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col">Claims</th>
          <th scope="col">Appearances</th>
          <th scope="col">Outlets</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((source) => (
          <tr>
            <td>
              <a href={`/sources/${encodeURIComponent(source.name)}`}>{source.name}</a>
            </td>
            <td>{source.kinds.join(', ')}</td>
            <td class="number">{source.clusters}</td>
            <td class="number">{source.appearances}</td>
            <td class="number">{source.outlets}</td>
            <td>{formatTime(source.lastSeenAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everyone claims are attributed to. */
export function SourcesPage(props: {
  context: PageContext;
  items: SourceSummary[];
  total: number;
  nextCursor: string | null;
  search?: string | undefined;
}) {
  return (
    <Layout title="Sources" context={props.context}>
      <h1>Sources</h1>
      <form class="filters" method="get" action="/sources">
        <label>
          Name contains <input type="search" name="search" value={props.search ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <SourceTable items={props.items} />
      <Pager
        base="/sources"
        params={{ search: props.search }}
        nextCursor={props.nextCursor}
        total={props.total}
        shown={props.items.length}
      />
    </Layout>
  );
}

/** One claimant and every claim attributed to them. */
export function SourcePage(props: {
  context: PageContext;
  name: string;
  summary: SourceSummary | undefined;
  clusters: SourceCluster[];
  total: number;
  nextCursor: string | null;
}) {
  const { summary } = props;
  return (
    <Layout title={props.name} context={props.context}>
      <p class="crumbs">
        <a href="/sources">Sources</a> › {props.name}
      </p>
      <h1>{props.name}</h1>
      {summary ? (
        <p class="summary">
          {`${summary.kinds.join(', ')}; quoted in ${summary.appearances} appearances of ${summary.clusters} claims across ${summary.outlets} outlets, ${formatTime(summary.firstSeenAt)} to ${formatTime(summary.lastSeenAt)}.`}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Status</th>
            <th scope="col">Appearances citing this source</th>
            <th scope="col">Outlets</th>
          </tr>
        </thead>
        <tbody>
          {props.clusters.map((item) => (
            <tr>
              <td>
                <a href={`/claims/${encodeURIComponent(item.cluster.id)}`}>{item.cluster.representative}</a>
              </td>
              <td>
                <StatusBadge status={item.cluster.status} />
              </td>
              <td class="number">{item.appearances}</td>
              <td class="number">{item.cluster.outlets}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        base={`/sources/${encodeURIComponent(props.name)}`}
        params={{}}
        nextCursor={props.nextCursor}
        total={props.total}
        shown={props.clusters.length}
      />
    </Layout>
  );
}

/** Stored articles, newest first. */
export function ArticlesPage(props: {
  context: PageContext;
  items: ArticleRecord[];
  total: number;
  nextCursor: string | null;
}) {
  return (
    <Layout title="Articles" context={props.context}>
      <h1>Articles</h1>
      <ul class="articles">
        {props.items.map((article) => (
          <li>
            <a href={`/articles/${encodeURIComponent(article.id)}`}>
              {article.title ?? `Article ${article.id}`}
            </a>
            <span class="meta">{` — ${article.publisher ?? 'unknown outlet'}, ${formatTime(article.publishedAt)}${article.copyOf ? `, ${article.copyOf.kind} copy` : ''}`}</span>
          </li>
        ))}
      </ul>
      <Pager
        base="/articles"
        params={{}}
        nextCursor={props.nextCursor}
        total={props.total}
        shown={props.items.length}
      />
    </Layout>
  );
}

/** Search results over clusters, sources and appearances. */
export function SearchPage(props: {
  context: PageContext;
  query: string;
  clusters: ClusterMatch[];
  sources: SourceSummary[];
  appearances: ClaimHit[];
  appearanceTotal: number;
}) {
  return (
    <Layout title={`Search: ${props.query}`} context={props.context}>
      <h1>Search: {props.query}</h1>
      <section>
        <h2>Claims ({props.clusters.length})</h2>
        <ul>
          {props.clusters.map((match) => (
            <li>
              <a href={`/claims/${encodeURIComponent(match.cluster.id)}`}>{match.cluster.representative}</a>{' '}
              <StatusBadge status={match.cluster.status} />
              <span class="meta">{` ${match.cluster.outlets} outlets`}</span>
              {match.matchedText !== match.cluster.representative ? (
                <p class="meta">{`matched: “${match.matchedText}”`}</p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Sources ({props.sources.length})</h2>
        <SourceTable items={props.sources} />
      </section>
      <section>
        <h2>Appearances ({props.appearanceTotal})</h2>
        <ul>
          {props.appearances.map((hit) => (
            <li>
              <q>{hit.text}</q>
              <span class="meta">
                {' — '}
                <a href={`/articles/${encodeURIComponent(hit.articleId)}`}>{hit.publisher ?? 'article'}</a>
                {`, ${formatTime(hit.publishedAt)}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** Sign in with an API token; the browser then carries it in an HttpOnly cookie. */
export function LoginPage(props: { context: PageContext; next: string; error?: string | undefined }) {
  return (
    <Layout title="Sign in" context={props.context}>
      <h1>Sign in</h1>
      <p>
        Paste an API token. An admin creates one with{' '}
        <code>claimtrail token create --role reviewer --name "Your Name"</code>.
      </p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={props.context.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          Token <input type="password" name="token" autocomplete="off" required />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </Layout>
  );
}
