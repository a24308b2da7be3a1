/**
 * Memory for tagging one unit at a time. Allocating a typed array costs far more than filling one (each
 * gets its own buffer outside the JavaScript heap), and tagging a unit needs about twenty; a workspace
 * hands out zeroed views into one buffer it keeps, so tagging paragraph after paragraph allocates no
 * new buffers once the largest has been seen.
 */
export interface Workspace {
  /** Hands memory out from the start again: views handed out before must no longer be used. */
  reset(): void;
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
  uint8(length: number): Uint8Array;
}

/** A workspace that allocates fresh arrays every time: for training, where arrays outlive the call. */
export const FRESH_MEMORY: Workspace = {
  reset() {},
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
  uint8: (length) => new Uint8Array(length),
};

/**
 * A workspace over one reusable buffer that grows (to twice the need) when a request does not fit.
 *
 * @example
 * const memory = createWorkspace();
 * memory.reset();
 * const scores = memory.float64(tokens * labels);
 */
export function createWorkspace(initialBytes = 1 << 16): Workspace {
  let buffer = new ArrayBuffer(initialBytes);
  let used = 0;
  // Every view starts on an 8-byte boundary, as a Float64Array view must.
  const take = (bytes: number): number => {
    const offset = used;
    const end = offset + Math.ceil(bytes / 8) * 8;
    if (end > buffer.byteLength) {
      // Views handed out earlier keep the old buffer alive; new views come from the new one.
      buffer = new ArrayBuffer(Math.max(2 * buffer.byteLength, 2 * bytes));
      used = Math.ceil(bytes / 8) * 8;
      return 0;
    }
    used = end;
    return offset;
  };
  return {
    reset() {
      used = 0;
    },
    int32(length) {
      const offset = take(length * 4);
      return new Int32Array(buffer, offset, length).fill(0);
    },
    float64(length) {
      const offset = take(length * 8);
      return new Float64Array(buffer, offset, length).fill(0);
    },
    uint8(length) {
      const offset = take(length);
      return new Uint8Array(buffer, offset, length).fill(0);
    },
  };
}
