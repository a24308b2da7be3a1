import { InputError } from '../core/errors.ts';

/**
 * The verdict scale: five steps from false to true, each a whole number with one word, so that a
 * ClaimReview export carries both (`ratingValue` and `alternateName`) and readers of other fact-checks
 * can compare. Five steps, not more: fact-checkers' own scales (PolitiFact's six, Full Fact's words)
 * map onto it without splitting hairs, and it stays the same width as Google's 1-5 reading of
 * `bestRating`/`worstRating`. Claims that cannot be rated are not squeezed onto it: their status
 * (unverified, disputed) says so instead.
 */
export const RATING_SCALE = [
  { value: 1, label: 'False', meaning: 'The claim is wrong; the evidence refutes it.' },
  { value: 2, label: 'Mostly false', meaning: 'An element of truth, but the claim as made misleads.' },
  { value: 3, label: 'Mixed', meaning: 'Parts are accurate and parts are not, in about equal measure.' },
  { value: 4, label: 'Mostly true', meaning: 'Accurate, but missing context or with a minor error.' },
  { value: 5, label: 'True', meaning: 'Accurate, with nothing significant missing.' },
] as const;

export type Rating = (typeof RATING_SCALE)[number]['value'];

/** The lowest and the highest rating, as ClaimReview's `worstRating` and `bestRating`. */
export const WORST_RATING: Rating = 1;
export const BEST_RATING: Rating = 5;

/** Whether `value` is a rating on the scale (a whole number from 1 to 5). */
export function isRating(value: unknown): value is Rating {
  return RATING_SCALE.some((step) => step.value === value);
}

function describeScale(): string {
  return RATING_SCALE.map((step) => `${step.value} ${step.label}`).join(', ');
}

/**
 * The word for a rating. Throws an InputError naming the value and listing the scale when it is not on
 * it.
 *
 * @example
 * ratingLabel(2); // 'Mostly false'
 */
export function ratingLabel(value: number): string {
  const step = RATING_SCALE.find((entry) => entry.value === value);
  if (!step) {
    throw new InputError(
      'invalid-rating',
      `rating ${value} is not on the scale; give one of ${describeScale()}`,
    );
  }
  return step.label;
}

/**
 * The rating a word names, compared without case, or null when no step has that label.
 *
 * @example
 * ratingFromLabel('mostly TRUE'); // 4
 */
export function ratingFromLabel(label: string): Rating | null {
  const wanted = label.trim().toLowerCase();
  return RATING_SCALE.find((step) => step.label.toLowerCase() === wanted)?.value ?? null;
}
