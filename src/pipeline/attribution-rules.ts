import type { Attribution, Doc, Sentence, Token } from '../core/types.ts';
import {
  appositiveAfter,
  classifySource,
  isPossessive,
  nounPhraseEndAfter,
  nounPhraseStartBefore,
  type SourceContext,
} from './attribution-sources.ts';
import {
  contentAfter,
  contentBefore,
  type Found,
  lastContentIndex,
  spanOf,
  tokenSpan,
} from './attribution-spans.ts';
import {
  AUXILIARIES,
  CLAUSE_ONLY,
  CLOSING_QUOTES,
  comeFrom,
  cueForms,
  invertible,
  nounCues,
  opensThatClause,
  SKIPPABLE_ADVERBS,
  SPEECH,
  STOP_WORDS,
} from './attribution-words.ts';

/**
 * The rules that find attributions in one sentence, each named after the construction it reads. They
 * return candidates; the stage drops those inside quotations and duplicates.
 */

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

/** "according to X", with the content on whichever side of it the comma leaves. */
export function accordingTo(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  tokens.forEach((token, index) => {
    if (token.normal !== 'according' || tokens[index + 1]?.normal !== 'to') return;
    const first = index + 2;
    if (first >= tokens.length) return;
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

/** Verb cues with their source on the left ("Officials said") or, inverted, on the right ("..., said X"). */
export function verbCues(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
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
      opensThatClause(tokens, index) ||
      next?.text === ':' ||
      /^[\u201C"]$/.test(next?.text ?? '');
    if (!introducesClause || (CLAUSE_ONLY.has(token.normal) && !opensThatClause(tokens, index))) continue;
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
export function possessiveNounCues(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
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
export function comesFrom(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
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
export function references(doc: Doc, sentence: Sentence, context: SourceContext): Found[] {
  const { tokens } = sentence;
  const found: Found[] = [];
  // A loop rather than a callback holding closures: those made the engine allocate a scope per token.
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (!nounCues.has(token.normal) || tokens[index + 1]?.normal !== 'that') continue;
    const determiner = tokens[index - 1];
    if (!determiner || !['the', 'this', 'that', 'these', 'such'].includes(determiner.normal)) continue;
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
    if (last < first) continue;
    const content = tokenSpan(doc, tokens, first, last);
    const earlier = referredTo(context.previous, content.text);
    if (!earlier) continue;
    found.push({
      source: { ...earlier.source },
      cue: tokenSpan(doc, tokens, index - 1, index),
      content,
      via: 'reference',
      pattern: 'reference',
    });
  }
  return found;
}

/** The earlier attribution whose content `content` repeats, or the article's only source's. */
function referredTo(previous: readonly Attribution[], content: string): Attribution | undefined {
  const candidates = previous.filter((attribution) => attribution.source.kind !== 'author');
  const scored = candidates
    .map((attribution) => ({ attribution, score: overlap(attribution.content.text, content) }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  const distinct = new Set(candidates.map((attribution) => attribution.source.name));
  return best && (best.score >= 0.3 || distinct.size === 1) ? best.attribution : undefined;
}
