import type { Claim, Signal, SignalType, SourceKind } from '../core/types.ts';
import type { Stage } from './stage.ts';

/** How each signal moves the article's commitment to a claim; 1 leaves it unchanged. */
export const CERTAINTY_FACTORS: Record<SignalType, number> = {
  hedge: 0.75,
  conditional: 0.5,
  'evidence-absent': 0.7,
  'evidence-cited': 1.1,
  'rhetorical-question': 0.4,
  'loaded-language': 1,
  'vague-source': 0.8,
  presupposition: 1.1,
  booster: 1.15,
  prediction: 0.8,
  opinion: 0.9,
};

/** Reported speech commits the article less than its own assertion, and an unnamed source less still. */
export const SOURCE_FACTORS: Partial<Record<SourceKind, number>> = {
  person: 0.85,
  organization: 0.85,
  document: 0.9,
  anonymous: 0.7,
  vague: 0.6,
};

export function certaintyOf(signals: Signal[], sourceKind: SourceKind | null): number {
  let certainty = sourceKind ? (SOURCE_FACTORS[sourceKind] ?? 1) : 1;
  for (const signal of signals) certainty *= CERTAINTY_FACTORS[signal.type];
  return Math.round(Math.min(1, Math.max(0.05, certainty)) * 100) / 100;
}

/** Each check-worthy sentence becomes a claim with its claimant (null: the article's own) and certainty. */
export const claimsStage: Stage = {
  name: 'claims',
  after: ['checkworthiness', 'signals', 'attribution'],
  run(doc) {
    const claims: Claim[] = [];
    for (const sentence of doc.sentences) {
      const score = doc.scores[sentence.index];
      if (!score?.isClaim) continue;
      const attribution = doc.attributions.find(
        (item) => item.sentenceIndex === sentence.index && item.source.kind !== 'author',
      );
      const signals = doc.signals.filter((signal) => signal.sentenceIndex === sentence.index);
      claims.push({
        id: `s${sentence.index}`,
        sentenceIndex: sentence.index,
        text: sentence.text,
        start: sentence.start,
        end: sentence.end,
        checkworthiness: score.checkworthiness,
        claimant: attribution?.source.name ?? null,
        certainty: certaintyOf(signals, attribution?.source.kind ?? null),
        signals,
      });
    }
    return { ...doc, claims };
  },
};
