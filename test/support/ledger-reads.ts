import type { Page, Store } from '../../src/store/index.ts';

/** Every item of a paged store listing, following its cursor to the end. */
async function everyItem<T>(list: (options: { limit: number; cursor?: string }) => Promise<Page<T>>) {
  const items: T[] = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await list({ limit: 500, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
}

/** Every stored article, page by page. */
export function allArticles(store: Store) {
  return everyItem((options) => store.listArticles(options));
}

/** Every stored claim, page by page. */
export function allClaims(store: Store) {
  return everyItem((options) => store.listClaims(options));
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
