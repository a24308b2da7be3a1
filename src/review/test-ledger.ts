import { buildArticle, type ClaimSpec } from '../store/contract-fixtures.ts';
import type { Store } from '../store/index.ts';

/** One article of a test ledger: an outlet carrying one claim, in the cluster under `key`. */
export interface TestAppearance {
  key: string;
  claim: string | ClaimSpec;
  url: string;
  publisher?: string;
  publishedAt: string;
  title?: string;
}

/**
 * Records single-claim articles into a store, each claim in the cluster of its key, and returns the
 * cluster id of each key: a small ledger for the review desk's tests.
 */
export async function recordAppearances(
  store: Store,
  appearances: readonly TestAppearance[],
): Promise<Map<string, string>> {
  const clusters = new Map<string, string>();
  for (const appearance of appearances) {
    const { text, analysis } = buildArticle({ claims: [appearance.claim], title: appearance.title });
    const result = await store.recordArticle({
      text,
      analysis,
      url: appearance.url,
      publisher: appearance.publisher ?? null,
      publishedAt: appearance.publishedAt,
      seenAt: appearance.publishedAt,
      clusters: { c1: { key: appearance.key } },
    });
    clusters.set(appearance.key, result.claims[0]?.clusterId ?? '');
  }
  return clusters;
}
