/**
 * Writes articles of forty sentences to a store in a loop until the process is killed, printing
 * `writing <n>` before each write and `committed <n>` after it returns. The crash-safety test runs it
 * and kills it with SIGKILL as soon as it reads `writing`, which lands inside the write's transaction.
 *
 *   node --import tsx src/store/sqlite/write-loop.ts <database file> <run name>
 */

import type { SignalType } from '../../core/types.ts';
import { buildArticle } from '../contract-fixtures.ts';
import { openStore } from '../index.ts';

const SIGNALS: SignalType[][] = [[], ['hedge'], [], ['evidence-cited'], ['conditional', 'loaded-language']];

async function main(): Promise<void> {
  const [path, run = 'run'] = process.argv.slice(2);
  if (!path) throw new Error('usage: write-loop.ts <database file> <run name>');
  const store = await openStore(path);
  for (let number = 1; ; number += 1) {
    const claims = Array.from({ length: 30 }, (_, index) => ({
      text: `Claim ${index} of article ${number} in ${run} says the council met on day ${index}.`,
      claimant: index % 3 === 0 ? `Speaker ${index % 7}` : null,
      signals: SIGNALS[index % SIGNALS.length],
    }));
    const { text, analysis } = buildArticle({ claims, filler: 10, title: `Article ${number}` });
    // Every third claim joins a cluster shared across articles, so writes also update old clusters.
    const clusters = Object.fromEntries(
      analysis.claims.map((claim, index) => [
        claim.id,
        index % 3 === 0 ? { key: `shared-${index}` } : { create: true as const },
      ]),
    );
    process.stdout.write(`writing ${number}\n`);
    await store.recordArticle({
      text,
      analysis,
      clusters,
      url: `https://outlet${number % 5}.example/${run}/${number}`,
    });
    process.stdout.write(`committed ${number}\n`);
  }
}

await main();
