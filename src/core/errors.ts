/**
 * The one error base class. `code` is stable for programs; `message` names the offending value and
 * says what to do; `exitCode` and `status` tell the CLI and the API how to report it.
 */
export class ClaimtrailError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly status: number;

  constructor(
    code: string,
    message: string,
    options: { exitCode?: number; status?: number; cause?: unknown } = {},
  ) {
    const { exitCode = 1, status = 500, cause } = options;
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.status = status;
  }
}

/** The user gave input that cannot be analyzed: a missing file, binary data, a page in another language. */
export class InputError extends ClaimtrailError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { exitCode: 2, status: 400, cause });
  }
}

/** A command line or setting that does not make sense. */
export class UsageError extends ClaimtrailError {
  constructor(message: string) {
    super('usage', message, { exitCode: 2, status: 400 });
  }
}

export function isClaimtrailError(value: unknown): value is ClaimtrailError {
  return value instanceof ClaimtrailError;
}
