import type { Stage } from './stage.ts';

/** Scores every sentence with the configured model; a sentence at or above the threshold is a claim. */
export const checkworthinessStage: Stage = {
  name: 'checkworthiness',
  after: ['sentences', 'entities', 'attribution', 'signals'],
  run(doc, { checkworthiness, settings }) {
    const scores = doc.sentences.map((sentence) => {
      const score = Math.round(checkworthiness.score(sentence, doc) * 1000) / 1000;
      return { checkworthiness: score, isClaim: score >= settings.claimThreshold };
    });
    return { ...doc, scores };
  },
};
