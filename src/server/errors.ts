import { HTTPException } from 'hono/http-exception';
import { ClaimtrailError } from '../core/errors.ts';

/** A request the API refuses: a bad parameter, a missing token, a role too low, too many requests. */
export class ApiError extends ClaimtrailError {
  constructor(code: string, message: string, status: number) {
    super(code, message, { exitCode: 2, status });
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * What a thrown value becomes for the client: a ClaimtrailError keeps its code, message and status
 * (a 500 among them hides its message, which may name internals); anything else is an internal error.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ClaimtrailError && error.status < 500) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  // Hono's own refusals: a body that is not the JSON or form it claims to be.
  if (error instanceof HTTPException && error.status < 500) {
    const message = error.message || 'the request could not be read';
    return {
      status: error.status,
      body: { error: { code: 'invalid-request', message: `${message}; send valid JSON` } },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error; the server log has the details' } },
  };
}
