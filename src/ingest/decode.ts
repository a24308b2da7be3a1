import { InputError } from '../core/errors.ts';

/** Bytes that Windows-1252 leaves undefined; text containing them is not Windows-1252 either. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Windows-1252's characters for bytes 0x80-0x9F. Node's TextDecoder maps these to C1 control codes
 * (it treats the label as Latin-1), which would lose every curly quote and dash, so we map them here.
 */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return text;
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control += 1;
  }
  return control > sample.length * 0.02;
}

/**
 * Decodes an article's bytes: UTF-8 and UTF-16 by their byte-order mark, then valid UTF-8, then
 * Windows-1252 (the usual encoding of older newsroom files). Text that is none of these, or binary
 * data, is refused with a message saying what to do.
 *
 * @example
 * decodeBytes(new Uint8Array([0x93, 0x48, 0x69, 0x94])); // '“Hi”'
 */
export function decodeBytes(bytes: Uint8Array, label = 'input'): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksBinary(bytes)) {
    throw new InputError(
      'binary-input',
      `${label} looks like binary data, not text: give a text, Markdown or HTML article`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (bytes.some((byte) => UNDEFINED_IN_1252.has(byte))) {
      throw new InputError(
        'invalid-encoding',
        `${label} is neither UTF-8, UTF-16 nor Windows-1252 text: convert it to UTF-8 (for example with iconv) and try again`,
      );
    }
    return decodeWindows1252(bytes);
  }
}
