import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { fitPlatt, sigmoid } from './calibration.ts';
import { bestF1Threshold, bestSharedThreshold, rocAuc, scoresAtThreshold } from './measures.ts';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and counts ties as half', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    // Positives at 0.9 and 0.4, negatives at 0.6 and 0.1: three of four pairs ordered right.
    expect(rocAuc([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])).toBe(0.75);
  });
});

describe('scoresAtThreshold and bestF1Threshold', () => {
  const scores = [0.9, 0.7, 0.6, 0.4, 0.3, 0.1];
  const labels: (0 | 1)[] = [1, 1, 0, 1, 0, 0];

  it('counts a score at the threshold as positive', () => {
    const at = scoresAtThreshold(scores, labels, 0.6);
    expect([at.truePositives, at.falsePositives, at.falseNegatives]).toEqual([2, 1, 1]);
    expect(at.precision).toBeCloseTo(2 / 3);
  });

  it('finds the threshold with the best F1 and places it between two scores', () => {
    const best = bestF1Threshold(scores, labels);
    expect(best.f1).toBeCloseTo(6 / 7);
    expect(best.threshold).toBeGreaterThan(0.3);
    expect(best.threshold).toBeLessThan(0.4);
  });

  it('picks one threshold that serves several sets', () => {
    const threshold = bestSharedThreshold([
      { scores: [0.9, 0.2], labels: [1, 0] },
      { scores: [0.4, 0.1], labels: [1, 0] },
    ]);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThanOrEqual(0.4);
  });
});

describe('fitPlatt', () => {
  it('recovers the slope and intercept that generated the labels', () => {
    const random = createRandom(7);
    const scores = Array.from({ length: 4000 }, () => random() * 8 - 4);
    const labels = scores.map((score) => (random() < sigmoid(2 * score - 1) ? 1 : 0) as 0 | 1);
    const { slope, intercept } = fitPlatt(scores, labels);
    expect(slope).toBeGreaterThan(1.7);
    expect(slope).toBeLessThan(2.3);
    expect(intercept).toBeGreaterThan(-1.3);
    expect(intercept).toBeLessThan(-0.7);
  });

  it('stays finite on separable scores', () => {
    const { slope, intercept } = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(slope) && Number.isFinite(intercept)).toBe(true);
    expect(slope).toBeGreaterThan(0);
  });
});
