import { mix32 } from './minhash.ts';

/**
 * The arrays a query's feature writer works in and the small array routines it runs over a
 * candidate's terms: shingles, short distinct lists, the slot table of the query's terms.
 */

/** Reusable scratch arrays for shingles, grown as needed. */
export interface ShingleScratch {
  text: Uint32Array;
  title: Uint32Array;
}

/**
 * The arrays a feature writer works in. A writer made with a set of them grows them as it needs and
 * leaves them to the next writer: an index keeps one set for its queries, which then allocate no
 * arrays for their features. A set serves one writer at a time.
 */
export class FeatureArrays {
  slotKeys = new Int32Array(64);
  slotValues = new Int32Array(64);
  textIdfs = new Float64Array(32);
  titleIdfs = new Float64Array(32);
  textCounts = new Float64Array(32);
  titleCounts = new Float64Array(32);
  nameSlots = new Uint8Array(32);
  numberSlots = new Int32Array(16);
  entitySlots = new Int32Array(16);
  wordSlots = new Int32Array(16);
  numbers = new Int32Array(16);
  entities = new Int32Array(16);
  readonly shingles: ShingleScratch = { text: new Uint32Array(64), title: new Uint32Array(64) };
  readonly idf = new Float64Array(1);

  /**
   * Room for a query of `terms` distinct terms, a slot table of `capacity`, and its numbers, names and
   * words.
   */
  reserve(terms: number, capacity: number, numbers: number, entities: number, words = 0): void {
    if (this.slotKeys.length < capacity) {
      this.slotKeys = new Int32Array(capacity);
      this.slotValues = new Int32Array(capacity);
    }
    if (this.textIdfs.length < terms) {
      const size = Math.max(terms, this.textIdfs.length * 2);
      this.textIdfs = new Float64Array(size);
      this.titleIdfs = new Float64Array(size);
      this.textCounts = new Float64Array(size);
      this.titleCounts = new Float64Array(size);
      this.nameSlots = new Uint8Array(size);
    }
    if (this.numberSlots.length < numbers) this.numberSlots = new Int32Array(numbers);
    if (this.entitySlots.length < entities) this.entitySlots = new Int32Array(entities);
    if (this.wordSlots.length < words) this.wordSlots = new Int32Array(words);
  }
}

/**
 * Sorts `values[0, count)` ascending in place: by insertion, with no view made, for the tens of values
 * a claim's shingles or a query's pool hold; by the typed array's sort for hundreds, where insertion
 * would cost more than the view.
 */
export function sortPrefix(values: Int32Array | Uint32Array, count: number): void {
  if (count > 64) {
    values.subarray(0, count).sort();
    return;
  }
  for (let index = 1; index < count; index += 1) {
    const value = values[index] as number;
    let at = index - 1;
    while (at >= 0 && (values[at] as number) > value) {
      values[at + 1] = values[at] as number;
      at -= 1;
    }
    values[at + 1] = value;
  }
}

/**
 * Writes the sorted, deduplicated 2-word shingle hashes of a term sequence to the start of
 * `scratch[slot]` (grown when short) and returns how many there are: the same values as
 * `shingleHashes`, without a Set or a view per claim.
 */
export function shinglesInto(
  tokens: ArrayLike<number>,
  from: number,
  to: number,
  termHashes: ArrayLike<number>,
  scratch: ShingleScratch,
  slot: 'text' | 'title',
): number {
  const length = to - from;
  const count = length === 1 ? 1 : Math.max(length - 1, 0);
  if (scratch[slot].length < count)
    scratch[slot] = new Uint32Array(Math.max(count, scratch[slot].length * 2));
  const into = scratch[slot];
  if (length === 1) into[0] = mix32(termHashes[tokens[from] as number] as number);
  for (let index = 0; index + 1 < length; index += 1) {
    const left = termHashes[tokens[from + index] as number] as number;
    const right = termHashes[tokens[from + index + 1] as number] as number;
    into[index] = mix32(Math.imul(left, 0x9e3779b1) ^ right);
  }
  sortPrefix(into, count);
  return distinctPrefix(into, count);
}

/** Keeps each value of the sorted `values[0, count)` once, at the start; returns how many remain. */
export function distinctPrefix(values: Uint32Array | Int32Array, count: number): number {
  let distinct = 0;
  for (let index = 0; index < count; index += 1) {
    if (index === 0 || values[index] !== values[index - 1]) {
      values[distinct] = values[index] as number;
      distinct += 1;
    }
  }
  return distinct;
}

/** Whether `values[0, count)` holds `value`. */
export function listed(values: Int32Array, count: number, value: number): boolean {
  for (let index = 0; index < count; index += 1) if (values[index] === value) return true;
  return false;
}

/** A copy of `values` with twice the room. */
export function grown(values: Int32Array): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(values.length * 2);
  copy.set(values);
  return copy;
}

/** Whether `term` occurs in `tokens[from, before)`: claims are short, so a scan beats a set. */
export function occursBefore(tokens: ArrayLike<number>, from: number, before: number, term: number): boolean {
  for (let index = from; index < before; index += 1) if (tokens[index] === term) return true;
  return false;
}

/**
 * Files each term of `termIds` under its slot (position in `termIds`) in a table at most half full,
 * open addressing in the start of `arrays.slotKeys` and `arrays.slotValues`, and returns the table's
 * mask for `slotIn`: several times faster than a Map for the per-token lookups of every candidate.
 */
export function fillSlotTable(termIds: readonly number[], arrays: FeatureArrays): number {
  let capacity = 8;
  while (capacity < termIds.length * 2) capacity *= 2;
  const mask = capacity - 1;
  arrays.reserve(termIds.length, capacity, 0, 0);
  const keys = arrays.slotKeys.fill(-1, 0, capacity);
  const slots = arrays.slotValues;
  for (let slot = 0; slot < termIds.length; slot += 1) {
    const termId = termIds[slot] as number;
    let at = Math.imul(termId, 0x9e3779b1) & mask;
    while (keys[at] !== -1 && keys[at] !== termId) at = (at + 1) & mask;
    if (keys[at] === termId) continue;
    keys[at] = termId;
    slots[at] = slot;
  }
  return mask;
}

/** The slot of `termId` in a table `fillSlotTable` filled with mask `mask`, or -1. */
export function slotIn(keys: Int32Array, slots: Int32Array, mask: number, termId: number): number {
  let at = Math.imul(termId, 0x9e3779b1) & mask;
  for (;;) {
    const key = keys[at] as number;
    if (key === termId) return slots[at] as number;
    if (key === -1) return -1;
    at = (at + 1) & mask;
  }
}
