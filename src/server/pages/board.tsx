import type { ClaimStatus, ClusterSummary, DailyCount } from '../../store/index.ts';
import { CLAIM_STATUSES } from '../../store/index.ts';
import { Sparkline } from './charts.tsx';
import { CsrfField, formatTime, Layout, type PageContext, Pager, percent, StatusBadge } from './layout.tsx';

export interface BoardRow {
  cluster: ClusterSummary;
  days: DailyCount[];
  independentOutlets: number;
  originalSources: string[];
}

export interface BoardProps {
  context: PageContext;
  rows: BoardRow[];
  total: number;
  nextCursor: string | null;
  sort: 'traction' | 'recent';
  status: ClaimStatus | undefined;
  search: string | undefined;
  /** The ledger holds no article at all: offer the bundled examples. */
  empty: boolean;
  examplesAvailable: boolean;
}

/** The claim board: clusters by traction or recency, each with the figures a desk triages by. */
export function BoardPage(props: BoardProps) {
  const { context, rows, sort, status, search } = props;
  return (
    <Layout title="Claim board" context={context}>
      <h1>Claim board</h1>
      {props.empty ? (
        <section class="empty">
          <p>
            The ledger is empty. Add articles with <code>claimtrail ingest</code> or the API, or start with
            the bundled examples.
          </p>
          {props.examplesAvailable ? (
            <form method="post" action="/examples">
              <CsrfField token={context.csrfToken} />
              <button type="submit" class="primary" data-busy="Loading and analyzing the examples…">
                Load the example articles
              </button>
            </form>
          ) : null}
        </section>
      ) : (
        <>
          <form class="filters" method="get" action="/">
            <label>
              Sort{' '}
              <select name="sort" data-autosubmit>
                <option value="traction" selected={sort === 'traction'}>
                  by traction
                </option>
                <option value="recent" selected={sort === 'recent'}>
                  most recent
                </option>
              </select>
            </label>
            <label>
              Status{' '}
              <select name="status" data-autosubmit>
                <option value="">any</option>
                {CLAIM_STATUSES.map((value) => (
                  <option value={value} selected={status === value}>
                    {value}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Words <input type="search" name="search" value={search ?? ''} />
            </label>
            <button type="submit">Apply</button>
          </form>
          {rows.length === 0 ? (
            <p>No claim matches.</p>
          ) : (
            <table class="board">
              <thead>
                <tr>
                  <th scope="col">Claim</th>
                  <th scope="col">Status</th>
                  <th scope="col">Outlets</th>
                  <th scope="col">Independent sources</th>
                  <th scope="col">Hedged</th>
                  <th scope="col">Traction</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    <td>
                      <a href={`/claims/${encodeURIComponent(row.cluster.id)}`}>
                        {row.cluster.representative}
                      </a>
                    </td>
                    <td>
                      <StatusBadge status={row.cluster.status} />
                    </td>
                    <td
                      class="number"
                      title={`${row.independentOutlets} independent of ${row.cluster.outlets}`}
                    >
                      {row.cluster.outlets}
                    </td>
                    <td class="number" title={row.originalSources.join('; ')}>
                      {row.originalSources.length}
                    </td>
                    <td class="number">
                      {percent(
                        row.cluster.appearances === 0 ? 0 : row.cluster.hedged / row.cluster.appearances,
                      )}
                    </td>
                    <td>
                      <Sparkline days={row.days} />
                    </td>
                    <td>{formatTime(row.cluster.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            base="/"
            params={{ sort, status, search }}
            nextCursor={props.nextCursor}
            total={props.total}
            shown={rows.length}
          />
        </>
      )}
    </Layout>
  );
}
