import { ClaimtrailError } from '../core/errors.ts';

/**
 * Weights are stored as JSON with Float32 arrays in base64: compact, diffable metadata, and
 * byte-for-byte reproducible because Float32 rounding is deterministic.
 */
export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat32(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Thrown when a shipped model file is missing or malformed: a broken install, not a user mistake. */
export class ModelError extends ClaimtrailError {
  constructor(message: string, cause?: unknown) {
    super('model', message, { exitCode: 1, status: 500, cause });
  }
}
