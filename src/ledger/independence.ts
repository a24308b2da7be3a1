import type { AppearanceGroup, ClusterDigest } from '../store/index.ts';
import type { Appearance } from './appearance.ts';
import { digestAppearances, groupIsAttributed } from './digest.ts';

export interface IndependenceReport {
  appearances: number;
  outlets: number;
  /** Outlets that carried the claim other than as a copy of another outlet's article. */
  independentOutlets: number;
  /** Where the claim comes from once attribution is followed back through outlets. */
  originalSources: string[];
  /** Who denies the claim where it appears ("the ministry denied that ..."): no source of it. */
  deniedBy: string[];
  documentsCited: string[];
  /** One line, e.g. "41 appearances in 27 outlets; 1 original source (Alnur Mussayev); no document cited". */
  verdict: string;
}

/** Outlet and source names compared loosely: "The New York Post" is "New York Post". */
function key(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const OWNED = /^(?:the\s+)?\p{Lu}[\p{L}\p{N}.&' -]*?['\u2019]s\s+(.+)$/u;

/**
 * Folds a source named with its owner into the same source named without one ("Riverton's transport
 * department" and "transport department"), under the fuller name and at the place of whichever came
 * first. Only when a single owner narrows the name: "Russia's defence ministry" and "Ukraine's defence
 * ministry" beside a bare "defence ministry" stay three.
 */
function foldOwners(sources: Map<string, string>): string[] {
  const owned = new Map<string, string[]>();
  for (const [sourceKey, name] of sources) {
    const bare = OWNED.exec(name)?.[1];
    if (bare === undefined || !sources.has(key(bare))) continue;
    owned.set(key(bare), [...(owned.get(key(bare)) ?? []), sourceKey]);
  }
  const folded = new Map(sources);
  for (const [bareKey, ownedKeys] of owned) {
    const [ownedKey] = ownedKeys;
    if (ownedKeys.length !== 1 || ownedKey === undefined) continue;
    const keys = [...folded.keys()];
    const first = keys.indexOf(bareKey) < keys.indexOf(ownedKey) ? bareKey : ownedKey;
    folded.set(first, sources.get(ownedKey) as string);
    folded.delete(first === bareKey ? ownedKey : bareKey);
  }
  return [...folded.values()];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Follows attribution back to original sources. An appearance's claimant that is itself an outlet
 * carrying the claim counts as whatever that outlet's appearances rest on (B citing A citing X is X);
 * an article's own assertion, and its anonymous or vague sources, are that outlet's own; a copy of
 * another article adds no outlet and no source of its own, and a claimant who denies the claim is no
 * source of it but is listed as denying it. Works on the cluster's digest: appearances
 * that share an outlet, a claimant and copy status resolve alike, so each group is followed once.
 */
export function independenceFromDigest(digest: ClusterDigest): IndependenceReport {
  const { groups } = digest;
  const originals = groups.filter((group) => group.copyOf === null);
  const asserting = originals.filter((group) => !group.denied);
  const byOutlet = new Map<string, AppearanceGroup[]>();
  for (const group of asserting) {
    const list = byOutlet.get(key(group.outlet)) ?? [];
    list.push(group);
    byOutlet.set(key(group.outlet), list);
  }

  const resolve = (group: AppearanceGroup, visiting: Set<string>): string[] => {
    const outletKey = key(group.outlet);
    if (!groupIsAttributed(group) || group.claimant === null) return [group.outlet];
    const cited = byOutlet.get(key(group.claimant));
    if (cited && key(group.claimant) !== outletKey && !visiting.has(key(group.claimant))) {
      const next = new Set(visiting).add(outletKey);
      return cited.flatMap((citedGroup) => resolve(citedGroup, next));
    }
    if (group.claimantKind === 'anonymous' || group.claimantKind === 'vague') {
      return [`${group.outlet}'s ${group.claimantKind} source`];
    }
    return [group.claimant];
  };

  const sources = new Map<string, string>();
  for (const group of asserting) {
    for (const source of resolve(group, new Set())) {
      if (!sources.has(key(source))) sources.set(key(source), source);
    }
  }
  const deniers = new Map<string, string>();
  for (const group of originals) {
    if (!group.denied) continue;
    const denier = group.claimant ?? group.outlet;
    if (!deniers.has(key(denier))) deniers.set(key(denier), denier);
  }
  const deniedBy = foldOwners(deniers);
  const appearances = groups.reduce((sum, group) => sum + group.appearances, 0);
  const outlets = new Set(groups.map((group) => key(group.outlet)));
  const independentOutlets = new Set(originals.map((group) => key(group.outlet)));
  const documents = digest.documentsCited;
  const originalSources = foldOwners(sources);
  const named = originalSources.length <= 3 ? ` (${originalSources.join(', ')})` : '';
  const verdict = [
    `${plural(appearances, 'appearance')} in ${plural(outlets.size, 'outlet')}`,
    `${plural(originalSources.length, 'original source')}${named}`,
    ...(deniedBy.length === 0
      ? []
      : [`denied by ${deniedBy.length <= 3 ? deniedBy.join(', ') : plural(deniedBy.length, 'source')}`]),
    documents.length === 0 ? 'no document cited' : `${plural(documents.length, 'document')} cited`,
  ].join('; ');
  return {
    appearances,
    outlets: outlets.size,
    independentOutlets: independentOutlets.size,
    originalSources,
    deniedBy,
    documentsCited: [...documents],
    verdict,
  };
}

/** Source independence of appearances held in memory; see `independenceFromDigest`. */
export function assessIndependence(appearances: readonly Appearance[]): IndependenceReport {
  return independenceFromDigest(digestAppearances(appearances));
}
