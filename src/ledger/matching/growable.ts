/**
 * Typed arrays that grow by doubling: the index adds one claim at a time, and plain JS arrays of
 * numbers would cost four to eight times the memory at a million claims.
 */

type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

/** A typed array with a length below its capacity; `values` may be read up to `length`. */
export class Growable<T extends TypedArray> {
  values: T;
  length = 0;
  readonly #create: TypedArrayConstructor<T>;

  constructor(create: TypedArrayConstructor<T>, capacity = 16) {
    this.#create = create;
    this.values = new create(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.reserve(this.length + 1);
    this.values[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` values without changing the length. */
  reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    let size = this.values.length;
    while (size < capacity) size *= 2;
    const next = new this.#create(size);
    next.set(this.values.subarray(0, this.length) as never);
    this.values = next;
  }

  /** The filled part, as a view (no copy). */
  view(): T {
    return this.values.subarray(0, this.length) as T;
  }

  /** Replaces the contents with `values` (copied). */
  static from<U extends TypedArray>(
    create: TypedArrayConstructor<U>,
    values: ArrayLike<number>,
  ): Growable<U> {
    const growable = new Growable(create, values.length);
    growable.values.set(values as never);
    growable.length = values.length;
    return growable;
  }
}

/** Base64 of a typed array's bytes (little-endian, as every machine Node runs on stores them). */
export function encodeTypedArray(values: TypedArray): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** The inverse of `encodeTypedArray`, copied into a fresh, aligned buffer. */
export function decodeTypedArray<T extends TypedArray>(
  create: TypedArrayConstructor<T> & { BYTES_PER_ELEMENT: number },
  encoded: string,
): T {
  const bytes = Buffer.from(encoded, 'base64');
  const result = new create(bytes.byteLength / create.BYTES_PER_ELEMENT);
  new Uint8Array(result.buffer).set(bytes);
  return result;
}
