import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Doc, Sentence } from '../../core/types.ts';
import { createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { ModelError } from '../model-file.ts';
import { loadHedgingModel, parseHedgingFile } from './model-file.ts';

// The shipped weights, as the pipeline loads them.
const MODEL_PATH = new URL('../../../models/hedging.json', import.meta.url);
const hedging = loadHedgingModel(MODEL_PATH);
const sentencer = createPipeline({ stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences') });

function read(text: string): { sentence: Sentence; doc: Doc } {
  const doc = sentencer.analyze({ text });
  const [sentence] = doc.sentences;
  if (!sentence) throw new Error(`no sentence in "${text}"`);
  return { sentence, doc };
}

function uncertainty(text: string): number {
  const { sentence, doc } = read(text);
  return hedging.uncertainty(sentence, doc);
}

function cueTexts(text: string): string[] {
  const { sentence, doc } = read(text);
  return hedging.cues(sentence, doc).map((cue) => cue.text);
}

describe('the shipped hedging model', () => {
  it('loads, with a name and a recommended threshold below 0.5', () => {
    expect(hedging.name).toMatch(/^hedging-/);
    expect(hedging.recommendedThreshold).toBeGreaterThan(0);
    expect(hedging.recommendedThreshold).toBeLessThan(0.5);
  });

  it('rates a hedged, unattributed claim as more uncertain than a plain fact', () => {
    const pairs: [string, string][] = [
      ['The bridge was opened in 1932.', 'It is believed that the bridge may have been opened in 1932.'],
      [
        'The river flows into the North Sea.',
        'Some historians suggest the river probably once flowed north.',
      ],
      ['The council approved the budget on Monday.', 'The council is widely considered to be corrupt.'],
    ];
    for (const [certain, uncertain] of pairs) {
      expect(uncertainty(uncertain), uncertain).toBeGreaterThan(uncertainty(certain));
    }
    expect(uncertainty('It is believed that the bridge may have been opened in 1932.')).toBeGreaterThan(0.5);
    expect(uncertainty('The bridge was opened in 1932.')).toBeLessThan(0.5);
  });

  it('answers for each document apart when questions about two documents interleave', () => {
    const hedged = read('The plant may have closed.');
    const plain = read('The plant closed.');
    const fresh = loadHedgingModel(MODEL_PATH);
    // Asking about the second document between two questions about the first must not mix them up.
    expect(fresh.cues(hedged.sentence, hedged.doc).map((cue) => cue.text)).toEqual(['may have']);
    expect(fresh.cues(plain.sentence, plain.doc)).toEqual([]);
    expect(fresh.uncertainty(hedged.sentence, hedged.doc)).toBe(uncertainty('The plant may have closed.'));
    expect(fresh.uncertainty(plain.sentence, plain.doc)).toBe(uncertainty('The plant closed.'));
    expect(fresh.cues(hedged.sentence, hedged.doc).map((cue) => cue.text)).toEqual(['may have']);
  });

  it('gives probabilities in 0..1', () => {
    for (const text of [
      'Yes.',
      'The plant closed in May.',
      'Perhaps, possibly, maybe, reportedly, allegedly.',
    ]) {
      const value = uncertainty(text);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('finds "may have" as a cue of a modal hedge, with offsets into the text', () => {
    const text = 'Reports say the company may have closed the plant.';
    const { sentence, doc } = read(text);
    const cues = hedging.cues(sentence, doc);
    expect(cues.map((cue) => cue.text)).toContainEqual(expect.stringMatching(/^may( have)?$/));
    for (const cue of cues) expect(doc.text.slice(cue.start, cue.end)).toBe(cue.text);
  });

  it('does not take the month for a hedge', () => {
    expect(cueTexts('The company closed the plant in May.')).toEqual([]);
    expect(cueTexts('In May the plant may close.')).toEqual(['may']);
  });

  it('reports hedges, not weasel or peacock words', () => {
    expect(cueTexts('The famous senator is one of the most influential voices.')).toEqual([]);
    expect(cueTexts('The minister reportedly resigned.')).toEqual(['reportedly']);
  });
});

describe('the pipeline with the hedging model', () => {
  const pipeline = createPipeline({ models: { hedging } });

  it('takes hedge signals from the model and scores uncertainty', () => {
    const doc = pipeline.analyze({
      text: 'The company may have closed the plant in May. Officials said so.',
    });
    const hedges = doc.signals.filter((signal) => signal.type === 'hedge').map((signal) => signal.text);
    expect(hedges).toEqual(['may have']);
    expect(doc.scores[0]?.uncertainty).toBeGreaterThan(doc.scores[1]?.uncertainty ?? 1);
  });

  it('keeps a hedge inside a conditional part of the conditional', () => {
    const doc = pipeline.analyze({ text: 'If the report is possibly true, the minister will resign.' });
    const types = doc.signals.map((signal) => signal.type);
    expect(types).toContain('conditional');
    expect(types).not.toContain('hedge');
  });
});

describe('loading a hedging model file', () => {
  const shipped = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as Record<string, unknown>;
  const folder = mkdtempSync(join(tmpdir(), 'claimtrail-hedging-'));

  it('throws ModelError for a file that is not JSON or is missing', () => {
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"schema": "claimtrail.hedging/1",');
    expect(() => loadHedgingModel(broken)).toThrow(ModelError);
    expect(() => loadHedgingModel(join(folder, 'absent.json'))).toThrow(ModelError);
  });

  it('throws ModelError naming the field for a wrong schema or a missing part', () => {
    expect(() => parseHedgingFile({ ...shipped, schema: 'claimtrail.hedging/0' })).toThrow(/schema/);
    const { cue: _cue, ...withoutCue } = shipped;
    expect(() => parseHedgingFile(withoutCue)).toThrow(ModelError);
    expect(() => parseHedgingFile(null)).toThrow(ModelError);
  });

  it('throws ModelError when the weights do not fill the table', () => {
    const sentence = shipped.sentence as Record<string, unknown>;
    const short = { ...shipped, sentence: { ...sentence, weights: 'AAAAAA==' } };
    expect(() => parseHedgingFile(short)).toThrow(/weights/);
  });
});
