/**
 * Writes a seeded stream of ledger writes (articles, evidence, status events, verdicts, watches,
 * tokens) into a store until it is killed, one at a time. Before each write it prints
 * `begin <json>` and after the write's promise resolves `ack <json>`, the JSON naming the write by a
 * key unique across runs, so the crash-consistency test can look every acknowledged write up after
 * killing it with SIGKILL. It prints `opening` before opening the store (which migrates it) and
 * `opened` after, so a kill can be placed inside the first migration of a new database.
 *
 *   node --import tsx test/hardening/crash-writer.ts <store> <run name> <seed>
 */

import { createHash } from 'node:crypto';
import type { SignalType } from '../../src/core/types.ts';
import { createRandom } from '../../src/models/random.ts';
import { buildArticle } from '../../src/store/contract-fixtures.ts';
import { CLAIM_STATUSES, openStore, parseStoreTarget, ROLES, type Store } from '../../src/store/index.ts';

/** One write as the test reads it back; `key` is unique across every run of every round. */
export type CrashWrite =
  | { kind: 'article'; key: string; claims: number }
  | { kind: 'evidence'; key: string; clusterId: string }
  | { kind: 'status'; key: string; clusterId: string; evidenceIds: string[] }
  | { kind: 'verdict'; key: string; clusterId: string; rating: number }
  | { kind: 'watch'; key: string; clusterId: string; hedgingThreshold: number }
  | { kind: 'token'; key: string };

const SIGNALS: SignalType[][] = [[], ['hedge'], [], ['evidence-cited']];
/** How often each kind of write comes, out of the total; articles dominate as they do in use. */
const WEIGHTS = { article: 5, evidence: 3, status: 2, verdict: 1, watch: 1, token: 1 } as const;

function line(tag: 'begin' | 'ack', write: CrashWrite): void {
  process.stdout.write(`${tag} ${JSON.stringify(write)}\n`);
}

async function main(): Promise<void> {
  const [target, run, seedText] = process.argv.slice(2);
  if (!target || !run || !seedText) throw new Error('usage: crash-writer.ts <store> <run name> <seed>');
  const random = createRandom(Number(seedText));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  // Loads the driver first, so that `opening` comes right before connecting and migrating and a
  // kill soon after it lands in the migration rather than in module loading.
  if (parseStoreTarget(target).dialect === 'postgres')
    await import('../../src/store/postgres/postgres-store.ts');
  else await import('../../src/store/sqlite/sqlite-store.ts');
  process.stdout.write('opening\n');
  const store: Store = await openStore(target);
  process.stdout.write('opened\n');

  // Review writes go to clusters of earlier rounds as well as this one's, so damage would show.
  const clusters = (await store.listClusters({ limit: 50 })).items.map((cluster) => cluster.id);
  const watched = new Set((await store.listWatches()).map((watch) => watch.clusterId));
  const evidenceOf = new Map<string, string[]>();
  const kinds = Object.entries(WEIGHTS).flatMap(([kind, weight]) => Array(weight).fill(kind) as string[]);

  for (let number = 1; ; number += 1) {
    const key = `${run}-${number}`;
    const kind = clusters.length === 0 ? 'article' : pick(kinds);
    const clusterId = pick(clusters);
    if (kind === 'article') {
      const claims = Array.from({ length: 2 + Math.floor(random() * 5) }, (_, index) => ({
        text: `Claim ${index} of ${key} says the council spent ${Math.floor(random() * 1000)} dollars.`,
        claimant: index % 2 === 0 ? `Speaker ${index}` : null,
        signals: pick(SIGNALS),
      }));
      const url = `https://crash.example/${key}`;
      const { text, analysis } = buildArticle({ claims, filler: 3, title: key, url });
      // Some claims join clusters shared across rounds, so a write also updates old clusters' counts.
      const assignments = Object.fromEntries(
        analysis.claims.map((claim) => [
          claim.id,
          random() < 0.4 ? { key: `shared-${Math.floor(random() * 8)}` } : { create: true as const },
        ]),
      );
      const write: CrashWrite = { kind, key: url, claims: analysis.claims.length };
      line('begin', write);
      const result = await store.recordArticle({ text, analysis, url, clusters: assignments });
      line('ack', write);
      for (const claim of result.claims)
        if (!clusters.includes(claim.clusterId)) clusters.push(claim.clusterId);
    } else if (kind === 'evidence') {
      const write: CrashWrite = { kind, key: `Crash record ${key}`, clusterId };
      line('begin', write);
      const record = await store.addEvidence({
        clusterId,
        reference: write.key,
        relation: pick(['supports', 'refutes', 'context'] as const),
        kind: 'primary-document',
        addedBy: 'crash writer',
      });
      line('ack', write);
      evidenceOf.set(clusterId, [...(evidenceOf.get(clusterId) ?? []), record.id]);
    } else if (kind === 'status') {
      const evidenceIds = (evidenceOf.get(clusterId) ?? []).slice(-2);
      const write: CrashWrite = { kind, key: `status ${key}`, clusterId, evidenceIds };
      const status = pick(CLAIM_STATUSES);
      line('begin', write);
      await store.recordStatus({
        clusterId,
        status,
        note: write.key,
        author: 'crash writer',
        evidenceIds,
        reply: status === 'denied' ? { party: `Party of ${key}` } : null,
      });
      line('ack', write);
    } else if (kind === 'verdict') {
      const write: CrashWrite = {
        kind,
        key: `verdict ${key}`,
        clusterId,
        rating: 1 + Math.floor(random() * 5),
      };
      line('begin', write);
      await store.recordVerdict({
        clusterId,
        rating: write.rating,
        rationale: write.key,
        author: 'crash writer',
      });
      line('ack', write);
    } else if (kind === 'watch') {
      // A second watch of a cluster updates the first; a fresh cluster each time keeps keys unique.
      const fresh = clusters.find((id) => !watched.has(id));
      if (fresh === undefined) continue;
      watched.add(fresh);
      const hedgingThreshold = Math.round(random() * 100) / 100;
      const write: CrashWrite = { kind, key: `watch ${key}`, clusterId: fresh, hedgingThreshold };
      line('begin', write);
      await store.watchCluster({ clusterId: fresh, hedgingThreshold, createdBy: write.key });
      line('ack', write);
    } else {
      const write: CrashWrite = { kind: 'token', key: `token ${key}` };
      line('begin', write);
      await store.createToken({
        name: write.key,
        role: pick(ROLES),
        secretHash: createHash('sha256').update(write.key).digest('hex'),
      });
      line('ack', write);
    }
  }
}

await main();
