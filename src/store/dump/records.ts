import { z } from 'zod';
import { StoreError } from '../errors.ts';
import {
  type ColumnKind,
  DUMP_TABLES,
  DUMP_TYPES,
  type DumpRecord,
  type DumpTable,
  type DumpType,
  EVIDENCE_IDS_FIELD,
} from './tables.ts';

/** A key as the stores give it: a positive integer in decimal, no larger than a bigint holds. */
const ID = z.string().regex(/^[1-9][0-9]{0,17}$/, 'expected an id: a positive integer as a string');
/** The stores' times: ISO 8601 in UTC, `2024-03-01T09:30:00.000Z`. */
const TIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'expected an ISO 8601 UTC time');
const JSON_TEXT = z.string().refine((text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}, 'expected JSON text');

const KIND_SCHEMAS: Record<ColumnKind, z.ZodType> = {
  id: ID,
  text: z.string(),
  url: z.string().regex(/^https?:\/\/\S+$/i, 'expected an http(s) URL'),
  integer: z.number().int(),
  real: z.number(),
  boolean: z.boolean(),
  time: TIME,
  json: JSON_TEXT,
};

function tableSchema(table: DumpTable) {
  const shape: Record<string, z.ZodType> = { type: z.literal(table.type) };
  for (const column of table.columns) {
    const schema = KIND_SCHEMAS[column.kind];
    shape[column.field] = column.nullable ? schema.nullable() : schema;
  }
  if (table.type === 'status') shape[EVIDENCE_IDS_FIELD] = z.array(ID);
  return z.strictObject(shape);
}

const RECORD_SCHEMAS = new Map<DumpType, z.ZodType>(
  DUMP_TABLES.map((table) => [table.type, tableSchema(table)]),
);

/** One issue of a zod error, as `field: what was wrong`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const path = issue.path.join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/**
 * Checks one record read from line `line` of a dump and returns it typed; throws a 400 StoreError
 * naming the line, the field and what was wrong.
 */
export function parseDumpRecord(value: unknown, line: number): DumpRecord {
  const type = (value as { type?: unknown } | null)?.type;
  const schema = typeof type === 'string' ? RECORD_SCHEMAS.get(type as DumpType) : undefined;
  if (!schema) {
    throw new StoreError(
      'invalid-dump',
      `line ${line}: ${typeof type === 'string' ? `unknown record type "${type}"` : 'a record needs a "type"'}; expected one of ${DUMP_TYPES.join(', ')}`,
      { status: 400 },
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StoreError(
      'invalid-dump',
      `line ${line}: invalid ${type} record: ${describeIssue(parsed.error)}`,
      { status: 400 },
    );
  }
  return parsed.data as DumpRecord;
}
