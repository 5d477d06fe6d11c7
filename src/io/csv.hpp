#pragma once
// CSV in UTF-8 or GB18030 (RFC 4180 quoting), as offices export from Excel or their old systems.
//
// Encoding: `kAuto` takes UTF-8 when the bytes are valid UTF-8 (a UTF-8 BOM is skipped), else
// GB18030, converted with ICU. Errors (unreadable file, unterminated quote) are Problems naming the
// file and row. Thread-compatible: no shared state.
//
// Records follow RFC 4180: fields separated by commas, records by CRLF or LF (a lone CR too); a
// quoted field may hold commas, doubled quotes ("" reads as ") and line breaks. Text after a
// closing quote is kept literally (`"a"b` reads as `ab`), as Excel does. An empty line is a record
// of one empty cell, so row numbers stay those a spreadsheet shows; a final line break does not
// start a record. Rows may differ in length: nothing is padded. Row numbers count records, not
// physical lines.
//
// Memory is constant in the file size: a reader holds a 1 MiB window (less for a smaller file)
// plus the longest record; a record longer than 64 MiB (in practice an unterminated quote) is
// refused. `kAuto` reads the file twice (a fast UTF-8 check, then the parse), so `path` must be a
// regular file, not a pipe.
//
// Problem codes: `bad_file` (cannot open or read; unterminated quote; bytes invalid in the
// encoding) with `file` and `row` set; `write_failed` (cannot create, write or rename the output).
#include <string>

#include "base/result.hpp"
#include "io/table.hpp"

namespace safetynet::io {

enum class Encoding { kAuto, kUtf8, kGb18030 };

struct CsvInfo {
  Encoding encoding = Encoding::kUtf8;  // the encoding actually used
  long rows = 0;
};

// Streams the rows of `path` to `visit`, converting to UTF-8. Stops early when `visit` returns
// false; `CsvInfo::rows` counts the rows passed to `visit`. With `kUtf8` (or a UTF-8 BOM under
// `kAuto`), bytes that are not UTF-8 are `bad_file` at their row rather than guessed at. On a
// `bad_file` found mid-file, the rows before the faulty one have already been visited: a caller
// that must be all-or-nothing (an import) collects first and commits after the Result is ok.
Result<CsvInfo> read_csv(const std::string& path, const RowVisitor& visit,
                         Encoding enc = Encoding::kAuto);

// Reads a whole file into one Sheet (for small files and tests).
Result<Sheet> read_csv_sheet(const std::string& path, Encoding enc = Encoding::kAuto);

// Writes rows as UTF-8 CSV (with a BOM when `bom`, which Excel needs to see UTF-8), quoting as
// needed; or as GB18030 when `enc` is kGb18030 (`bom` is then ignored: GB18030 files carry none).
// Fields with a comma, quote, CR or LF are quoted; records end with CRLF as RFC 4180 and Excel
// expect. The file appears whole or not at all (written beside `path`, then renamed). Returns the
// number of rows. `kAuto` means UTF-8 here.
Result<long> write_csv(const std::string& path, const std::vector<Row>& rows,
                       Encoding enc = Encoding::kUtf8, bool bom = false);

// Incremental writer for large outputs (payroll rosters, generated registries). Same format as
// `write_csv`. Output goes to `path + ".part"` and is renamed to `path` by `close()`; destroying an
// unclosed writer removes the partial file, so a failed export leaves nothing half-written.
// Move-only; one thread at a time.
class CsvWriter {
 public:
  // UTF-8, with a BOM when `bom`.
  static Result<CsvWriter> open(const std::string& path, bool bom = false);
  // UTF-8 or GB18030 (`bom` applies to UTF-8 only).
  static Result<CsvWriter> open(const std::string& path, Encoding enc, bool bom = false);
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  ~CsvWriter();
  // Appends one record. I/O errors are remembered and reported by `close()`.
  void write(const Row& row);
  // Flushes and closes; a Problem if the disk refused the data. Returns the number of rows written.
  Result<long> close();

 private:
  CsvWriter() = default;
  struct Impl;
  Impl* impl_ = nullptr;
};

}  // namespace safetynet::io
