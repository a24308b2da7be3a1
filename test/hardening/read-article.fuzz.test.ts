import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { readArticle } from '../../src/ingest/index.ts';

const FUZZ = { seed: 20261127, numRuns: 200 } as const;
const MAX_BYTES = 5 * 1024 * 1024;
const SENTENCE = 'The council voted on Tuesday to raise bus fares by five percent, officials said. ';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Reads, or returns the InputError it threw; any other error fails the test. */
function readOrRefusal(bytes: Uint8Array, filename: string): ReturnType<typeof readArticle> | InputError {
  try {
    return readArticle(bytes, { filename, maxBytes: MAX_BYTES });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).status).toBe(400);
    expect((error as InputError).message).toContain(filename);
    return error as InputError;
  }
}

const utf16 = (text: string, order: 'le' | 'be') => {
  const little = Buffer.from(text, 'utf16le');
  if (order === 'be') little.swap16();
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), little]);
};

/** English prose with bytes spliced in: invalid sequences, byte order marks, encoded surrogates. */
const hostileBytes = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 6 }),
        fc
          .constantFrom(
            [0xc0, 0xaf],
            [0xed, 0xa0, 0x80],
            [0xed, 0xbf, 0xbf],
            [0xf4, 0x90, 0x80, 0x80],
            [0x80],
            [0xff, 0xfe],
            [0xfe, 0xff],
            [0xef, 0xbb, 0xbf],
            [0xe2, 0x80, 0xae],
            [0xe2, 0x80, 0x8b],
            [0x93],
            [0x81],
          )
          .map((bytes) => Uint8Array.from(bytes)),
      ),
      { maxLength: 6 },
    ),
    fc.boolean(),
  )
  .map(([repeat, insertions, bomFirst]) => {
    const parts: Uint8Array[] = bomFirst ? [Uint8Array.from([0xef, 0xbb, 0xbf])] : [];
    for (const insertion of insertions) parts.push(Buffer.from(SENTENCE.repeat(repeat)), insertion);
    parts.push(Buffer.from(SENTENCE));
    return Buffer.concat(parts);
  });

describe('readArticle on hostile bytes', () => {
  it('reads any bytes as text, or refuses them with an InputError, never leaving a lone surrogate', () => {
    fc.assert(
      fc.property(hostileBytes, fc.constantFrom('story.txt', 'story.html', 'story.md'), (bytes, filename) => {
        const result = readOrRefusal(bytes, filename);
        if (!(result instanceof InputError)) expect(result.text).not.toMatch(LONE_SURROGATE);
      }),
      FUZZ,
    );
  });

  it('reads arbitrary bytes the same way: text or an InputError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (bytes) => {
        readOrRefusal(bytes, 'random.txt');
      }),
      FUZZ,
    );
  });

  it('reads UTF-16 either way round, and refuses it when a surrogate is left alone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'le' | 'be'>('le', 'be'),
        fc.constantFrom('\ud800', '\udfff', '\ud83d', '\ude00x'),
        fc.integer({ min: 0, max: 3 }),
        (order, lone, where) => {
          const sentences = [SENTENCE, SENTENCE, SENTENCE];
          expect(readOrRefusal(utf16(sentences.join(''), order), 'wide.txt')).toMatchObject({
            text: sentences.join(''),
          });
          sentences.splice(where, 0, lone);
          expect(readOrRefusal(utf16(sentences.join(''), order), 'wide.txt')).toMatchObject({
            code: 'invalid-encoding',
          });
        },
      ),
      { ...FUZZ, numRuns: 40 },
    );
  });

  it('keeps zero-width and right-to-left characters in place: analysis offsets index this text', () => {
    const text = `\u202e${SENTENCE}\u200b\u2066${SENTENCE}\u2069\u200d`;
    expect(readOrRefusal(Buffer.from(text), 'marks.txt')).toMatchObject({ text });
  });

  it('refuses bytes over the limit before decoding them', () => {
    const bytes = new Uint8Array(MAX_BYTES + 1).fill(0xff);
    expect(readOrRefusal(bytes, 'huge.txt')).toMatchObject({ code: 'too-large' });
  });
});
