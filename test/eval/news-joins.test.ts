import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimRef, LABELS_PATH, parseJoinLabels } from '../../scripts/eval/news-joins.ts';

describe('judged news joins', () => {
  it('name a claim by its article and a hash of its text, so no text is kept', () => {
    const ref = claimRef('https://polnear.example/train/nyt_2016-01-01_a-story', 'Clinton won Iowa.');
    expect(ref).toMatch(/^train\/nyt_2016-01-01_a-story#[0-9a-f]{12}$/);
    expect(claimRef('https://polnear.example/train/nyt_2016-01-01_a-story', 'Clinton won Ohio.')).not.toBe(
      ref,
    );
  });

  it('read rows of query, candidate, judgement and weight, skipping comments and the header', () => {
    const labels = parseJoinLabels('# judged\nquery\tcandidate\tsame\tweight\ntrain/a#1\tdev/b#2\t1\t2.5\n');
    expect(labels).toEqual([{ query: 'train/a#1', candidate: 'dev/b#2', same: 1, weight: 2.5 }]);
  });

  it('refuse a malformed row with its line number', () => {
    expect(() => parseJoinLabels('query\tcandidate\tsame\tweight\ntrain/a#1\tdev/b#2\tyes\t1\n')).toThrow(
      /:2: expected/,
    );
    expect(() => parseJoinLabels('train/a#1\tdev/b#2\t0\t0\n')).toThrow(/:1: expected/);
  });

  it('ship judgements both ways, each pair once, with a candidate from an earlier or the same split', () => {
    const labels = parseJoinLabels(readFileSync(LABELS_PATH, 'utf8'));
    expect(labels.length).toBeGreaterThanOrEqual(400);
    const same = labels.filter((label) => label.same === 1).length;
    expect(same).toBeGreaterThan(50);
    expect(labels.length - same).toBeGreaterThan(200);
    expect(new Set(labels.map((label) => `${label.query} ${label.candidate}`)).size).toBe(labels.length);
    // Articles are replayed train first, then dev: a train claim's candidate cannot come from dev.
    for (const label of labels) {
      if (label.query.startsWith('train/')) expect(label.candidate.startsWith('train/')).toBe(true);
    }
  });
});
