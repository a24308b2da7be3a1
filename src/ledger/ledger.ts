import type { Analysis } from '../core/analysis-schema.ts';
import type { ArticleInput } from '../core/types.ts';
import { type Pipeline, toAnalysis } from '../pipeline/index.ts';
import {
  type ArticleRecord,
  type ClusterAssignment,
  contentHash,
  type RecordStatus,
  type Store,
  type StoredClaim,
} from '../store/index.ts';
import { BodyIndex, bodySignature } from './copies.ts';
import { clusterToJoin, joinCandidates, joinDecision } from './joining.ts';
import { type ClaimIndex, createClaimIndex, type PreparedClaim, prepareClaim } from './matching/index.ts';

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

/** How many of the latest stored claims the ledger keeps at hand to re-check a match against. */
const RECENT_CLAIMS = 5_000;

function isoOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The names in a claim's sentence, each once: a name given twice adds no term the first did not. */
export function claimEntities(analysis: Analysis, sentenceIndex: number): string[] {
  const sentence = analysis.sentences[sentenceIndex];
  if (!sentence) return [];
  const names = new Set<string>();
  for (const entity of analysis.entities) {
    if (entity.start >= sentence.start && entity.end <= sentence.end) names.add(entity.canonical);
  }
  return [...names];
}

/**
 * The outcome of storing `text` again when the store already holds it unchanged (under the same URL,
 * or, without one, as any article's text), so the ledger can answer without analyzing or matching
 * anything; null when the article is new or changed.
 */
async function findUnchanged(
  store: Store,
  url: string | null,
  byUrl: readonly ArticleRecord[],
  text: string,
): Promise<IngestOutcome | null> {
  // Nothing is stored under a new URL yet: most ingested articles need no hash of their text here.
  if (url && byUrl.length === 0) return null;
  const hash = contentHash(text);
  // With a URL, only that URL's article can hold it; without one, the store answers `unchanged` for a
  // text any article holds, naming the first stored.
  const found = (url ? byUrl : await store.findArticles({ contentHash: hash }))
    .filter((article) => article.contentHash === hash)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const [stored] = found;
  if (!stored || (url && found.length !== 1)) return null;
  const claims = await store.articleClaims(stored.id);
  return {
    status: 'unchanged',
    articleId: stored.id,
    claims: claims.length,
    joined: 0,
    started: 0,
    copyOf: stored.copyOf?.articleId ?? null,
  };
}

/**
 * Opens the ledger over a store: rebuilds the claim index and the body signatures from what the store
 * holds, then stores each new article with its claims matched into clusters and its copies marked.
 */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const { store, pipeline, joinThreshold } = options;
  const index: ClaimIndex = createClaimIndex();
  const clusterOf = new Map<string, string>();
  const bodies = new BodyIndex();

  // The newest claim this process has seen: what it catches up from before each match.
  let lastClaimId = 0;
  const knownArticles = new Set<string>();
  // The claims stored last, by this process or others, with their text: what a writer that matched
  // before its turn checks again inside it. More than RECENT_CLAIMS stored while one article is
  // matched would be needed to miss one.
  const recent: { id: number; text: string }[] = [];
  const remember = (id: number, text: string) => {
    recent.push({ id, text });
    if (recent.length > 2 * RECENT_CLAIMS) {
      recent.splice(0, RECENT_CLAIMS);
    }
  };
  const learnClaim = (claim: StoredClaim) => {
    if (index.has(claim.id)) return;
    index.add(claim.id, claim.text);
    clusterOf.set(claim.id, claim.clusterId);
    lastClaimId = Math.max(lastClaimId, Number(claim.id));
    remember(Number(claim.id), claim.text);
  };
  const learnBody = async (articleId: string) => {
    if (knownArticles.has(articleId)) return;
    knownArticles.add(articleId);
    const [article, version] = await Promise.all([
      store.getArticle(articleId),
      store.getArticleVersion(articleId),
    ]);
    bodies.add({
      articleId,
      publishedAt: article.publishedAt,
      signature: bodySignature(version.text),
      words: version.analysis.article.wordCount,
      isCopy: article.copyOf !== null,
    });
  };

  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClaims({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const claim of page.items) learnClaim(claim);
    cursor = page.nextCursor;
    if (!cursor) break;
  }

  /**
   * Reads the claims other writers (other processes, other machines) stored since this process last
   * looked, and the bodies of their articles, so that matching sees the whole ledger. Articles that
   * carry no claim are not seen this way; their copies go unmarked until the ledger is reopened.
   */
  async function catchUp(): Promise<void> {
    // Listing claims costs a query of every column and, in some stores, a count of every claim; when
    // no writer stored a current claim since, one probe for the newest id says so.
    const latest = await store.latestClaimId();
    if (latest === null || Number(latest) <= lastClaimId) return;
    for (;;) {
      const page = await store.listClaims({ limit: 500, afterId: String(lastClaimId) });
      for (const claim of page.items) {
        learnClaim(claim);
        await learnBody(claim.articleId);
      }
      if (!page.nextCursor) return;
    }
  }
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listArticles({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const article of page.items) {
      const version = await store.getArticleVersion(article.id);
      const signature = bodySignature(version.text);
      knownArticles.add(article.id);
      bodies.add({
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

  // Each article's claims enter the index under provisional ids while it is matched, so that its later
  // claims find their siblings with the whole ledger's word statistics; they take their stored ids
  // when the article is stored. Provisional claims have no cluster, so no other article joins them.
  let articlesMatched = 0;

  /**
   * Decides each claim's cluster against the claims known now: join the best stored match, else a
   * sibling claim of the same article, else start a cluster under a key of its own (which siblings
   * may share). Adds each claim to the index under a provisional id, returned by its analysis id.
   */
  function matchClaims(analysis: Analysis, signature: ReturnType<typeof bodySignature>) {
    const clusters: Record<string, ClusterAssignment> = {};
    // A sibling's provisional id, and the cluster it joins (`join:` and an id) or the key it starts.
    const pending = new Map<string, string>();
    const provisional = new Map<string, string>();
    articlesMatched += 1;
    const prefix = `pending:${articlesMatched}:`;
    let joined = 0;
    // Each claim's words are read once, for matching and for storing it in the index.
    const prepared = new Map<string, PreparedClaim>();
    // A sibling counts only when no stored claim does.
    const groups = [(id: string) => clusterOf.get(id), (id: string) => pending.get(id)];
    for (const claim of analysis.claims) {
      const claimText = index.prepare(claim.text, {
        entities: claimEntities(analysis, claim.sentenceIndex),
      });
      prepared.set(claim.id, claimText);
      const decision = joinDecision(index, claimText, groups, joinThreshold);
      const stored = decision?.group === 0 ? decision : null;
      const sibling = decision?.group === 1 ? decision : null;
      let target: string;
      if (stored) {
        clusters[claim.id] = { join: stored.clusterId };
        target = `join:${stored.clusterId}`;
        joined += 1;
      } else if (sibling) {
        target = sibling.clusterId;
        clusters[claim.id] = target.startsWith('join:') ? { join: target.slice(5) } : { key: target };
      } else {
        target = `claim:${signature.slice(0, 4).join('.')}:${claim.id}`;
        clusters[claim.id] = { key: target };
      }
      const id = `${prefix}${claim.id}`;
      // Stored claims are indexed without their names, as when the ledger is opened.
      index.add(id, prepareClaim(claim.text, {}, index.options.text, claimText));
      pending.set(id, target);
      provisional.set(claim.id, id);
    }
    return { clusters, prepared, provisional, joined };
  }

  /**
   * Re-decides, against the claims stored after `seenUpTo` (by other writers while this one matched),
   * each claim for which such a claim is now the best match: what matching after them would have
   * decided. A claim that would start a cluster joins theirs (with the siblings sharing its key), and
   * a claim that would join a cluster joins theirs instead when one of them fits it better, so that
   * two outlets telling the same sentence at once never end up in two clusters. Rewrites `clusters`
   * in place; returns how many more claims now join a stored cluster.
   */
  function joinArrivals(
    clusters: Record<string, ClusterAssignment>,
    prepared: ReadonlyMap<string, PreparedClaim>,
    seenUpTo: number,
  ): number {
    // Every remembered claim is at most lastClaimId, so this skips the scan when nothing arrived.
    if (lastClaimId <= seenUpTo) return 0;
    const arrivals = recent.filter((claim) => claim.id > seenUpTo);
    if (arrivals.length === 0) return 0;
    const arrived = createClaimIndex();
    for (const claim of arrivals) arrived.add(String(claim.id), claim.text);
    // Each claim an arrival fits is decided again on its own, among the whole ledger's candidates, as
    // matching after the arrivals would. Its siblings that share its key follow it, unless decided
    // on their own.
    const decided = new Map<string, string>();
    const redirect = new Map<string, string>();
    for (const [claimId, assignment] of Object.entries(clusters)) {
      const claimText = prepared.get(claimId);
      if (!claimText || joinCandidates(arrived, claimText, 1).length === 0) continue;
      const best = clusterToJoin(joinCandidates(index, claimText), (id) => clusterOf.get(id), joinThreshold);
      if (!best || Number(best.claimId) <= seenUpTo) continue;
      decided.set(claimId, best.clusterId);
      if ('key' in assignment && !redirect.has(assignment.key)) redirect.set(assignment.key, best.clusterId);
    }
    let joined = 0;
    for (const [claimId, assignment] of Object.entries(clusters)) {
      const target = decided.get(claimId) ?? ('key' in assignment ? redirect.get(assignment.key) : undefined);
      if (target === undefined) continue;
      if ('key' in assignment) joined += 1;
      clusters[claimId] = { join: target };
    }
    return joined;
  }

  return {
    get indexedClaims() {
      return index.size;
    },
    async ingest(article) {
      const givenUrl = article.url ?? article.meta?.url ?? null;
      const byUrl = givenUrl ? await store.findArticles({ url: givenUrl }) : [];
      const known = await findUnchanged(store, givenUrl, byUrl, article.text);
      if (known) return known;

      const analysis = toAnalysis(pipeline.analyze(article));
      const url = article.url ?? analysis.article.url ?? null;
      const published = isoOrUndefined(article.published ?? analysis.article.published);
      const signature = bodySignature(article.text);
      // Matching runs before this writer's turn, against every claim stored so far, so that writers
      // match in parallel. The turn, which every writer of the ledger waits for, then only catches up
      // with the claims stored meanwhile and lets a claim that would start a cluster join one of theirs
      // instead: a new claim told by two outlets at once starts one cluster, not two.
      await catchUp();
      const seenUpTo = lastClaimId;
      const { clusters, prepared, provisional, joined: joinedBefore } = matchClaims(analysis, signature);
      return store.exclusive(async () => {
        await catchUp();
        const joined = joinedBefore + joinArrivals(clusters, prepared, seenUpTo);
        // An edit of a stored article is a new version of it, not a copy of its own earlier text.
        const sameUrl = new Set(
          (url === givenUrl ? byUrl : url ? await store.findArticles({ url }) : []).map((found) => found.id),
        );
        // Published no later: the same text out at the same moment is a copy of the one stored first.
        const latest = published ?? article.seenAt?.toISOString() ?? new Date().toISOString();
        const original = bodies.findOriginal(
          signature,
          analysis.article.wordCount,
          (body) => !sameUrl.has(body.articleId) && body.publishedAt <= latest,
        );

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
          // Claim ids are unique within a stored analysis (the store refuses it otherwise).
          const textOf = new Map(analysis.claims.map((item) => [item.id, item.text]));
          for (const claim of result.claims) {
            if (index.has(claim.claimId)) continue;
            const text = textOf.get(claim.analysisClaimId) ?? '';
            // Every claim of the analysis entered the index under a provisional id when it was matched.
            index.rename(provisional.get(claim.analysisClaimId) as string, claim.claimId);
            clusterOf.set(claim.claimId, claim.clusterId);
            lastClaimId = Math.max(lastClaimId, Number(claim.claimId));
            remember(Number(claim.claimId), text);
          }
          if (result.status === 'created') {
            knownArticles.add(result.article.id);
            bodies.add({
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
      });
    },
  };
}
