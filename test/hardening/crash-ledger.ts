import { expect } from 'vitest';
import { LATEST_SCHEMA_VERSION, type Store } from '../../src/store/index.ts';
import type { CrashWrite } from './crash-writer.ts';

/** Review records a cluster should hold, by kind. */
interface ClusterCounts {
  evidence: number;
  status: number;
  verdict: number;
}

/**
 * What a store must hold after a run of crash rounds: every acknowledged write, and every write a
 * kill interrupted that a check found stored (it must stay stored; one found absent must stay absent).
 */
export interface CrashLedger {
  stored: CrashWrite[];
  absent: CrashWrite[];
  articles: number;
  tokens: number;
  watches: number;
  clusters: Map<string, ClusterCounts>;
}

export function emptyLedger(): CrashLedger {
  return { stored: [], absent: [], articles: 0, tokens: 0, watches: 0, clusters: new Map() };
}

function countOf(ledger: CrashLedger, clusterId: string): ClusterCounts {
  const known = ledger.clusters.get(clusterId) ?? { evidence: 0, status: 0, verdict: 0 };
  ledger.clusters.set(clusterId, known);
  return known;
}

function addToLedger(ledger: CrashLedger, write: CrashWrite): void {
  ledger.stored.push(write);
  if (write.kind === 'article') ledger.articles += 1;
  else if (write.kind === 'token') ledger.tokens += 1;
  else if (write.kind === 'watch') ledger.watches += 1;
  else countOf(ledger, write.clusterId)[write.kind] += 1;
}

/**
 * How many copies of `write` the store holds (0 or 1 when sound), after checking that a stored copy
 * is whole: an article with its one version and every claim, a status event with its evidence links,
 * a verdict with its rating, a watch with its threshold.
 */
async function copiesOf(store: Store, write: CrashWrite): Promise<number> {
  switch (write.kind) {
    case 'article': {
      const found = await store.findArticles({ url: write.key });
      for (const article of found) {
        expect(article.version, write.key).toBe(1);
        expect(await store.articleClaims(article.id), write.key).toHaveLength(write.claims);
        const version = await store.getArticleVersion(article.id);
        expect(version.analysis.claims, write.key).toHaveLength(write.claims);
      }
      return found.length;
    }
    case 'evidence': {
      const found = (await store.listEvidence(write.clusterId)).filter(
        (item) => item.reference === write.key,
      );
      return found.length;
    }
    case 'status': {
      const found = (await store.statusHistory(write.clusterId)).filter((event) => event.note === write.key);
      for (const event of found)
        expect([...event.evidenceIds].sort(), write.key).toEqual([...write.evidenceIds].sort());
      return found.length;
    }
    case 'verdict': {
      const found = (await store.listVerdicts(write.clusterId)).filter(
        (verdict) => verdict.rationale === write.key,
      );
      for (const verdict of found) expect(verdict.rating, write.key).toBe(write.rating);
      return found.length;
    }
    case 'watch': {
      const found = (await store.listWatches()).filter((watch) => watch.createdBy === write.key);
      for (const watch of found) {
        expect(watch.clusterId, write.key).toBe(write.clusterId);
        expect(watch.hedgingThreshold, write.key).toBe(write.hedgingThreshold);
      }
      return found.length;
    }
    case 'token':
      return (await store.listTokens()).filter((token) => token.name === write.key).length;
  }
}

/** Compares a cluster's review records with the ledger's count of them. */
async function checkCluster(store: Store, ledger: CrashLedger, clusterId: string): Promise<void> {
  const expected = countOf(ledger, clusterId);
  const [evidence, history, verdicts] = await Promise.all([
    store.listEvidence(clusterId),
    store.statusHistory(clusterId),
    store.listVerdicts(clusterId),
  ]);
  expect(
    { evidence: evidence.length, status: history.length, verdict: verdicts.length },
    `review records of cluster ${clusterId}`,
  ).toEqual(expected);
}

/**
 * Checks a store reopened after a kill: sound, fully migrated, holding this round's acknowledged
 * writes once each and its interrupted write whole or not at all, and, counted, nothing more or less
 * than every earlier round left. Adds the round's writes to `ledger`. Returns whether the interrupted
 * write was found stored.
 */
export async function checkRound(
  store: Store,
  ledger: CrashLedger,
  acknowledged: readonly CrashWrite[],
  interrupted: CrashWrite | null,
): Promise<boolean | null> {
  expect(await store.checkIntegrity()).toEqual([]);
  expect((await store.migrations()).map((migration) => migration.version)).toEqual(
    Array.from({ length: LATEST_SCHEMA_VERSION }, (_, index) => index + 1),
  );
  for (const write of acknowledged) {
    expect(await copiesOf(store, write), `acknowledged ${write.kind} ${write.key}`).toBe(1);
    addToLedger(ledger, write);
  }
  let interruptedStored: boolean | null = null;
  if (interrupted) {
    const copies = await copiesOf(store, interrupted);
    expect(copies, `interrupted ${interrupted.kind} ${interrupted.key}`).toBeLessThanOrEqual(1);
    interruptedStored = copies === 1;
    if (interruptedStored) addToLedger(ledger, interrupted);
    else ledger.absent.push(interrupted);
  }
  expect((await store.listArticles({ limit: 1 })).total, 'articles').toBe(ledger.articles);
  expect((await store.listTokens()).length, 'tokens').toBe(ledger.tokens);
  expect((await store.listWatches()).length, 'watches').toBe(ledger.watches);
  const touched = new Set(
    [...acknowledged, ...(interrupted ? [interrupted] : [])].flatMap((write) =>
      'clusterId' in write ? [write.clusterId] : [],
    ),
  );
  for (const clusterId of touched) await checkCluster(store, ledger, clusterId);
  return interruptedStored;
}

/** After the last round: every write ever stored is there once, every one found absent still absent. */
export async function checkWholeLedger(store: Store, ledger: CrashLedger): Promise<void> {
  for (const write of ledger.stored) {
    expect(await copiesOf(store, write), `${write.kind} ${write.key}`).toBe(1);
  }
  for (const write of ledger.absent) {
    expect(await copiesOf(store, write), `${write.kind} ${write.key}`).toBe(0);
  }
  for (const clusterId of ledger.clusters.keys()) await checkCluster(store, ledger, clusterId);
}
