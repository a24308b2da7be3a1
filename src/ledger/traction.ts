import type { AppearanceGroup, ClusterDigest } from '../store/index.ts';
import type { Appearance } from './appearance.ts';
import { digestAppearances, groupIsAttributed } from './digest.ts';

export interface TractionDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  appearances: number;
  outlets: number;
  /** Share of the day's appearances that hedge, that attribute, and that state the claim as fact. */
  hedgedShare: number;
  attributedShare: number;
  statedShare: number;
}

export interface Traction {
  firstAppearance: string | null;
  lastAppearance: string | null;
  days: TractionDay[];
  /** Appearances in the latest 24 hours of the record, against the 24 hours before them. */
  growth: { recent: number; previous: number };
}

/** Days shown at most, from the first appearance: ten years. */
const MAXIMUM_DAYS = 3661;

function share(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 1000) / 1000;
}

/**
 * Traction of a claim cluster from its digest: per UTC day, its appearances and distinct outlets,
 * and how it was told (hedged, attributed, stated as fact), so one can see whether hedging fades as
 * it spreads. Days with no appearance between the first and the last are included with zeros.
 */
export function tractionFromDigest(digest: ClusterDigest): Traction {
  const { groups } = digest;
  if (groups.length === 0)
    return { firstAppearance: null, lastAppearance: null, days: [], growth: { recent: 0, previous: 0 } };
  let first = (groups[0] as AppearanceGroup).first;
  let last = (groups[0] as AppearanceGroup).last;
  const byDay = new Map<string, AppearanceGroup[]>();
  for (const group of groups) {
    if (group.first < first) first = group.first;
    if (group.last > last) last = group.last;
    byDay.set(group.day, [...(byDay.get(group.day) ?? []), group]);
  }
  const days: TractionDay[] = [];
  const end = Date.parse(`${last.slice(0, 10)}T00:00:00Z`);
  for (let time = Date.parse(`${first.slice(0, 10)}T00:00:00Z`); time <= end; time += 86_400_000) {
    const day = new Date(time).toISOString().slice(0, 10);
    const list = byDay.get(day) ?? [];
    let appearances = 0;
    let hedged = 0;
    let attributed = 0;
    let stated = 0;
    for (const group of list) {
      appearances += group.appearances;
      hedged += group.hedged;
      if (groupIsAttributed(group)) attributed += group.appearances;
      else stated += group.appearances - group.hedged;
    }
    days.push({
      day,
      appearances,
      outlets: new Set(list.map((group) => group.outlet.toLowerCase())).size,
      hedgedShare: share(hedged, appearances),
      attributedShare: share(attributed, appearances),
      statedShare: share(stated, appearances),
    });
    if (days.length >= MAXIMUM_DAYS) break;
  }
  return { firstAppearance: first, lastAppearance: last, days, growth: digest.growth };
}

/** Traction of appearances held in memory; see `tractionFromDigest`. */
export function computeTraction(appearances: readonly Appearance[]): Traction {
  return tractionFromDigest(digestAppearances(appearances));
}
