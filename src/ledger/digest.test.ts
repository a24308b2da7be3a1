import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Appearance, isAttributed, isHedged, isStatedAsFact } from './appearance.ts';
import { digestAppearances } from './digest.ts';
import { assessIndependence } from './independence.ts';
import { computeTraction } from './traction.ts';

/*
 * The per-appearance algorithms that traction and independence had before they were computed from
 * grouped appearances, kept here as the oracle: grouping must not change a single figure, name or
 * order on any list of appearances.
 */

function key(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function referenceSources(appearances: readonly Appearance[]) {
  const byArticle = new Map(appearances.map((appearance) => [appearance.articleId, appearance]));
  const originals = appearances.filter(
    (appearance) => !appearance.copyOf || !byArticle.has(appearance.copyOf),
  );
  const denies = (appearance: Appearance) => appearance.signals.includes('denial');
  const asserting = originals.filter((appearance) => !denies(appearance));
  const byOutlet = new Map<string, Appearance[]>();
  for (const appearance of asserting) {
    byOutlet.set(key(appearance.outlet), [...(byOutlet.get(key(appearance.outlet)) ?? []), appearance]);
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
  for (const appearance of asserting) {
    for (const source of resolve(appearance, new Set()))
      if (!sources.has(key(source))) sources.set(key(source), source);
  }
  const deniers = new Map<string, string>();
  for (const appearance of originals.filter(denies)) {
    const denier = appearance.claimant ?? appearance.outlet;
    if (!deniers.has(key(denier))) deniers.set(key(denier), denier);
  }
  return {
    originalSources: [...sources.values()],
    deniedBy: [...deniers.values()],
    outlets: new Set(appearances.map((appearance) => key(appearance.outlet))).size,
    independentOutlets: new Set(originals.map((appearance) => key(appearance.outlet))).size,
    documentsCited: [...new Set(appearances.flatMap((appearance) => appearance.evidenceCited))],
  };
}

function share(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 1000) / 1000;
}

function referenceDays(appearances: readonly Appearance[]) {
  const sorted = [...appearances].sort((a, b) => a.published.localeCompare(b.published));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return [];
  const days = [];
  const end = Date.parse(`${last.published.slice(0, 10)}T00:00:00Z`);
  for (let time = Date.parse(`${first.published.slice(0, 10)}T00:00:00Z`); time <= end; time += 86_400_000) {
    const day = new Date(time).toISOString().slice(0, 10);
    const list = sorted.filter((appearance) => appearance.published.slice(0, 10) === day);
    days.push({
      day,
      appearances: list.length,
      outlets: new Set(list.map((appearance) => appearance.outlet.toLowerCase())).size,
      hedgedShare: share(list.filter(isHedged).length, list.length),
      attributedShare: share(list.filter(isAttributed).length, list.length),
      statedShare: share(list.filter(isStatedAsFact).length, list.length),
    });
  }
  return days;
}

// Outlets that are also claimants, so that attribution chains (and loops) between outlets occur.
const OUTLETS = ['Valley Wire', 'the valley wire', 'Town Gazette', 'Évening Ledger', 'North Star'];
const CLAIMANTS = [null, 'Hana Voss', 'Valley Wire', 'Town Gazette', 'North Star', 'officials'];

const appearanceList = fc
  .array(
    fc.record({
      outlet: fc.constantFrom(...OUTLETS),
      day: fc.integer({ min: 1, max: 5 }),
      hour: fc.integer({ min: 0, max: 23 }),
      claimant: fc.constantFrom(...CLAIMANTS),
      claimantKind: fc.constantFrom('person', 'organization', 'anonymous', 'vague', 'author', 'document'),
      signals: fc.subarray(['hedge', 'conditional', 'evidence-cited', 'loaded-language', 'denial'] as const),
      evidence: fc.subarray(['a 1985 document', 'court records', 'the audit']),
      copyOf: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    }),
    { maxLength: 30 },
  )
  .map((drawn) =>
    drawn.map(
      (item, index): Appearance => ({
        articleId: `a${index}`,
        outlet: item.outlet,
        published: `2026-05-0${item.day}T${String(item.hour).padStart(2, '0')}:00:00.000Z`,
        copyOf: item.copyOf === null ? null : `a${item.copyOf}`,
        claimant: item.claimant,
        claimantKind: item.claimant === null ? null : item.claimantKind,
        signals: [...item.signals],
        evidenceCited: [...item.evidence],
      }),
    ),
  );

describe('traction and independence from grouped appearances', () => {
  it('give exactly what the per-appearance computation gives, in the same order', () => {
    fc.assert(
      fc.property(appearanceList, (appearances) => {
        const report = assessIndependence(appearances);
        expect({
          originalSources: report.originalSources,
          deniedBy: report.deniedBy,
          outlets: report.outlets,
          independentOutlets: report.independentOutlets,
          documentsCited: report.documentsCited,
        }).toEqual(referenceSources(appearances));
        expect(report.appearances).toBe(appearances.length);
        expect(computeTraction(appearances).days).toEqual(referenceDays(appearances));
      }),
      { seed: 20261127, numRuns: 400 },
    );
  });

  it('groups appearances that share day, outlet, claimant and copy status, first seen first', () => {
    const base = (): Pick<Appearance, 'claimant' | 'claimantKind' | 'signals' | 'evidenceCited'> => ({
      claimant: null,
      claimantKind: null,
      signals: [],
      evidenceCited: [],
    });
    const digest = digestAppearances([
      { ...base(), articleId: 'a', outlet: 'A', published: '2026-05-01T08:00:00.000Z', signals: ['hedge'] },
      { ...base(), articleId: 'b', outlet: 'B', published: '2026-05-01T09:00:00.000Z', copyOf: 'a' },
      { ...base(), articleId: 'c', outlet: 'A', published: '2026-05-01T10:00:00.000Z' },
      { ...base(), articleId: 'd', outlet: 'B', published: '2026-05-01T11:00:00.000Z', copyOf: 'elsewhere' },
    ]);
    expect(
      digest.groups.map((group) => [group.outlet, group.copyOf, group.appearances, group.hedged]),
    ).toEqual([
      ['A', null, 2, 1],
      ['B', 'A', 1, 0],
      ['B', null, 1, 0],
    ]);
    expect(digest.growth).toEqual({ recent: 4, previous: 0 });
  });
});
