import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../core/types.ts';
import { type AttributionModel, createPipeline, DEFAULT_STAGES } from '../../pipeline/index.ts';
import { ModelError } from '../model-file.ts';
import type { RoleSpan } from './labels.ts';
import {
  attributionModelFrom,
  createAttributionModel,
  parseAttributionTagger,
  serializeAttributionTagger,
  tagDoc,
} from './model.ts';
import { trainAttributionTagger } from './training.ts';

const reader = createPipeline({
  stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences' || stage.name === 'entities'),
});

/** A doc and its gold spans, from text with roles marked like `[source Officials] [cue said] ...`. */
function example(marked: string): { doc: Doc; spans: RoleSpan[] } {
  const spans: RoleSpan[] = [];
  let text = '';
  for (const piece of marked.split(/(\[\w+ [^\]]+\])/)) {
    const match = /^\[(\w+) ([^\]]+)\]$/.exec(piece);
    if (match) {
      spans.push({
        role: match[1] as string,
        start: text.length,
        end: text.length + (match[2] as string).length,
      });
      text += match[2];
    } else text += piece;
  }
  return { doc: reader.analyze({ text }), spans };
}

const SYNTHETIC = [
  '[source Officials] [cue said] [content the bridge was closed].',
  '[content The port will reopen in May], [source the minister] [cue said].',
  '[source Maria Okafor] [cue told] reporters [content that fares would fall].',
  'The council met on Tuesday. [source Residents] [cue said] [content the buses were late].',
  '"[content We have the money]," [source the mayor] [cue said].',
  'Prices rose in March. [content Wages fell], [source the union] [cue claimed].',
].map(example);

describe('trainAttributionTagger', () => {
  it('learns a tiny corpus: tagging its own docs gives back every attribution', () => {
    const model = trainAttributionTagger(SYNTHETIC, { dimensions: 1 << 12, epochs: 10, seed: 5 });
    for (const { doc, spans } of SYNTHETIC) {
      const found = tagDoc(model, doc);
      expect(found).toHaveLength(1);
      for (const role of ['source', 'cue', 'content'] as const) {
        const gold = spans.find((span) => span.role === role);
        expect(
          { start: found[0]?.[role].start, end: found[0]?.[role].end },
          `${role} in "${doc.text}"`,
        ).toEqual({
          start: gold?.start,
          end: gold?.end,
        });
      }
    }
  });

  it('is deterministic for a seed', () => {
    const options = { dimensions: 1 << 12, epochs: 4, seed: 11 };
    const first = serializeAttributionTagger(trainAttributionTagger(SYNTHETIC, options));
    const second = serializeAttributionTagger(trainAttributionTagger(SYNTHETIC, options));
    expect(second).toBe(first);
  });
});

describe('parseAttributionTagger', () => {
  const valid = serializeAttributionTagger(
    trainAttributionTagger(SYNTHETIC.slice(0, 2), { dimensions: 1 << 10, epochs: 1 }),
  );

  it('reads back what was written', () => {
    const model = parseAttributionTagger(valid);
    expect(model.dimensions).toBe(1 << 10);
    expect(model.taggers[0]?.roles).toEqual(['cue', 'source', 'content']);
  });

  it.each([
    ['not JSON', '{"format":'],
    ['another format', JSON.stringify({ ...JSON.parse(valid), format: 'something-else/1' })],
    ['dimensions that are not a power of two', JSON.stringify({ ...JSON.parse(valid), dimensions: 1000 })],
    ['another feature layout', JSON.stringify({ ...JSON.parse(valid), featureCount: 3 })],
    ['no taggers', JSON.stringify({ ...JSON.parse(valid), taggers: [] })],
    [
      'truncated weights',
      JSON.stringify({
        ...JSON.parse(valid),
        taggers: [{ ...JSON.parse(valid).taggers[0], emission: 'AAAA' }],
      }),
    ],
    [
      'an unknown role',
      JSON.stringify({
        ...JSON.parse(valid),
        taggers: [{ ...JSON.parse(valid).taggers[0], roles: ['speaker'] }],
      }),
    ],
  ])('throws ModelError for %s', (_, json) => {
    expect(() => parseAttributionTagger(json)).toThrow(ModelError);
  });

  it('throws ModelError for a missing file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'claimtrail-attribution-'));
    expect(() => createAttributionModel(join(folder, 'absent.json'))).toThrow(ModelError);
    writeFileSync(join(folder, 'empty.json'), '');
    expect(() => createAttributionModel(join(folder, 'empty.json'))).toThrow(ModelError);
  });

  it('answers per sentence through the pipeline interface', () => {
    const model = attributionModelFrom(
      trainAttributionTagger(SYNTHETIC, { dimensions: 1 << 12, epochs: 10 }),
    );
    const { doc } = SYNTHETIC[3] as { doc: Doc };
    expect(model.spans(doc.sentences[0] as Doc['sentences'][number], doc)).toEqual([]);
    expect(model.spans(doc.sentences[1] as Doc['sentences'][number], doc)[0]?.cue.text).toBe('said');
  });
});

const shippedModel = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/attribution.json');

describe('the shipped attribution model', () => {
  let model: AttributionModel;
  let loadMilliseconds = Number.POSITIVE_INFINITY;
  beforeAll(() => {
    const started = performance.now();
    model = createAttributionModel(shippedModel);
    loadMilliseconds = performance.now() - started;
  });

  function spansIn(text: string) {
    const doc = reader.analyze({ text });
    return doc.sentences.flatMap((sentence) => model.spans(sentence, doc));
  }

  it('loads well under a second', () => {
    expect(loadMilliseconds).toBeLessThan(1000);
  });

  it('finds a quote with its speaker after it', () => {
    const [found] = spansIn('“We will not raise taxes this year,” said Maria Okafor, the finance minister.');
    expect(found?.cue.text).toBe('said');
    expect(found?.source.text).toContain('Maria Okafor');
    expect(found?.content.text).toContain('We will not raise taxes this year');
  });

  it('finds "according to" with its source', () => {
    const [found] = spansIn(
      'The new bridge will cost 40 million dollars, according to the transport ministry.',
    );
    expect(found?.cue.text).toBe('according to');
    expect(found?.source.text).toContain('the transport ministry');
    expect(found?.content.text).toContain('The new bridge will cost 40 million dollars');
  });

  it('finds anonymous officials', () => {
    const [found] = spansIn(
      'Two officials familiar with the talks said the agreement could be signed as early as Friday.',
    );
    expect(found?.cue.text).toBe('said');
    expect(found?.source.text).toContain('officials');
    expect(found?.content.text).toContain('the agreement could be signed');
  });

  it('finds nothing in a sentence that attributes nothing', () => {
    expect(spansIn('The bridge opened in 1932 and carries four lanes of traffic.')).toEqual([]);
  });
});
