import type { Stage } from './stage.ts';

export const claimsStage: Stage = {
  name: 'claims',
  after: ['checkworthiness', 'signals', 'attribution'],
  run(doc) {
    return doc;
  },
};
