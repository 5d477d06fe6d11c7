#pragma once
// Tables read from and written to the flat files offices keep (CSV, XLSX): the seam between file
// formats and the record mappings (io/ledger). Cells are UTF-8 text exactly as the file shows them
// (numbers as their shortest decimal text, dates as the file stores them — see xlsx.hpp for Excel
// serial dates). Row numbers are 1-based as a spreadsheet shows them. Values only.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet::io {

using Row = std::vector<std::string>;

struct Sheet {
  std::string name;
  std::vector<Row> rows;  // rows[0] is spreadsheet row 1
};

// Streaming visitor: called once per row, in order, with the 1-based row number. Return false to stop.
// The cells are valid only during the call (readers reuse the buffer), which keeps 1M-row files cheap.
using RowVisitor = std::function<bool(long row, const Row& cells)>;

}  // namespace safetynet::io
