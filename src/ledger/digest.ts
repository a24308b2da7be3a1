import type { AppearanceGroup, ClusterDigest } from '../store/index.ts';
import { type Appearance, isHedged } from './appearance.ts';

const DAY_MILLISECONDS = 86_400_000;

/** True when the group puts the claim in someone else's mouth (as `isAttributed` for one appearance). */
export function groupIsAttributed(group: AppearanceGroup): boolean {
  return group.claimant !== null && group.claimantKind !== 'author';
}

/**
 * The digest of appearances held in memory: what a store's `clusterDigest` reads with SQL, computed
 * the same way, so that traction and independence have one implementation whichever way they are fed.
 * Groups and cited documents come in the order the appearances are given.
 */
export function digestAppearances(appearances: readonly Appearance[]): ClusterDigest {
  const outletOf = new Map(appearances.map((appearance) => [appearance.articleId, appearance.outlet]));
  const groups = new Map<string, AppearanceGroup>();
  for (const appearance of appearances) {
    const copyOf = appearance.copyOf ? (outletOf.get(appearance.copyOf) ?? null) : null;
    const day = appearance.published.slice(0, 10);
    const denied = appearance.signals.includes('denial');
    const key = JSON.stringify([
      day,
      appearance.outlet,
      appearance.claimant,
      appearance.claimantKind,
      copyOf,
      denied,
    ]);
    const group = groups.get(key);
    const hedged = isHedged(appearance) ? 1 : 0;
    if (group) {
      group.appearances += 1;
      group.hedged += hedged;
      if (appearance.published < group.first) group.first = appearance.published;
      if (appearance.published > group.last) group.last = appearance.published;
    } else {
      groups.set(key, {
        day,
        outlet: appearance.outlet,
        claimant: appearance.claimant,
        claimantKind: appearance.claimantKind,
        copyOf,
        denied,
        appearances: 1,
        hedged,
        first: appearance.published,
        last: appearance.published,
      });
    }
  }
  const times = appearances.map((appearance) => Date.parse(appearance.published));
  // A loop, not Math.max(...times): spreading a cluster's every appearance overflows the stack.
  let last = Number.NEGATIVE_INFINITY;
  for (const time of times) if (time > last) last = time;
  const within = (from: number, to: number) => times.filter((time) => time > from && time <= to).length;
  return {
    groups: [...groups.values()],
    documentsCited: [...new Set(appearances.flatMap((appearance) => appearance.evidenceCited))],
    growth:
      appearances.length === 0
        ? { recent: 0, previous: 0 }
        : {
            recent: within(last - DAY_MILLISECONDS, last),
            previous: within(last - 2 * DAY_MILLISECONDS, last - DAY_MILLISECONDS),
          },
  };
}
