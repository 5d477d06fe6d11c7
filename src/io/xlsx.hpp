#pragma once
// XLSX (Office Open XML spreadsheets): read with minizip + pugixml, write with libxlsxwriter.
//
// Reading gives each sheet's cells as UTF-8 text: shared and inline strings as written (characters
// outside the BMP such as 𠮷 included), numbers as their decimal text, booleans as "TRUE"/"FALSE".
// A merged header cell's value is repeated across the cells it spans, so two-row headers (成年人
// over its sub-columns) read naturally. Cells styled as dates keep their serial number text; use
// `excel_serial_to_date` where a column is known to be a date. Problems name the file (and sheet).
//
// Cells: a row holds the cells up to its last non-empty one; a missing or empty cell before that is
// "" so columns keep their positions, and rows may differ in length. Numbers are the text stored in
// the XML ("1234.56" stays "1234.56", never re-printed from a double), except text of 16+
// significant digits — how some writers (libxlsxwriter's %.16G) store 0.69 as "0.6899999999999999"
// — which becomes the shortest decimal of the same double ("0.69"), as Excel displays it. Formula
// cells give their cached result; error cells their code ("#N/A"). Chart sheets have no cells and
// are not listed. The 1904 date system (old Mac workbooks) is not detected.
//
// Memory: sheets and shared strings are streamed, so reading costs the shared strings plus one row,
// whatever the number of rows; a sheet is inflated twice (merges are stored after the rows).
// Writing keeps a workbook without merges at constant memory (libxlsxwriter's constant_memory
// mode); with merges it is built in memory. Thread-compatible: no shared state.
//
// Problem codes: `bad_file` (not a zip, a part missing or corrupt, sheet not found; `field` is the
// sheet or part), `bad_value` (write: bad sheet name, merge range, too long text or too many rows),
// `write_failed` (the file could not be written).
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "io/table.hpp"
#include "model/month.hpp"

namespace safetynet::io {

// Names of the sheets, in workbook order.
Result<std::vector<std::string>> xlsx_sheet_names(const std::string& path);

// Streams one sheet (by name; "" = the first) row by row. Empty rows between data rows are passed
// as rows of empty cells (an empty `Row`, no cells) so row numbers stay those Excel shows; rows
// after the last non-empty one are not passed, except those a merged range reaches. Returns the
// number of rows passed to `visit` (which may return false to stop early).
Result<long> read_xlsx(const std::string& path, const std::string& sheet, const RowVisitor& visit);

// Reads every sheet whole (small files and tests).
Result<std::vector<Sheet>> read_xlsx_sheets(const std::string& path);

// "43739" (1900 date system) -> 2019-10-01; also accepts "43739.5" (time ignored). nullopt if not a
// serial number in a plausible range (1 = 1900-01-01 … 2958465 = 9999-12-31). Excel counts a
// 1900-02-29 that never existed: serial 60 gives nullopt, and 61 is 1900-03-01.
std::optional<model::Date> excel_serial_to_date(const std::string& text);

// One sheet to write: rows of text; `numeric_columns` are written as numbers when their text parses
// as a decimal, so money sums work in Excel; `header_rows` are bold and frozen; `merges` are
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

// Writes a workbook with the given sheets. A Problem when the file cannot be written. Numbers are
// plain decimals of at most 15 significant digits without a leading zero ("007" and citizen ids
// stay text) and show as many decimals as written ("1234.50" with format 0.00). Header rows are
// always text. Columns get widths from the first 1000 rows (CJK counts double). Every spec is
// checked before writing; the file appears whole (built as `path + ".part"`, then renamed) or not
// at all. Returns the number of rows written over all sheets.
Result<long> write_xlsx(const std::string& path, const std::vector<SheetSpec>& sheets);

}  // namespace safetynet::io
