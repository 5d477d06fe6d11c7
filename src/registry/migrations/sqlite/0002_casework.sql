-- 0002: casework (issue 3, docs/casework.md): users bound to regions, sessions, cases and every step
-- of their workflow (R11.2–R11.6), referrals to the six lines (R11.3), temporary-assistance requests
-- and the yearly case-by-case total (R9.2), and the hash-chained audit log.
CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  region        TEXT NOT NULL,
  password_hash TEXT NOT NULL,             -- libsodium argon2id string
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A login: only the digest of the token is kept, so a copy of the database gives no live session.
CREATE TABLE app_session (
  token_digest  TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES app_user(id),
  csrf          TEXT NOT NULL,             -- sent back in X-CSRF-Token on every write
  expires_at    INTEGER NOT NULL           -- unix seconds
);

-- "case" is an SQL keyword: the table is casefile. kind: assistance (the household's case) or
-- temporary (a temporary-assistance request, R9).
CREATE TABLE casefile (
  id                INTEGER PRIMARY KEY,
  household_id      TEXT NOT NULL REFERENCES household(id),
  kind              TEXT NOT NULL CHECK (kind IN ('assistance', 'temporary')),
  state             TEXT NOT NULL,
  region            TEXT NOT NULL,         -- the household's region when the case was last moved
  opened_on         TEXT NOT NULL,         -- YYYY-MM-DD
  notice_start      TEXT,                  -- YYYY-MM-DD, R11.2
  approved_on       TEXT,
  pay_from          INTEGER,               -- YYYYMM: the month after approval
  transfer_target   TEXT,                  -- region a transfer goes to (迁出 → 迁入)
  assessed_category TEXT NOT NULL DEFAULT '',
  assessed_month    INTEGER,               -- YYYYMM of the last assessment
  monthly_cash      INTEGER NOT NULL DEFAULT 0,  -- fen, the last assessment's roster amount
  temp_kind         TEXT,                  -- temporary | case_by_case (kind = temporary)
  requested         INTEGER,               -- fen
  granted           INTEGER,               -- fen, set on approval (R9.2 cap applied)
  version           INTEGER NOT NULL DEFAULT 0,   -- optimistic lock: every transition adds 1
  updated_at        TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX casefile_household ON casefile(household_id);
CREATE INDEX casefile_region ON casefile(region, state);
-- One open assistance case per household.
CREATE UNIQUE INDEX casefile_one_open ON casefile(household_id)
  WHERE kind = 'assistance' AND state NOT IN ('closed', 'refused');

-- Every step: who, when, why (R11.2).
CREATE TABLE case_step (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES casefile(id),
  at         TEXT NOT NULL,                -- ISO 8601 UTC instant
  on_date    TEXT NOT NULL,                -- the civil date the step counts for
  user_name  TEXT NOT NULL,
  role       TEXT NOT NULL,
  event      TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_step_case ON case_step(case_id);
CREATE INDEX case_step_user ON case_step(user_name);

-- R11.3: one referral per line; the line's department closes it.
CREATE TABLE referral (
  case_id    INTEGER NOT NULL REFERENCES casefile(id),
  line       TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  opened_on  TEXT NOT NULL,
  closed_by  TEXT,
  closed_at  TEXT,
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, line)
);
CREATE INDEX referral_line ON referral(line, state);

-- R9.2: case-by-case grants approved per household and calendar year, the cap's running total.
CREATE TABLE case_by_case_year (
  household_id TEXT NOT NULL REFERENCES household(id),
  year         INTEGER NOT NULL,
  granted      INTEGER NOT NULL DEFAULT 0 CHECK (granted >= 0),  -- fen
  PRIMARY KEY (household_id, year)
);

-- Append-only, each entry chained to the previous by a hash (security/audit_chain.hpp). The head row
-- keeps the last seq and hash, so deleting the newest entries is detected too.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  user_name  TEXT NOT NULL,
  action     TEXT NOT NULL,
  object     TEXT NOT NULL,
  detail     TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
