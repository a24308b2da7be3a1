import type { ClusterProfile } from '../../ledger/index.ts';
import { RATING_SCALE } from '../../review/index.ts';
import {
  type AlertRecord,
  type AppearanceGroup,
  CLAIM_STATUSES,
  type ClusterAppearance,
  EVIDENCE_KINDS,
  EVIDENCE_RELATIONS,
  type EvidenceRecord,
  type ImportedReview,
  type Page,
  type StatusEvent,
  type Verdict,
  type WatchRecord,
} from '../../store/index.ts';
import { type GraphEdge, HedgingChart, IndependenceGraph, TractionChart } from './charts.tsx';
import {
  CsrfField,
  ExternalLink,
  formatTime,
  Layout,
  type PageContext,
  percent,
  StatusBadge,
} from './layout.tsx';
import { WatchPanel } from './watch-panel.tsx';

/** The sentence an appearance sits in, with the claim's place in it. */
export interface SentenceContext {
  sentence: string;
  claimStart: number;
  claimEnd: number;
}

export interface DossierProps {
  context: PageContext;
  profile: ClusterProfile;
  /** The cluster's appearances grouped (see `Store.clusterDigest`), for the independence graph. */
  groups: readonly AppearanceGroup[];
  /** The first page of its appearances, with the total. */
  appearances: Page<ClusterAppearance>;
  evidence: EvidenceRecord[];
  statusHistory: StatusEvent[];
  verdicts: Verdict[];
  importedReviews: ImportedReview[];
  watch: WatchRecord | undefined;
  alerts: AlertRecord[];
  sentences: ReadonlyMap<string, SentenceContext>;
  canReview: boolean;
}

/** Outlet and source names compared loosely, as the ledger compares them ("The Post" is "Post"). */
function looseKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Outlets, sources, and the edges between them, from the grouped appearances: a copy points at the
 * outlet it copies, an appearance citing another outlet of the cluster points at that outlet (its
 * source is whatever that outlet's is), any other claimant is a source of its own.
 */
export function independenceEdges(groups: readonly AppearanceGroup[]) {
  const outlets = [...new Set(groups.map((group) => group.outlet))];
  const outletByKey = new Map(outlets.map((outlet) => [looseKey(outlet), outlet]));
  const edges = new Map<string, GraphEdge>();
  const sources = new Set<string>();
  for (const item of groups) {
    const { outlet } = item;
    const original = item.copyOf ?? undefined;
    const cited = item.claimant ? outletByKey.get(looseKey(item.claimant)) : undefined;
    const target = original ?? cited;
    if (target && target !== outlet) {
      edges.set(`${outlet}>${target}`, {
        from: outlet,
        to: target,
        kind: original ? 'copy' : 'cites-outlet',
      });
      continue;
    }
    const source = item.claimant ?? `${outlet} (own reporting)`;
    sources.add(source);
    const kind = item.denied ? 'denies' : 'cites';
    edges.set(`${outlet}>${source}>${kind}`, { from: outlet, to: source, kind });
  }
  return { outlets, sources: [...sources], edges: [...edges.values()] };
}

function Highlighted(props: { context: SentenceContext | undefined; fallback: string }) {
  const { context } = props;
  if (!context || context.claimStart < 0) return <q class="claim-text">{props.fallback}</q>;
  const { sentence, claimStart, claimEnd } = context;
  return (
    <q class="sentence">
      {sentence.slice(0, claimStart)}
      <mark class="claim-span">{sentence.slice(claimStart, claimEnd)}</mark>
      {sentence.slice(claimEnd)}
    </q>
  );
}

function Appearances(props: {
  items: readonly ClusterAppearance[];
  sentences: ReadonlyMap<string, SentenceContext>;
}) {
  return (
    <ol class="appearances">
      {props.items.map((item) => (
        <li>
          <div class="meta">
            <strong>{item.publisher ?? 'unknown outlet'}</strong> · {formatTime(item.publishedAt)}
            {item.publishedEstimated ? ' (first seen)' : ''}
            {item.copyOf ? <span class="tag">{`${item.copyOf.kind} copy`}</span> : null}
            {item.hedged ? <span class="tag hedged">hedged</span> : null}
            {' · '}
            <a href={`/articles/${encodeURIComponent(item.articleId)}`}>{item.title ?? 'article'}</a>
            {item.url ? (
              <>
                {' · '}
                <ExternalLink url={item.url}>original</ExternalLink>
              </>
            ) : null}
          </div>
          <Highlighted context={props.sentences.get(item.claimId)} fallback={item.text} />
          <div class="meta">
            {item.claimant
              ? `claimant: ${item.claimant} (${item.claimantKind ?? 'source'})`
              : 'stated by the outlet'}
            {item.signals.map((signal) => (
              <span class={`tag signal signal-${signal.type}`} title={signal.text}>
                {signal.type}
              </span>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}

function EvidenceList(props: { items: readonly EvidenceRecord[] }) {
  if (props.items.length === 0) return <p class="muted">No evidence yet.</p>;
  return (
    <ul class="evidence">
      {props.items.map((item) => (
        <li id={`evidence-${item.id}`}>
          <span class={`tag relation-${item.relation}`}>{item.relation}</span>{' '}
          <span class="tag">{item.kind}</span>{' '}
          {item.url ? (
            <ExternalLink url={item.url}>{item.reference ?? item.url}</ExternalLink>
          ) : (
            item.reference
          )}
          {item.quote ? <blockquote>{item.quote}</blockquote> : null}
          {item.note ? <p>{item.note}</p> : null}
          <p class="meta">{`added by ${item.addedBy}, ${formatTime(item.addedAt)}`}</p>
        </li>
      ))}
    </ul>
  );
}

function StatusList(props: { items: readonly StatusEvent[] }) {
  if (props.items.length === 0) return <p class="muted">Unverified: no status recorded yet.</p>;
  return (
    <ol class="status-history">
      {props.items.map((event) => (
        <li>
          <StatusBadge status={event.previousStatus} /> → <StatusBadge status={event.status} />{' '}
          {formatTime(event.occurredAt)}
          {` by ${event.author}`}
          {event.note ? <p>{event.note}</p> : null}
          {event.reply ? (
            <p>{`Reply from ${event.reply.party}${event.reply.quote ? `: “${event.reply.quote}”` : ''}`}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function ReviewForms(props: { id: string; csrf: string; evidence: readonly EvidenceRecord[] }) {
  const base = `/claims/${encodeURIComponent(props.id)}`;
  return (
    <div class="forms">
      <details open>
        <summary>Add evidence</summary>
        <form method="post" action={`${base}/evidence`} class="stack">
          <CsrfField token={props.csrf} />
          <label>
            URL <input type="url" name="url" />
          </label>
          <label>
            Reference (when there is no URL) <input type="text" name="reference" />
          </label>
          <label>
            Quote <textarea name="quote" rows={3} />
          </label>
          <label>
            Relation{' '}
            <select name="relation">
              {EVIDENCE_RELATIONS.map((relation) => (
                <option value={relation}>{relation}</option>
              ))}
            </select>
          </label>
          <label>
            Kind{' '}
            <select name="kind">
              {EVIDENCE_KINDS.map((kind) => (
                <option value={kind}>{kind}</option>
              ))}
            </select>
          </label>
          <label>
            Note <textarea name="note" rows={2} />
          </label>
          <button type="submit">Add evidence</button>
        </form>
      </details>
      <details open>
        <summary>Record a status</summary>
        <form method="post" action={`${base}/status`} class="stack">
          <CsrfField token={props.csrf} />
          <label>
            Status{' '}
            <select name="status">
              {CLAIM_STATUSES.filter((status) => status !== 'unverified').map((status) => (
                <option value={status}>{status}</option>
              ))}
            </select>
          </label>
          <label>
            Note <textarea name="note" rows={2} />
          </label>
          <label>
            Reply from (right of reply, for denied or disputed) <input type="text" name="replyParty" />
          </label>
          <label>
            Reply quote <input type="text" name="replyQuote" />
          </label>
          {props.evidence.length > 0 ? (
            <fieldset>
              <legend>Rests on evidence</legend>
              {props.evidence.map((item) => (
                <label class="inline">
                  <input type="checkbox" name="evidenceIds" value={item.id} />{' '}
                  {item.reference ?? item.url ?? `#${item.id}`}
                </label>
              ))}
            </fieldset>
          ) : null}
          <button type="submit">Record status</button>
        </form>
      </details>
      <details>
        <summary>Give a verdict</summary>
        <form method="post" action={`${base}/verdicts`} class="stack">
          <CsrfField token={props.csrf} />
          <label>
            Rating{' '}
            <select name="rating">
              {RATING_SCALE.map((step) => (
                <option value={String(step.value)}>{`${step.value} ${step.label}`}</option>
              ))}
            </select>
          </label>
          <label>
            Rationale <textarea name="rationale" rows={4} required />
          </label>
          <label>
            Claim as reviewed (optional) <input type="text" name="claimReviewed" />
          </label>
          <label>
            Published at (URL, optional) <input type="url" name="url" />
          </label>
          <button type="submit">Give verdict</button>
        </form>
      </details>
    </div>
  );
}

/** One claim's dossier: spread, hedging, independence, appearances, and the review of it. */
export function DossierPage(props: DossierProps) {
  const { profile, context, appearances } = props;
  const { cluster, traction, independence } = profile;
  const graph = independenceEdges(props.groups);
  const [verdict] = props.verdicts;
  return (
    <Layout title={cluster.representative} context={context}>
      <p class="crumbs">
        <a href="/">Claims</a> › claim {cluster.id}
      </p>
      <h1 class="claim-title">{cluster.representative}</h1>
      <p class="summary">
        <StatusBadge status={cluster.status} /> {independence.verdict}. {independence.independentOutlets} of{' '}
        {independence.outlets} outlets independent;{' '}
        {percent(cluster.appearances === 0 ? 0 : cluster.hedged / cluster.appearances)} of appearances hedged.
      </p>
      {verdict ? (
        <p class="verdict">
          Verdict: <strong>{verdict.ratingLabel}</strong> ({verdict.rating}/5) by {verdict.author},{' '}
          {formatTime(verdict.publishedAt)}. {verdict.rationale}{' '}
          <a href={`/claims/${encodeURIComponent(cluster.id)}/claim-review.json`} download>
            Download ClaimReview
          </a>
        </p>
      ) : null}
      <section>
        <h2>Traction</h2>
        <TractionChart days={traction.days} />
      </section>
      <section>
        <h2>Hedging over time</h2>
        <HedgingChart days={traction.days} />
      </section>
      <section>
        <h2>Source independence</h2>
        <p>
          Original sources: {independence.originalSources.join('; ') || 'none named'}.{' '}
          {independence.deniedBy.length > 0 ? `Denied by: ${independence.deniedBy.join('; ')}. ` : ''}
          Documents cited: {independence.documentsCited.join('; ') || 'none'}.
        </p>
        <IndependenceGraph outlets={graph.outlets} sources={graph.sources} edges={graph.edges} />
      </section>
      <section id="evidence">
        <h2>Evidence</h2>
        <EvidenceList items={props.evidence} />
      </section>
      <section id="status">
        <h2>Status history</h2>
        <StatusList items={props.statusHistory} />
      </section>
      {props.importedReviews.length > 0 ? (
        <section>
          <h2>Fact-checks elsewhere</h2>
          <ul>
            {props.importedReviews.map((review) => (
              <li>
                <ExternalLink url={review.url}>{review.reviewer ?? review.url}</ExternalLink>
                {`: ${review.ratingName ?? 'no rating'} — “${review.claimReviewed}”`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section id="review">
        <h2>Review</h2>
        {props.canReview ? (
          <ReviewForms id={cluster.id} csrf={context.csrfToken} evidence={props.evidence} />
        ) : (
          <p class="muted">
            <a href={`/login?next=${encodeURIComponent(`/claims/${cluster.id}`)}`}>Sign in</a> with a reviewer
            token to add evidence, a status or a verdict.
          </p>
        )}
      </section>
      <WatchPanel
        clusterId={cluster.id}
        watch={props.watch}
        alerts={props.alerts}
        canReview={props.canReview}
        csrf={context.csrfToken}
      />
      <section id="appearances">
        <h2>Appearances ({appearances.total})</h2>
        {appearances.total > appearances.items.length ? (
          <p class="muted">
            The first {appearances.items.length}, oldest first;{' '}
            <a href={`/api/claims/${encodeURIComponent(cluster.id)}/appearances`}>the API</a> lists every one.
          </p>
        ) : null}
        <Appearances items={appearances.items} sentences={props.sentences} />
      </section>
    </Layout>
  );
}
