import type { Stage } from './stage.ts';

export const checkworthinessStage: Stage = {
  name: 'checkworthiness',
  after: ['sentences'],
  run(doc) {
    return doc;
  },
};
