import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import type { ClaimIndex, MatchCandidate, QueryOptions } from './claim-index.ts';
import { decideCluster } from './cluster.ts';
import { DEFAULT_JOIN_MODEL, DEFAULT_MATCH_MODEL } from './default-model.ts';
import { createClaimIndex } from './index.ts';
import type { GroupDecision } from './join-query.ts';
import type { JoinModel, MatchModel } from './model.ts';

type Groups = ((claimId: string) => string | undefined)[];

const COMMON = 'the a said officials report new year state people plan week city law vote'.split(' ');
const TOPICS = [
  'Hana Voss harbour dredging contract rigged Brightwater Marine 2019 tender',
  'unemployment rate fell 3.5 percent lowest 1969 Labor Department',
  'Governor Ruiz signed budget cutting school funding 12 million districts',
  'Senator Okafor voted against veterans bill twice 2017 2018 Congress',
  'vaccine trial Moderna 95 efficacy volunteers Phase FDA approval',
  'wildfire Paradise destroyed 18,000 buildings PG&E power lines blamed',
];

/** Claims drawn from a few topics, with retellings: many candidates pass the floors, some join. */
function generatedClaims(seed: number, count: number): string[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const claims: string[] = [];
  for (let made = 0; made < count; made += 1) {
    if (claims.length > 0 && random() < 0.4) {
      // A retelling: a stored claim with a word or two dropped, swapped or added.
      const words = pick(claims).split(' ');
      for (let edit = Math.floor(random() * 3); edit >= 0; edit -= 1) {
        const at = Math.floor(random() * words.length);
        const roll = random();
        if (roll < 0.33 && words.length > 3) words.splice(at, 1);
        else if (roll < 0.66) words[at] = pick(COMMON);
        else words.splice(at, 0, pick(pick(TOPICS).split(' ')));
      }
      claims.push(words.join(' '));
      continue;
    }
    const topic = pick(TOPICS).split(' ');
    const length = 5 + Math.floor(random() * 10);
    const words = Array.from({ length }, () => (random() < 0.7 ? pick(topic) : pick(COMMON)));
    claims.push(`${words.join(' ')}.`);
  }
  return claims;
}

/** A model with random weights, the word-pair ones large and of either sign. */
function randomMatchModel(random: () => number): MatchModel {
  const weights = DEFAULT_MATCH_MODEL.features.map((name) =>
    name === 'bigramOverlap' || name === 'shingleJaccard' ? (random() - 0.5) * 12 : (random() - 0.5) * 6,
  );
  return { features: DEFAULT_MATCH_MODEL.features, weights, bias: (random() - 0.5) * 4 };
}

function randomJoinModel(random: () => number): JoinModel {
  return {
    scoreWeight: (random() - 0.5) * 6,
    features: DEFAULT_JOIN_MODEL.features,
    weights: DEFAULT_JOIN_MODEL.features.map(() => (random() - 0.5) * 6),
    bias: (random() - 0.5) * 2,
  };
}

/** What the full ranking decides: `decideCluster` over each group's share of `query`, in turn. */
function rankedDecision(
  index: ClaimIndex,
  text: string,
  groups: Groups,
  options: QueryOptions & { limit: number; threshold: number; model: JoinModel },
): GroupDecision | null {
  const candidates: MatchCandidate[] = index.query(text, {}, options.limit, options);
  for (let group = 0; group < groups.length; group += 1) {
    const clusterOf = groups[group] as (claimId: string) => string | undefined;
    const placed = candidates.filter((candidate) => clusterOf(candidate.id) !== undefined);
    if (placed.length === 0) continue;
    const decision = decideCluster(placed, clusterOf, options);
    if (decision) return { ...decision, group };
  }
  return null;
}

/**
 * Stores `claims` under ids c0, c1, …: most in a cluster of their own or a neighbour's, some pending
 * (the second group), some in neither, as the ledger's provisional claims of an earlier article are.
 */
function populated(claims: readonly string[], model: MatchModel, seed: number) {
  const random = createRandom(seed);
  const index = createClaimIndex({ model });
  const clusters = new Map<string, string>();
  const pending = new Map<string, string>();
  claims.forEach((text, position) => {
    const id = `c${position}`;
    index.add(id, text);
    const roll = random();
    if (roll < 0.7) clusters.set(id, `cluster-${Math.floor(position / 3)}`);
    else if (roll < 0.85) pending.set(id, `key-${position}`);
  });
  const groups: Groups = [(id) => clusters.get(id), (id) => pending.get(id)];
  return { index, groups };
}

describe('joinDecision', () => {
  const stored = generatedClaims(7, 400);
  const queries = generatedClaims(8, 400).slice(200);

  it('decides as the full ranking does, for the default models and the ledger floors', () => {
    const { index, groups } = populated(stored, DEFAULT_MATCH_MODEL, 1);
    let joins = 0;
    for (const text of queries) {
      for (const threshold of [0, 0.2, 0.43, 0.7]) {
        for (const limit of [1, 3, 20]) {
          const options = {
            limit,
            threshold,
            model: DEFAULT_JOIN_MODEL,
            minimumCoverage: 0.3,
            minimumCoverageEachSide: 0.2,
          };
          const expected = rankedDecision(index, text, groups, options);
          expect(index.joinDecision(text, { ...options, groups })).toEqual(expected);
          if (expected) joins += 1;
        }
      }
    }
    // The comparison means something only when both answers occur often.
    expect(joins).toBeGreaterThan(100);
    expect(joins).toBeLessThan(queries.length * 12 - 100);
  });

  it('decides as the full ranking does for models whose word pairs weigh either way', () => {
    const random = createRandom(3);
    let joins = 0;
    let compared = 0;
    for (let trial = 0; trial < 12; trial += 1) {
      const { index, groups } = populated(stored.slice(0, 200), randomMatchModel(random), trial);
      const model = randomJoinModel(random);
      for (const text of queries.slice(0, 60)) {
        for (const floors of [{}, { minimumCoverage: 0.3, minimumCoverageEachSide: 0.2 }]) {
          const options = { limit: 1 + Math.floor(random() * 6), threshold: random(), model, ...floors };
          const expected = rankedDecision(index, text, groups, options);
          expect(index.joinDecision(text, { ...options, groups })).toEqual(expected);
          compared += 1;
          if (expected) joins += 1;
        }
      }
    }
    expect(joins).toBeGreaterThan(compared / 10);
    expect(joins).toBeLessThan(compared - compared / 10);
  });

  it('answers null when no group holds a candidate, and refuses a threshold outside 0..1', () => {
    const { index, groups } = populated(stored.slice(0, 50), DEFAULT_MATCH_MODEL, 2);
    const text = stored[0] as string;
    expect(index.joinDecision(text, { groups: [() => undefined] })).toBeNull();
    expect(() => index.joinDecision(text, { groups, threshold: 1.5 })).toThrow(/threshold/);
  });
});
