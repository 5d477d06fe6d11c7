-- 0003: economic-status verification (issue 4, docs/verification.md, SPEC R11.4–R11.5, R2.5).
-- The record with verified values beside the declared one; closed memberships (a death, R11.5);
-- department loads and their facts; verification runs with their mismatches, candidates and the
-- duplicate/id issues that keep a household off the roster until resolved.

-- The record as verified (R2.5: verified values replace declared ones). NULL: never verified, or a new
-- declaration was stored since. Assessments read it in place of `record`.
ALTER TABLE household ADD COLUMN verified BLOB;
ALTER TABLE household ADD COLUMN verified_month INTEGER;  -- YYYYMM of the run that wrote it
-- The few households with a verified record, so that a run clears them without reading every record.
CREATE INDEX household_verified ON household(verified_month) WHERE verified_month IS NOT NULL;
-- A closed membership: the person stays (so the id can't join another household) but counts only in
-- months up to the one in which it closed.
ALTER TABLE member ADD COLUMN left_on TEXT;               -- YYYY-MM-DD
ALTER TABLE member ADD COLUMN left_reason TEXT;           -- death

CREATE TABLE feed_load (
  id            INTEGER PRIMARY KEY,
  source        TEXT NOT NULL,            -- verify/source.hpp names: tax, bank, …
  file          TEXT NOT NULL,
  file_hash     TEXT NOT NULL,            -- BLAKE2b of the bytes: the same file is loaded once
  mapping       TEXT NOT NULL,            -- the mapping file used
  as_of         INTEGER NOT NULL,         -- YYYYMMDD: the data's date (flows cover up to its month)
  first_day     INTEGER,                  -- YYYYMMDD range of the rows' dates
  last_day      INTEGER,
  rows_read     INTEGER NOT NULL,
  rows_loaded   INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  rows_ignored  INTEGER NOT NULL,
  rows_blank    INTEGER NOT NULL,
  ids_normalised INTEGER NOT NULL,
  loaded_at     TEXT NOT NULL DEFAULT (datetime('now')),
  UNIQUE (source, file_hash)
);

-- The facts of a load, packed: chunks of up to 4096 fixed 24-byte records (person key i64, amount i64,
-- day i32, fact u8, kind u8, 2 zero bytes; little-endian; registry/verification.hpp). A department file
-- of a million rows is a few hundred rows here: loading is bound by reading the file, and a run reads a
-- load back at the speed of a copy.
CREATE TABLE feed_chunk (
  load_id  INTEGER NOT NULL REFERENCES feed_load(id),
  seq      INTEGER NOT NULL,
  n        INTEGER NOT NULL,              -- records in this chunk
  facts    BLOB NOT NULL,
  PRIMARY KEY (load_id, seq)
);

-- Names and region codes as the department wrote them, kept only for the facts discovery lists
-- (death, medical bill, disability).
CREATE TABLE feed_text (
  load_id  INTEGER NOT NULL REFERENCES feed_load(id),
  person   INTEGER NOT NULL,
  name     TEXT NOT NULL,
  region   TEXT NOT NULL,
  PRIMARY KEY (load_id, person)
);

CREATE TABLE feed_rejection (
  load_id  INTEGER NOT NULL REFERENCES feed_load(id),
  row      INTEGER NOT NULL,
  code     TEXT NOT NULL,
  field    TEXT NOT NULL,
  member   TEXT NOT NULL,
  message  TEXT NOT NULL
);

CREATE TABLE verify_run (
  id           INTEGER PRIMARY KEY,
  month        INTEGER NOT NULL,          -- YYYYMM verified
  started_at   TEXT NOT NULL DEFAULT (datetime('now')),
  loads        TEXT NOT NULL,             -- the feed_load ids used, comma-separated
  households   INTEGER NOT NULL DEFAULT 0,
  members      INTEGER NOT NULL DEFAULT 0,
  mismatches   INTEGER NOT NULL DEFAULT 0,
  pending      INTEGER NOT NULL DEFAULT 0, -- households with a pending fact
  changed      INTEGER NOT NULL DEFAULT 0, -- households whose outcome changed (re-assessed)
  deaths       INTEGER NOT NULL DEFAULT 0,
  candidates   INTEGER NOT NULL DEFAULT 0,
  issues       INTEGER NOT NULL DEFAULT 0
);

-- Per run, the households with something to say: status verified | changed | pending.
CREATE TABLE verify_household (
  run_id        INTEGER NOT NULL REFERENCES verify_run(id),
  household_id  TEXT NOT NULL,
  status        TEXT NOT NULL,
  mismatches    INTEGER NOT NULL,
  pending       TEXT NOT NULL DEFAULT '',  -- ';'-separated
  before_category TEXT NOT NULL DEFAULT '',
  before_cash   INTEGER NOT NULL DEFAULT 0, -- fen
  after_category TEXT NOT NULL DEFAULT '',
  after_cash    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, household_id)
);

CREATE TABLE verify_mismatch (
  run_id        INTEGER NOT NULL REFERENCES verify_run(id),
  household_id  TEXT NOT NULL,
  member        TEXT NOT NULL DEFAULT '',  -- citizen id, '' for the household
  item          TEXT NOT NULL,             -- income.wage, assets.financial, death, …
  label         TEXT NOT NULL,
  declared      TEXT NOT NULL,
  found         TEXT NOT NULL,
  sources       TEXT NOT NULL
);
CREATE INDEX verify_mismatch_household ON verify_mismatch(household_id);

-- R11.5: people in no household whom a department row puts forward (large medical bill, severe disability).
CREATE TABLE verify_candidate (
  run_id    INTEGER NOT NULL REFERENCES verify_run(id),
  person_id TEXT NOT NULL,
  name      TEXT NOT NULL DEFAULT '',
  region    TEXT NOT NULL DEFAULT '',
  source    TEXT NOT NULL,
  reason    TEXT NOT NULL,               -- medical_bill | disability
  detail    TEXT NOT NULL,
  day       INTEGER NOT NULL,
  PRIMARY KEY (run_id, person_id, reason)
);

-- Duplicate and id problems in stored households (invalid_id, id_mismatch, duplicate_person,
-- empty_household): open until a later run no longer finds them; a household with an open issue is
-- never paid.
CREATE TABLE verify_issue (
  id            INTEGER PRIMARY KEY,
  household_id  TEXT NOT NULL,
  person_id     TEXT NOT NULL DEFAULT '',
  code          TEXT NOT NULL,
  message       TEXT NOT NULL,
  action        TEXT NOT NULL,
  found_run     INTEGER NOT NULL,
  found_at      TEXT NOT NULL DEFAULT (datetime('now')),
  resolved_run  INTEGER,
  UNIQUE (household_id, person_id, code, found_run)
);
CREATE INDEX verify_issue_open ON verify_issue(household_id) WHERE resolved_run IS NULL;
