#pragma once
// XLSX (Office Open XML spreadsheets): read with minizip + pugixml, write with libxlsxwriter.
//
// Reading gives each sheet's cells as UTF-8 text: shared and inline strings as written (characters
// outside the BMP such as 𠮷 included), numbers as their decimal text, booleans as "TRUE"/"FALSE".
// A merged header cell's value is repeated across the cells it spans, so two-row headers (成年人 over
// its sub-columns) read naturally. Cells styled as dates keep their serial number text; use
// `excel_serial_to_date` where a column is known to be a date. Problems name the file (and sheet).
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "io/table.hpp"
#include "model/month.hpp"

namespace safetynet::io {

// Names of the sheets, in workbook order.
Result<std::vector<std::string>> xlsx_sheet_names(const std::string& path);

// Streams one sheet (by name; "" = the first) row by row. Empty rows between data rows are passed as
// rows of empty cells so row numbers stay those Excel shows.
Result<long> read_xlsx(const std::string& path, const std::string& sheet, const RowVisitor& visit);

// Reads every sheet whole (small files and tests).
Result<std::vector<Sheet>> read_xlsx_sheets(const std::string& path);

// "43739" (1900 date system) -> 2019-10-01; also accepts "43739.5" (time ignored). nullopt if not a
// serial number in a plausible range.
std::optional<model::Date> excel_serial_to_date(const std::string& text);

// One sheet to write: rows of text; `numeric_columns` are written as numbers when their text parses as
// a decimal, so money sums work in Excel; `header_rows` are bold and frozen; `merges` are
// {first_row, first_col, last_row, last_col} (0-based) ranges whose first cell's text spans them.
struct SheetSpec {
  std::string name;
  std::vector<Row> rows;
  std::vector<int> numeric_columns;
  int header_rows = 1;
  struct Merge {
    int first_row, first_col, last_row, last_col;
  };
  std::vector<Merge> merges;
};

// Writes a workbook with the given sheets. A Problem when the file cannot be written.
Result<long> write_xlsx(const std::string& path, const std::vector<SheetSpec>& sheets);

}  // namespace safetynet::io
