#pragma once
// CSV in UTF-8 or GB18030 (RFC 4180 quoting), as offices export from Excel or their old systems.
//
// Encoding: `kAuto` takes UTF-8 when the bytes are valid UTF-8 (a UTF-8 BOM is skipped), else GB18030,
// converted with ICU. Errors (unreadable file, unterminated quote) are Problems naming the file and row.
// Thread-compatible: no shared state.
#include <string>

#include "base/result.hpp"
#include "io/table.hpp"

namespace safetynet::io {

enum class Encoding { kAuto, kUtf8, kGb18030 };

struct CsvInfo {
  Encoding encoding = Encoding::kUtf8;  // the encoding actually used
  long rows = 0;
};

// Streams the rows of `path` to `visit`, converting to UTF-8.
Result<CsvInfo> read_csv(const std::string& path, const RowVisitor& visit, Encoding enc = Encoding::kAuto);

// Reads a whole file into one Sheet (for small files and tests).
Result<Sheet> read_csv_sheet(const std::string& path, Encoding enc = Encoding::kAuto);

// Writes rows as UTF-8 CSV (with a BOM when `bom`, which Excel needs to see UTF-8), quoting as needed;
// or as GB18030 when `enc` is kGb18030.
Result<long> write_csv(const std::string& path, const std::vector<Row>& rows, Encoding enc = Encoding::kUtf8,
                       bool bom = false);

// Incremental writer for large outputs (payroll rosters, generated registries).
class CsvWriter {
 public:
  static Result<CsvWriter> open(const std::string& path, bool bom = false);
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  ~CsvWriter();
  void write(const Row& row);
  // Flushes and closes; a Problem if the disk refused the data.
  Result<long> close();

 private:
  CsvWriter() = default;
  struct Impl;
  Impl* impl_ = nullptr;
};

}  // namespace safetynet::io
