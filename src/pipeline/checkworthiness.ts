import type { Stage } from './stage.ts';

/** Scores every sentence with the configured model; a sentence at or above the threshold is a claim. */
export const checkworthinessStage: Stage = {
  name: 'checkworthiness',
  after: ['sentences', 'entities', 'attribution', 'signals'],
  run(doc, { models, settings }) {
    const threshold = settings.claimThreshold ?? models.checkworthiness.recommendedThreshold ?? 0.5;
    const scores = doc.sentences.map((sentence) => {
      const score = Math.round(models.checkworthiness.score(sentence, doc) * 1000) / 1000;
      const uncertainty = models.hedging?.uncertainty(sentence, doc);
      return {
        checkworthiness: score,
        isClaim: score >= threshold,
        ...(uncertainty === undefined ? {} : { uncertainty: Math.round(uncertainty * 1000) / 1000 }),
      };
    });
    return { ...doc, scores };
  },
};
