import { errorSchema } from './schemas.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid request: the message names the parameter',
  401: 'no token, or an unknown or revoked one',
  403: "the token's role is too low",
  404: 'nothing with this id',
  409: 'conflicts with what is stored',
  413: 'the body is over the size limit',
  429: 'over the rate limit; see Retry-After',
};

/** The documented error responses of a route, all `{ error: { code, message } }`. */
export function errorResponses<const Codes extends readonly number[]>(...codes: Codes) {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: DESCRIPTIONS[code] ?? 'error',
        content: { 'application/json': { schema: errorSchema } },
      },
    ]),
  ) as {
    [K in Codes[number]]: {
      description: string;
      content: { 'application/json': { schema: typeof errorSchema } };
    };
  };
}
