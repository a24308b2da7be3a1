import type { Stage } from './stage.ts';

export const signalsStage: Stage = {
  name: 'signals',
  after: ['sentences'],
  run(doc) {
    return doc;
  },
};
