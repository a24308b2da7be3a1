import { describe, expect, it } from 'vitest';
import type { Doc } from '../../core/types.ts';
import { createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { tagUnit } from './model.ts';
import { trainAttributionTagger } from './training.ts';
import { taggingUnits } from './units.ts';
import { createWorkspace } from './workspace.ts';

describe('createWorkspace', () => {
  it('hands out zeroed views, again after a reset, and grows past its first buffer', () => {
    const memory = createWorkspace(64);
    const first = memory.int32(4);
    first.fill(7);
    const scores = memory.float64(3);
    expect([...scores]).toEqual([0, 0, 0]);
    memory.reset();
    expect([...memory.int32(4)]).toEqual([0, 0, 0, 0]);
    const large = memory.uint8(1000);
    expect(large).toHaveLength(1000);
    expect(large.every((value) => value === 0)).toBe(true);
    // A view taken before the buffer grew still holds its values.
    const kept = memory.float64(2);
    kept[1] = 2.5;
    memory.float64(5000);
    expect(kept[1]).toBe(2.5);
  });
});

describe('tagUnit with a workspace', () => {
  const reader = createPipeline({
    stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences' || stage.name === 'entities'),
  });
  const texts = [
    'Officials said the bridge was closed.',
    '"The fares will rise," said Maria Okafor, the city\'s transport commissioner.\n\nThe mayor denied it.',
    'According to the report, waits grew by a third. Nurses say the ward is full.',
  ];
  const docs: Doc[] = texts.map((text) => reader.analyze({ text }));
  const model = trainAttributionTagger(
    docs.map((doc) => ({ doc, spans: [] })),
    { dimensions: 1 << 10, epochs: 1 },
  );
  // Weights that are not all zero, so the paths depend on the features.
  for (const tagger of model.taggers)
    tagger.emission.forEach((_, index, weights) => {
      weights[index] = Math.sin(index * 12.9898) * 3;
    });

  it('gives the runs fresh arrays give, unit after unit in the same memory', () => {
    const memory = createWorkspace(16);
    for (let pass = 0; pass < 2; pass += 1) {
      for (const doc of docs) {
        for (const unit of taggingUnits(doc)) {
          expect(tagUnit(model, unit, doc, undefined, memory)).toEqual(tagUnit(model, unit, doc));
        }
      }
    }
  });
});
