import type { Doc, Sentence } from '../core/types.ts';
import type { CheckworthinessModel } from './stage.ts';

const WEIGHTS = {
  base: 0.3,
  namedEntity: 0.15,
  number: 0.2,
  attributed: 0.25,
  pastTense: 0.1,
  evidenceCited: 0.15,
  evidenceAbsent: 0.2,
  question: -0.6,
  leadingConditional: -0.5,
  prediction: -0.2,
  opinion: -0.25,
  short: -0.3,
} as const;

const NUMERIC_TAGS = new Set(['CARDINAL', 'PERCENT', 'MONEY', 'DATE', 'ORDINAL', 'TIME', 'DURATION']);

/**
 * A transparent baseline: factual sentences name people, places, numbers and dates, report who said
 * what, and speak in the past; questions, predictions, opinions and sentences that open on a
 * condition are not claims to check. Each weight is visible in WEIGHTS.
 */
export const ruleCheckworthiness: CheckworthinessModel = {
  name: 'rules',
  score(sentence: Sentence, doc: Doc): number {
    const inSentence = <T extends { start: number; end: number }>(span: T) =>
      span.start >= sentence.start && span.end <= sentence.end;
    const signals = doc.signals.filter((signal) => signal.sentenceIndex === sentence.index);
    const has = (type: string) => signals.some((signal) => signal.type === type);
    const words = sentence.tokens.filter((token) => token.pos !== 'PUNCT').length;
    let score = WEIGHTS.base;
    if (doc.entities.some((entity) => inSentence(entity) && entity.type !== 'date'))
      score += WEIGHTS.namedEntity;
    if (doc.tagged.some((tagged) => inSentence(tagged) && NUMERIC_TAGS.has(tagged.tag)))
      score += WEIGHTS.number;
    if (
      doc.attributions.some((item) => item.sentenceIndex === sentence.index && item.source.kind !== 'author')
    ) {
      score += WEIGHTS.attributed;
    }
    if (
      sentence.tokens.some(
        (token) =>
          (token.pos === 'VERB' && /ed$/.test(token.normal)) || /^(was|were|had)$/.test(token.normal),
      )
    ) {
      score += WEIGHTS.pastTense;
    }
    if (has('evidence-cited')) score += WEIGHTS.evidenceCited;
    if (has('evidence-absent')) score += WEIGHTS.evidenceAbsent;
    if (has('rhetorical-question') || sentence.text.trimEnd().endsWith('?')) score += WEIGHTS.question;
    if (signals.some((signal) => signal.type === 'conditional' && signal.start - sentence.start <= 3)) {
      score += WEIGHTS.leadingConditional;
    }
    if (has('prediction')) score += WEIGHTS.prediction;
    if (has('opinion')) score += WEIGHTS.opinion;
    if (words < 5) score += WEIGHTS.short;
    return Math.min(1, Math.max(0, score));
  },
};
