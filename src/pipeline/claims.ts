import type { Attribution, Claim, Doc, Signal, SignalType, SourceKind } from '../core/types.ts';
import { signalLexicon } from './lexicons.ts';
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
  denial: 0.3,
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

const denialCues = new Set(signalLexicon.denial.cues.map((word) => word.toLowerCase()));
// "did not deny", "never denied", "didn't deny": a word-final "n't" needs no boundary before it.
const negated = new RegExp(
  signalLexicon.denial.negations
    .map((word) => {
      const pattern = word
        .toLowerCase()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/'/g, "['\u2019]");
      return `${word.startsWith("n'") ? '' : '(?<!\\p{L})'}${pattern}(?!\\p{L})`;
    })
    .join('|'),
  'u',
);
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .filter(Boolean);

/**
 * A denial signal on the cue of each statement whose source denies its content ("the ministry denied
 * that ..."), unless the denial is negated ("did not deny", "never denied").
 */
function denialsOf(doc: Doc): Signal[] {
  const denials: Signal[] = [];
  for (const attribution of doc.attributions) {
    if (attribution.source.kind === 'author' || !isDenial(doc, attribution)) continue;
    const { cue } = attribution;
    denials.push({
      type: 'denial',
      start: cue.start,
      end: cue.end,
      text: cue.text,
      sentenceIndex: attribution.sentenceIndex,
    });
  }
  return denials;
}

function isDenial(doc: Doc, attribution: Attribution): boolean {
  const { cue } = attribution;
  if (!words(cue.text).some((word) => denialCues.has(word))) return false;
  const sentence = doc.sentences[attribution.sentenceIndex];
  const before = doc.normalized.slice(Math.max(sentence?.start ?? 0, cue.start - 24), cue.end);
  return !negated.test(before.toLowerCase());
}

/** Each check-worthy sentence becomes a claim with its claimant (null: the article's own) and certainty. */
export const claimsStage: Stage = {
  name: 'claims',
  after: ['checkworthiness', 'signals', 'attribution'],
  run(doc) {
    const denials = denialsOf(doc);
    const allSignals =
      denials.length === 0 ? doc.signals : [...doc.signals, ...denials].sort((a, b) => a.start - b.start);
    // Each sentence's signals in text order, and its first statement by someone other than the author.
    const signalsOf = new Map<number, Signal[]>();
    for (const signal of allSignals) {
      const held = signalsOf.get(signal.sentenceIndex);
      if (held) held.push(signal);
      else signalsOf.set(signal.sentenceIndex, [signal]);
    }
    const attributionOf = new Map<number, Attribution>();
    for (const item of doc.attributions) {
      if (item.source.kind !== 'author' && !attributionOf.has(item.sentenceIndex)) {
        attributionOf.set(item.sentenceIndex, item);
      }
    }
    const claims: Claim[] = [];
    for (const sentence of doc.sentences) {
      const score = doc.scores[sentence.index];
      if (!score?.isClaim) continue;
      const attribution = attributionOf.get(sentence.index);
      const signals = signalsOf.get(sentence.index) ?? [];
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
    return { ...doc, signals: allSignals, claims };
  },
};
