import type { Analysis } from '../../core/index.ts';
import type { ArticleRecord, StoredClaim } from '../../store/index.ts';
import { ExternalLink, formatTime, Layout, type PageContext } from './layout.tsx';

/** What each signal means, shown on hover (the README's table, in a reader's words). */
export const SIGNAL_EXPLANATIONS: Record<string, string> = {
  hedge: 'hedge: the claim is put as possible rather than stated',
  conditional: 'conditional: the claim rests on a condition that has not been met',
  'evidence-absent': 'evidence absent: the text admits evidence is missing or the claim is unverified',
  'evidence-cited': 'evidence cited: the text points to evidence for the claim',
  'rhetorical-question': 'rhetorical question: insinuates an answer instead of asking',
  'loaded-language': 'loaded language: emotionally charged wording that frames the claim',
  'vague-source': 'vague source: someone is said to hold a view, but not who',
  presupposition: 'presupposition: an unverified claim spoken of as established',
  booster: 'booster: wording that presents the claim as more certain',
  prediction: 'prediction: a statement about the future, which cannot yet be checked',
  opinion: "opinion: the writer's evaluation rather than a statement of fact",
};

interface Mark {
  start: number;
  end: number;
  className: string;
  explanation: string;
  /** A claim's dossier. */
  href?: string;
}

function marksOf(analysis: Analysis, clusterOf: ReadonlyMap<string, string>): Mark[] {
  const marks: Mark[] = [];
  for (const claim of analysis.claims) {
    const cluster = clusterOf.get(claim.id);
    marks.push({
      start: claim.start,
      end: claim.end,
      className: 'claim',
      explanation: `claim (check-worthiness ${claim.checkworthiness.toFixed(2)}, certainty ${claim.certainty.toFixed(2)})${claim.claimant ? `, claimed by ${claim.claimant}` : ', asserted by the article'}`,
      ...(cluster ? { href: `/claims/${encodeURIComponent(cluster)}` } : {}),
    });
  }
  for (const attribution of analysis.attributions) {
    const { source, cue } = attribution;
    marks.push({
      start: source.start,
      end: source.end,
      className: `source source-${source.kind}`,
      explanation: `source: ${source.name} (${source.kind}${source.description ? `, ${source.description}` : ''})`,
    });
    marks.push({
      start: cue.start,
      end: cue.end,
      className: 'cue',
      explanation: `attribution cue: “${cue.text}”`,
    });
  }
  for (const sentence of analysis.sentences) {
    for (const signal of sentence.signals) {
      marks.push({
        start: signal.start,
        end: signal.end,
        className: `signal signal-${signal.type}`,
        explanation: SIGNAL_EXPLANATIONS[signal.type] ?? signal.type,
      });
    }
  }
  return marks.filter((mark) => mark.end > mark.start);
}

/** The text cut at every mark's edge; each piece carries the marks covering it. */
export function segmentText(text: string, marks: readonly Mark[]) {
  const edges = new Set<number>([0, text.length]);
  for (const mark of marks) {
    edges.add(Math.max(0, Math.min(text.length, mark.start)));
    edges.add(Math.max(0, Math.min(text.length, mark.end)));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const segments: { text: string; marks: Mark[] }[] = [];
  for (let index = 0; index < sorted.length - 1; index += 1) {
    const start = sorted[index] ?? 0;
    const end = sorted[index + 1] ?? 0;
    segments.push({
      text: text.slice(start, end),
      marks: marks.filter((mark) => mark.start <= start && mark.end >= end),
    });
  }
  return segments;
}

function Segment(props: { text: string; marks: Mark[] }) {
  if (props.marks.length === 0) return <>{props.text}</>;
  const className = ['mark', ...props.marks.map((mark) => mark.className)].join(' ');
  const title = props.marks.map((mark) => mark.explanation).join('\n');
  const href = props.marks.find((mark) => mark.href)?.href;
  const span = (
    <span class={className} title={title} tabindex={0}>
      {props.text}
    </span>
  );
  return href ? (
    <a href={href} class="claim-link">
      {span}
    </a>
  ) : (
    span
  );
}

export interface ArticleProps {
  context: PageContext;
  article: ArticleRecord;
  text: string;
  analysis: Analysis;
  claims: StoredClaim[];
}

/** An article with its claims, sources and signals marked in the text and explained on hover. */
export function ArticlePage(props: ArticleProps) {
  const { article, analysis, claims, context } = props;
  const clusterOf = new Map(claims.map((claim) => [claim.analysisClaimId, claim.clusterId]));
  const segments = segmentText(props.text, marksOf(analysis, clusterOf));
  return (
    <Layout title={article.title ?? `Article ${article.id}`} context={context}>
      <p class="crumbs">
        <a href="/articles">Articles</a> › article {article.id}
      </p>
      <h1>{article.title ?? 'Untitled article'}</h1>
      <p class="meta">
        {article.publisher ?? 'unknown outlet'} · {formatTime(article.publishedAt)}
        {article.byline ? ` · ${article.byline}` : ''}
        {article.url ? (
          <>
            {' · '}
            <ExternalLink url={article.url}>original</ExternalLink>
          </>
        ) : null}
        {article.copyOf ? (
          <>
            {` · ${article.copyOf.kind} copy of `}
            <a
              href={`/articles/${encodeURIComponent(article.copyOf.articleId)}`}
            >{`article ${article.copyOf.articleId}`}</a>
          </>
        ) : null}
        {article.version > 1 ? ` · version ${article.version}` : ''}
      </p>
      <p class="legend">
        <span class="mark claim">claim</span> <span class="mark source">source</span>{' '}
        <span class="mark cue">cue</span> <span class="mark signal">signal</span> — hover or focus a marked
        phrase for what it is.
      </p>
      <div class="article-layout">
        <div>
          <article class="article-text">
            {segments.map((segment) => (
              <Segment text={segment.text} marks={segment.marks} />
            ))}
          </article>
        </div>
        <aside>
          <h2>Claims ({claims.length})</h2>
          <ol class="claim-list">
            {claims.map((claim) => (
              <li>
                <a href={`/claims/${encodeURIComponent(claim.clusterId)}`}>{claim.text}</a>
                <span class="meta">{claim.claimant ? ` — ${claim.claimant}` : ' — the article'}</span>
              </li>
            ))}
          </ol>
          <h2>Sources</h2>
          <ul>
            {analysis.sources.map((source) => (
              <li>
                {source.kind === 'person' || source.kind === 'organization' ? (
                  <a href={`/sources/${encodeURIComponent(source.name)}`}>{source.name}</a>
                ) : (
                  source.name
                )}
                <span class="meta">{` (${source.kind}${source.descriptions[0] ? `, ${source.descriptions[0]}` : ''})`}</span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </Layout>
  );
}
