import { ClaimtrailError } from '../../core/errors.ts';

/** A claim index was used wrongly: a duplicate id, bad options, or a snapshot it cannot read. */
export class MatchingError extends ClaimtrailError {
  constructor(message: string) {
    super('matching', message, { exitCode: 2, status: 400 });
  }
}
