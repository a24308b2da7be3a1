import { describe, expect, it } from 'vitest';
import { buildArticle } from '../store/contract-fixtures.ts';
import { openStore } from '../store/index.ts';
import { diffAnalyses } from './article-diff.ts';

describe('diffAnalyses', () => {
  it('pairs a reworded claim and reports its hedge removed', () => {
    const before = buildArticle({
      title: 'Bridge may close',
      claims: [
        { text: 'The bridge may close next week, officials said.', signals: ['hedge'], certainty: 0.4 },
        'Fares rose by ten percent in April.',
      ],
    }).analysis;
    const after = buildArticle({
      title: 'Bridge will close',
      claims: [
        'Fares rose by ten percent in April.',
        { text: 'The bridge will close next week, officials said.', certainty: 0.8 },
      ],
    }).analysis;
    const diff = diffAnalyses(before, after);
    expect(diff.titleChange).toEqual({ before: 'Bridge may close', after: 'Bridge will close' });
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    // The fares claim moved from the second sentence to the first: a move alone is not a change.
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toHaveLength(1);
    const [bridge] = diff.changed;
    expect(bridge).toMatchObject({
      textChanged: true,
      hedgeRemoved: true,
      hedgeAdded: false,
      signalsRemoved: [{ type: 'hedge' }],
      signalsAdded: [],
    });
    expect(bridge?.before.text).toBe('The bridge may close next week, officials said.');
    expect(bridge?.certaintyChange).toBeCloseTo(0.4);
  });

  it('reports claims added and removed, and counts the ones left alone', () => {
    const before = buildArticle({
      claims: ['The mayor resigned on Friday.', 'The council met twice in March.'],
    }).analysis;
    const after = buildArticle({
      claims: [
        'The mayor resigned on Friday.',
        { text: 'Prosecutors could open an inquiry if the audit confirms losses.', signals: ['conditional'] },
      ],
    }).analysis;
    const diff = diffAnalyses(before, after);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([]);
    expect(diff.added.map((claim) => claim.text)).toEqual([
      'Prosecutors could open an inquiry if the audit confirms losses.',
    ]);
    expect(diff.removed.map((claim) => claim.text)).toEqual(['The council met twice in March.']);
    expect(diff.titleChange).toBeNull();
  });

  it('reports a hedge added and a claimant changed', () => {
    const before = buildArticle({
      claims: [{ text: 'The plant polluted the river.', claimant: 'Mara Quist' }],
    }).analysis;
    const after = buildArticle({
      claims: [
        {
          text: 'The plant allegedly polluted the river.',
          claimant: 'officials',
          claimantKind: 'anonymous',
          signals: ['hedge'],
        },
      ],
    }).analysis;
    const [change] = diffAnalyses(before, after).changed;
    expect(change).toMatchObject({
      hedgeAdded: true,
      hedgeRemoved: false,
      claimantChanged: true,
      textChanged: true,
    });
  });

  it('does not pair claims that share too few words', () => {
    const before = buildArticle({ claims: ['The bridge closed on Monday.'] }).analysis;
    const after = buildArticle({ claims: ['The stadium reopened on Monday.'] }).analysis;
    const diff = diffAnalyses(before, after);
    expect(diff.changed).toEqual([]);
    expect([diff.added.length, diff.removed.length]).toEqual([1, 1]);
    expect(diffAnalyses(before, after, { minimumSimilarity: 0.2 }).changed).toHaveLength(1);
  });

  it('compares two stored versions of an article', async () => {
    const store = await openStore(':memory:');
    const url = 'https://example.org/bridge';
    const first = await store.recordArticle({
      ...buildArticle({ claims: [{ text: 'The bridge may close next week.', signals: ['hedge'] }] }),
      url,
    });
    await store.recordArticle({ ...buildArticle({ claims: ['The bridge will close next week.'] }), url });
    const one = await store.getArticleVersion(first.article.id, 1);
    const two = await store.getArticleVersion(first.article.id, 2);
    await store.close();
    const diff = diffAnalyses(one.analysis, two.analysis);
    expect(diff.changed.map((change) => change.hedgeRemoved)).toEqual([true]);
  });
});
