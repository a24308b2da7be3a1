import type { Doc, Sentence, Span } from '../core/types.ts';
import { type SourceContext, sourceAtSpan } from './attribution-sources.ts';
import { type Found, overlapsAny, type Pattern } from './attribution-spans.ts';
import {
  AMBIGUOUS,
  CLAUSE_ONLY,
  cueForms,
  nounCues,
  SPEECH,
  SPOKE,
  STANCE_VERBS,
} from './attribution-words.ts';
import type { AttributionModel } from './stage.ts';

/**
 * The tagger's attributions in a sentence that can count, their sources named and typed as the rules
 * name theirs. Naming a source is the costly part, so spans that can neither complete a rule's
 * attribution (their cue overlaps none) nor stand alone (their cue holds no standing word) are dropped
 * first: the merge would drop them anyway.
 */
export function modelCandidates(
  model: AttributionModel,
  doc: Doc,
  sentence: Sentence,
  context: SourceContext,
  rules: readonly Found[],
): Found[] {
  return model.spans(sentence, doc).flatMap(({ source: sourceSpan, cue, content }) => {
    const counts =
      rules.some((rule) => overlapsAny(cue, [rule.cue])) ||
      words(doc, cue).some((word) => STANDING_WORDS.has(word));
    if (!counts) return [];
    const source = sourceAtSpan(sourceSpan.start, sourceSpan.end, context);
    return source ? [{ source, cue, content, via: 'direct' as const, pattern: 'model' as const }] : [];
  });
}

/** The words of a cue as `standsAlone` reads them: lower-cased, split at white space. */
function words(doc: Doc, cue: Span): string[] {
  return doc.normalized.slice(cue.start, cue.end).toLowerCase().split(/\s+/);
}

type Side = 'rules' | 'model';

/**
 * Where a rule and the tagger find the same cue, whose source span and content to keep, by the rule's
 * pattern. Measured on PolNeAR dev (scripts/eval/attribution-compare.ts): the tagger's contents and,
 * for verb cues, its source spans match the annotation more often; the rules' "according to" contents
 * do better, and the cue, the source's name, kind and description always come from the rules.
 */
const PREFERRED: Record<Exclude<Pattern, 'model'>, { sourceSpan: Side; content: Side }> = {
  'according-to': { sourceSpan: 'rules', content: 'rules' },
  verb: { sourceSpan: 'model', content: 'model' },
  inverted: { sourceSpan: 'model', content: 'model' },
  possessive: { sourceSpan: 'rules', content: 'model' },
  'comes-from': { sourceSpan: 'rules', content: 'rules' },
  reference: { sourceSpan: 'rules', content: 'rules' },
};

/**
 * Whether an attribution only the tagger found may stand. PolNeAR, which the tagger learned from,
 * counts deeds as attributions too ("the council approved the plan", "Trump downplayed the threat");
 * these analyses report statements, so the cue must hold a verb of speech, thought or stance, "according
 * to" or a colon, and a vague source ("many", "critics") a verb of saying or stance ("critics say",
 * "many praised"), not a weaker lexicon verb ("led many to speculate"). A verb of rejection stands
 * only before a that-clause ("rejected claims that ...", not "dismissed the reports").
 */
function standsAlone(doc: Doc, found: Found): boolean {
  const cueWords = words(doc, found.cue);
  if (cueWords.some((word) => CLAUSE_ONLY.has(word)) && !/^(?:\S+\s+){0,4}that\b/i.test(found.content.text)) {
    return false;
  }
  const institutional = found.source.kind === 'document' || found.source.kind === 'organization';
  const reporting = cueWords.some(
    (word) =>
      (cueForms.has(word) && (institutional || !AMBIGUOUS.has(word))) ||
      STANCE_VERBS.has(word) ||
      SPOKE.has(word) ||
      nounCues.has(word) ||
      word === 'according' ||
      word === ':',
  );
  return (
    reporting &&
    (found.source.kind !== 'vague' || cueWords.some((word) => SPEECH.has(word) || STANCE_VERBS.has(word)))
  );
}

/** Every word that can let a cue only the tagger found stand: the words `standsAlone` looks for. */
const STANDING_WORDS: ReadonlySet<string> = new Set([
  ...cueForms,
  ...STANCE_VERBS,
  ...SPOKE,
  ...nounCues,
  'according',
  ':',
]);

/**
 * Whether a sentence holds a word that can let a cue only the tagger found stand. Where neither this
 * sentence nor the next (a tagged cue may run on into it) holds one and no rule found an attribution,
 * the merge keeps nothing of the tagger's, so the tagger need not read the sentence.
 */
export function holdsStandingWord(sentence: Sentence | undefined): boolean {
  if (!sentence) return false;
  for (const token of sentence.tokens) {
    if (STANDING_OUTLINES[outlineOf(token.normal)] === 1 && STANDING_WORDS.has(token.normal)) return true;
  }
  return false;
}

/** A word's length (up to 31) and the low bits of its first and last characters, as one small integer. */
function outlineOf(word: string): number {
  const length = Math.min(word.length, 31);
  return (length * 64 + (word.charCodeAt(0) & 63)) * 64 + (word.charCodeAt(word.length - 1) & 63);
}

/** The outlines of the standing words: most words share none and skip the set. */
const STANDING_OUTLINES: Uint8Array = (() => {
  const outlines = new Uint8Array(32 * 64 * 64);
  for (const word of STANDING_WORDS) outlines[outlineOf(word)] = 1;
  return outlines;
})();

/** Rule attributions, each completed by the tagger's twin (same cue) per PREFERRED, then the tagger's own. */
export function mergeWithModel(doc: Doc, rules: Found[], model: Found[]): Found[] {
  const merged = rules.map((rule) => {
    if (rule.pattern === 'model') return rule;
    const twin = model.find((found) => overlapsAny(found.cue, [rule.cue]));
    if (!twin) return rule;
    const preferred = PREFERRED[rule.pattern];
    // The tagger's phrase for the same source, named as the rules named it.
    const { start, end, text } = twin.source;
    const sameSource = overlapsAny(twin.source, [rule.source]);
    return {
      ...rule,
      source:
        preferred.sourceSpan === 'model' && sameSource ? { ...rule.source, start, end, text } : rule.source,
      content: preferred.content === 'model' ? twin.content : rule.content,
    };
  });
  const unmatched = model.filter(
    (found) =>
      standsAlone(doc, found) &&
      !rules.some(
        (rule) =>
          overlapsAny(found.cue, [rule.cue]) ||
          (rule.source.name === found.source.name && overlapsAny(found.content, [rule.content])),
      ),
  );
  return [...merged, ...unmatched];
}
