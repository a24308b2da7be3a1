/*
 * The ledger's tables as the dump sees them: one record type per table, its columns in order and what
 * each holds. Both stores read and write dumps from this one description, so a column is added to
 * the dump in one place (and the dump test fails when a table has a column missing here).
 */

/** Record types, in the order a dump lists them: each refers only to records before it. */
export const DUMP_TYPES = [
  'article',
  'version',
  'cluster',
  'claim',
  'evidence',
  'status',
  'verdict',
  'imported-review',
  'token',
  'watch',
  'alert',
] as const;
export type DumpType = (typeof DUMP_TYPES)[number];

/**
 * What a column holds and how a record writes it: `id` a key (a string of digits, as the store's ids
 * are), `time` an ISO 8601 UTC time, `json` the JSON text exactly as stored (so a round trip keeps
 * every byte), `boolean` true or false whatever the dialect stores, `url` text that must be an http(s)
 * URL (the only kind the stores take; a dump carrying a `javascript:` link is refused).
 */
export type ColumnKind = 'id' | 'text' | 'url' | 'integer' | 'real' | 'boolean' | 'time' | 'json';

export interface DumpColumn {
  /** The column's name in SQL. */
  name: string;
  /** The field's name in a record: the column's name in camelCase. */
  field: string;
  kind: ColumnKind;
  nullable: boolean;
  /**
   * Written after every record of the table's section, because it may point forward: an article's
   * current version comes after the article, and an article can be marked a copy of a later one.
   */
  deferred: boolean;
}

export interface DumpTable {
  type: DumpType;
  table: string;
  columns: DumpColumn[];
}

/** Reads `"name kind"`, with `?` after the kind for a nullable column and `!` for a deferred one. */
function columns(...specs: string[]): DumpColumn[] {
  return specs.map((spec) => {
    const [name = '', flags = ''] = spec.split(' ');
    const kind = flags.replace(/[?!]/g, '') as ColumnKind;
    return {
      name,
      field: name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      kind,
      nullable: flags.includes('?'),
      deferred: flags.includes('!'),
    };
  });
}

/** Every table of the ledger but the derived ones (the claims' full-text index). */
export const DUMP_TABLES: readonly DumpTable[] = [
  {
    type: 'article',
    table: 'articles',
    columns: columns(
      'id id',
      'url url?',
      'publisher text?',
      'publisher_key text?',
      'published_at time',
      'published_estimated boolean',
      'first_seen_at time',
      'current_version_id id?!',
      'copy_of_id id?!',
      'copy_kind text?!',
    ),
  },
  {
    type: 'version',
    table: 'article_versions',
    columns: columns(
      'id id',
      'article_id id',
      'number integer',
      'content_hash text',
      'seen_at time',
      'title text?',
      'byline text?',
      'text text',
      'analysis json',
    ),
  },
  {
    type: 'cluster',
    table: 'clusters',
    columns: columns(
      'id id',
      'key text?',
      'representative text',
      'created_at time',
      'first_seen_at time',
      'last_seen_at time',
      'appearance_count integer',
      'article_count integer',
      'outlet_count integer',
      'original_article_count integer',
      'claimant_count integer',
      'hedged_count integer',
    ),
  },
  {
    type: 'claim',
    table: 'claims',
    columns: columns(
      'id id',
      'version_id id',
      'cluster_id id',
      'is_current boolean',
      'article_id id',
      'publisher_key text?',
      'published_at time',
      'analysis_claim_id text',
      'sentence_index integer',
      'text text',
      'start_offset integer',
      'end_offset integer',
      'claimant text?',
      'claimant_kind text?',
      'certainty real',
      'checkworthiness real',
      'signals json',
      'hedged boolean',
    ),
  },
  {
    type: 'evidence',
    table: 'evidence',
    columns: columns(
      'id id',
      'cluster_id id',
      'url url?',
      'reference text?',
      'quote text?',
      'relation text',
      'kind text',
      'note text?',
      'added_by text',
      'added_at time',
    ),
  },
  {
    // A status record also lists the evidence its event cites (status_event_evidence), in order.
    type: 'status',
    table: 'status_events',
    columns: columns(
      'id id',
      'cluster_id id',
      'status text',
      'previous_status text',
      'occurred_at time',
      'recorded_at time',
      'note text?',
      'author text',
      'reply_party text?',
      'reply_url url?',
      'reply_quote text?',
    ),
  },
  {
    type: 'verdict',
    table: 'verdicts',
    columns: columns(
      'id id',
      'cluster_id id',
      'rating integer',
      'rating_label text',
      'rationale text',
      'author text',
      'claim_reviewed text',
      'url url?',
      'published_at time',
    ),
  },
  {
    type: 'imported-review',
    table: 'imported_reviews',
    columns: columns(
      'id id',
      'claim_reviewed text',
      'url url',
      'reviewer text?',
      'date_published time?',
      'rating_name text?',
      'rating_value real?',
      'best_rating real?',
      'worst_rating real?',
      'claimant text?',
      'appearance_urls json',
      'cluster_id id?',
      'match_score real?',
      'raw json',
      'imported_at time',
    ),
  },
  {
    // Only the secret's hash is stored, so that is all a dump can hold: restored tokens keep working.
    type: 'token',
    table: 'api_tokens',
    columns: columns(
      'id id',
      'name text',
      'role text',
      'secret_hash text',
      'created_at time',
      'last_used_at time?',
      'revoked_at time?',
    ),
  },
  {
    type: 'watch',
    table: 'watches',
    columns: columns(
      'id id',
      'cluster_id id',
      'hedging_threshold real?',
      'created_by text',
      'created_at time',
    ),
  },
  {
    type: 'alert',
    table: 'alerts',
    columns: columns(
      'id id',
      'cluster_id id',
      'kind text',
      'summary text',
      'data json',
      'created_at time',
      'delivery_attempts integer',
      'delivered_at time?',
      'next_attempt_at time?',
    ),
  },
];

/** The field of a status record listing the ids of the evidence its event cites, in order. */
export const EVIDENCE_IDS_FIELD = 'evidenceIds';

/** The table of a record type. */
export function dumpTable(type: DumpType): DumpTable {
  const table = DUMP_TABLES.find((candidate) => candidate.type === type);
  if (!table) throw new Error(`no dump table for record type "${type}"`);
  return table;
}

/** A value of a record field: what JSON carries for each column kind. */
export type DumpValue = string | number | boolean | null | string[];

/** One line of a dump after the header: a row of one table, its fields named in camelCase. */
export type DumpRecord = { type: DumpType } & { [field: string]: DumpValue };

/** How many records of each type a dump holds. */
export type DumpCounts = Record<DumpType, number>;

/** Counts of zero for every type. */
export function emptyCounts(): DumpCounts {
  return Object.fromEntries(DUMP_TYPES.map((type) => [type, 0])) as DumpCounts;
}

/**
 * A row as the database returned it turned into a record: keys become strings (SQLite gives numbers,
 * PostgreSQL strings), booleans true or false (SQLite gives 0 and 1); `extra` fields go last.
 */
export function recordFromRow(
  table: DumpTable,
  row: Readonly<Record<string, unknown>>,
  extra: Readonly<Record<string, DumpValue>> = {},
): DumpRecord {
  const record: DumpRecord = { type: table.type };
  for (const column of table.columns) {
    const value = row[column.name];
    if (value === null || value === undefined) record[column.field] = null;
    else if (column.kind === 'id') record[column.field] = String(value);
    else if (column.kind === 'boolean') record[column.field] = value === true || value === 1;
    else record[column.field] = value as DumpValue;
  }
  return Object.assign(record, extra);
}
