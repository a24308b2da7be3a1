import type { Attribution, Doc, Sentence } from '../core/types.ts';
import { holdsStandingWord, mergeWithModel, modelCandidates } from './attribution-merge.ts';
import { accordingTo, comesFrom, possessiveNounCues, references, verbCues } from './attribution-rules.ts';
import type { SourceContext } from './attribution-sources.ts';
import { type Found, overlapsAny } from './attribution-spans.ts';
import type { Stage } from './stage.ts';

/** Character ranges between double quotation marks in a sentence; an unclosed quote runs to its end. */
function quotedRegions(doc: Doc, sentence: Sentence): [number, number][] {
  const regions: [number, number][] = [];
  let open = -1;
  for (let index = sentence.start; index < sentence.end; index += 1) {
    if (doc.normalized[index] !== '"') continue;
    if (open < 0) open = index;
    else {
      regions.push([open, index]);
      open = -1;
    }
  }
  if (open >= 0) regions.push([open, sentence.end]);
  return regions;
}

/** A source described once ("Tomas Veldt, a councillor for ...") keeps that description when quoted again. */
function withKnownDescriptions(attributions: Attribution[]): Attribution[] {
  const known = new Map<string, string>();
  for (const { source } of attributions) {
    if (source.description && !known.has(source.name)) known.set(source.name, source.description);
  }
  return attributions.map((attribution) => {
    const description = known.get(attribution.source.name);
    if (attribution.source.description || !description) return attribution;
    return { ...attribution, source: { ...attribution.source, description } };
  });
}

/**
 * Finds who says what: verb cues ("claims", "said"), "according to", possessive noun cues ("X's
 * claims suggest"), "the allegations come from X", quotes with the speaker after them, and
 * references back ("the claim that ...") to an earlier attribution. With an attribution model in the
 * context, its spans are merged in: they complete the rules' attributions and add those no rule finds.
 */
export const attributionStage: Stage = {
  name: 'attribution',
  after: ['sentences', 'entities'],
  run(doc, stageContext) {
    const model = stageContext.models.attribution;
    const attributions: Attribution[] = [];
    // The tagger reads a paragraph when first asked about one of its sentences; asking only where its
    // spans can count leaves paragraphs without reporting words untagged. A sentence's words are read
    // at most once, and only where no rule found an attribution.
    const standing: (boolean | undefined)[] = [];
    const holds = (index: number): boolean => {
      standing[index] ??= holdsStandingWord(doc.sentences[index]);
      return standing[index] === true;
    };
    for (const sentence of doc.sentences) {
      const context: SourceContext = { doc, sentence, previous: attributions };
      const candidates = [
        ...accordingTo(doc, sentence, context),
        ...possessiveNounCues(doc, sentence, context),
        ...comesFrom(doc, sentence, context),
        ...verbCues(doc, sentence, context),
      ];
      const quoted = quotedRegions(doc, sentence);
      const kept: Found[] = [];
      for (const candidate of candidates) {
        // A cue inside a quotation belongs to the quoted speaker's own words, not to the article.
        if (quoted.some(([start, end]) => candidate.cue.start >= start && candidate.cue.end <= end)) continue;
        const duplicate = kept.some(
          (found) =>
            overlapsAny(candidate.cue, [found.cue]) ||
            (found.source.name === candidate.source.name && overlapsAny(candidate.content, [found.content])),
        );
        if (!duplicate) kept.push(candidate);
      }
      if (kept.length === 0) kept.push(...references(doc, sentence, context));
      const asksModel =
        model !== undefined && (kept.length > 0 || holds(sentence.index) || holds(sentence.index + 1));
      const found = asksModel
        ? mergeWithModel(doc, kept, modelCandidates(model, doc, sentence, context, kept))
        : kept;
      attributions.push(
        ...found.map(({ pattern: _, ...rest }) => ({ sentenceIndex: sentence.index, ...rest })),
      );
    }
    return { ...doc, attributions: withKnownDescriptions(attributions) };
  },
};
