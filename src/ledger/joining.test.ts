import { describe, expect, it } from 'vitest';
import { clusterToJoin, joinCandidates, joinDecision } from './joining.ts';
import { createClaimIndex } from './matching/index.ts';

describe('joining a cluster', () => {
  const stored: [string, string][] = [
    ['names', 'Ben Carson and Donald Trump.'],
    ['contract', 'The harbour dredging contract was rigged in favour of Brightwater Marine, Hana Voss says.'],
    ['summit', 'Mayor Tom Ruiz represented the city at the regional summit.'],
  ];
  const index = createClaimIndex();
  for (const [id, text] of stored) index.add(id, text);
  const clusterOf = (id: string) => `cluster-${id}`;

  it('does not let a long sentence join a short claim only because it holds its few words', () => {
    const sentence = index.prepare(
      'Ben Carson criticized the tax plan of Donald Trump at a rally in Iowa on Tuesday, calling it reckless, unfunded and cruel to the poor.',
    );
    expect(joinCandidates(index, sentence).map((candidate) => candidate.id)).not.toContain('names');
    expect(clusterToJoin(joinCandidates(index, sentence), clusterOf)).toBeNull();
  });

  it('joins a retelling of the same claim', () => {
    const retelling = index.prepare(
      'Hana Voss claims the harbour dredging contract was rigged in favour of Brightwater Marine.',
    );
    expect(clusterToJoin(joinCandidates(index, retelling), clusterOf)?.clusterId).toBe('cluster-contract');
  });

  it('does not join two statements that share only who they are about', () => {
    // The join model fitted on tweets gives this pair 0.75; the news join model, 0.23.
    const other = index.prepare('Mayor Tom Ruiz will push for a new stadium downtown, his office said.', {
      entities: ['Tom Ruiz'],
    });
    expect(joinCandidates(index, other).map((candidate) => candidate.id)).toContain('summit');
    expect(clusterToJoin(joinCandidates(index, other), clusterOf)).toBeNull();
    expect(joinDecision(index, other, [clusterOf])).toBeNull();
  });

  it('decides among groups in turn: a sibling only when no stored claim is joined', () => {
    const retelling = index.prepare(
      'Hana Voss claims the harbour dredging contract was rigged in favour of Brightwater Marine.',
    );
    const siblings = (id: string) => (id === 'contract' ? 'sibling-key' : undefined);
    expect(joinDecision(index, retelling, [clusterOf, siblings])).toMatchObject({
      clusterId: 'cluster-contract',
      group: 0,
    });
    expect(joinDecision(index, retelling, [() => undefined, siblings])).toMatchObject({
      clusterId: 'sibling-key',
      group: 1,
    });
    expect(joinDecision(index, retelling, [() => undefined, () => undefined])).toBeNull();
    const ranked = clusterToJoin(joinCandidates(index, retelling), clusterOf);
    expect(joinDecision(index, retelling, [clusterOf])).toEqual({ ...ranked, group: 0 });
  });

  it('passes over claims with no cluster yet', () => {
    const retelling = index.prepare(
      'Hana Voss claims the harbour dredging contract was rigged in favour of Brightwater Marine.',
    );
    expect(clusterToJoin(joinCandidates(index, retelling), () => undefined)).toBeNull();
  });
});
