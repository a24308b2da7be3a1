import { UsageError } from './errors.ts';

/** A setting declared once: its name, default, environment variable and help text. */
export interface SettingDefinition<T> {
  name: string;
  env: string;
  default: T;
  help: string;
  parse: (raw: string) => T;
}

function parseNumber(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new UsageError(`setting ${name} must be a number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

function parseBytes(name: string) {
  return (raw: string): number => {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(raw.trim());
    if (!match) throw new UsageError(`setting ${name} must be a size like 5MB or 500kB, got "${raw}"`);
    const units: Record<string, number> = {
      b: 1,
      k: 1024,
      kb: 1024,
      m: 1024 ** 2,
      mb: 1024 ** 2,
      g: 1024 ** 3,
      gb: 1024 ** 3,
    };
    return Math.round(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1));
  };
}

function parseBoolean(name: string) {
  return (raw: string): boolean => {
    if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
    if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
    throw new UsageError(`setting ${name} must be true or false (1/0, yes/no), got "${raw}"`);
  };
}

function parseOrigins(name: string) {
  return (raw: string): string[] =>
    raw
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '')
      .map((origin) => {
        let parsed: URL;
        try {
          parsed = new URL(origin);
        } catch {
          throw new UsageError(
            `setting ${name} must list origins like https://desk.example.org, got "${origin}"`,
          );
        }
        if (parsed.origin !== origin.replace(/\/$/, '')) {
          throw new UsageError(
            `setting ${name} must list bare origins (scheme, host, port; no path), got "${origin}"`,
          );
        }
        return parsed.origin;
      });
}

export const SETTINGS = {
  maxInputBytes: {
    name: 'maxInputBytes',
    env: 'CLAIMTRAIL_MAX_INPUT',
    default: 5 * 1024 * 1024,
    help: 'Largest article input accepted, in bytes (accepts 5MB, 500kB). Larger input is refused.',
    parse: parseBytes('maxInputBytes'),
  },
  claimThreshold: {
    name: 'claimThreshold',
    env: 'CLAIMTRAIL_CLAIM_THRESHOLD',
    default: null as number | null,
    help: "Check-worthiness score (0..1) at or above which a sentence counts as a claim. Unset: the trained model's recommended threshold (0.5 for the rules).",
    parse: parseNumber('claimThreshold', 0, 1),
  },
  database: {
    name: 'database',
    env: 'CLAIMTRAIL_DB',
    default: 'claimtrail.db',
    help: 'Where the claim ledger lives: a SQLite file path (created if absent) or a `postgres://` URL (`?schema=NAME` picks the schema).',
    parse: (raw: string) => raw.trim(),
  },
  allowPrivateAddresses: {
    name: 'allowPrivateAddresses',
    env: 'CLAIMTRAIL_ALLOW_PRIVATE',
    default: false,
    help: 'Let URL fetches reach loopback and private network addresses (intranet deployments); link-local and cloud metadata addresses stay refused. Off by default.',
    parse: parseBoolean('allowPrivateAddresses'),
  },
  fetchTimeoutMs: {
    name: 'fetchTimeoutMs',
    env: 'CLAIMTRAIL_FETCH_TIMEOUT',
    default: 15_000,
    help: 'Time allowed for one URL fetch, redirects included, in milliseconds.',
    parse: parseNumber('fetchTimeoutMs', 100, 600_000),
  },
  publicReads: {
    name: 'publicReads',
    env: 'CLAIMTRAIL_PUBLIC_READS',
    default: true,
    help: 'Let anyone read the review desk (API and pages) without a token; writes always need a reviewer token. Turn off to require a viewer token for reads.',
    parse: parseBoolean('publicReads'),
  },
  corsOrigins: {
    name: 'corsOrigins',
    env: 'CLAIMTRAIL_CORS_ORIGINS',
    default: [] as string[],
    help: 'Comma-separated origins (https://desk.example.org) whose pages may call the API from a browser. Empty: no cross-origin access.',
    parse: parseOrigins('corsOrigins'),
  },
  rateLimitPerMinute: {
    name: 'rateLimitPerMinute',
    env: 'CLAIMTRAIL_RATE_LIMIT',
    default: 120,
    help: 'API requests allowed per minute for each token (or each address without one); 0 turns the limit off.',
    parse: parseNumber('rateLimitPerMinute', 0, 1_000_000),
  },
  webhookUrl: {
    name: 'webhookUrl',
    env: 'CLAIMTRAIL_WEBHOOK_URL',
    default: null as string | null,
    help: 'Where alerts on watched claims are POSTed as JSON. Unset: alerts are only listed and in the Atom feed.',
    parse: (raw: string) => raw.trim(),
  },
  webhookSecret: {
    name: 'webhookSecret',
    env: 'CLAIMTRAIL_WEBHOOK_SECRET',
    default: null as string | null,
    help: 'Key that signs each webhook body (HMAC-SHA256, hex, in the X-Claimtrail-Signature header) so the receiver can check it came from here.',
    parse: (raw: string) => raw.trim(),
  },
} satisfies Record<string, SettingDefinition<unknown>>;

export type Settings = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['default'] };

/** Defaults, overridden by environment variables, overridden by explicit values. */
export function resolveSettings(
  overrides: Partial<Settings> = {},
  env: Record<string, string | undefined> = {},
): Settings {
  const resolved: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(SETTINGS) as [
    keyof Settings,
    SettingDefinition<unknown>,
  ][]) {
    const raw = env[definition.env];
    resolved[key] =
      overrides[key] ?? (raw === undefined || raw === '' ? definition.default : definition.parse(raw));
  }
  return resolved as Settings;
}

export { parseBytes };
