import { describe, expect, it } from 'vitest';
import {
  addCounts,
  claimantsMatch,
  matchSpans,
  normalizeName,
  overlapLength,
  scoresFromCounts,
  uniqueSpans,
} from './metrics.ts';

describe('scoresFromCounts', () => {
  it('computes precision, recall and F1', () => {
    const scores = scoresFromCounts({ truePositives: 3, falsePositives: 1, falseNegatives: 3 });
    expect(scores.precision).toBeCloseTo(0.75);
    expect(scores.recall).toBeCloseTo(0.5);
    expect(scores.f1).toBeCloseTo(0.6);
  });

  it('scores 0 when nothing is predicted or nothing is gold', () => {
    expect(scoresFromCounts({ truePositives: 0, falsePositives: 0, falseNegatives: 4 })).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
    });
    expect(scoresFromCounts({ truePositives: 0, falsePositives: 2, falseNegatives: 0 }).f1).toBe(0);
  });

  it('gives 1 for a perfect prediction', () => {
    expect(scoresFromCounts({ truePositives: 5, falsePositives: 0, falseNegatives: 0 })).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
    });
  });
});

describe('addCounts', () => {
  it('sums counts field by field', () => {
    expect(
      addCounts(
        { truePositives: 1, falsePositives: 2, falseNegatives: 3 },
        { truePositives: 10, falsePositives: 20, falseNegatives: 30 },
      ),
    ).toEqual({ truePositives: 11, falsePositives: 22, falseNegatives: 33 });
    expect(addCounts()).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });
  });
});

describe('overlapLength', () => {
  it('counts shared characters of half-open ranges', () => {
    expect(overlapLength({ start: 0, end: 10 }, { start: 5, end: 20 })).toBe(5);
    expect(overlapLength({ start: 0, end: 5 }, { start: 5, end: 9 })).toBe(0);
  });

  it('counts only the fragments of a discontinuous span', () => {
    const gold = {
      start: 0,
      end: 30,
      fragments: [
        { start: 0, end: 10 },
        { start: 20, end: 30 },
      ],
    };
    expect(overlapLength({ start: 12, end: 18 }, gold)).toBe(0);
    expect(overlapLength({ start: 5, end: 25 }, gold)).toBe(10);
  });
});

describe('matchSpans', () => {
  const gold = [
    { start: 0, end: 10 },
    { start: 20, end: 30 },
  ];

  it('matches exactly only identical extents', () => {
    const predicted = [
      { start: 0, end: 10 },
      { start: 20, end: 29 },
    ];
    expect(matchSpans(predicted, gold, 'exact')).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
    });
  });

  it('matches by overlap of at least one character', () => {
    const predicted = [
      { start: 9, end: 12 },
      { start: 40, end: 50 },
    ];
    expect(matchSpans(predicted, gold, 'overlap')).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
    });
  });

  it('uses each gold span at most once', () => {
    const predicted = [
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ];
    expect(matchSpans(predicted, gold, 'overlap')).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
    });
  });

  it('finds the largest pairing, whatever the order', () => {
    // The first prediction shares most with the first gold span, but taking it there would leave the
    // second prediction, which touches only that span, without a partner.
    const predicted = [
      { start: 0, end: 22 },
      { start: 8, end: 10 },
    ];
    expect(matchSpans(predicted, gold, 'overlap').truePositives).toBe(2);
    expect(matchSpans([...predicted].reverse(), gold, 'overlap').truePositives).toBe(2);
  });

  it('compares the extent of a discontinuous gold span in exact mode', () => {
    const discontinuous = [
      {
        start: 0,
        end: 30,
        fragments: [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
      },
    ];
    expect(matchSpans([{ start: 0, end: 30 }], discontinuous, 'exact').truePositives).toBe(1);
  });
});

describe('uniqueSpans', () => {
  it('keeps one span per extent', () => {
    expect(
      uniqueSpans([
        { start: 1, end: 2 },
        { start: 1, end: 2 },
        { start: 1, end: 3 },
      ]),
    ).toHaveLength(2);
  });
});

describe('claimantsMatch', () => {
  it('ignores case and leading determiners', () => {
    expect(normalizeName('The World Health Organization')).toBe('world health organization');
    expect(claimantsMatch('the scientists', 'Scientists')).toBe(true);
  });

  it('accepts one name contained in the other as whole words', () => {
    expect(claimantsMatch('Trump', 'Donald Trump')).toBe(true);
    expect(claimantsMatch('Eli Lilly and Company', 'Eli Lilly')).toBe(true);
    expect(claimantsMatch('Ann', 'Joanna Smith')).toBe(false);
  });

  it('accepts a shared head word', () => {
    expect(claimantsMatch('President Trump', 'Donald Trump')).toBe(true);
    expect(claimantsMatch('health officials', 'Chinese officials')).toBe(true);
  });

  it('rejects different names and empty names', () => {
    expect(claimantsMatch('Pfizer', 'Moderna')).toBe(false);
    expect(claimantsMatch('', 'Moderna')).toBe(false);
  });

  it('treats possessives and curly apostrophes alike', () => {
    expect(claimantsMatch('Hong Kong’s Agriculture Department', "Hong Kong's agriculture department")).toBe(
      true,
    );
  });
});
