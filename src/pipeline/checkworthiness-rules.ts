import type { CheckworthinessModel } from './stage.ts';

export const ruleCheckworthiness: CheckworthinessModel = {
  name: 'rules',
  score() {
    return 0;
  },
};
