import { ClaimtrailError } from '../core/errors.ts';

/**
 * The claim ledger's store failed or refused a request: a database that cannot be opened or was
 * written by a newer claimtrail, input a store method cannot take, a write the database rejected.
 * `status` 400 (and exit code 2) marks the caller's mistake, 409 a conflict with what is stored, 500 a
 * fault in the database itself.
 */
export class StoreError extends ClaimtrailError {
  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    const { status = 500, cause } = options;
    super(code, message, { status, exitCode: status >= 500 ? 1 : 2, cause });
  }
}

/** What a read or a write names (an article, a version, a cluster) is not in the store. */
export class NotFoundError extends StoreError {
  /** `what` names the missing thing and its id: `cluster "12"`, `version 3 of article "7"`. */
  constructor(what: string) {
    super('not-found', `no ${what} in the store`, { status: 404 });
  }
}

/** Hides the password of a connection URL before it goes into a message. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
