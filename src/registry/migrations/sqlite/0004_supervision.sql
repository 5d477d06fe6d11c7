-- 0004: error supervision (issue 5, docs/supervision.md, SPEC R12.2). Wrongly paid cases with their
-- cause and amount, and the money recovered. The tolerance report is computed from these and the
-- `payment` table (assisted cases = households paid in the year); nothing derived is stored.

-- One wrongly paid case: a household paid wrongly for the months first_month..last_month (YYYYMM, one
-- calendar year), `amount` fen in all. `county`/`street` are the household's when recorded: the office
-- that answers for it. `cause`: the objective reasons of R12.2 (staff_limits, shared_data,
-- concealment) or `other` (not objective: never tolerated).
CREATE TABLE supervision_error (
  id            INTEGER PRIMARY KEY,
  household_id  TEXT NOT NULL REFERENCES household(id),
  county        TEXT NOT NULL,              -- 6 digits
  street        TEXT NOT NULL DEFAULT '',   -- 9 digits, '' when only the county is known
  first_month   INTEGER NOT NULL,           -- YYYYMM
  last_month    INTEGER NOT NULL,           -- YYYYMM, same year, >= first_month
  cause         TEXT NOT NULL CHECK (cause IN ('staff_limits', 'shared_data', 'concealment', 'other')),
  amount        INTEGER NOT NULL CHECK (amount > 0),  -- fen wrongly paid
  note          TEXT NOT NULL DEFAULT '',
  recorded_by   TEXT NOT NULL DEFAULT '',
  recorded_on   TEXT NOT NULL,              -- YYYY-MM-DD
  CHECK (last_month >= first_month AND last_month / 100 = first_month / 100)
);
CREATE INDEX supervision_error_region ON supervision_error(county, street, first_month);
CREATE INDEX supervision_error_household ON supervision_error(household_id);

-- Money recovered for an error; the sum never exceeds the error's amount (checked when recorded).
CREATE TABLE supervision_recovery (
  id            INTEGER PRIMARY KEY,
  error_id      INTEGER NOT NULL REFERENCES supervision_error(id),
  recovered_on  TEXT NOT NULL,              -- YYYY-MM-DD
  amount        INTEGER NOT NULL CHECK (amount > 0),  -- fen
  note          TEXT NOT NULL DEFAULT '',
  recorded_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_recovery_error ON supervision_recovery(error_id);
