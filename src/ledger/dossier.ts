import type { ClusterAppearance, ClusterSummary, OutletCount, Store } from '../store/index.ts';
import type { Appearance } from './appearance.ts';
import { assessIndependence, type IndependenceReport } from './independence.ts';
import { computeTraction, type Traction } from './traction.ts';

/** Everything known about one claim cluster: where it has been, how it spread, what it stands on. */
export interface Dossier {
  cluster: ClusterSummary;
  appearances: ClusterAppearance[];
  outlets: OutletCount[];
  traction: Traction;
  independence: IndependenceReport;
}

/** The ledger's view of a stored appearance. */
export function toAppearance(stored: ClusterAppearance): Appearance {
  return {
    articleId: stored.articleId,
    outlet: stored.publisher ?? stored.url ?? `article ${stored.articleId}`,
    published: stored.publishedAt,
    ...(stored.url ? { url: stored.url } : {}),
    copyOf: stored.copyOf?.articleId ?? null,
    claimant: stored.claimant,
    claimantKind: stored.claimantKind,
    signals: stored.signals.map((signal) => signal.type),
    evidenceCited: stored.signals
      .filter((signal) => signal.type === 'evidence-cited')
      .map((signal) => signal.text),
  };
}

/** Reads a cluster's dossier; every appearance is read, page by page. */
export async function readDossier(store: Store, clusterId: string): Promise<Dossier> {
  const cluster = await store.getCluster(clusterId);
  const appearances: ClusterAppearance[] = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.clusterAppearances(clusterId, { limit: 500, ...(cursor ? { cursor } : {}) });
    appearances.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const ledgerView = appearances.map(toAppearance);
  return {
    cluster,
    appearances,
    outlets: await store.clusterOutlets(clusterId),
    traction: computeTraction(ledgerView),
    independence: assessIndependence(ledgerView),
  };
}
