import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { decodeBytes } from './decode.ts';

function errorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const units = Buffer.from(text, 'utf16le');
  if (order === 'be') units.swap16();
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array([...mark, ...units]);
}

describe('decodeBytes', () => {
  it('reads UTF-8 exactly, keeping CRLF line endings', () => {
    const text = 'Mayor Ødegård said “no”.\r\nIt cost €4 — a rise.\r\n';
    expect(decodeBytes(new TextEncoder().encode(text))).toBe(text);
  });

  it('strips a UTF-8 byte order mark and nothing else', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(' Hello\n')]);
    expect(decodeBytes(bytes)).toBe(' Hello\n');
  });

  it('reads UTF-16 little and big endian by their byte order mark', () => {
    const text = 'Grüße aus Köln, “quoted” 😀\n';
    expect(decodeBytes(utf16(text, 'le'))).toBe(text);
    expect(decodeBytes(utf16(text, 'be'))).toBe(text);
  });

  it('reads Windows-1252 curly quotes, dashes and accents when the input is not UTF-8', () => {
    // “Café” – it’s €5
    const bytes = new Uint8Array([
      0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x69, 0x74, 0x92, 0x73, 0x20, 0x80, 0x35,
    ]);
    expect(decodeBytes(bytes)).toBe('“Café” – it’s €5');
  });

  it('refuses invalid UTF-8 that has bytes Windows-1252 leaves undefined', () => {
    const error = errorOf(() => decodeBytes(new Uint8Array([0x41, 0xc3, 0x28, 0x81, 0x42]), 'story.txt'));
    expect(error.code).toBe('invalid-encoding');
    expect(error.message).toBe(
      'story.txt is neither UTF-8, UTF-16 nor Windows-1252 text: convert it to UTF-8 (for example with iconv -t UTF-8) and try again',
    );
  });

  it('refuses Cyrillic in a legacy 8-bit encoding instead of reading it as mojibake', () => {
    // "Привет мир" in Windows-1251: all high bytes, none undefined in 1252
    const bytes = new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0]);
    expect(errorOf(() => decodeBytes(bytes)).code).toBe('invalid-encoding');
  });

  it('refuses invalid UTF-8 after a UTF-8 byte order mark', () => {
    expect(errorOf(() => decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42]))).code).toBe(
      'invalid-encoding',
    );
  });

  it('refuses a PNG header and random bytes as binary', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    const error = errorOf(() => decodeBytes(png, 'photo.png'));
    expect(error.code).toBe('binary-input');
    expect(error.message).toBe(
      'photo.png looks like binary data, not text: give a text, Markdown or HTML article',
    );
    const random = new Uint8Array(4096);
    for (let index = 0; index < random.length; index++) random[index] = (index * 2654435761) >>> 24;
    random[100] = 0;
    expect(errorOf(() => decodeBytes(random)).code).toBe('binary-input');
  });

  it('refuses control characters without NULs and UTF-16 that carries NULs', () => {
    const controls = new Uint8Array(200).fill(0x41);
    for (let index = 0; index < 200; index += 10) controls[index] = 0x01;
    expect(errorOf(() => decodeBytes(controls)).code).toBe('binary-input');
    expect(errorOf(() => decodeBytes(utf16('a\u0000b', 'le'))).code).toBe('binary-input');
  });

  it('accepts text with tabs, form feeds and a stray escape character', () => {
    const text = `Column\tvalue\f\n${'plain words '.repeat(20)}\u001b[0m`;
    expect(decodeBytes(new TextEncoder().encode(text))).toBe(text);
  });

  it('refuses UTF-16 with a byte order mark and an odd number of bytes', () => {
    expect(errorOf(() => decodeBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).code).toBe(
      'invalid-encoding',
    );
  });

  it('either decodes any bytes or refuses them with an InputError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          expect(typeof decodeBytes(bytes)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips any UTF-8 text without NULs or control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // A leading U+FEFF is a byte order mark, which decoding strips by design.
        const clean = [...text]
          .filter((character) => character >= ' ' || '\t\n\f\r'.includes(character))
          .join('')
          .replace(/^\ufeff/, '');
        expect(decodeBytes(new TextEncoder().encode(clean))).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });
});
