import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { articleSources } from '../../src/cli/inputs.ts';
import { InputError } from '../../src/core/errors.ts';
import { createFetcher } from '../../src/ingest/index.ts';

const FUZZ = { seed: 20261127, numRuns: 60 } as const;
const MAX_BYTES = 5 * 1024 * 1024;
const SENTENCE = 'The council voted on Tuesday to raise bus fares by five percent, officials said.';

const folder = mkdtempSync(join(tmpdir(), 'claimtrail-jsonl-fuzz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileNumber = 0;
function write(extension: string, content: string | Uint8Array): string {
  fileNumber += 1;
  const path = join(folder, `records-${fileNumber}${extension}`);
  writeFileSync(path, content);
  return path;
}

type Outcome = { ok: true; text: string; meta: Record<string, unknown> } | { ok: false; error: InputError };

/** Loads every record of a file; each either loads or is refused with an InputError (exit 2). */
async function loadAll(path: string): Promise<Outcome[]> {
  const sources = await articleSources([path], { maxBytes: MAX_BYTES, fetcher: () => createFetcher() });
  const outcomes: Outcome[] = [];
  for (const source of sources) {
    try {
      const article = await source.load();
      outcomes.push({ ok: true, text: article.text, meta: { ...article.meta } });
    } catch (error) {
      expect(error, source.label).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
      expect((error as InputError).message).toContain(source.label);
      outcomes.push({ ok: false, error: error as InputError });
    }
  }
  return outcomes;
}

const notPolluted = () => {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.text).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
};

/** A key that tries to reach a prototype, at any level of a record. */
const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString');

/** A record whose values may be of any type and whose keys may name prototypes. */
const hostileRecord = fc
  .tuple(
    fc.dictionary(
      fc.oneof(prototypeKey, fc.constantFrom('text', 'html', 'url', 'title', 'publisher', 'published')),
      fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(SENTENCE), fc.constant(`<p>${SENTENCE}</p>`)),
    ),
    fc.boolean(),
  )
  .map(([record, protoFirst]) => {
    // JSON.stringify drops a __proto__ key set by assignment, so it is written into the text by hand.
    const body = JSON.stringify(record).slice(1, -1);
    const proto = '"__proto__":{"polluted":"yes","text":"injected"}';
    return `{${protoFirst ? proto : ''}${protoFirst && body ? ',' : ''}${body}${!protoFirst && body ? ',' : ''}${protoFirst ? '' : proto}}`;
  });

describe('JSONL and JSON article records, fuzzed', () => {
  it('loads or refuses every line of any JSONL file, and no __proto__ key pollutes a prototype', async () => {
    const line = fc.oneof(hostileRecord, fc.string({ maxLength: 40 }), fc.json({ maxDepth: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), async (lines) => {
        const outcomes = await loadAll(write('.jsonl', lines.join('\n')));
        for (const outcome of outcomes) {
          if (outcome.ok) {
            expect(typeof outcome.text).toBe('string');
            // A field set only on a prototype is never read as the record's own.
            expect(outcome.text).not.toBe('injected');
            expect(outcome.meta).not.toHaveProperty('polluted');
          }
        }
        notPolluted();
      }),
      FUZZ,
    );
  });

  it('reads a record whose only text is behind __proto__ as a record without text', async () => {
    const outcomes = await loadAll(
      write(
        '.jsonl',
        `{"__proto__":{"text":"${SENTENCE}"}}\n{"constructor":{"prototype":{"polluted":"yes"}},"text":"${SENTENCE}"}`,
      ),
    );
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'invalid-record' } });
    expect(outcomes[1]).toMatchObject({ ok: true, text: SENTENCE });
    notPolluted();
  });

  it('refuses a .json file of an array nested a million levels, with one invalid-record error', {
    timeout: 30_000,
  }, async () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const outcomes = await loadAll(write('.json', deep));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'invalid-record' } });
    const inLine = await loadAll(
      write('.jsonl', `{"text":${deep}}\n{"text":"${SENTENCE}","extra":${deep}}\n${'['.repeat(1_000_000)}`),
    );
    expect(inLine.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
      'invalid-record',
      'ok',
      'invalid-json',
    ]);
  });

  it('reads text with lone surrogates, bidirectional and zero-width characters as text', async () => {
    const text = `\\ud800 ${SENTENCE} \\udfff \\u202e\\u200b\\u2066`;
    const outcomes = await loadAll(write('.jsonl', `{"text":"${text}"}\n{"html":"<p>${text}</p>"}`));
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.text).toContain(SENTENCE);
        // Lone surrogates cannot be stored or encoded: they become U+FFFD on the way in.
        expect(outcome.text).not.toMatch(
          /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
        );
      }
    }
  });

  it('reads a records file written in UTF-16, like an article file', async () => {
    const lines = `${JSON.stringify({ text: SENTENCE })}\n${JSON.stringify({ html: `<p>${SENTENCE}</p>` })}\n`;
    const wide = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, 'utf16le')]);
    const outcomes = await loadAll(write('.jsonl', wide));
    expect(outcomes).toEqual([
      { ok: true, text: SENTENCE, meta: {} },
      { ok: true, text: SENTENCE, meta: {} },
    ]);
  });

  it('refuses a records file that is not valid text with one invalid-encoding error, not U+FFFD', async () => {
    const broken = Buffer.concat([
      Buffer.from(`{"text":"${SENTENCE} `),
      Buffer.from([0xd0, 0xd1, 0xd2, 0xed, 0xa0, 0x80]),
      Buffer.from('"}\n'),
    ]);
    const path = write('.jsonl', broken);
    const outcomes = await loadAll(path);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'invalid-encoding' } });
    expect(outcomes[0]?.ok === false && outcomes[0].error.message).toContain(path);
  });

  it('reads the HTML of a record nested 100,000 levels deep, and refuses a record over the size limit', {
    timeout: 30_000,
  }, async () => {
    const nested = `${'<div>'.repeat(100_000)}<p>${SENTENCE}</p>${'</div>'.repeat(100_000)}`;
    const huge = 'a'.repeat(MAX_BYTES + 1);
    const outcomes = await loadAll(
      write('.jsonl', `${JSON.stringify({ html: nested })}\n${JSON.stringify({ text: huge })}`),
    );
    expect(outcomes[0]).toMatchObject({ ok: true, text: SENTENCE });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});
