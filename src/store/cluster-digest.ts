import type { SourceKind } from '../core/types.ts';
import type { AppearanceGroup, IsoTime } from './types.ts';

const DAY_MILLISECONDS = 86_400_000;

/**
 * The bounds of the two growth windows before the latest appearance: `(previousFrom, recentFrom]`
 * and `(recentFrom, last]`. Stored times are all `toISOString()` output in years 1000-9999, so the
 * stores compare them as strings or as timestamps alike.
 */
export function growthWindows(last: IsoTime): { recentFrom: IsoTime; previousFrom: IsoTime } {
  const time = Date.parse(last);
  return {
    recentFrom: new Date(time - DAY_MILLISECONDS).toISOString(),
    previousFrom: new Date(time - 2 * DAY_MILLISECONDS).toISOString(),
  };
}

/** One group as both stores' digest queries return it. */
export interface AppearanceGroupRow {
  day: string;
  outlet: string;
  claimant: string | null;
  claimant_kind: SourceKind | null;
  copy_of: string | null;
  /** 0 or 1 from SQLite, a boolean from PostgreSQL. */
  denied: number | boolean;
  appearances: number;
  hedged: number;
  first: string;
  last: string;
}

export function toAppearanceGroup(row: AppearanceGroupRow): AppearanceGroup {
  return {
    day: row.day,
    outlet: row.outlet,
    claimant: row.claimant,
    claimantKind: row.claimant_kind,
    copyOf: row.copy_of,
    denied: Boolean(row.denied),
    appearances: Number(row.appearances),
    hedged: Number(row.hedged),
    first: row.first,
    last: row.last,
  };
}
