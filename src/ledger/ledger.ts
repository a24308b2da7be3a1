import type { Analysis } from '../core/analysis-schema.ts';
import type { ArticleInput } from '../core/types.ts';
import { type Pipeline, toAnalysis } from '../pipeline/index.ts';
import type { ClusterAssignment, RecordStatus, Store } from '../store/index.ts';
import { bodySignature, findOriginal, type KnownBody } from './copies.ts';
import { type ClaimIndex, createClaimIndex, decideCluster, type MatchCandidate } from './matching/index.ts';

export interface LedgerArticle extends ArticleInput {
  /** Overrides the metadata's canonical URL. */
  url?: string;
  publisher?: string;
  /** Publication time; free-form metadata dates are read when they parse. */
  published?: string;
  seenAt?: Date;
}

export interface IngestOutcome {
  status: RecordStatus;
  articleId: string;
  claims: number;
  /** Claims that joined an existing cluster, and clusters this article started. */
  joined: number;
  started: number;
  /** The earlier article this one copies, when its body is a near-duplicate. */
  copyOf: string | null;
}

export interface Ledger {
  ingest(article: LedgerArticle): Promise<IngestOutcome>;
  /** Claims indexed for matching. */
  readonly indexedClaims: number;
}

export interface LedgerOptions {
  store: Store;
  pipeline: Pipeline;
  /** Join probability at or above which a claim joins a cluster (the matcher's default otherwise). */
  joinThreshold?: number;
}

/**
 * The least share of informative words (by idf mass) that two claims must share, seen from either
 * side, for one to join the other's cluster. The matcher's join model was fitted on tweets against
 * fact-check claims, where a shared name is strong evidence; between news sentences about one story,
 * a shared company or agency name is not, and without this guard unrelated statements about the same
 * company ("X employs 300 people", "X won three contracts") joined one cluster.
 */
export const MINIMUM_SHARED_WORDS = 0.3;

function sharesEnough(candidate: MatchCandidate): boolean {
  return Math.max(candidate.signals.queryCoverage, candidate.signals.claimCoverage) >= MINIMUM_SHARED_WORDS;
}

function isoOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function claimEntities(analysis: Analysis, sentenceIndex: number): string[] {
  const sentence = analysis.sentences[sentenceIndex];
  if (!sentence) return [];
  return analysis.entities
    .filter((entity) => entity.start >= sentence.start && entity.end <= sentence.end)
    .map((entity) => entity.canonical);
}

/**
 * Opens the ledger over a store: rebuilds the claim index and the body signatures from what the store
 * holds, then stores each new article with its claims matched into clusters and its copies marked.
 */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const { store, pipeline, joinThreshold } = options;
  const index: ClaimIndex = createClaimIndex();
  const clusterOf = new Map<string, string>();
  const bodies: KnownBody[] = [];

  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClaims({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const claim of page.items) {
      index.add(claim.id, claim.text);
      clusterOf.set(claim.id, claim.clusterId);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listArticles({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const article of page.items) {
      const version = await store.getArticleVersion(article.id);
      const signature = bodySignature(version.text);
      bodies.push({
        articleId: article.id,
        publishedAt: article.publishedAt,
        signature,
        words: version.analysis.article.wordCount,
        isCopy: article.copyOf !== null,
      });
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }

  return {
    get indexedClaims() {
      return index.size;
    },
    async ingest(article) {
      const analysis = toAnalysis(pipeline.analyze(article));
      const url = article.url ?? analysis.article.url ?? null;
      const published = isoOrUndefined(article.published ?? analysis.article.published);
      const signature = bodySignature(article.text);
      // An edit of a stored article is a new version of it, not a copy of its own earlier text.
      const sameUrl = url
        ? new Set((await store.findArticles({ url })).map((found) => found.id))
        : new Set<string>();
      const original = findOriginal(
        signature,
        analysis.article.wordCount,
        bodies.filter(
          (body) =>
            !sameUrl.has(body.articleId) &&
            // Published no later: the same text out at the same moment is a copy of the one stored first.
            body.publishedAt <= (published ?? article.seenAt?.toISOString() ?? new Date().toISOString()),
        ),
      );

      // Claims of this article may match each other as well as stored ones: a pending key per new cluster.
      const clusters: Record<string, ClusterAssignment> = {};
      const pending = new Map<string, string>();
      const local = createClaimIndex();
      let joined = 0;
      for (const claim of analysis.claims) {
        const extras = { entities: claimEntities(analysis, claim.sentenceIndex) };
        const stored = decideCluster(
          index.query(claim.text, extras, 10).filter(sharesEnough),
          (id) => clusterOf.get(id),
          {
            ...(joinThreshold === undefined ? {} : { threshold: joinThreshold }),
          },
        );
        const sibling = decideCluster(
          local.query(claim.text, extras, 5).filter(sharesEnough),
          (id) => pending.get(id),
          {
            ...(joinThreshold === undefined ? {} : { threshold: joinThreshold }),
          },
        );
        if (stored) {
          clusters[claim.id] = { join: stored.clusterId };
          joined += 1;
        } else if (sibling) {
          const target = sibling.clusterId;
          clusters[claim.id] = target.startsWith('join:') ? { join: target.slice(5) } : { key: target };
        } else {
          const key = `claim:${signature.slice(0, 4).join('.')}:${claim.id}`;
          clusters[claim.id] = { key };
          pending.set(claim.id, key);
          local.add(claim.id, claim.text, extras);
          continue;
        }
        pending.set(
          claim.id,
          stored ? `join:${stored.clusterId}` : (clusters[claim.id] as { key: string }).key,
        );
        local.add(claim.id, claim.text, extras);
      }

      const result = await store.recordArticle({
        text: article.text,
        analysis,
        url,
        ...(article.publisher ? { publisher: article.publisher } : {}),
        ...(published ? { publishedAt: published } : {}),
        ...(article.seenAt ? { seenAt: article.seenAt } : {}),
        clusters,
        copyOf: original ? { articleId: original.articleId, kind: 'wire' } : null,
      });
      if (result.status !== 'unchanged') {
        for (const claim of result.claims) {
          if (index.has(claim.claimId)) continue;
          const text = analysis.claims.find((item) => item.id === claim.analysisClaimId)?.text ?? '';
          index.add(claim.claimId, text);
          clusterOf.set(claim.claimId, claim.clusterId);
        }
        if (result.status === 'created') {
          bodies.push({
            articleId: result.article.id,
            publishedAt: result.article.publishedAt,
            signature,
            words: analysis.article.wordCount,
            isCopy: result.article.copyOf !== null,
          });
        }
      }
      const started = result.claims.filter((claim) => claim.clusterCreated).length;
      return {
        status: result.status,
        articleId: result.article.id,
        claims: result.claims.length,
        joined,
        started,
        copyOf: result.article.copyOf?.articleId ?? null,
      };
    },
  };
}
