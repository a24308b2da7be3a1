import { InputError } from '../core/errors.ts';

/** Bytes that Windows-1252 leaves undefined: text in that encoding never contains them. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Share of C0 control characters (other than tab, newline, carriage return, form feed) above which
 * input is taken for binary data. Text files carry at most a stray escape or vertical tab; random
 * bytes carry about 10 %.
 */
const MAX_CONTROL_SHARE = 0.02;

/**
 * Windows-1252's characters for bytes 0x80-0x9F, the range where it differs from Latin-1. Node's
 * TextDecoder decodes the 'windows-1252' label as Latin-1 and would turn every curly quote and dash
 * into an invisible C1 control character, so those bytes are mapped here.
 */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** How much of the input the binary check looks at: enough to judge, cheap on a 5 MB file. */
const SNIFF_LENGTH = 64 * 1024;

function binaryError(label: string): InputError {
  return new InputError(
    'binary-input',
    `${label} looks like binary data, not text: give a text, Markdown or HTML article`,
  );
}

function encodingError(label: string): InputError {
  return new InputError(
    'invalid-encoding',
    `${label} is neither UTF-8, UTF-16 nor Windows-1252 text: convert it to UTF-8 (for example with iconv -t UTF-8) and try again`,
  );
}

function isTextControl(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Throws when a sample of code units (bytes or UTF-16 units) has NULs or too many control characters. */
function assertNotBinary(codes: ArrayLike<number>, label: string): void {
  const length = Math.min(codes.length, SNIFF_LENGTH);
  let controls = 0;
  for (let index = 0; index < length; index++) {
    const code = codes[index] as number;
    if (code === 0) throw binaryError(label);
    if (code < 0x20 && !isTextControl(code)) controls++;
  }
  if (length > 0 && controls / length > MAX_CONTROL_SHARE) throw binaryError(label);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', label: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
  } catch (error) {
    throw new InputError(
      'invalid-encoding',
      `${label} starts with a UTF-16 byte order mark but is not valid UTF-16: convert it to UTF-8 and try again`,
      error,
    );
  }
  const sample = new Uint16Array(Math.min(text.length, SNIFF_LENGTH));
  for (let index = 0; index < sample.length; index++) sample[index] = text.charCodeAt(index);
  assertNotBinary(sample, label);
  return text;
}

/**
 * Western text in Windows-1252 is ASCII with accented letters, curly quotes and dashes standing
 * mostly alone between ASCII characters; Cyrillic, Greek or East Asian text in a legacy encoding is
 * runs of high bytes, and would come out as mojibake.
 */
function looksLikeWindows1252(bytes: Uint8Array): boolean {
  let highBytes = 0;
  let highPairs = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (UNDEFINED_IN_WINDOWS_1252.has(byte)) return false;
    if (byte < 0x80) continue;
    highBytes++;
    if ((bytes[index + 1] ?? 0) >= 0x80) highPairs++;
  }
  return highPairs * 2 <= highBytes;
}

/**
 * Decodes the bytes of an article into a string, exactly as written apart from a leading byte order
 * mark (line endings are kept because analysis offsets index this text).
 *
 * - A UTF-8, UTF-16 LE or UTF-16 BE byte order mark selects that encoding.
 * - Otherwise valid UTF-8 is read as UTF-8.
 * - Input that is not valid UTF-8 is read as Windows-1252 only when it has none of the bytes 1252
 *   leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) and looks like Western text (bytes above 0x7F
 *   mostly stand alone rather than in runs); anything else is refused with `InputError('invalid-encoding')` rather
 *   than turned into mojibake.
 * - NUL bytes or many control characters are refused with `InputError('binary-input')`.
 *
 * @param bytes the raw input
 * @param label how error messages name the input, such as a file name
 * @example decodeBytes(new Uint8Array([0x93, 0x48, 0x69, 0x94])) // '“Hi”' (Windows-1252)
 */
export function decodeBytes(bytes: Uint8Array, label = 'input'): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return decodeUtf16(bytes, 'utf-16le', label);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return decodeUtf16(bytes, 'utf-16be', label);
  }
  const hasUtf8Mark = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasUtf8Mark ? bytes.subarray(3) : bytes;
  assertNotBinary(body, label);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch (error) {
    if (hasUtf8Mark || !looksLikeWindows1252(body)) {
      const failure = encodingError(label);
      failure.cause = error;
      throw failure;
    }
  }
  return decodeWindows1252(body);
}

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1')
    .decode(bytes)
    .replace(
      /[\u0080-\u009f]/g,
      (character) => WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80] ?? character,
    );
}
