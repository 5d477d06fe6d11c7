-- 0001: households, their members (one open household per person, R11.1), monthly assessments,
-- payments exactly once per case and month (R12.1), import runs with every rejected row, and payroll runs.
-- Money columns are integer fen. Months are integers YYYYMM.
CREATE TABLE household (
  id            TEXT PRIMARY KEY,          -- 户编号
  region        TEXT NOT NULL,             -- 6, 9 or 12 digits as recorded
  county        TEXT NOT NULL,             -- 6-digit county of region
  street        TEXT NOT NULL DEFAULT '',  -- 9-digit street/township, '' if only a county is known
  head_name     TEXT NOT NULL DEFAULT '',
  head_id       TEXT NOT NULL DEFAULT '',
  persons       INTEGER NOT NULL,
  record        BLOB NOT NULL,             -- registry/record_codec encoding of the whole record
  record_hash   TEXT NOT NULL,             -- detects an unchanged re-import
  source        TEXT NOT NULL DEFAULT '',  -- file it was last imported from
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  updated_at    TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX household_county ON household(county, street);

-- The history the registry keeps current (SPEC readings: storing a month's results records the
-- category, the last benefit and a running exit_started). A narrow table of its own so that the monthly
-- run does not rewrite every household's record row.
CREATE TABLE household_state (
  household_id  TEXT PRIMARY KEY REFERENCES household(id) ON DELETE CASCADE,
  month         INTEGER NOT NULL,          -- YYYYMM of the assessment that set it
  category      TEXT NOT NULL,
  last_benefit  INTEGER,                   -- fen, dibao only
  exit_started  INTEGER                    -- Month index of a running gradual exit (R3.6)
) WITHOUT ROWID;

CREATE TABLE member (
  person_id    TEXT PRIMARY KEY,           -- citizen id: a person is in at most one household (R11.1)
  household_id TEXT NOT NULL REFERENCES household(id) ON DELETE CASCADE,
  name         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_household ON member(household_id);

CREATE TABLE assessment (
  household_id TEXT NOT NULL REFERENCES household(id) ON DELETE CASCADE,
  month        INTEGER NOT NULL,           -- YYYYMM
  category     TEXT NOT NULL,              -- dibao | low_income | none | undetermined
  persons      TEXT NOT NULL DEFAULT '',   -- "member_index:tekun;…"
  covered      INTEGER NOT NULL,           -- covered persons
  monthly_cash INTEGER NOT NULL,           -- fen: the roster amount (SPEC R12.1 reading)
  entitlements TEXT NOT NULL,              -- "item:member:period:fen;…" (period m|y|f)
  undetermined TEXT NOT NULL DEFAULT '',   -- facts missing, ';'-separated
  refusal      TEXT,                       -- no_parameter message when refused
  assessed_at  TEXT NOT NULL DEFAULT (datetime('now')),
  PRIMARY KEY (household_id, month)
);
CREATE INDEX assessment_month ON assessment(month);

CREATE TABLE payroll_run (
  id          INTEGER PRIMARY KEY,
  month       INTEGER NOT NULL,
  started_at  TEXT NOT NULL DEFAULT (datetime('now')),
  new_cases   INTEGER NOT NULL DEFAULT 0,
  new_total   INTEGER NOT NULL DEFAULT 0   -- fen
);

CREATE TABLE payment (
  household_id TEXT NOT NULL REFERENCES household(id),
  month        INTEGER NOT NULL,
  amount       INTEGER NOT NULL,           -- fen
  items        TEXT NOT NULL,              -- the paid monthly cash items, as in assessment.entitlements
  run_id       INTEGER NOT NULL REFERENCES payroll_run(id),
  PRIMARY KEY (household_id, month)        -- one payment per case and month, never two (R12.1)
);

-- Case-by-case grants paid through the roster count against the yearly cap (R9.2).
CREATE TABLE case_by_case_paid (
  household_id TEXT NOT NULL REFERENCES household(id),
  paid_on      TEXT NOT NULL,              -- YYYY-MM-DD
  amount       INTEGER NOT NULL,           -- fen
  month        INTEGER NOT NULL,
  PRIMARY KEY (household_id, month)
);

CREATE TABLE import_run (
  id         INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL DEFAULT (datetime('now')),
  files      TEXT NOT NULL,
  inserted   INTEGER NOT NULL DEFAULT 0,
  updated    INTEGER NOT NULL DEFAULT 0,
  unchanged  INTEGER NOT NULL DEFAULT 0,
  rejected   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_rejection (
  run_id  INTEGER NOT NULL REFERENCES import_run(id),
  file    TEXT NOT NULL,
  row     INTEGER NOT NULL,
  code    TEXT NOT NULL,
  field   TEXT NOT NULL,
  member  TEXT NOT NULL,
  message TEXT NOT NULL
);
