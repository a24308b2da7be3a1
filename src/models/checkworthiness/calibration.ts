/** Platt scaling: probability = sigmoid(slope * score + intercept). */
export interface PlattScaling {
  slope: number;
  intercept: number;
}

export function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/**
 * Fits Platt scaling to raw scores by Newton's method on the log loss, with Platt's smoothed targets
 * (so that a separable set does not drive the slope to infinity).
 *
 * @example
 * fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]); // slope > 0
 */
export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[]): PlattScaling {
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const targets = labels.map((label) => (label === 1 ? high : low));
  const loss = (slope: number, intercept: number) =>
    scores.reduce((sum, score, index) => {
      const probability = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(slope * score + intercept)));
      const target = targets[index] as number;
      return sum - target * Math.log(probability) - (1 - target) * Math.log(1 - probability);
    }, 0);
  let slope = 1;
  let intercept = 0;
  let current = loss(slope, intercept);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    // Gradient and Hessian of the log loss in (slope, intercept); a tiny ridge keeps the Hessian invertible.
    let gradientSlope = 0;
    let gradientIntercept = 0;
    let hessianSlope = 1e-9;
    let hessianCross = 0;
    let hessianIntercept = 1e-9;
    scores.forEach((score, index) => {
      const probability = sigmoid(slope * score + intercept);
      const error = probability - (targets[index] as number);
      const curvature = probability * (1 - probability);
      gradientSlope += error * score;
      gradientIntercept += error;
      hessianSlope += curvature * score * score;
      hessianCross += curvature * score;
      hessianIntercept += curvature;
    });
    const determinant = hessianSlope * hessianIntercept - hessianCross * hessianCross;
    const stepSlope = (hessianIntercept * gradientSlope - hessianCross * gradientIntercept) / determinant;
    const stepIntercept = (hessianSlope * gradientIntercept - hessianCross * gradientSlope) / determinant;
    let scale = 1;
    let next = loss(slope - stepSlope, intercept - stepIntercept);
    while (next > current && scale > 1e-6) {
      scale /= 2;
      next = loss(slope - scale * stepSlope, intercept - scale * stepIntercept);
    }
    if (next > current) break;
    slope -= scale * stepSlope;
    intercept -= scale * stepIntercept;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-10) break;
  }
  return { slope, intercept };
}
