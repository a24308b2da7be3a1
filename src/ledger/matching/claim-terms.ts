import type { ClaimSpan, ClaimView } from './features.ts';
import { Growable } from './growable.ts';
import { shingleHashes, termHash } from './minhash.ts';

/**
 * The vocabulary and every stored claim's terms as integer ids in one flat array: claim i's text is
 * `tokens[starts[i] .. titleStarts[i])` and its title runs on to the next claim's start. Entity
 * flags sit parallel to the tokens. A million claims of some 15 terms take about 75 MB this way.
 */
export class ClaimTerms {
  readonly vocabulary = new Map<string, number>();
  readonly terms: string[] = [];
  readonly termHashes = new Growable(Uint32Array);
  readonly numeric = new Growable(Uint8Array);
  readonly tokens: Growable<Int32Array>;
  readonly entity: Growable<Uint8Array>;
  readonly starts: Growable<Uint32Array>;
  readonly titleStarts: Growable<Uint32Array>;

  constructor(stored?: {
    terms: readonly string[];
    tokens: Int32Array;
    entity: Uint8Array;
    starts: Uint32Array;
    titleStarts: Uint32Array;
  }) {
    this.tokens = stored ? Growable.from(Int32Array, stored.tokens) : new Growable(Int32Array, 1024);
    this.entity = stored ? Growable.from(Uint8Array, stored.entity) : new Growable(Uint8Array, 1024);
    this.starts = stored ? Growable.from(Uint32Array, stored.starts) : new Growable(Uint32Array);
    this.titleStarts = stored ? Growable.from(Uint32Array, stored.titleStarts) : new Growable(Uint32Array);
    for (const term of stored?.terms ?? []) this.intern(term);
  }

  get count(): number {
    return this.starts.length;
  }

  /** The id of `term`, or -1 when it is not in the vocabulary. */
  lookup(term: string): number {
    return this.vocabulary.get(term) ?? -1;
  }

  /** The id of `term`, adding it to the vocabulary when new. */
  intern(term: string): number {
    const known = this.vocabulary.get(term);
    if (known !== undefined) return known;
    const id = this.terms.length;
    this.vocabulary.set(term, id);
    this.terms.push(term);
    this.termHashes.push(termHash(term));
    this.numeric.push(/^\d/.test(term) ? 1 : 0);
    return id;
  }

  /** Stores one claim's term ids and entity flags; returns its index. */
  append(
    text: readonly number[],
    textEntity: readonly boolean[],
    title: readonly number[],
    titleEntity: readonly boolean[],
  ): number {
    const index = this.count;
    this.starts.push(this.tokens.length);
    for (let position = 0; position < text.length; position += 1) {
      this.tokens.push(text[position] as number);
      this.entity.push(textEntity[position] ? 1 : 0);
    }
    this.titleStarts.push(this.tokens.length);
    for (let position = 0; position < title.length; position += 1) {
      this.tokens.push(title[position] as number);
      this.entity.push(titleEntity[position] ? 1 : 0);
    }
    return index;
  }

  /** Views (no copies) of claim `index`'s terms by field. */
  view(index: number): ClaimView {
    const start = this.starts.values[index] as number;
    const titleStart = this.titleStarts.values[index] as number;
    const end = index + 1 < this.count ? (this.starts.values[index + 1] as number) : this.tokens.length;
    return {
      text: this.tokens.values.subarray(start, titleStart),
      title: this.tokens.values.subarray(titleStart, end),
      textEntity: this.entity.values.subarray(start, titleStart),
      titleEntity: this.entity.values.subarray(titleStart, end),
    };
  }

  /** Where claim `index`'s terms sit in the flat arrays: no copies, no views. */
  span(index: number): ClaimSpan {
    return {
      tokens: this.tokens.values,
      entity: this.entity.values,
      start: this.starts.values[index] as number,
      titleStart: this.titleStarts.values[index] as number,
      end: index + 1 < this.count ? (this.starts.values[index + 1] as number) : this.tokens.length,
    };
  }

  /** `span(index)` written into `into`, for a caller that reads many claims with one span object. */
  spanInto(index: number, into: ClaimSpan): ClaimSpan {
    into.tokens = this.tokens.values;
    into.entity = this.entity.values;
    into.start = this.starts.values[index] as number;
    into.titleStart = this.titleStarts.values[index] as number;
    into.end = index + 1 < this.count ? (this.starts.values[index + 1] as number) : this.tokens.length;
    return into;
  }

  /** The word-pair shingle hashes of claim `index`'s text, as the LSH table files them. */
  textShingles(index: number): Uint32Array {
    const start = this.starts.values[index] as number;
    const hashes = new Uint32Array((this.titleStarts.values[index] as number) - start);
    const tokens = this.tokens.values;
    const termHashes = this.termHashes.values;
    for (let position = 0; position < hashes.length; position += 1) {
      hashes[position] = termHashes[tokens[start + position] as number] as number;
    }
    return shingleHashes(hashes);
  }

  /** Bytes held by the typed arrays (capacity); the vocabulary's strings are not counted. */
  byteLength(): number {
    return [this.termHashes, this.numeric, this.tokens, this.entity, this.starts, this.titleStarts].reduce(
      (sum, growable) => sum + growable.values.byteLength,
      0,
    );
  }
}
