import { ClaimtrailError } from '../core/errors.ts';

/**
 * The review desk refused a request: a cluster without a verdict to export (404), a webhook that
 * cannot be reached or configured (400). Input files that are not ClaimReview are `InputError`s.
 */
export class ReviewError extends ClaimtrailError {
  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    const { status = 400, cause } = options;
    super(code, message, { status, exitCode: status >= 500 ? 1 : 2, cause });
  }
}
