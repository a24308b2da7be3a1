import { type Appearance, isAttributed, isHedged, isStatedAsFact } from './appearance.ts';

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

function share(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 1000) / 1000;
}

/**
 * Traction of a claim cluster: per UTC day, its appearances and distinct outlets, and how it was
 * told (hedged, attributed, stated as fact), so one can see whether hedging fades as it spreads.
 * Days with no appearance between the first and the last are included with zeros.
 */
export function computeTraction(appearances: readonly Appearance[]): Traction {
  const sorted = [...appearances].sort((a, b) => a.published.localeCompare(b.published));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last)
    return { firstAppearance: null, lastAppearance: null, days: [], growth: { recent: 0, previous: 0 } };
  const byDay = new Map<string, Appearance[]>();
  for (const appearance of sorted) {
    const day = appearance.published.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), appearance]);
  }
  const days: TractionDay[] = [];
  const end = Date.parse(`${last.published.slice(0, 10)}T00:00:00Z`);
  for (let time = Date.parse(`${first.published.slice(0, 10)}T00:00:00Z`); time <= end; time += 86_400_000) {
    const day = new Date(time).toISOString().slice(0, 10);
    const list = byDay.get(day) ?? [];
    days.push({
      day,
      appearances: list.length,
      outlets: new Set(list.map((appearance) => appearance.outlet.toLowerCase())).size,
      hedgedShare: share(list.filter(isHedged).length, list.length),
      attributedShare: share(list.filter(isAttributed).length, list.length),
      statedShare: share(list.filter(isStatedAsFact).length, list.length),
    });
    if (days.length > 3660) break;
  }
  const lastTime = Date.parse(last.published);
  const within = (from: number, to: number) =>
    sorted.filter((appearance) => {
      const time = Date.parse(appearance.published);
      return time > from && time <= to;
    }).length;
  return {
    firstAppearance: first.published,
    lastAppearance: last.published,
    days,
    growth: {
      recent: within(lastTime - 86_400_000, lastTime),
      previous: within(lastTime - 2 * 86_400_000, lastTime - 86_400_000),
    },
  };
}
