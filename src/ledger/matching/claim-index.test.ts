import { describe, expect, it } from 'vitest';
import { createRandom } from '../../models/random.ts';
import {
  analyzeText,
  claimIndexFromJSON,
  createClaimIndex,
  decideCluster,
  FIRST_STAGE_MODEL,
  MatchingError,
  porterStem,
  rankClusters,
  sStem,
} from './index.ts';
import { segmentWord } from './text.ts';

const CLAIMS: [string, string, string][] = [
  [
    'guantanamo',
    '122 detainees released from Guantanamo Bay under President Obama have re-engaged in terrorism.',
    'Did 122 Guantanamo Prisoners Return to the Battlefield?',
  ],
  [
    'aldi',
    'ALDI offers free food to homeless people at their stores after 4 PM on Christmas Eve.',
    'Is ALDI Offering Homeless People Free Food?',
  ],
  [
    'eastwood',
    'Clint Eastwood wrote a viral essay explaining why he supports Donald Trump.',
    'Did Clint Eastwood Write This Essay?',
  ],
  [
    'tornado',
    'Videos show tornadoes in Cape Town, South Africa.',
    'Does Footage Show Tornadoes in Cape Town?',
  ],
  [
    'parade-1961',
    'Tanks took part in the 1961 inaugural parade of President John Kennedy.',
    'Tanks at the 1961 Inaugural Parade?',
  ],
  [
    'parade-1953',
    'Tanks took part in the 1953 inaugural parade of President Dwight Eisenhower.',
    'Tanks at the 1953 Inaugural Parade?',
  ],
  [
    'walls',
    'Photographs show walls around the homes of President Obama and Nancy Pelosi.',
    'Did These Politicians Build Walls Around Their Homes?',
  ],
  [
    'cornflakes',
    'Kellogg corn flakes were invented to discourage masturbation.',
    'Were Corn Flakes Invented as an Anti-Masturbatory Meal?',
  ],
];

function buildIndex() {
  const index = createClaimIndex();
  for (const [id, text, title] of CLAIMS) index.add(id, text, { title });
  return index;
}

describe('claim index', () => {
  it('finds a near-duplicate through the LSH table and ranks it first', () => {
    const index = buildIndex();
    const [best] = index.query(
      'ALDI offers free food to homeless people at its stores after 4 PM on Christmas Eve!',
    );
    expect(best?.id).toBe('aldi');
    expect(best?.signals.nearDuplicate).toBe(true);
    expect(best?.signals.shingleJaccard).toBeGreaterThan(0.6);
  });

  it('scores only the best near-duplicates beyond the pool when a claim was stored many times over', () => {
    const index = createClaimIndex({ candidates: 5 });
    const copies = 60;
    for (let copy = 0; copy < copies; copy += 1) {
      index.add(
        `copy${copy}`,
        `The harbour dredging contract was rigged in favour of Brightwater Marine, report ${copy} says.`,
      );
    }
    index.add(
      'voss',
      'The harbour dredging contract was rigged in favour of Brightwater Marine, Hana Voss says.',
    );
    const results = index.query(
      'The harbour dredging contract was rigged in favour of Brightwater Marine, Hana Voss says.',
      {},
      copies + 1,
    );
    expect(results[0]?.id).toBe('voss');
    expect(results.filter((candidate) => candidate.signals.nearDuplicate).length).toBeGreaterThan(5);
    // The first stage's 5, and the 5 near-duplicates it ranked next; not all 61.
    expect(results.length).toBeLessThanOrEqual(10);
  });

  it('ranks a paraphrase above an unrelated claim', () => {
    const index = buildIndex();
    const results = index.query('Footage of several twisters touching down near Cape Town', {}, 10);
    const paraphrase = results.findIndex((candidate) => candidate.id === 'tornado');
    const unrelated = results.findIndex((candidate) => candidate.id === 'guantanamo');
    expect(paraphrase).toBe(0);
    expect(unrelated === -1 || unrelated > paraphrase).toBe(true);
  });

  it('scores a claim lower when its number differs from the query', () => {
    const index = buildIndex();
    const query = 'Tanks rolled through the 1961 inaugural parade';
    const matching = index.compare(query, 'parade-1961');
    const differing = index.compare(query, 'parade-1953');
    expect(differing.signals.numberConflict).toBe(1);
    expect(matching.signals.numberConflict).toBe(0);
    expect(matching.score).toBeGreaterThan(differing.score);
  });

  it('splits run-together hashtags into known words', () => {
    const index = buildIndex();
    expect(index.query('All #capetownstorm videos are fake')[0]?.id).toBe('tornado');
    expect(index.query('Google "why were #cornflakes invented"')[0]?.id).toBe('cornflakes');
  });

  it('gives identical results after a JSON round trip', () => {
    const index = buildIndex();
    const copy = claimIndexFromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    for (const query of [
      'Obama built walls around his mansion',
      'Guantanamo prisoners back to terrorism',
      'tanks',
    ]) {
      expect(copy.query(query, {}, 5)).toEqual(index.query(query, {}, 5));
    }
    copy.add('new', 'A new claim about walls and homes.');
    expect(copy.size).toBe(CLAIMS.length + 1);
    expect(index.size).toBe(CLAIMS.length);
  });

  it('is deterministic: two indexes built alike give equal answers and band keys', () => {
    const first = buildIndex().query('Clint Eastwood essay on Trump', {}, 5);
    const second = buildIndex().query('Clint Eastwood essay on Trump', {}, 5);
    expect(second).toEqual(first);
    expect(buildIndex().toJSON().bandKeys).toBe(buildIndex().toJSON().bandKeys);
  });

  it('agrees with the exhaustive scan on the best candidate', () => {
    const index = buildIndex();
    for (const query of ['Obama walls homes', 'free food homeless Christmas', 'Kennedy parade tanks 1961']) {
      expect(index.query(query, {}, 1)[0]?.id).toBe(index.scan(query, {}, 1)[0]?.id);
    }
  });

  it('answers under a new id after a rename, with the same scores, and refuses ids it cannot take', () => {
    const index = buildIndex();
    const before = index.query('Kennedy parade tanks 1961', {}, 3);
    const top = before[0]?.id as string;
    index.rename(top, 'stored-7');
    expect(index.has(top)).toBe(false);
    expect(index.has('stored-7')).toBe(true);
    expect(index.query('Kennedy parade tanks 1961', {}, 3)).toEqual(
      before.map((candidate) => (candidate.id === top ? { ...candidate, id: 'stored-7' } : candidate)),
    );
    expect(index.toJSON().ids).toContain('stored-7');
    expect(() => index.rename(top, 'other')).toThrow(MatchingError);
    expect(() => index.rename('stored-7', before[1]?.id as string)).toThrow(/already stored/);
  });

  it('rejects a duplicate id and a damaged snapshot with a MatchingError', () => {
    const index = buildIndex();
    expect(() => index.add('aldi', 'again')).toThrow(MatchingError);
    expect(() => claimIndexFromJSON({ ...index.toJSON(), schema: 'other' } as never)).toThrow(/schema/);
    expect(() => createClaimIndex({ b: 2 })).toThrow(MatchingError);
  });
});

describe('clusters', () => {
  it('joins the cluster of a clear match and starts a new one for an unrelated claim', () => {
    const index = buildIndex();
    const clusterOf = (id: string) => (id.startsWith('parade') ? 'parades' : undefined);
    const joined = decideCluster(
      index.query('ALDI offers free food to homeless people at their stores after 4 PM on Christmas Eve.'),
      clusterOf,
    );
    expect(joined?.clusterId).toBe('aldi');
    expect(
      decideCluster(index.query('The central bank raised interest rates by half a point'), clusterOf),
    ).toBeNull();
    const ranked = rankClusters(index.query('inaugural parade tanks 1953', {}, 10), clusterOf);
    expect(ranked[0]?.clusterId).toBe('parades');
    expect(new Set(ranked.map((cluster) => cluster.clusterId)).size).toBe(ranked.length);
  });
});

describe('text', () => {
  it('normalizes quotes, links, hashtags, numbers and stop words', () => {
    const { terms } = analyzeText('Trump’s #FakeNews claim about 1,000 jobs https://t.co/x');
    expect(terms).toEqual(['trump', 'fake', 'new', 'fakenew', 'claim', '1000', 'job']);
  });

  it('stems with Porter by default and plurals only with the S-stemmer', () => {
    expect(['legalization', 'arrested', 'killing', 'ponies'].map(porterStem)).toEqual([
      'legal',
      'arrest',
      'kill',
      'poni',
    ]);
    expect(['policies', 'tanks', 'gas', 'arrested'].map(sStem)).toEqual([
      'policy',
      'tank',
      'gas',
      'arrested',
    ]);
  });

  it('segments a run-together word only into known terms', () => {
    const known = new Set(['cape', 'town', 'storm']);
    const frequency = (term: string) => (known.has(term) ? 3 : 0);
    expect(segmentWord('capetownstorm', (word) => word, frequency)).toEqual(['cape', 'town', 'storm']);
    expect(segmentWord('capetownxyz', (word) => word, frequency)).toBeNull();
  });

  it('segments into the fewest pieces, then into the commonest', () => {
    const counts: Record<string, number> = { news: 2, paper: 2, newspaper: 1, new: 50, spa: 50, per: 50 };
    const frequency = (term: string) => counts[term] ?? 0;
    // One piece is no split; two pieces beat three however common the three are.
    expect(segmentWord('newspaper', (word) => word, frequency)).toBeNull();
    counts.newspaper = 0;
    expect(segmentWord('newspaper', (word) => word, frequency)).toEqual(['news', 'paper']);
    counts.spaper = 40;
    counts.news = 0;
    counts.newsp = 0;
    // Two splits of two pieces: the one with the commoner pieces wins.
    expect(segmentWord('newspaper', (word) => word, frequency)).toEqual(['new', 'spaper']);
  });

  it('counts every letter, not only ASCII ones, when it decides a post is shouting', () => {
    const flags = (text: string) =>
      Object.fromEntries(
        analyzeText(text).terms.map((term, position) => [term, analyzeText(text).entity[position]]),
      );
    // Thirteen ASCII capitals among many Greek lower-case letters: not shouting, so acronyms are names.
    expect(flags('Είπαν σήμερα ότι NATO USA FBI CIA συμφωνούν απόλυτα').nato).toBe(true);
    // Greek capitals make the post shouting, so a capitalized word in it is no name.
    expect(flags('ΟΙ ΕΚΛΟΓΕΣ ΗΤΑΝ ΣΤΗΜΕΝΕΣ ΛΕΝΕ ΣΤΗΝ Athens').athen).toBe(false);
    expect(flags('Οι εκλογές ήταν στημένες λένε στην Athens').athen).toBe(true);
  });

  it('tells where each term of a post came from', () => {
    const analyzed = analyzeText('Prices rose #TaxHike says @JaneDoe — Jane Doe (@JaneDoe) June 20, 2019');
    const source = Object.fromEntries(
      analyzed.terms.map((term, position) => [term, analyzed.source[position]]),
    );
    expect(source).toMatchObject({
      price: 'body',
      rose: 'body',
      tax: 'hashtag',
      hike: 'hashtag',
      june: 'date',
      2019: 'date',
    });
    expect(analyzed.source.filter((from) => from === 'mention').length).toBeGreaterThan(0);
    expect(analyzed.source.filter((from) => from === 'author').length).toBeGreaterThan(0);
  });
});

describe('first stage', () => {
  it('ranks by posting lists exactly as scoring every claim from its stored terms does', () => {
    const random = createRandom(42);
    const words =
      'mayor bridge open june city council vote tax school budget river flood storm senator bill law court judge police fire hospital vaccine election fraud ballot border wall troops'.split(
        ' ',
      );
    const pick = () => words[Math.floor(random() * words.length)] as string;
    const index = createClaimIndex({ model: FIRST_STAGE_MODEL, nearDuplicates: false });
    for (let number = 0; number < 3000; number += 1) {
      index.add(`c${number}`, Array.from({ length: 4 + Math.floor(random() * 8) }, pick).join(' '));
    }
    for (let trial = 0; trial < 20; trial += 1) {
      const query = Array.from({ length: 3 + (trial % 6) }, pick).join(' ');
      const pooled = index.query(query, {}, 10).map((candidate) => candidate.signals.firstStage);
      const scanned = index.scan(query, {}, 10).map((candidate) => candidate.signals.firstStage);
      expect(pooled).toEqual(scanned);
    }
  });
});
