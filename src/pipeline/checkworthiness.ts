import { reportingLexicon } from './lexicons.ts';
import { createPatternSearch } from './pattern-search.ts';
import type { Stage } from './stage.ts';
import { isStatement } from './statement.ts';

const aboutReporting = reportingLexicon.patterns.map((pattern) => createPatternSearch(pattern, 'iu'));
/** What may follow the formula in a sentence about the reporting: a time or a place, a few words. */
const MOST_WORDS_AFTER = 4;

/**
 * Whether a sentence is about the reporting itself rather than the story: "the agency did not respond
 * to a request for comment", "officials could not be reached on Friday". A formula followed by more
 * than a few words ("..., which declined to comment, hid safety reports") does not make it so.
 */
export function isAboutReporting(text: string): boolean {
  for (const pattern of aboutReporting) {
    const match = pattern.first(text);
    if (!match) continue;
    const after = text.slice(match.index + match[0].length).replace(/[\s.,;:!?"'\u201D\u2019)]+$/u, '');
    if (after.split(/\s+/).filter(Boolean).length <= MOST_WORDS_AFTER) return true;
  }
  return false;
}

/**
 * Scores every sentence with the configured model; a sentence at or above the threshold is a claim,
 * unless it is about the reporting itself or states nothing (a time stamp, a byline, a lone name); its
 * score is kept.
 */
export const checkworthinessStage: Stage = {
  name: 'checkworthiness',
  after: ['sentences', 'entities', 'attribution', 'signals'],
  run(doc, { models, settings }) {
    const threshold = settings.claimThreshold ?? models.checkworthiness.recommendedThreshold ?? 0.5;
    const all = models.checkworthiness.scoreAll?.(doc);
    const scores = doc.sentences.map((sentence, index) => {
      const raw = all ? (all[index] as number) : models.checkworthiness.score(sentence, doc);
      const score = Math.round(raw * 1000) / 1000;
      const uncertainty = models.hedging?.uncertainty(sentence, doc);
      return {
        checkworthiness: score,
        isClaim: score >= threshold && isStatement(sentence) && !isAboutReporting(sentence.text),
        ...(uncertainty === undefined ? {} : { uncertainty: Math.round(uncertainty * 1000) / 1000 }),
      };
    });
    return { ...doc, scores };
  },
};
