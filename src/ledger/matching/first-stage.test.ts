import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import { claimIndexFromJSON, createClaimIndex, FIRST_STAGE_MODEL, prepareClaim } from './index.ts';
import { analyzeText, DEFAULT_TEXT_OPTIONS, TokenMemo } from './text.ts';

const WORDS =
  'mayor bridge open june city council vote tax school budget river flood storm senator bill law court judge police fire hospital vaccine election fraud ballot border wall troops'.split(
    ' ',
  );

/** Words drawn by Zipf's law, as in text: a few common words with long lists, many rare ones. */
function zipf(random: () => number): () => string {
  const weights = WORDS.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return () => {
    let draw = random() * total;
    for (const [rank, weight] of weights.entries()) {
      draw -= weight;
      if (draw <= 0) return WORDS[rank] as string;
    }
    return WORDS[WORDS.length - 1] as string;
  };
}

function buildIndexes(postingBudget: number) {
  const random = createRandom(11);
  const pick = zipf(random);
  const options = { model: FIRST_STAGE_MODEL, nearDuplicates: false as const };
  const pruned = createClaimIndex({ ...options, postingBudget });
  const full = createClaimIndex({ ...options, postingBudget: 0 });
  for (let number = 0; number < 3000; number += 1) {
    const text = Array.from({ length: 4 + Math.floor(random() * 8) }, pick).join(' ');
    pruned.add(`c${number}`, text);
    full.add(`c${number}`, text);
  }
  const queries = Array.from({ length: 30 }, (_, trial) =>
    Array.from({ length: 3 + (trial % 8) }, pick).join(' '),
  );
  return { pruned, full, queries };
}

describe('first stage with a posting budget', () => {
  it('reads every posting, and answers exactly, when the query fits the budget', () => {
    const { pruned, full, queries } = buildIndexes(1_000_000);
    for (const query of queries) expect(pruned.query(query, {}, 10)).toEqual(full.query(query, {}, 10));
  });

  it('scores what it finds exactly and finds most of the best when it leaves common words unread', () => {
    const { pruned, full, queries } = buildIndexes(800);
    let found = 0;
    let expected = 0;
    for (const query of queries) {
      const fast = pruned.query(query, {}, 10);
      const reference = new Map(full.query(query, {}, 40).map((candidate) => [candidate.id, candidate]));
      for (const candidate of fast) {
        // Whatever the pool holds carries its exact BM25 score over every query term.
        expect(candidate.signals.firstStage).toBeCloseTo(
          full.compare(query, candidate.id).signals.firstStage,
          9,
        );
      }
      const best = full.query(query, {}, 10).map((candidate) => candidate.id);
      const held = new Set(fast.map((candidate) => candidate.id));
      found += best.filter((id) => held.has(id)).length;
      expected += best.length;
      expect(reference.size).toBeGreaterThan(0);
    }
    expect(found / expected).toBeGreaterThan(0.8);
  });

  it('rejects a budget that is not a whole number', () => {
    expect(() => createClaimIndex({ postingBudget: -1 })).toThrow(/postingBudget/);
  });
});

describe('prepared claims', () => {
  it('match and store exactly as the text they were prepared from', () => {
    const { full, queries } = buildIndexes(0);
    const copy = createClaimIndex({ model: FIRST_STAGE_MODEL, nearDuplicates: false, postingBudget: 0 });
    for (const [number, query] of queries.entries()) {
      const extras = { entities: ['Senator Bill'], title: number % 2 === 0 ? 'council vote' : undefined };
      const prepared = full.prepare(query, extras);
      expect(full.query(prepared, {}, 10)).toEqual(full.query(query, extras, 10));
      copy.add(`p${number}`, prepared);
      copy.add(`t${number}`, query, extras);
      expect(copy.storedTerms(`p${number}`)).toEqual(copy.storedTerms(`t${number}`));
    }
    const reused = prepareClaim(
      'council vote',
      {},
      DEFAULT_TEXT_OPTIONS,
      full.prepare('council vote', { entities: ['x'] }),
    );
    expect(reused.given.size).toBe(0);
    expect(reused.body.terms).toEqual(full.prepare('council vote').body.terms);
  });

  it('reads words the same with a memo as without', () => {
    const memo = new TokenMemo('porter', 50);
    const texts = [
      'Trump’s #FakeNews claim about 1,000 jobs https://t.co/x',
      'The U.S. Senate voted 52-48; Sen. Bill Cassidy (R-La.) said “no” — @SenBillCassidy June 3, 2019',
      'ALDI offers free food to homeless people at their stores after 4 PM on Christmas Eve.',
      ...Array.from(
        { length: 60 },
        (_, number) => `Council vote number ${number} on the Budget, said Mayor Smith.`,
      ),
    ];
    for (const text of [...texts, ...texts]) {
      expect(analyzeText(text, DEFAULT_TEXT_OPTIONS, memo)).toEqual(analyzeText(text, DEFAULT_TEXT_OPTIONS));
    }
  });
});

describe('names given with a claim', () => {
  it('are read the same through a memo, under whichever options a claim is prepared with', () => {
    // Stemmers that read these names differently ("running" or "run"); a small memo forgets often.
    const options = [DEFAULT_TEXT_OPTIONS, { ...DEFAULT_TEXT_OPTIONS, stemmer: 's' as const }];
    const names = ['Running Mates', 'Voting Rights', '@RunningMates', 'Flying Doctors', 'Amy Runs'];
    for (const memo of [new TokenMemo('porter', 3), new TokenMemo('porter')]) {
      for (const textOptions of [...options, ...[...options].reverse()]) {
        for (const name of [...names, ...names]) {
          const prepared = prepareClaim('They ran.', { entities: [name] }, textOptions, undefined, memo);
          expect([...prepared.given]).toEqual(analyzeText(name, textOptions).terms);
        }
      }
    }
  });
});

describe('first stage arrays kept from query to query', () => {
  it('answer each query as an index answering its first query does', () => {
    const random = createRandom(5);
    // More distinct words than the arrays first hold query terms, and more candidates than their pool.
    const words = Array.from(
      { length: 90 },
      (_, number) =>
        `k${String.fromCharCode(97 + (number % 26))}${String.fromCharCode(97 + Math.floor(number / 26))}x`,
    );
    const pick = () => words[Math.floor(random() ** 2 * words.length)] as string;
    const index = createClaimIndex({ model: FIRST_STAGE_MODEL, candidates: 100, postingBudget: 2000 });
    for (let number = 0; number < 2000; number += 1) {
      index.add(`c${number}`, Array.from({ length: 4 + Math.floor(random() * 10) }, pick).join(' '));
    }
    const snapshot = index.toJSON();
    const lengths = [70, 2, 40, 1, 12, 85, 3, 33, 7, 60];
    for (const [number, length] of lengths.entries()) {
      const query = Array.from({ length }, pick).join(' ');
      const fresh = claimIndexFromJSON(snapshot);
      expect(index.query(query, {}, 20)).toEqual(fresh.query(query, {}, 20));
      const id = `c${number * 97}`;
      expect(index.compare(query, id)).toEqual(fresh.compare(query, id));
    }
  });
});
