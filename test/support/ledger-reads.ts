import type { Store } from '../../src/store/index.ts';

/** Every stored article, page by page. */
export async function allArticles(store: Store) {
  const articles = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listArticles({ limit: 500, ...(cursor ? { cursor } : {}) });
    articles.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return articles;
  }
}

/** Every stored claim, page by page. */
export async function allClaims(store: Store) {
  const claims = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClaims({ limit: 500, ...(cursor ? { cursor } : {}) });
    claims.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return claims;
  }
}

/** The claim texts stored in more than one cluster: one sentence told by several outlets, split. */
export function textsInSeveralClusters(claims: readonly { text: string; clusterId: string }[]): string[] {
  const clustersOfText = new Map<string, Set<string>>();
  for (const claim of claims) {
    const clusters = clustersOfText.get(claim.text) ?? new Set<string>();
    clusters.add(claim.clusterId);
    clustersOfText.set(claim.text, clusters);
  }
  return [...clustersOfText].filter(([, clusters]) => clusters.size > 1).map(([text]) => text);
}
