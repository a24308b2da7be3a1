import { describe, expect, it } from 'vitest';
import { createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { groupRuns } from './grouping.ts';
import { goldLabels, runsOf, type TaggedRun } from './labels.ts';
import { isValidSequence } from './tagger.ts';
import { taggingUnits } from './units.ts';

const reader = createPipeline({
  stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences' || stage.name === 'entities'),
});
const ROLES = ['cue', 'source', 'content'];

/** Runs for the tokens whose text is listed, in order: `['content', 'We', 'late']` spans "We" to "late". */
function runFor(tokens: { text: string }[], role: string, firstText: string, lastText: string): TaggedRun {
  const first = tokens.findIndex((token) => token.text === firstText);
  const last = tokens.findIndex((token, index) => index >= first && token.text === lastText);
  return { role, first, last };
}

describe('taggingUnits', () => {
  it('keeps the sentences of a paragraph together and starts a new unit after a line break', () => {
    const doc = reader.analyze({ text: 'He spoke. She listened.\n\nThey left.' });
    expect(taggingUnits(doc).map((unit) => unit.sentences.length)).toEqual([2, 1]);
  });
});

describe('goldLabels and runsOf', () => {
  it('labels a discontinuous content as two runs and gives the cue inside it its own label', () => {
    const text = '“We are late,” she said, “and sorry.”';
    const doc = reader.analyze({ text });
    const [unit] = taggingUnits(doc);
    if (!unit) throw new Error('no unit');
    const at = (word: string) => text.indexOf(word);
    const labels = goldLabels(
      unit,
      [
        {
          role: 'content',
          start: at('We'),
          end: at('sorry') + 5,
          fragments: [
            { start: at('We'), end: at('late') + 4 },
            { start: at('and'), end: at('sorry') + 5 },
          ],
        },
        { role: 'cue', start: at('said'), end: at('said') + 4 },
        { role: 'source', start: at('she'), end: at('she') + 3 },
      ],
      ROLES,
    );
    expect(isValidSequence(labels)).toBe(true);
    const runs = runsOf(labels, ROLES).map(({ role, first, last }) => [
      role,
      text.slice(unit.tokens[first]?.start, unit.tokens[last]?.end),
    ]);
    expect(runs).toEqual([
      ['content', 'We are late'],
      ['source', 'she'],
      ['cue', 'said'],
      ['content', 'and sorry'],
    ]);
  });
});

describe('groupRuns', () => {
  it('joins a quote split by its cue into one content from its first to its last word', () => {
    const doc = reader.analyze({ text: '“We are late,” she said, “and sorry.”' });
    const [unit] = taggingUnits(doc);
    if (!unit) throw new Error('no unit');
    const runs = [
      runFor(unit.tokens, 'content', 'We', 'late'),
      runFor(unit.tokens, 'source', 'she', 'she'),
      runFor(unit.tokens, 'cue', 'said', 'said'),
      runFor(unit.tokens, 'content', 'and', 'sorry'),
    ];
    const grouped = groupRuns(unit, runs, doc);
    expect(grouped.map((found) => [found.source.text, found.cue.text, found.content.text])).toEqual([
      ['she', 'said', 'We are late,” she said, “and sorry'],
    ]);
  });

  it('pairs each cue with the source and content of its own sentence', () => {
    const doc = reader.analyze({ text: 'Officials said the bridge was closed. The mayor denied it.' });
    const [unit] = taggingUnits(doc);
    if (!unit) throw new Error('no unit');
    const runs = [
      runFor(unit.tokens, 'source', 'Officials', 'Officials'),
      runFor(unit.tokens, 'cue', 'said', 'said'),
      runFor(unit.tokens, 'content', 'the', 'closed'),
      runFor(unit.tokens, 'source', 'The', 'mayor'),
      runFor(unit.tokens, 'cue', 'denied', 'denied'),
      runFor(unit.tokens, 'content', 'it', 'it'),
    ];
    const grouped = groupRuns(unit, runs, doc);
    expect(
      grouped.map((found) => [found.sentenceIndex, found.source.text, found.cue.text, found.content.text]),
    ).toEqual([
      [0, 'Officials', 'said', 'the bridge was closed'],
      [1, 'The mayor', 'denied', 'it'],
    ]);
  });

  it('drops a cue with no source in its paragraph', () => {
    const doc = reader.analyze({ text: 'It was said the bridge was closed.' });
    const [unit] = taggingUnits(doc);
    if (!unit) throw new Error('no unit');
    const runs = [
      runFor(unit.tokens, 'cue', 'said', 'said'),
      runFor(unit.tokens, 'content', 'the', 'closed'),
    ];
    expect(groupRuns(unit, runs, doc)).toEqual([]);
  });
});
