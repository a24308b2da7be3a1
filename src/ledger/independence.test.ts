import { describe, expect, it } from 'vitest';
import type { Appearance } from './appearance.ts';
import { assessIndependence } from './independence.ts';
import { computeTraction } from './traction.ts';

function appearance(overrides: Partial<Appearance> & Pick<Appearance, 'articleId' | 'outlet'>): Appearance {
  return {
    published: '2026-03-01T09:00:00Z',
    claimant: null,
    claimantKind: null,
    signals: [],
    evidenceCited: [],
    ...overrides,
  };
}

describe('assessIndependence', () => {
  it('lists who denies the claim apart from its sources, and says so in the verdict', () => {
    const report = assessIndependence([
      appearance({ articleId: 'a', outlet: 'Daily Ledger', claimant: 'Hana Voss', claimantKind: 'person' }),
      appearance({
        articleId: 'b',
        outlet: 'Evening Star',
        claimant: 'Port Authority',
        claimantKind: 'organization',
        signals: ['denial'],
      }),
    ]);
    expect(report.originalSources).toEqual(['Hana Voss']);
    expect(report.deniedBy).toEqual(['Port Authority']);
    expect(report.verdict).toBe(
      '2 appearances in 2 outlets; 1 original source (Hana Voss); denied by Port Authority; no document cited',
    );
  });

  it('counts a source named with and without its owner once, by its fuller name', () => {
    const source = (articleId: string, outlet: string, claimant: string) =>
      appearance({ articleId, outlet, claimant, claimantKind: 'organization' });
    const report = assessIndependence([
      source('a', 'Daily Ledger', 'transport department'),
      source('b', 'Evening Star', 'Riverton’s transport department'),
      source('c', 'Morning Wire', 'Harbor Council'),
    ]);
    expect(report.originalSources).toEqual(['Riverton’s transport department', 'Harbor Council']);
  });

  it('keeps apart the sources two different owners narrow', () => {
    const source = (articleId: string, outlet: string, claimant: string) =>
      appearance({ articleId, outlet, claimant, claimantKind: 'organization' });
    const report = assessIndependence([
      source('a', 'Daily Ledger', 'defence ministry'),
      source('b', 'Evening Star', "Russia's defence ministry"),
      source('c', 'Morning Wire', "Ukraine's defence ministry"),
    ]);
    expect(report.originalSources).toEqual([
      'defence ministry',
      "Russia's defence ministry",
      "Ukraine's defence ministry",
    ]);
  });

  it('counts fifty outlets quoting one man as one source', () => {
    const appearances = Array.from({ length: 50 }, (_, index) =>
      appearance({
        articleId: `a${index}`,
        outlet: `Outlet ${index}`,
        claimant: 'Alnur Mussayev',
        claimantKind: 'person',
      }),
    );
    const report = assessIndependence(appearances);
    expect(report.originalSources).toEqual(['Alnur Mussayev']);
    expect(report.verdict).toBe(
      '50 appearances in 50 outlets; 1 original source (Alnur Mussayev); no document cited',
    );
  });

  it('follows an outlet citing another outlet back to that outlet’s source', () => {
    const report = assessIndependence([
      appearance({
        articleId: 'a',
        outlet: 'Daily Ledger',
        claimant: 'Ines Marchetti',
        claimantKind: 'person',
      }),
      appearance({
        articleId: 'b',
        outlet: 'Evening Star',
        claimant: 'The Daily Ledger',
        claimantKind: 'organization',
      }),
      appearance({
        articleId: 'c',
        outlet: 'Morning Wire',
        claimant: 'Evening Star',
        claimantKind: 'organization',
      }),
    ]);
    expect(report.originalSources).toEqual(['Ines Marchetti']);
  });

  it('counts a wire copy as no extra outlet, and separate anonymous sources per outlet', () => {
    const report = assessIndependence([
      appearance({
        articleId: 'w',
        outlet: 'Agency Press',
        claimant: 'officials',
        claimantKind: 'anonymous',
      }),
      appearance({
        articleId: 'x',
        outlet: 'Town Gazette',
        copyOf: 'w',
        claimant: 'officials',
        claimantKind: 'anonymous',
      }),
      appearance({
        articleId: 'y',
        outlet: 'City Times',
        claimant: 'two officials',
        claimantKind: 'anonymous',
        evidenceCited: ['a 2023 audit'],
      }),
    ]);
    expect(report.outlets).toBe(3);
    expect(report.independentOutlets).toBe(2);
    expect(report.originalSources).toHaveLength(2);
    expect(report.documentsCited).toEqual(['a 2023 audit']);
    expect(report.verdict).toMatch(/3 appearances in 3 outlets; 2 original sources .*; 1 document cited/);
  });

  it('does not loop when two outlets cite each other', () => {
    const report = assessIndependence([
      appearance({
        articleId: 'a',
        outlet: 'North Post',
        claimant: 'South Post',
        claimantKind: 'organization',
      }),
      appearance({
        articleId: 'b',
        outlet: 'South Post',
        claimant: 'North Post',
        claimantKind: 'organization',
      }),
    ]);
    expect(report.originalSources.length).toBeGreaterThan(0);
  });
});

describe('computeTraction', () => {
  it('counts appearances and outlets per day, with empty days, and shows hedging fading', () => {
    const traction = computeTraction([
      appearance({
        articleId: 'a',
        outlet: 'A',
        published: '2026-03-01T08:00:00Z',
        signals: ['conditional'],
        claimant: 'X',
        claimantKind: 'person',
      }),
      appearance({ articleId: 'b', outlet: 'B', published: '2026-03-01T20:00:00Z', signals: ['hedge'] }),
      appearance({ articleId: 'c', outlet: 'C', published: '2026-03-03T09:00:00Z' }),
      appearance({ articleId: 'd', outlet: 'C', published: '2026-03-03T10:00:00Z' }),
    ]);
    expect(traction.firstAppearance).toBe('2026-03-01T08:00:00Z');
    expect(traction.days.map((day) => [day.day, day.appearances, day.outlets])).toEqual([
      ['2026-03-01', 2, 2],
      ['2026-03-02', 0, 0],
      ['2026-03-03', 2, 1],
    ]);
    expect(traction.days[0]?.hedgedShare).toBe(1);
    expect(traction.days[2]?.statedShare).toBe(1);
    expect(traction.growth).toEqual({ recent: 2, previous: 1 });
  });

  it('is empty for no appearances', () => {
    expect(computeTraction([])).toEqual({
      firstAppearance: null,
      lastAppearance: null,
      days: [],
      growth: { recent: 0, previous: 0 },
    });
  });
});
