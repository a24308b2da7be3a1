import { type Appearance, isAttributed } from './appearance.ts';

export interface IndependenceReport {
  appearances: number;
  outlets: number;
  /** Outlets that carried the claim other than as a copy of another outlet's article. */
  independentOutlets: number;
  /** Where the claim comes from once attribution is followed back through outlets. */
  originalSources: string[];
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

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Follows attribution back to original sources. An appearance's claimant that is itself an outlet
 * carrying the claim counts as whatever that outlet's appearances rest on (B citing A citing X is X);
 * an article's own assertion, and its anonymous or vague sources, are that outlet's own; a copy of
 * another article adds no outlet and no source of its own.
 */
export function assessIndependence(appearances: readonly Appearance[]): IndependenceReport {
  const byArticle = new Map(appearances.map((appearance) => [appearance.articleId, appearance]));
  const originals = appearances.filter(
    (appearance) => !appearance.copyOf || !byArticle.has(appearance.copyOf),
  );
  const byOutlet = new Map<string, Appearance[]>();
  for (const appearance of originals) {
    const list = byOutlet.get(key(appearance.outlet)) ?? [];
    list.push(appearance);
    byOutlet.set(key(appearance.outlet), list);
  }

  const resolve = (appearance: Appearance, visiting: Set<string>): string[] => {
    const outletKey = key(appearance.outlet);
    if (!isAttributed(appearance) || appearance.claimant === null) return [appearance.outlet];
    const cited = byOutlet.get(key(appearance.claimant));
    if (cited && key(appearance.claimant) !== outletKey && !visiting.has(key(appearance.claimant))) {
      const next = new Set(visiting).add(outletKey);
      return cited.flatMap((citedAppearance) => resolve(citedAppearance, next));
    }
    if (appearance.claimantKind === 'anonymous' || appearance.claimantKind === 'vague') {
      return [`${appearance.outlet}'s ${appearance.claimantKind} source`];
    }
    return [appearance.claimant];
  };

  const sources = new Map<string, string>();
  for (const appearance of originals) {
    for (const source of resolve(appearance, new Set())) {
      if (!sources.has(key(source))) sources.set(key(source), source);
    }
  }
  const outlets = new Set(appearances.map((appearance) => key(appearance.outlet)));
  const independentOutlets = new Set(originals.map((appearance) => key(appearance.outlet)));
  const documents = [...new Set(appearances.flatMap((appearance) => appearance.evidenceCited))];
  const originalSources = [...sources.values()];
  const named = originalSources.length <= 3 ? ` (${originalSources.join(', ')})` : '';
  const verdict = [
    `${plural(appearances.length, 'appearance')} in ${plural(outlets.size, 'outlet')}`,
    `${plural(originalSources.length, 'original source')}${named}`,
    documents.length === 0 ? 'no document cited' : `${plural(documents.length, 'document')} cited`,
  ].join('; ');
  return {
    appearances: appearances.length,
    outlets: outlets.size,
    independentOutlets: independentOutlets.size,
    originalSources,
    documentsCited: documents,
    verdict,
  };
}
