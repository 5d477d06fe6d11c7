#pragma once
// Reading one department file through its mapping (SPEC R11.4): CSV (UTF-8 or GB18030) or XLSX, each
// data row becoming one `FeedFact`. Rows that cannot be read are returned as Problems naming the file,
// row, column and person, and reading goes on; a file that cannot be read at all (unreadable, no header
// with the id column, a mapped column missing) is refused whole.
//
// Normalised on the way in, and counted so the load can say so: full-width digits and a lower-case x
// in ids (model::normalise_citizen_id); amounts with thousands separators, full-width digits or a
// trailing 元; dates as YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日, months (YYYY-MM, YYYYMM, YYYY.M,
// YYYY年M月: the first day) or Excel serial numbers of up to 5 digits (43739 = 2019-10-01); years
// 1900–2100 only. Blank rows are skipped and counted. A header row
// whose cells were merged over two rows is found on its lower row. Names are kept as written (𠮷, ·).
//
// Units: amounts in fen (yuan × 100) or, for `amount_unit: m2`, 1/100 m². Dates YYYYMMDD integers.
// Memory: one row at a time. Thread-compatible.
//
// Problem codes, per row: `invalid_id` (GB 11643 length, date or check digit), `bad_date`,
// `bad_amount`, `bad_value` (a kind word the mapping does not list), `missing_field` (an empty id,
// date or amount). Whole file: `bad_file`, `missing_field` (a mapped column absent from the header).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "model/month.hpp"
#include "verify/mapping.hpp"

namespace safetynet::verify {

struct FeedFact {
  std::int64_t person = 0;  // verify/person_key.hpp
  Target target;
  std::int32_t day = 0;     // YYYYMMDD
  std::int64_t amount = 0;  // fen, or 1/100 m² for dwellings; 0 when the target has none
  // As written, for discovery lists: kept for deaths, medical bills and disabilities only.
  std::string name;
  std::string region;       // a region code when the department gives one
  long row = 0;
};

struct FeedCounts {
  long rows = 0;         // data rows after the header (blank ones included)
  long loaded = 0;       // facts passed to `accept`
  long rejected = 0;     // rows returned as Problems
  long ignored = 0;      // rows whose kind the mapping marks `ignore`
  long blank = 0;        // rows with no text at all
  long normalised = 0;   // rows whose id was rewritten (full-width digits, lower-case x)
  std::int32_t first_day = 0, last_day = 0;  // YYYYMMDD range of the loaded facts' dates
};

// Reads `path` (XLSX when it ends in .xlsx or .xlsm, else CSV) through `mapping`. `as_of` is the date
// given to rows when the mapping has no date column (snapshot feeds queried on one day). Rejected rows
// are appended to `rejected`. A row dated after `not_after` (the load passes today) is `bad_date`: one
// stray future date would otherwise make a flow source look delivered for years ahead. An empty file
// (no bytes) reads as no rows.
Result<FeedCounts> read_feed(const std::string& path, const Mapping& mapping, std::optional<model::Date> as_of,
                             const std::function<void(const FeedFact&)>& accept, Problems& rejected,
                             std::optional<model::Date> not_after = std::nullopt);

}  // namespace safetynet::verify
