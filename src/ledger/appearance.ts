import { HEDGING_SIGNAL_TYPES, type SignalType, type SourceKind } from '../core/types.ts';

/** One place a claim appeared: an article's sentence, as the ledger knows it. */
export interface Appearance {
  articleId: string;
  /** The publishing outlet, from metadata or the URL's host. */
  outlet: string;
  /** ISO time the article was published (or first seen). */
  published: string;
  url?: string;
  /** The earlier article this one copies (wire copy, syndication), if any. */
  copyOf?: string | null;
  /** Who the article says makes the claim; null when the article asserts it itself. */
  claimant: string | null;
  claimantKind: SourceKind | null;
  /** The signals on the claim's sentence there. */
  signals: SignalType[];
  /** Evidence the article cites for it ("a 1985 document"). */
  evidenceCited: string[];
}

const HEDGING: ReadonlySet<SignalType> = new Set(HEDGING_SIGNAL_TYPES);

/** An appearance hedges when it carries a hedge, a condition, an admission of missing evidence or a question. */
export function isHedged(appearance: Appearance): boolean {
  return appearance.signals.some((signal) => HEDGING.has(signal));
}

/** An appearance attributes when it puts the claim in someone else's mouth. */
export function isAttributed(appearance: Appearance): boolean {
  return appearance.claimant !== null && appearance.claimantKind !== 'author';
}

/** Stated as fact: the article asserts the claim itself, without hedging it. */
export function isStatedAsFact(appearance: Appearance): boolean {
  return !isHedged(appearance) && !isAttributed(appearance);
}
