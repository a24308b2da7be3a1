import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ClaimtrailError } from '../../core/errors.ts';
import { LATEST_SCHEMA_VERSION } from '../migrations/index.ts';
import { readDump, writeDump } from './format.ts';
import type { DumpRecord } from './tables.ts';

const TOKEN: DumpRecord = {
  type: 'token',
  id: '7',
  name: 'desk',
  role: 'viewer',
  secretHash: 'a'.repeat(64),
  createdAt: '2024-03-01T12:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

async function* serve(records: readonly DumpRecord[]): AsyncGenerator<DumpRecord> {
  yield* records;
}

async function written(records: readonly DumpRecord[]): Promise<string> {
  let text = '';
  const now = new Date('2024-05-01T00:00:00.000Z');
  for await (const line of writeDump(serve(records), { dialect: 'sqlite', now })) text += line;
  return text;
}

/** Reads a dump to its end; returns its records, or the error it stopped at. */
async function readAll(text: string): Promise<unknown[] | ClaimtrailError> {
  try {
    const reader = await readDump(Readable.from([text]), 'backup.jsonl');
    const records: unknown[] = [];
    for await (const record of reader.records) records.push(record);
    return records;
  } catch (error) {
    if (error instanceof ClaimtrailError) return error;
    throw error;
  }
}

describe('the claimtrail.export/1 file', () => {
  it('writes a header, one line per record and a trailer that counts and hashes them', async () => {
    const text = await written([TOKEN, { ...TOKEN, id: '8', secretHash: 'b'.repeat(64) }]);
    const lines = text.trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      format: 'claimtrail.export/1',
      schemaVersion: LATEST_SCHEMA_VERSION,
      exportedAt: '2024-05-01T00:00:00.000Z',
      dialect: 'sqlite',
    });
    expect(JSON.parse(lines[1] ?? '')).toEqual(TOKEN);
    expect(JSON.parse(lines[3] ?? '')).toMatchObject({ type: 'trailer', counts: { token: 2, article: 0 } });
    expect(await readAll(text)).toEqual([TOKEN, { ...TOKEN, id: '8', secretHash: 'b'.repeat(64) }]);
  });

  it('reads a file split anywhere, and with CRLF line ends', async () => {
    const text = await written([TOKEN]);
    const reader = await readDump(Readable.from([...text].map((character) => character)));
    const records: unknown[] = [];
    for await (const record of reader.records) records.push(record);
    expect(records).toEqual([TOKEN]);
    expect(await readAll(text.replaceAll('\n', '\r\n'))).toEqual([TOKEN]);
  });

  it('refuses what is not a whole claimtrail export, saying where', async () => {
    const text = await written([TOKEN]);
    const lines = text.split('\n');
    const cases: [string, RegExp][] = [
      ['', /backup\.jsonl is empty/],
      ['{"hello": 1}\n', /line 1 of backup\.jsonl is not a claimtrail export header/],
      [text.replace('claimtrail.export/1', 'claimtrail.export/9'), /in format "claimtrail\.export\/9"/],
      [
        text.replace(`"schemaVersion":${LATEST_SCHEMA_VERSION}`, '"schemaVersion":99'),
        /schema version 99, newer/,
      ],
      [`${lines[0]}\n${lines[1]}\n`, /backup\.jsonl ends at line 2 without its trailer/],
      [`${lines[0]}\n${lines[1]?.slice(0, 30)}\n${lines[2]}\n`, /line 2 of backup\.jsonl is not JSON/],
      [
        `${lines[0]}\n${lines[2]}\n`,
        /line 2 of backup\.jsonl: the trailer counts 1 token records but the file holds 0/,
      ],
      [
        text.replace('"desk"', '"dusk"'),
        /line 3 of backup\.jsonl: the records' sha256 is [0-9a-f]{64} but the trailer says/,
      ],
      [`${text}${lines[1]}\n`, /line 4 of backup\.jsonl follows the trailer/],
    ];
    for (const [input, message] of cases) {
      const result = await readAll(input);
      expect(result, input.slice(0, 60)).toBeInstanceOf(ClaimtrailError);
      expect(result).toMatchObject({ code: 'invalid-dump', status: 400 });
      expect((result as Error).message).toMatch(message);
    }
    expect(await readAll(`${text}\n\n`)).toEqual([TOKEN]);
  });
});
