/**
 * Finding the tokens of a text by character codes: a claim is read token by token, and a pattern's
 * match array, a fresh string per token and an offset search per token cost more than its terms.
 */

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Whether the code point `point` is a letter or a digit (`\p{L}` or `\p{N}`). */
function isWordPoint(point: number): boolean {
  if (point < 0x80) {
    return (
      (point >= 0x61 && point <= 0x7a) || (point >= 0x41 && point <= 0x5a) || (point >= 0x30 && point <= 0x39)
    );
  }
  return WORD_CHARACTER.test(String.fromCodePoint(point));
}

/** UTF-16 units the letter or digit at `index` takes, or 0 when none stands there. */
function wordWidth(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return isWordPoint(code) ? 1 : 0;
  const point = text.codePointAt(index) as number;
  if (!isWordPoint(point)) return 0;
  return point > 0xffff ? 2 : 1;
}

/** The end of the run of letters and digits starting at `index`. */
function runEnd(text: string, index: number): number {
  let at = index;
  for (;;) {
    if (at >= text.length) return at;
    const width = wordWidth(text, at);
    if (width === 0) return at;
    at += width;
  }
}

/** Whether `code` joins two runs into one token: an apostrophe, a full stop or a comma. */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2e || code === 0x2c;
}

/**
 * The tokens of a text one after the other, as `[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*\.?` (with the
 * `u` flag) matches them: runs of letters and digits, joined by an apostrophe, full stop or comma
 * between two of them ("1,000", "U.S", "don't"), with a full stop after the last kept ("U.S.").
 * `next` moves to the next token and tells whether there was one; `start` and `end` bound it, and
 * `gapStart` is where the text between it and the token before begins.
 *
 * @example
 * const scanner = new TokenScanner('U.S. jobs, 1,000 of them');
 * while (scanner.next()) console.log(scanner.start, scanner.end); // 0 4, 5 9, 11 16, 17 19, 20 24
 */
export class TokenScanner {
  readonly text: string;
  gapStart = 0;
  start = 0;
  end = 0;

  constructor(text: string) {
    this.text = text;
  }

  next(): boolean {
    const { text } = this;
    let at = this.end;
    this.gapStart = at;
    for (;;) {
      if (at >= text.length) return false;
      const code = text.charCodeAt(at);
      if (code < 0x80) {
        if (isWordPoint(code)) break;
        at += 1;
        continue;
      }
      const point = text.codePointAt(at) as number;
      if (isWordPoint(point)) break;
      at += point > 0xffff ? 2 : 1;
    }
    this.start = at;
    at = runEnd(text, at);
    while (at + 1 < text.length && isJoiner(text.charCodeAt(at)) && wordWidth(text, at + 1) > 0) {
      at = runEnd(text, at + 1);
    }
    if (at < text.length && text.charCodeAt(at) === 0x2e) at += 1;
    this.end = at;
    return true;
  }
}

/** A hash of `text[start, end)` by character codes, small enough to stay a small integer. */
export function sliceHash(text: string, start: number, end: number): number {
  let hash = end - start;
  for (let index = start; index < end; index += 1) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  }
  return hash & 0x3fffffff;
}

/** Whether `known` is the same string as `text[start, end)`. */
export function sameSlice(known: string, text: string, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let index = 0; index < known.length; index += 1) {
    if (known.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}

/**
 * Raw tokens read before, found by a hash of their characters in a table of open addressing: a
 * token is looked up where it stands in its text, without being cut out of it as a string of its own.
 */
export class KnownTokens<T> {
  count = 0;
  /** Per slot, 1 + the entry filed there, or 0 for none; at most half the slots are filled. */
  #slots = new Int32Array(1024);
  #hashes = new Int32Array(512);
  #raws: string[] = [];
  #reads: T[] = [];

  /** What the raw token `text[start, end)`, of hash `hash`, was read as, if it was. */
  find(hash: number, text: string, start: number, end: number): T | undefined {
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = (slots[at] as number) - 1;
      if (entry === -1) return undefined;
      if (this.#hashes[entry] === hash && sameSlice(this.#raws[entry] as string, text, start, end)) {
        return this.#reads[entry];
      }
    }
  }

  /** Files `raw`, of hash `hash`, which is not filed yet. */
  add(hash: number, raw: string, read: T): void {
    if ((this.count + 1) * 2 > this.#slots.length) this.#grow();
    if (this.count === this.#hashes.length) {
      const hashes = new Int32Array(this.#hashes.length * 2);
      hashes.set(this.#hashes);
      this.#hashes = hashes;
    }
    this.#hashes[this.count] = hash;
    this.#raws.push(raw);
    this.#reads.push(read);
    this.count += 1;
    this.#place(this.#slots, this.count - 1);
  }

  clear(): void {
    this.#slots.fill(0);
    this.#raws = [];
    this.#reads = [];
    this.count = 0;
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    for (let entry = 0; entry < this.count; entry += 1) this.#place(slots, entry);
    this.#slots = slots;
  }

  #place(slots: Int32Array, entry: number): void {
    const mask = slots.length - 1;
    let at = (this.#hashes[entry] as number) & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = entry + 1;
  }
}
