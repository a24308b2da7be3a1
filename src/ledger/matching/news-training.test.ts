import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type Features } from './features.ts';
import { joinProbability } from './model.ts';
import {
  chooseWeightedThreshold,
  fitWeightedJoinModel,
  NEWS_JOIN_FEATURES,
  scoreJoins,
  type WeightedJoinExample,
  weightedJoinCounts,
} from './news-training.ts';

/** Features all 0 but the named ones. */
function features(values: Partial<Features>): Features {
  const all = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as Features;
  return { ...all, ...values };
}

/** Pairs that share more of their words the more often they state the same claim. */
function examples(count: number): WeightedJoinExample[] {
  return Array.from({ length: count }, (_, position) => {
    const shared = (position % 10) / 10;
    return {
      score: 0.5,
      features: features({ sharedWordsLow: shared, claimCoverage: shared }),
      label: shared >= 0.5 ? 1 : 0,
      weight: 1,
    };
  });
}

describe('fitting the news join model', () => {
  it('learns that pairs sharing more words join', () => {
    const model = fitWeightedJoinModel(examples(200));
    expect(model.features).toEqual(NEWS_JOIN_FEATURES);
    const low = joinProbability(model, 0.5, features({ sharedWordsLow: 0.1, claimCoverage: 0.1 }));
    const high = joinProbability(model, 0.5, features({ sharedWordsLow: 0.9, claimCoverage: 0.9 }));
    expect(low).toBeLessThan(0.2);
    expect(high).toBeGreaterThan(0.8);
  });

  it('counts an example of weight 2 as two examples, whatever the order', () => {
    const base = examples(40);
    const doubled = [...base, ...base.filter((_, position) => position % 3 === 0)];
    const weighted = base.map((example, position) => ({ ...example, weight: position % 3 === 0 ? 2 : 1 }));
    const fromCopies = fitWeightedJoinModel(doubled, { iterations: 500 });
    const fromWeights = fitWeightedJoinModel([...weighted].reverse(), { iterations: 500 });
    // Weights are scaled to an average of 1: the copies' fit sees 53 examples, the weighted one 40,
    // so the penalty weighs differently; with no penalty the two fits are the same.
    const unpenalized = { iterations: 500, l2: 0 };
    const copies = fitWeightedJoinModel(doubled, unpenalized);
    const weights = fitWeightedJoinModel([...weighted].reverse(), unpenalized);
    for (const [position, value] of copies.weights.entries()) {
      expect(weights.weights[position]).toBeCloseTo(value, 4);
    }
    expect(weights.bias).toBeCloseTo(copies.bias, 4);
    expect(fromCopies.weights).not.toEqual(fromWeights.weights);
  });

  it('ignores features it does not read', () => {
    const base = examples(60);
    const noisy = base.map((example, position) => ({
      ...example,
      features: { ...example.features, bm25Relative: position % 2, reciprocalRank: position % 3 },
    }));
    expect(fitWeightedJoinModel(noisy, { iterations: 300 })).toEqual(
      fitWeightedJoinModel(base, { iterations: 300 }),
    );
  });
});

describe('weighted join decisions', () => {
  const scored = [
    { probability: 0.9, label: 1 as const, weight: 1 },
    { probability: 0.7, label: 0 as const, weight: 3 },
    { probability: 0.6, label: 1 as const, weight: 2 },
    { probability: 0.2, label: 1 as const, weight: 4 },
  ];

  it('counts each decision by its weight', () => {
    expect(weightedJoinCounts(scored, 0.5)).toMatchObject({
      correct: 3,
      wrong: 3,
      missed: 4,
      precision: 0.5,
    });
    expect(weightedJoinCounts(scored, 0.5).recall).toBeCloseTo(3 / 7);
    expect(weightedJoinCounts(scored, 0.95)).toMatchObject({ correct: 0, wrong: 0, precision: 1, recall: 0 });
  });

  it('takes the threshold with the best weighted F1', () => {
    // A heavy wrong pair at 0.1: joining everything is right 7 times in 20 (F1 0.52); above it, 7 in
    // 10 (F1 0.82); above 0.2, 3 in 6 with 3 of 7 found; above 0.7, 1 in 1 with 1 of 7 found.
    const withNoise = [...scored, { probability: 0.1, label: 0 as const, weight: 10 }];
    const chosen = chooseWeightedThreshold(withNoise);
    expect(chosen.threshold).toBe(0.11);
    expect(chosen.precision).toBeCloseTo(0.7);
    expect(chosen.recall).toBe(1);
  });

  it('scores examples with the model it is given', () => {
    const model = fitWeightedJoinModel(examples(100), { iterations: 300 });
    const [one] = scoreJoins(examples(1), model);
    expect(one?.probability).toBeCloseTo(joinProbability(model, 0.5, examples(1)[0]?.features as Features));
  });
});
