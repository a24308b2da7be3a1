import type { Analysis } from '../core/analysis-schema.ts';
import type { Attribution, Doc, Signal, SignalType, SourceSummary } from '../core/types.ts';
import { hasLetterOrNumber } from './characters.ts';

/** Named reads over an analyzed document; everything downstream goes through these. */

export function signalsInSentence(doc: Doc, sentenceIndex: number): Signal[] {
  return doc.signals.filter((signal) => signal.sentenceIndex === sentenceIndex);
}

export function signalsOfType(doc: Doc, type: SignalType): Signal[] {
  return doc.signals.filter((signal) => signal.type === type);
}

export function attributionsInSentence(doc: Doc, sentenceIndex: number): Attribution[] {
  return doc.attributions.filter((attribution) => attribution.sentenceIndex === sentenceIndex);
}

export function isClaimSentence(doc: Doc, sentenceIndex: number): boolean {
  return doc.scores[sentenceIndex]?.isClaim ?? false;
}

export function wordCount(doc: Doc): number {
  return doc.sentences.reduce(
    (count, sentence) => count + sentence.tokens.filter((token) => hasLetterOrNumber(token.text)).length,
    0,
  );
}

/** Every source the article attributes statements to, merged by canonical name. */
export function sourcesOf(doc: Doc): SourceSummary[] {
  const byName = new Map<string, SourceSummary>();
  for (const { source } of doc.attributions) {
    if (source.kind === 'author') continue;
    const summary = byName.get(source.name) ?? {
      name: source.name,
      kind: source.kind,
      descriptions: [],
      mentions: 0,
    };
    summary.mentions += 1;
    if (source.description && !summary.descriptions.includes(source.description)) {
      summary.descriptions.push(source.description);
    }
    byName.set(source.name, summary);
  }
  return [...byName.values()].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}

/** Named sources: people and organizations, not anonymous, vague or documentary ones. */
export function namedSourcesOf(doc: Doc): string[] {
  return namedIn(sourcesOf(doc));
}

function namedIn(sources: SourceSummary[]): string[] {
  return sources
    .filter((source) => source.kind === 'person' || source.kind === 'organization')
    .map((source) => source.name);
}

/**
 * An article rests on a single source when every attributed statement, other than the article's own,
 * comes from one named or unnamed source.
 */
export function restsOnSingleSource(doc: Doc): boolean {
  return restsOnOne(sourcesOf(doc));
}

function restsOnOne(sources: SourceSummary[]): boolean {
  return sources.filter((source) => source.kind !== 'document').length === 1;
}

function uniqueTexts(signals: Signal[]): string[] {
  return [...new Set(signals.map((signal) => signal.text))];
}

/** Signals by sentence index, each list in doc order: `signalsInSentence` for every sentence at once. */
function signalsBySentence(doc: Doc): Map<number, Signal[]> {
  const bySentence = new Map<number, Signal[]>();
  for (const signal of doc.signals) {
    const signals = bySentence.get(signal.sentenceIndex);
    if (signals) signals.push(signal);
    else bySentence.set(signal.sentenceIndex, [signal]);
  }
  return bySentence;
}

/** The document as the `claimtrail.analysis/1` JSON object. */
export function toAnalysis(doc: Doc): Analysis {
  const { title, url, publisher, published, byline } = doc.meta;
  const stripSentence = ({ sentenceIndex: _, ...signal }: Signal) => signal;
  const sentenceSignals = signalsBySentence(doc);
  // Sorting the sources compares names by locale; once serves the list and the summary.
  const sources = sourcesOf(doc);
  return {
    schema: 'claimtrail.analysis/1',
    article: {
      ...(title ? { title } : {}),
      ...(url ? { url } : {}),
      ...(publisher ? { publisher } : {}),
      ...(published ? { published } : {}),
      ...(byline ? { byline } : {}),
      wordCount: wordCount(doc),
    },
    sentences: doc.sentences.map((sentence) => ({
      index: sentence.index,
      start: sentence.start,
      end: sentence.end,
      text: sentence.text,
      checkworthiness: doc.scores[sentence.index]?.checkworthiness ?? 0,
      isClaim: isClaimSentence(doc, sentence.index),
      ...(doc.scores[sentence.index]?.uncertainty === undefined
        ? {}
        : { uncertainty: doc.scores[sentence.index]?.uncertainty }),
      signals: (sentenceSignals.get(sentence.index) ?? []).map(stripSentence),
    })),
    attributions: doc.attributions.map(({ sentenceIndex, source, cue, content, via }) => ({
      sentenceIndex,
      source: { ...source },
      cue: { ...cue },
      content: { ...content },
      via,
    })),
    claims: doc.claims.map((claim) => ({ ...claim, signals: claim.signals.map(stripSentence) })),
    sources,
    entities: doc.entities.map(({ text, type, start, end, canonical }) => ({
      text,
      type,
      start,
      end,
      canonical,
    })),
    summary: {
      claims: doc.claims.length,
      namedSources: namedIn(sources),
      singleSource: restsOnOne(sources),
      evidenceCited: uniqueTexts(signalsOfType(doc, 'evidence-cited')),
      evidenceAbsent: signalsOfType(doc, 'evidence-absent').length > 0,
      presupposed: uniqueTexts(signalsOfType(doc, 'presupposition')),
    },
  };
}
