import type { ClusterAppearance, ClusterDigest, ClusterSummary, OutletCount, Store } from '../store/index.ts';
import type { Appearance } from './appearance.ts';
import { type IndependenceReport, independenceFromDigest } from './independence.ts';
import { type Traction, tractionFromDigest } from './traction.ts';

/** What is known about one claim cluster without listing its appearances: how it spread, what it stands on. */
export interface ClusterProfile {
  cluster: ClusterSummary;
  outlets: OutletCount[];
  traction: Traction;
  independence: IndependenceReport;
}

/** Everything known about one claim cluster: its profile and every place it has been. */
export interface Dossier extends ClusterProfile {
  appearances: ClusterAppearance[];
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

/**
 * Reads a cluster's profile from the store's digest of it: a few grouped reads whatever the number of
 * appearances, so listing pages and the dossier API stay fast as a claim spreads.
 */
export async function readClusterProfile(store: Store, clusterId: string): Promise<ClusterProfile> {
  const cluster = await store.getCluster(clusterId);
  const [outlets, digest] = await Promise.all([
    store.clusterOutlets(clusterId),
    store.clusterDigest(clusterId),
  ]);
  return profileFromDigest(cluster, outlets, digest);
}

/** A cluster's profile from what the store read of it. */
export function profileFromDigest(
  cluster: ClusterSummary,
  outlets: OutletCount[],
  digest: ClusterDigest,
): ClusterProfile {
  return {
    cluster,
    outlets,
    traction: tractionFromDigest(digest),
    independence: independenceFromDigest(digest),
  };
}

/** Reads a cluster's dossier: its profile and every appearance, page by page. */
export async function readDossier(store: Store, clusterId: string): Promise<Dossier> {
  const profile = await readClusterProfile(store, clusterId);
  const appearances: ClusterAppearance[] = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.clusterAppearances(clusterId, { limit: 500, ...(cursor ? { cursor } : {}) });
    appearances.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { ...profile, appearances };
}
