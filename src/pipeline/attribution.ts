import type { Stage } from './stage.ts';

export const attributionStage: Stage = {
  name: 'attribution',
  after: ['sentences', 'entities'],
  run(doc) {
    return doc;
  },
};
