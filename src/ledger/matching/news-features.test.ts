import { describe, expect, it } from 'vitest';
import { createClaimIndex } from './create-claim-index.ts';

describe('what two claims share besides names', () => {
  const index = createClaimIndex();
  index.add('men', 'Vermont Sen. Bernie Sanders did best with men and younger voters.');
  index.add('caucus', 'The county caucus drew record turnout among younger voters on Saturday.');
  index.add('names', 'Bernie Sanders, Vermont.');
  index.add('filler', 'The weather stayed mild across the state all week.');

  // As the ledger asks: each claim with the names found in its sentence. A name opening a sentence is
  // not written as one; the query's names count as names on both sides.
  const names = { entities: ['Vermont', 'Bernie Sanders'] };

  it('reads no shared words when two sentences share only names', () => {
    const signals = index.compare(
      'Vermont Sen. Bernie Sanders says the wind is at our backs.',
      'men',
      names,
    ).signals;
    expect(signals.queryCoverage).toBeGreaterThan(0.2);
    expect(signals.sharedWordsLow).toBe(0);
    expect(signals.sharedWordsHigh).toBe(0);
    expect(signals.namesOnly).toBe(0);
  });

  it('reads the shares of words beside the names, each side its own', () => {
    const signals = index.compare('Sanders did best with younger voters, exit polls show.', 'men').signals;
    expect(signals.sharedWordsLow).toBeGreaterThan(0);
    expect(signals.sharedWordsHigh).toBeGreaterThan(signals.sharedWordsLow);
    expect(signals.sharedWordsHigh).toBeLessThanOrEqual(1);
    const same = index.compare(
      'Vermont Sen. Bernie Sanders did best with men and younger voters.',
      'men',
    ).signals;
    expect(same.sharedWordsLow).toBeCloseTo(1);
    expect(same.sharedWordsHigh).toBeCloseTo(1);
  });

  it('marks a side that is all names; the other side alone gives the shares', () => {
    const signals = index.compare('Bernie Sanders did best with younger voters.', 'names', names).signals;
    const unnamed = index.compare('Bernie Sanders did best with younger voters.', 'names').signals;
    expect(unnamed.namesOnly).toBe(0);
    expect(signals.namesOnly).toBe(1);
    // The claim has no words but names; the query's words are not in it.
    expect(signals.sharedWordsLow).toBe(0);
    expect(signals.sharedWordsHigh).toBe(0);
  });

  it('counts the terms the pair shares, not their share of either side', () => {
    const one = index.compare('Younger voters.', 'caucus').signals;
    const many = index.compare('Record turnout at the county caucus among younger voters.', 'caucus').signals;
    const none = index.compare('Record turnout at the county caucus among younger voters.', 'filler').signals;
    expect(many.sharedTerms).toBeGreaterThan(one.sharedTerms);
    expect(one.sharedTerms).toBeGreaterThan(0);
    expect(none.sharedTerms).toBe(0);
    expect(many.sharedTerms).toBeLessThanOrEqual(1);
  });
});
