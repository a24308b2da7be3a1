import type { Migration } from './index.ts';

/**
 * The claim ledger: articles and their versions, claims (one row per appearance) grouped into
 * clusters, and a full-text index over claim text. Times are ISO 8601 UTC strings
 * (`2024-03-01T09:30:00.000Z`), so they sort as text and their first ten characters are the UTC day.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sqlite: `
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  -- Canonical URL; NULL for local files, which are told apart by their content hash alone.
  url TEXT UNIQUE,
  publisher TEXT,
  -- Lower-cased, without a leading "the" or punctuation, so "The Daily Star" and "Daily Star" count
  -- as one outlet.
  publisher_key TEXT,
  published_at TEXT NOT NULL,
  -- 1 when the metadata gave no publication time and published_at is the first-seen time.
  published_estimated INTEGER NOT NULL CHECK (published_estimated IN (0, 1)),
  first_seen_at TEXT NOT NULL,
  -- NULL only inside the transaction that creates the article, before its first version exists.
  current_version_id INTEGER REFERENCES article_versions (id),
  copy_of_id INTEGER REFERENCES articles (id),
  copy_kind TEXT CHECK (copy_kind IN ('wire', 'syndication', 'duplicate')),
  CHECK ((copy_of_id IS NULL) = (copy_kind IS NULL)),
  CHECK (copy_of_id IS NULL OR copy_of_id <> id)
);
CREATE INDEX articles_first_seen ON articles (first_seen_at, id);
CREATE INDEX articles_copy_of ON articles (copy_of_id) WHERE copy_of_id IS NOT NULL;

CREATE TABLE article_versions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  number INTEGER NOT NULL CHECK (number >= 1),
  -- sha256 (hex) of the normalized text: what tells an edit from a repeat.
  content_hash TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  title TEXT,
  byline TEXT,
  text TEXT NOT NULL,
  -- The claimtrail.analysis/1 JSON of this version, kept whole so versions can be compared later.
  analysis TEXT NOT NULL,
  UNIQUE (article_id, number)
);
CREATE INDEX article_versions_content_hash ON article_versions (content_hash);

CREATE TABLE clusters (
  id INTEGER PRIMARY KEY,
  -- The matching fingerprint a cluster was created under; claims given the same key join it.
  key TEXT UNIQUE,
  representative TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- The counts below are over current appearances: claims in the latest version of each article.
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  appearance_count INTEGER NOT NULL DEFAULT 0,
  article_count INTEGER NOT NULL DEFAULT 0,
  outlet_count INTEGER NOT NULL DEFAULT 0,
  -- Articles not marked as a copy of another.
  original_article_count INTEGER NOT NULL DEFAULT 0,
  claimant_count INTEGER NOT NULL DEFAULT 0,
  hedged_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clusters_traction ON clusters (outlet_count, appearance_count, id);
CREATE INDEX clusters_appearances ON clusters (appearance_count, outlet_count, id);
CREATE INDEX clusters_recent ON clusters (last_seen_at, id);

CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES article_versions (id),
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  -- 1 while the claim's version is its article's latest; older versions keep their claims at 0.
  is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  -- The next three repeat the article's (which never change once stored) so that cluster counts and
  -- appearance pages are read from claims' indexes alone, without visiting every article.
  article_id INTEGER NOT NULL REFERENCES articles (id),
  publisher_key TEXT,
  published_at TEXT NOT NULL,
  -- The claim's id inside its analysis (claims[].id).
  analysis_claim_id TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  claimant TEXT,
  claimant_kind TEXT,
  certainty REAL NOT NULL,
  checkworthiness REAL NOT NULL,
  signals TEXT NOT NULL,
  hedged INTEGER NOT NULL CHECK (hedged IN (0, 1)),
  UNIQUE (version_id, analysis_claim_id)
);
-- A cluster's appearances in time order, and whether an article, outlet or claimant is already in it:
-- each new claim updates its cluster's counts from these instead of counting the cluster again.
CREATE INDEX claims_cluster_time ON claims (cluster_id, is_current, published_at, id);
CREATE INDEX claims_cluster_article ON claims (cluster_id, is_current, article_id);
CREATE INDEX claims_cluster_outlet ON claims (cluster_id, is_current, publisher_key);
CREATE INDEX claims_cluster_claimant ON claims (cluster_id, is_current, claimant);
CREATE INDEX claims_article ON claims (article_id, is_current);
CREATE INDEX claims_claimant ON claims (claimant, is_current) WHERE claimant IS NOT NULL;

-- External-content index: the text lives once, in claims; the store's write methods add each
-- claim's row here in the same transaction.
CREATE VIRTUAL TABLE claims_fts USING fts5 (
  text,
  content = 'claims',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`,
  // The same tables in PostgreSQL's types: identity keys (bigint, which arrive in JavaScript as
  // strings), booleans, timestamptz, and the analysis and signals as json, which keeps their text as
  // written. Full-text search is a generated tsvector column with a GIN index instead of FTS5.
  postgres: `
CREATE TABLE articles (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Canonical URL; NULL for local files, which are told apart by their content hash alone.
  url TEXT UNIQUE,
  publisher TEXT,
  -- Lower-cased, without a leading "the" or punctuation, so "The Daily Star" and "Daily Star" count
  -- as one outlet.
  publisher_key TEXT,
  published_at TIMESTAMPTZ NOT NULL,
  -- True when the metadata gave no publication time and published_at is the first-seen time.
  published_estimated BOOLEAN NOT NULL,
  first_seen_at TIMESTAMPTZ NOT NULL,
  -- NULL only inside the transaction that creates the article, before its first version exists.
  current_version_id BIGINT,
  copy_of_id BIGINT REFERENCES articles (id),
  copy_kind TEXT CHECK (copy_kind IN ('wire', 'syndication', 'duplicate')),
  CHECK ((copy_of_id IS NULL) = (copy_kind IS NULL)),
  CHECK (copy_of_id IS NULL OR copy_of_id <> id)
);
CREATE INDEX articles_first_seen ON articles (first_seen_at, id);
CREATE INDEX articles_copy_of ON articles (copy_of_id) WHERE copy_of_id IS NOT NULL;

CREATE TABLE article_versions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles (id),
  number INTEGER NOT NULL CHECK (number >= 1),
  -- sha256 (hex) of the normalized text: what tells an edit from a repeat.
  content_hash TEXT NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL,
  title TEXT,
  byline TEXT,
  text TEXT NOT NULL,
  -- The claimtrail.analysis/1 JSON of this version, kept whole so versions can be compared later.
  analysis JSON NOT NULL,
  UNIQUE (article_id, number)
);
CREATE INDEX article_versions_content_hash ON article_versions (content_hash);
ALTER TABLE articles ADD FOREIGN KEY (current_version_id) REFERENCES article_versions (id);

CREATE TABLE clusters (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The matching fingerprint a cluster was created under; claims given the same key join it.
  key TEXT UNIQUE,
  representative TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  -- The counts below are over current appearances: claims in the latest version of each article.
  first_seen_at TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  appearance_count INTEGER NOT NULL DEFAULT 0,
  article_count INTEGER NOT NULL DEFAULT 0,
  outlet_count INTEGER NOT NULL DEFAULT 0,
  -- Articles not marked as a copy of another.
  original_article_count INTEGER NOT NULL DEFAULT 0,
  claimant_count INTEGER NOT NULL DEFAULT 0,
  hedged_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clusters_traction ON clusters (outlet_count, appearance_count, id);
CREATE INDEX clusters_appearances ON clusters (appearance_count, outlet_count, id);
CREATE INDEX clusters_recent ON clusters (last_seen_at, id);

CREATE TABLE claims (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id BIGINT NOT NULL REFERENCES article_versions (id),
  cluster_id BIGINT NOT NULL REFERENCES clusters (id),
  -- True while the claim's version is its article's latest; older versions keep their claims false.
  is_current BOOLEAN NOT NULL,
  -- The next three repeat the article's (which never change once stored) so that cluster counts and
  -- appearance pages are read from claims' indexes alone, without visiting every article.
  article_id BIGINT NOT NULL REFERENCES articles (id),
  publisher_key TEXT,
  published_at TIMESTAMPTZ NOT NULL,
  -- The claim's id inside its analysis (claims[].id).
  analysis_claim_id TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  claimant TEXT,
  claimant_kind TEXT,
  certainty DOUBLE PRECISION NOT NULL,
  checkworthiness DOUBLE PRECISION NOT NULL,
  signals JSON NOT NULL,
  hedged BOOLEAN NOT NULL,
  -- English stemming, as FTS5's porter tokenizer does for SQLite; generated, so it cannot drift.
  search TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (version_id, analysis_claim_id)
);
-- A cluster's appearances in time order, and whether an article, outlet or claimant is already in it:
-- each new claim updates its cluster's counts from these instead of counting the cluster again.
CREATE INDEX claims_cluster_time ON claims (cluster_id, is_current, published_at, id);
CREATE INDEX claims_cluster_article ON claims (cluster_id, is_current, article_id);
CREATE INDEX claims_cluster_outlet ON claims (cluster_id, is_current, publisher_key);
CREATE INDEX claims_cluster_claimant ON claims (cluster_id, is_current, claimant);
CREATE INDEX claims_article ON claims (article_id, is_current);
CREATE INDEX claims_version ON claims (version_id);
CREATE INDEX claims_claimant ON claims (claimant, is_current) WHERE claimant IS NOT NULL;
CREATE INDEX claims_search ON claims USING GIN (search);
`,
};
