import type { Migration } from './index.ts';

/*
 * The review desk: evidence on clusters, their append-only status history, verdicts, fact-checks
 * imported as ClaimReview, API tokens, watches and the alerts they raise. A cluster's current status
 * is not a column: it is read from its latest status event, which `status_events_cluster` finds
 * with one index probe.
 */

const STATUSES = `('unverified', 'corroborated', 'disputed', 'denied', 'retracted', 'debunked', 'confirmed')`;
const RELATIONS = `('supports', 'refutes', 'context')`;
const KINDS = `('primary-document', 'data', 'official-statement', 'eyewitness', 'other-reporting', 'other')`;
const ROLES = `('viewer', 'reviewer', 'admin')`;
const ALERT_KINDS = `('new-outlet', 'hedging-drop', 'status-change')`;

/**
 * The tables in one dialect's key, time, number and JSON types (they need no booleans), so that both
 * dialects share one statement of the columns and constraints.
 */
function tables(types: { key: string; ref: string; time: string; real: string; json: string }): string {
  const { key, ref, time, real, json } = types;
  return `
CREATE TABLE evidence (
  id ${key},
  cluster_id ${ref} NOT NULL REFERENCES clusters (id),
  url TEXT,
  -- A document without a URL: "Court filing 24-cv-1182, p. 3".
  reference TEXT,
  quote TEXT,
  relation TEXT NOT NULL CHECK (relation IN ${RELATIONS}),
  kind TEXT NOT NULL CHECK (kind IN ${KINDS}),
  note TEXT,
  added_by TEXT NOT NULL CHECK (added_by <> ''),
  added_at ${time} NOT NULL,
  CHECK (url IS NOT NULL OR reference IS NOT NULL)
);
CREATE INDEX evidence_cluster ON evidence (cluster_id, id);

-- Append-only: rows are never updated or deleted (the triggers below refuse it), and a cluster's
-- current status is the status of its latest row (highest id), 'unverified' before any.
CREATE TABLE status_events (
  id ${key},
  cluster_id ${ref} NOT NULL REFERENCES clusters (id),
  status TEXT NOT NULL CHECK (status IN ${STATUSES}),
  -- The cluster's status when this event was recorded, kept so the history reads as transitions.
  previous_status TEXT NOT NULL CHECK (previous_status IN ${STATUSES}),
  occurred_at ${time} NOT NULL,
  recorded_at ${time} NOT NULL,
  note TEXT,
  author TEXT NOT NULL CHECK (author <> ''),
  -- Right of reply: who answered and where.
  reply_party TEXT,
  reply_url TEXT,
  reply_quote TEXT,
  CHECK (reply_party IS NOT NULL OR (reply_url IS NULL AND reply_quote IS NULL)),
  CHECK (reply_party IS NULL OR status IN ('denied', 'disputed'))
);
CREATE INDEX status_events_cluster ON status_events (cluster_id, id);

CREATE TABLE status_event_evidence (
  event_id ${ref} NOT NULL REFERENCES status_events (id),
  evidence_id ${ref} NOT NULL REFERENCES evidence (id),
  -- The order the reviewer listed the evidence in.
  position INTEGER NOT NULL CHECK (position >= 0),
  PRIMARY KEY (event_id, evidence_id)
);
CREATE INDEX status_event_evidence_evidence ON status_event_evidence (evidence_id);

CREATE TABLE verdicts (
  id ${key},
  cluster_id ${ref} NOT NULL REFERENCES clusters (id),
  -- The rating scale of src/review/rating-scale.ts: 1 false ... 5 true.
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  -- The scale's word for the rating when the verdict was given.
  rating_label TEXT NOT NULL,
  rationale TEXT NOT NULL CHECK (rationale <> ''),
  author TEXT NOT NULL CHECK (author <> ''),
  claim_reviewed TEXT NOT NULL CHECK (claim_reviewed <> ''),
  url TEXT,
  published_at ${time} NOT NULL
);
CREATE INDEX verdicts_cluster ON verdicts (cluster_id, published_at, id);

CREATE TABLE imported_reviews (
  id ${key},
  claim_reviewed TEXT NOT NULL CHECK (claim_reviewed <> ''),
  url TEXT NOT NULL CHECK (url <> ''),
  reviewer TEXT,
  date_published ${time},
  rating_name TEXT,
  rating_value ${real},
  best_rating ${real},
  worst_rating ${real},
  claimant TEXT,
  -- JSON array of URLs where the claim appeared.
  appearance_urls ${json} NOT NULL,
  cluster_id ${ref} REFERENCES clusters (id),
  -- The matcher's probability that the review's claim is the cluster's.
  match_score ${real} CHECK (match_score BETWEEN 0 AND 1),
  -- The ClaimReview object as read.
  raw ${json} NOT NULL,
  imported_at ${time} NOT NULL,
  UNIQUE (url, claim_reviewed),
  CHECK ((cluster_id IS NULL) = (match_score IS NULL))
);
CREATE INDEX imported_reviews_cluster ON imported_reviews (cluster_id) WHERE cluster_id IS NOT NULL;

CREATE TABLE api_tokens (
  id ${key},
  name TEXT NOT NULL CHECK (name <> ''),
  role TEXT NOT NULL CHECK (role IN ${ROLES}),
  -- sha256 (hex) of the secret; the secret itself is shown once and never stored.
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
  created_at ${time} NOT NULL,
  last_used_at ${time},
  revoked_at ${time}
);

CREATE TABLE watches (
  id ${key},
  cluster_id ${ref} NOT NULL UNIQUE REFERENCES clusters (id),
  -- Alert when the hedged share of appearances falls below this; NULL for no hedging alert.
  hedging_threshold ${real} CHECK (hedging_threshold BETWEEN 0 AND 1),
  created_by TEXT NOT NULL CHECK (created_by <> ''),
  created_at ${time} NOT NULL
);

CREATE TABLE alerts (
  id ${key},
  cluster_id ${ref} NOT NULL REFERENCES clusters (id),
  kind TEXT NOT NULL CHECK (kind IN ${ALERT_KINDS}),
  summary TEXT NOT NULL CHECK (summary <> ''),
  -- JSON object: the facts behind the alert (counts before and after, statuses).
  data ${json} NOT NULL,
  created_at ${time} NOT NULL,
  -- Webhook delivery: attempts so far, when one succeeded, and when to try next (NULL: nothing to do,
  -- because it was delivered or given up on).
  delivery_attempts INTEGER NOT NULL DEFAULT 0 CHECK (delivery_attempts >= 0),
  delivered_at ${time},
  next_attempt_at ${time},
  CHECK (delivered_at IS NULL OR next_attempt_at IS NULL)
);
CREATE INDEX alerts_created ON alerts (created_at, id);
CREATE INDEX alerts_cluster ON alerts (cluster_id, created_at, id);
CREATE INDEX alerts_due ON alerts (next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
`;
}

export const review: Migration = {
  version: 2,
  name: 'review',
  sqlite: `${tables({ key: 'INTEGER PRIMARY KEY', ref: 'INTEGER', time: 'TEXT', real: 'REAL', json: 'TEXT' })}
CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
BEGIN SELECT RAISE(ABORT, 'status events are append-only: record a new event instead'); END;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
BEGIN SELECT RAISE(ABORT, 'status events are append-only: record a new event instead'); END;
`,
  // The same tables with identity keys and timestamptz; one trigger function keeps the history
  // append-only.
  postgres: `${tables({
    key: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    ref: 'BIGINT',
    time: 'TIMESTAMPTZ',
    real: 'DOUBLE PRECISION',
    json: 'JSON',
  })}
CREATE FUNCTION status_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'status events are append-only: record a new event instead'; END $$;
CREATE TRIGGER status_events_append_only BEFORE UPDATE OR DELETE ON status_events
FOR EACH ROW EXECUTE FUNCTION status_events_append_only();
`,
};
