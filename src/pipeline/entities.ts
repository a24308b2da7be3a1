import type { Stage } from './stage.ts';

export const entitiesStage: Stage = {
  name: 'entities',
  after: ['sentences'],
  run(doc) {
    return doc;
  },
};
