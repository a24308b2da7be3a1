import { describe, expect, it } from 'vitest';
import { clusterHeadlines, halvesByClaim, scoreClustering } from '../../scripts/eval/claim-clustering.ts';

describe('clustering scores', () => {
  it('count pairs put together by the clustering, by the gold grouping and by both', () => {
    // Gold: {0,1,2} and {3,4}. Predicted: {0,1} and {2,3,4}.
    const scores = scoreClustering(['a', 'a', 'b', 'b', 'b'], [1, 1, 1, 2, 2]);
    expect(scores.pairs.truePositives).toBe(2);
    expect(scores.pairs.falsePositives).toBe(2);
    expect(scores.pairs.falseNegatives).toBe(2);
    expect(scores.pairs.f1).toBeCloseTo(0.5);
    // Per item, precision 1, 1, 1/3, 2/3, 2/3 and recall 2/3, 2/3, 1/3, 1, 1.
    expect(scores.bcubed.precision).toBeCloseTo((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5);
    expect(scores.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5);
    expect(scores.clusters).toBe(2);
    expect(scores.groups).toBe(2);
  });

  it('are perfect for the gold grouping itself, whatever its names', () => {
    const scores = scoreClustering(['x', 'y', 'x', 'z'], [7, 8, 7, 9]);
    expect(scores.pairs.precision).toBe(1);
    expect(scores.pairs.recall).toBe(1);
    expect(scores.bcubed.f1).toBe(1);
  });

  it('refuse predictions that do not line up with the items', () => {
    expect(() => scoreClustering(['a'], [1, 2])).toThrow(/1 predictions for 2 items/);
  });
});

describe('headline clustering', () => {
  it('joins retellings of one claim and keeps other claims apart', () => {
    const clusters = clusterHeadlines([
      {
        text: 'Harbour dredging contract rigged for Brightwater Marine, says Hana Voss',
        claimId: 'dredging',
      },
      { text: 'Council approves new cycle lanes on the Riverside bridge', claimId: 'lanes' },
      {
        text: 'Hana Voss says harbour dredging contract was rigged for Brightwater Marine',
        claimId: 'dredging',
      },
    ]);
    expect(clusters[2]).toBe(clusters[0]);
    expect(clusters[1]).not.toBe(clusters[0]);
  });
});

describe('halves by claim', () => {
  it('deal claims alternately in order of first appearance, each half keeping file order', () => {
    const headlines = ['a1', 'b1', 'a2', 'c1', 'd1', 'b2', 'c2'].map((text) => ({
      text,
      claimId: text[0] as string,
    }));
    const [first, second] = halvesByClaim(headlines);
    expect(first.map((headline) => headline.text)).toEqual(['a1', 'a2', 'c1', 'c2']);
    expect(second.map((headline) => headline.text)).toEqual(['b1', 'd1', 'b2']);
  });
});
