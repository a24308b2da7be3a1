import type { Attribution, Doc, Sentence, Span, Token } from '../core/types.ts';
import {
  appositiveAfter,
  classifySource,
  isPossessive,
  nounPhraseEndAfter,
  nounPhraseStartBefore,
  type SourceContext,
  sourceAtSpan,
} from './attribution-sources.ts';
import { attributionLexicon } from './lexicons.ts';
import { createPhraseMatcher } from './phrase-matcher.ts';
import type { AttributionModel, Stage } from './stage.ts';

function inflect(lemma: string): string[] {
  const irregular = (attributionLexicon.irregular as Record<string, string[]>)[lemma] ?? [];
  const stem = lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
  const third = /(?:s|sh|ch|x|z)$/.test(lemma)
    ? `${lemma}es`
    : lemma.endsWith('y') && !/[aeiou]y$/.test(lemma)
      ? `${lemma.slice(0, -1)}ies`
      : `${lemma}s`;
  const past = lemma.endsWith('e')
    ? `${lemma}d`
    : lemma.endsWith('y') && !/[aeiou]y$/.test(lemma)
      ? `${lemma.slice(0, -1)}ied`
      : `${lemma}ed`;
  return [lemma, third, past, `${stem}ing`, ...irregular];
}

const cueForms = new Set(attributionLexicon.verbs.filter((verb) => !verb.includes(' ')).flatMap(inflect));
/** Verbs that report speech on their own; the rest need "that", a colon or a quote to count as a cue. */
const SPEECH = new Set(
  [
    'say',
    'claim',
    'allege',
    'tell',
    'argue',
    'insist',
    'assert',
    'contend',
    'testify',
    'declare',
    'tweet',
    'quip',
    'exclaim',
  ].flatMap(inflect),
);
const invertible = new Set(attributionLexicon.invertible.flatMap(inflect));
const nounCues = new Set(attributionLexicon.nouns);
const comeFrom = createPhraseMatcher(attributionLexicon.comeFrom);
const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'is',
  'was',
  'were',
  'are',
  'will',
  'would',
  'could',
  'did',
  'does',
  'do',
  'may',
  'might',
  'had',
  'been',
]);
const SKIPPABLE_ADVERBS = new Set([
  'also',
  'repeatedly',
  'previously',
  'later',
  'again',
  'publicly',
  'privately',
  'recently',
  'once',
  'often',
  'long',
  'reportedly',
  'allegedly',
  'then',
  'now',
  'still',
  'already',
  'earlier',
  'first',
  'further',
  'flatly',
  'firmly',
  'strongly',
  'falsely',
  'wrongly',
  'correctly',
]);
const CLOSING_QUOTES = new Set(['"', '\u201D', "'", '\u2019']);
const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'that',
  'and',
  'was',
  'is',
  'by',
  'for',
  'on',
  'with',
  'be',
  'has',
  'have',
  'had',
  'it',
  'its',
]);

function spanOf(doc: Doc, start: number, end: number): Span {
  return { start, end, text: doc.text.slice(start, end) };
}

function tokenSpan(doc: Doc, tokens: Token[], first: number, last: number): Span {
  return spanOf(doc, (tokens[first] as Token).start, (tokens[last] as Token).end);
}

/** The last token before sentence-final punctuation. */
function lastContentIndex(tokens: Token[]): number {
  let last = tokens.length - 1;
  while (last > 0 && /^[.!?;]$/.test((tokens[last] as Token).text)) last -= 1;
  return last;
}

/** Content after a cue: skips "to reporters", "on Monday", "in a statement" and ":" before the clause. */
function contentAfter(doc: Doc, tokens: Token[], cue: number): Span | null {
  let first = cue + 1;
  const thatWithin = tokens
    .slice(first, first + 8)
    .findIndex((token) => token.normal === 'that' && token.pos !== 'DET');
  if (
    thatWithin > 0 &&
    tokens.slice(first, first + thatWithin).every((token) => token.text !== ',' || thatWithin > 2)
  ) {
    first += thatWithin;
  }
  while (tokens[first] && (tokens[first] as Token).text === ':') first += 1;
  const last = lastContentIndex(tokens);
  if (first > last || tokens[first]?.text === ',') return null;
  return tokenSpan(doc, tokens, first, last);
}

/** Content before a cue or source: from the sentence start (or the opening quote) to the comma before `index`. */
function contentBefore(doc: Doc, tokens: Token[], index: number): Span | null {
  let last = index - 1;
  while (last >= 0 && /^[,\u201D"'\u2019]$/.test((tokens[last] as Token).text)) last -= 1;
  let first = 0;
  while (first <= last && /^[\u201C"'\u2018(]$/.test((tokens[first] as Token).text)) first += 1;
  return first <= last ? tokenSpan(doc, tokens, first, last) : null;
}

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 2 && !STOP_WORDS.has(word))
      .map((word) => word.replace(/(?:ed|ing|s)$/, '')),
  );
}

function overlap(a: string, b: string): number {
  const left = contentWords(a);
  const right = contentWords(b);
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / Math.max(1, Math.min(left.size, right.size));
}

/** The construction an attribution was found by; the merge with a tagger's spans decides per pattern. */
type Pattern = 'according-to' | 'verb' | 'inverted' | 'possessive' | 'comes-from' | 'reference' | 'model';

interface Found {
  source: Attribution['source'];
  cue: Span;
  content: Span;
  via: Attribution['via'];
  pattern: Pattern;
}

function accordingTo(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  tokens.forEach((token, index) => {
    if (token.normal !== 'according' || tokens[index + 1]?.normal !== 'to') return;
    const first = index + 2;
    let last = first;
    while (
      last + 1 < tokens.length &&
      !/^[,;.:]$/.test((tokens[last + 1] as Token).text) &&
      last - first < 14
    )
      last += 1;
    const appositive = appositiveAfter(doc, tokens, last);
    const source = classifySource(tokens, first, last, context, appositive?.text);
    if (!source) return;
    const afterSource = appositive ? appositive.end : last;
    const content =
      index <= 1 || tokens[index - 1]?.text !== ','
        ? tokens[afterSource + 1]?.text === ','
          ? contentAfter(doc, tokens, afterSource + 1)
          : null
        : contentBefore(doc, tokens, index);
    const fallback = content ?? contentBefore(doc, tokens, index);
    if (!fallback) return;
    found.push({
      source,
      cue: tokenSpan(doc, tokens, index, index + 1),
      content: fallback,
      via: 'direct',
      pattern: 'according-to',
    });
  });
  return found;
}

function isCueVerb(tokens: Token[], index: number): boolean {
  const token = tokens[index] as Token;
  if (!cueForms.has(token.normal)) return false;
  const previous = tokens[index - 1];
  if (previous?.normal === 'to' && !['according'].includes(tokens[index - 2]?.normal ?? '')) return false;
  if (token.pos === 'VERB' || token.pos === 'AUX') return true;
  // wink tags "claims" in "Mussayev claims the ..." as a noun; a name right before it makes it a verb,
  // and so does the comma closing an appositive ("Hana Voss, a former director, claims the ...").
  const next = tokens[index + 1];
  return (
    token.pos === 'NOUN' &&
    previous !== undefined &&
    (previous.pos === 'PROPN' ||
      previous.pos === 'PRON' ||
      (previous.text === ',' && index >= 4) ||
      (previous.pos === 'DET' && index === 1) ||
      /s$/.test(previous.normal)) &&
    !isPossessive(previous) &&
    next !== undefined &&
    (next.pos === 'DET' || next.pos === 'PROPN' || next.normal === 'that' || next.pos === 'PRON')
  );
}

/**
 * The source whose phrase ends at token `last`, before a cue: "Officials said", "Hanna Brisk, a
 * spokeswoman for the union, said", "Her spokesman, Victor Albu, denied", "a survey by X, released
 * in January, found".
 */
function sourceOnTheLeft(
  doc: Doc,
  tokens: Token[],
  last: number,
  context: SourceContext,
): { source: Attribution['source']; first: number } | null {
  let sourceLast = last;
  let between: [number, number] | null = null;
  if (tokens[sourceLast]?.text === ',') {
    let opening = sourceLast - 1;
    while (opening > 0 && sourceLast - opening < 20 && (tokens[opening] as Token).text !== ',') opening -= 1;
    if (opening <= 0 || (tokens[opening] as Token).text !== ',') return null;
    between = [opening + 1, sourceLast - 1];
    sourceLast = opening - 1;
  }
  if (tokens[sourceLast]?.normal === 'who' && tokens[sourceLast - 1]?.text === ',') sourceLast -= 2;
  const sourceFirst = nounPhraseStartBefore(tokens, sourceLast);
  if (sourceFirst > sourceLast || sourceLast < 0) return null;
  if (between) {
    const [from, to] = between;
    const inner = spanOf(doc, (tokens[from] as Token).start, (tokens[to] as Token).end);
    const named = doc.entities.some(
      (entity) => entity.type === 'person' && entity.start >= inner.start && entity.end <= inner.end,
    );
    const outerNamed = doc.entities.some(
      (entity) =>
        entity.type === 'person' &&
        entity.start >= (tokens[sourceFirst] as Token).start &&
        entity.end <= (tokens[sourceLast] as Token).end,
    );
    if (named && !outerNamed) {
      // The name sits between the commas and the role before it.
      const role = spanOf(doc, (tokens[sourceFirst] as Token).start, (tokens[sourceLast] as Token).end).text;
      const source = classifySource(tokens, from, to, context, role);
      return source ? { source, first: sourceFirst } : null;
    }
    const source = classifySource(tokens, sourceFirst, sourceLast, context, inner.text);
    return source ? { source, first: sourceFirst } : null;
  }
  const appositive = appositiveAfter(doc, tokens, sourceLast);
  const source = classifySource(tokens, sourceFirst, sourceLast, context, appositive?.text);
  return source ? { source, first: sourceFirst } : null;
}

function verbCues(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    if (!isCueVerb(tokens, index)) continue;
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    const before = tokens[index - 1];
    const endsClause = !next || /^[,.;!?]$/.test(next.text);
    const afterQuote = before !== undefined && (before.text === ',' || CLOSING_QUOTES.has(before.text));
    const introducesClause =
      SPEECH.has(token.normal) ||
      endsClause ||
      afterQuote ||
      tokens.slice(index + 1, index + 6).some((word) => word.normal === 'that' && word.pos !== 'DET') ||
      next?.text === ':' ||
      /^[\u201C"]$/.test(next?.text ?? '');
    if (!introducesClause) continue;
    let cueFirst = index;
    let left = index - 1;
    while (
      left >= 0 &&
      (AUXILIARIES.has((tokens[left] as Token).normal) ||
        SKIPPABLE_ADVERBS.has((tokens[left] as Token).normal) ||
        (tokens[left] as Token).normal === 'not')
    ) {
      if (AUXILIARIES.has((tokens[left] as Token).normal)) cueFirst = left;
      left -= 1;
    }
    const cue = tokenSpan(doc, tokens, cueFirst, index);
    const leftToken = tokens[left];
    const leftSource = leftToken ? sourceOnTheLeft(doc, tokens, left, context) : null;
    if (leftSource) {
      // "“...,” Okafor said in a statement": the quote before the source is what was said.
      const quoted =
        /^[\u201D"]$/.test(tokens[leftSource.first - 1]?.text ?? '') ||
        tokens[leftSource.first - 1]?.text === ',';
      const after = SPEECH.has(token.normal) || !quoted ? contentAfter(doc, tokens, index) : null;
      const afterIsClause =
        after && (tokens[index + 1]?.normal !== 'reporters' || /\bthat\b/.test(after.text));
      const content =
        (afterIsClause && !quoted ? after : null) ?? contentBefore(doc, tokens, leftSource.first) ?? after;
      if (content) found.push({ source: leftSource.source, cue, content, via: 'direct', pattern: 'verb' });
      continue;
    }
    // Inverted: "..., said Maria Okafor, the city's transport commissioner."
    if (!leftToken || leftToken.text === ',' || CLOSING_QUOTES.has(leftToken.text)) {
      if (
        invertible.has(token.normal) &&
        next &&
        (next.pos === 'PROPN' || next.pos === 'DET' || next.pos === 'NOUN' || next.pos === 'PRON')
      ) {
        const last = nounPhraseEndAfter(tokens, index + 1);
        const appositive = appositiveAfter(doc, tokens, last);
        const source = classifySource(tokens, index + 1, last, context, appositive?.text);
        const content = contentBefore(doc, tokens, cueFirst);
        if (source && content) found.push({ source, cue, content, via: 'direct', pattern: 'inverted' });
      }
    }
  }
  return found;
}

/** "Mussayev's claims suggest that ...", "the minister's allegation that ..." */
function possessiveNounCues(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  tokens.forEach((token, index) => {
    if (!nounCues.has(token.normal) || !isPossessive(tokens[index - 1]) || index < 2) return;
    const sourceLast = index - 2;
    let sourceFirst = sourceLast;
    while (sourceFirst > 0 && ['PROPN', 'NOUN'].includes((tokens[sourceFirst - 1] as Token).pos))
      sourceFirst -= 1;
    const source = classifySource(tokens, sourceFirst, sourceLast, context);
    if (!source) return;
    const next = tokens[index + 1];
    let contentFirst = -1;
    if (next?.normal === 'that') contentFirst = index + 1;
    // "X's claims suggest that ...": the verb must itself introduce what is claimed.
    else if (next && next.pos === 'VERB' && cueForms.has(next.normal)) contentFirst = index + 2;
    const last = lastContentIndex(tokens);
    if (contentFirst < 0 || contentFirst > last) return;
    found.push({
      source,
      cue: tokenSpan(doc, tokens, index, index),
      content: tokenSpan(doc, tokens, contentFirst, last),
      via: 'direct',
      pattern: 'possessive',
    });
  });
  return found;
}

/** "the allegations come from Alnur Mussayev, a former Kazakh intelligence chief" */
function comesFrom(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const text = doc.normalized.slice(sentence.start, sentence.end).toLowerCase();
  const found: Found[] = [];
  for (const match of comeFrom(text)) {
    const cueStart = sentence.start + match.start;
    const cueEnd = sentence.start + match.end;
    const cueFirst = tokens.findIndex((token) => token.start >= cueStart);
    const cueLast = tokens.findLastIndex((token) => token.end <= cueEnd);
    if (cueFirst < 1 || cueLast < cueFirst) continue;
    const subjectFirst = nounPhraseStartBefore(tokens, cueFirst - 1, 6);
    const subject = tokens.slice(subjectFirst, cueFirst);
    if (!subject.some((token) => nounCues.has(token.normal))) continue;
    const sourceFirst = cueLast + 1;
    const sourceLast = nounPhraseEndAfter(tokens, sourceFirst);
    if (sourceLast < sourceFirst) continue;
    const appositive = appositiveAfter(doc, tokens, sourceLast);
    const source = classifySource(tokens, sourceFirst, sourceLast, context, appositive?.text);
    if (!source) continue;
    found.push({
      source,
      cue: spanOf(doc, cueStart, cueEnd),
      content: tokenSpan(doc, tokens, subjectFirst, cueFirst - 1),
      via: 'direct',
      pattern: 'comes-from',
    });
  }
  return found;
}

/**
 * "The claim that X ..." with no source in the sentence points back to the earlier attribution whose
 * content it repeats, or to the article's only source.
 */
function references(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  tokens.forEach((token, index) => {
    if (!nounCues.has(token.normal) || tokens[index + 1]?.normal !== 'that') return;
    const determiner = tokens[index - 1];
    if (!determiner || !['the', 'this', 'that', 'these', 'such'].includes(determiner.normal)) return;
    const first = index + 2;
    let clauseVerb = -1;
    let last = lastContentIndex(tokens);
    for (let cursor = first; cursor <= last; cursor += 1) {
      const word = tokens[cursor] as Token;
      const isVerb = word.pos === 'VERB' || word.pos === 'AUX';
      if (isVerb && clauseVerb < 0) clauseVerb = cursor;
      else if (isVerb && clauseVerb >= 0 && cursor > clauseVerb + 1 && word.pos === 'AUX') {
        const previous = tokens[cursor - 1] as Token;
        if (
          previous.pos === 'NOUN' ||
          previous.pos === 'PROPN' ||
          previous.pos === 'PUNCT' ||
          previous.pos === 'NUM'
        ) {
          last = cursor - 1;
          break;
        }
      }
    }
    while (
      last > first &&
      /^[,\u201D"]$/.test((tokens[last] as Token).text) === false &&
      (tokens[last] as Token).pos === 'PUNCT'
    )
      last -= 1;
    if (last < first) return;
    const content = tokenSpan(doc, tokens, first, last);
    const candidates = context.previous.filter((attribution) => attribution.source.kind !== 'author');
    const scored = candidates
      .map((attribution) => ({ attribution, score: overlap(attribution.content.text, content.text) }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    const distinct = new Set(candidates.map((attribution) => attribution.source.name));
    const earlier = best && (best.score >= 0.3 || distinct.size === 1) ? best.attribution : undefined;
    if (!earlier) return;
    found.push({
      source: { ...earlier.source },
      cue: tokenSpan(doc, tokens, index - 1, index),
      content,
      via: 'reference',
      pattern: 'reference',
    });
  });
  return found;
}

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

function overlapsAny(span: Span, spans: Span[]): boolean {
  return spans.some((other) => span.start < other.end && other.start < span.end);
}

/** The tagger's attributions in a sentence, their sources named and typed as the rules name theirs. */
function modelCandidates(
  model: AttributionModel,
  doc: Doc,
  sentence: Sentence,
  context: SourceContext,
): Found[] {
  return model.spans(sentence, doc).flatMap(({ source: sourceSpan, cue, content }) => {
    const source = sourceAtSpan(sourceSpan.start, sourceSpan.end, context);
    return source ? [{ source, cue, content, via: 'direct' as const, pattern: 'model' as const }] : [];
  });
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
 * Lexicon verbs too ambiguous to stand as a cue on the tagger's word alone ("Port Halden will stop
 * charging fares"), unless a document or organization speaks through them ("the poll showed").
 */
const AMBIGUOUS = new Set(
  ['charge', 'post', 'project', 'show', 'find', 'learn', 'state', 'maintain'].flatMap(inflect),
);
/**
 * Verbs of speech, thought and stance the lexicon lacks but PolNeAR often counts as cues ("called",
 * "praised", "wants"); with the lexicon's they let a cue only the tagger found stand. Verbs of action
 * it also counts ("approved", "decided", "signed") are left out: they report deeds, not statements.
 */
const STANCE_VERBS = new Set(
  [
    'call',
    'ask',
    'describe',
    'endorse',
    'criticize',
    'criticise',
    'express',
    'refer',
    'urge',
    'cite',
    'warn',
    'reveal',
    'defend',
    'vow',
    'praise',
    'pledge',
    'promise',
    'recall',
    'hope',
    'think',
    'question',
    'reject',
    'attack',
    'blast',
    'denounce',
    'mention',
    'discuss',
    'talk',
    'speak',
    'blame',
    'complain',
    'mock',
    'echo',
    'reiterate',
    'condemn',
    'doubt',
    'fear',
    'worry',
    'want',
    'support',
    'oppose',
    'favor',
    'propose',
    'request',
    'voice',
    'joke',
    'remind',
    'portray',
    'decline',
    'point',
    'liken',
    'reference',
    'highlight',
    'underscore',
    'characterize',
    'demand',
    'label',
    'dub',
    'tout',
    'hail',
    'slam',
    'lament',
  ].flatMap(inflect),
);
const SPOKE = new Set(['spoke', 'spoken', 'thought', 'sought']);

/**
 * Whether an attribution only the tagger found may stand. PolNeAR, which the tagger learned from,
 * counts deeds as attributions too ("the council approved the plan", "Trump downplayed the threat");
 * these analyses report statements, so the cue must hold a verb of speech, thought or stance, "according
 * to" or a colon, and a vague source ("many", "critics") a verb of saying or stance ("critics say",
 * "many praised"), not a weaker lexicon verb ("led many to speculate").
 */
function standsAlone(doc: Doc, found: Found): boolean {
  const words = doc.normalized.slice(found.cue.start, found.cue.end).toLowerCase().split(/\s+/);
  const institutional = found.source.kind === 'document' || found.source.kind === 'organization';
  const reporting = words.some(
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
    (found.source.kind !== 'vague' || words.some((word) => SPEECH.has(word) || STANCE_VERBS.has(word)))
  );
}

/** Rule attributions, each completed by the tagger's twin (same cue) per PREFERRED, then the tagger's own. */
function mergeWithModel(doc: Doc, rules: Found[], model: Found[]): Found[] {
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
      const found = model ? mergeWithModel(doc, kept, modelCandidates(model, doc, sentence, context)) : kept;
      attributions.push(
        ...found.map(({ pattern: _, ...rest }) => ({ sentenceIndex: sentence.index, ...rest })),
      );
    }
    return { ...doc, attributions: withKnownDescriptions(attributions) };
  },
};
