#pragma once
// The flat files offices keep, mapped to and from household records (docs/ledger-format.md).
//
// Four sheet kinds, told apart by their headers: the household ledger 台账 (one row per household,
// the real export's columns in their order plus the columns the rules need appended after), the
// member sheet 成员表 (one row per member), the income sheet 收入表 and the expenditure sheet
// 支出表 (one row per amount and month). A fifth, the flat member list 成员宽表, is one row per
// member with the household columns repeated. Sheets are keyed by the household id (`户编号`, alias
// `证件号码`).
//
// Reading is tolerant (columns found by header text, whatever their order; spaces, line breaks and
// full-width characters in headers ignored; a title row above the header and the ledger's two-row
// header accepted; Chinese or English values; dates as text or Excel serials) and strict about the
// facts: a row that breaks a rule rejects its household, with a Problem naming file, row, column
// and member (HOUSEHOLD-FORMAT.md codes, plus `duplicate_household` for a second ledger row with
// the same 户编号 and `duplicate_person` for a person listed in two households). Every accepted
// household has passed `io::validate_household`.
//
// Unknown stays unknown (SPEC R2.5): a household's `income` is known only when the income sheet has
// a row for it (months not listed are 0; a row of kind 无 says "no income"); `expenditure` likewise
// with the expenditure sheet; `assets` only when one of its columns is filled. The ledger's summary
// columns (月收入, counts of persons) are written for people to read and never read back as facts.
//
// Money is integer fen, parsed from the cell's text with `model::parse_yuan` (never a binary
// float). Memory: rows are streamed; households are held until `finish` (their rows may be
// anywhere), and per household the reader keeps only the Household being assembled, 8 bytes of
// provenance per member, and 32 bytes per income/expenditure row whose member has not been read
// yet. Measured: 1M generated households (24.4M rows, 18.7 income rows each) peak at 1.8 GB, about
// 1 KB per household plus 24 bytes per income row. Thread-compatible: one reader per thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "io/table.hpp"
#include "io/xlsx.hpp"
#include "model/household.hpp"
#include "model/region.hpp"

namespace safetynet::io {

enum class SheetKind : std::uint8_t {
  kUnknown,  // header not recognised: the sheet is skipped with a warning
  kLedger,   // 台账: one row per household
  kMembers,  // 成员表: one row per member
  kIncome,   // 收入表: 户编号, 身份证号 (blank = household), 月份, 收入类型, 金额
  kExpenditure,  // 支出表: 户编号, 身份证号 (blank = household), 月份, 支出类型, 金额
  kFlat,         // 成员宽表: one row per member, household columns repeated
};
const char* to_string(SheetKind);

// The kind a header row declares, or kUnknown. Rules (first that applies): a 收入类型 column →
// income; a 支出类型 column → expenditure; a 与户主关系 (or member 身份证号 + 姓名 without
// 户主姓名) column with a 行政区划代码 column → flat, without → members; a 户主姓名 or 成员一姓名
// column → ledger.
SheetKind detect_sheet_kind(const Row& header);

// Canonical sheet (and CSV file stem) names used by the writers: 台账, 成员表, 收入表, 支出表,
// 成员宽表.
const char* sheet_name(SheetKind);

struct LedgerReadOptions {
  // Rows scanned for the header before a sheet is declared unrecognised (title rows sit above it).
  int max_header_search_rows = 10;
  // Warnings of one code beyond this many are counted, not listed (1M lower-case x's stay cheap).
  int max_warnings_per_code = 200;
};

struct LedgerStats {
  long rows_read = 0;  // data rows seen (headers, blank and total rows excluded)
  long households_accepted = 0;
  long households_rejected = 0;
  long rows_without_household = 0;  // rows with no 户编号: rejected on their own
  long income_unknown = 0;          // accepted households whose income stays unknown
  long expenditure_unknown = 0;
  long assets_unknown = 0;
};

// What an import produced. `rejected` holds every reason a household (or a row without one) was
// refused: code, `file`, `row` (1-based as the spreadsheet shows), `field` (the column header as
// written by the writers, e.g. `成员三身份证号`), `member` (citizen id) and a Chinese message.
// `warnings` are things corrected or ignored (`normalised_id`, `ignored_row`, `unknown_sheet`,
// `unknown_column`, `inconsistent`, `summary`); they reject nothing.
struct LedgerImport {
  std::vector<model::Household> households;  // accepted, in order of first appearance
  Problems rejected;
  std::vector<std::string> rejected_households;  // ids of the households refused, in order
  Problems warnings;
  LedgerStats stats;
};

// Where an accepted household came from: its ledger row (or the first row naming it) and, per member in
// record order, the row that listed the member (member sheet, flat list, or the ledger's name/id pair).
struct LedgerOrigin {
  std::string file;
  long row = 0;
  std::vector<std::pair<std::string, long>> members;  // (file, row) parallel to Household::members
};

// Builds households from sheets. Usage:
//
//   io::LedgerReader reader(regions);
//   reader.begin_sheet("台账.xlsx#台账");            // kind detected from the header
//   read_xlsx("台账.xlsx", "台账", reader.visitor());
//   reader.end_sheet();
//   … more sheets, in any order …
//   io::LedgerImport result = reader.finish();      // or finish(sink) to stream households out
//
// Rows of one household may be spread over sheets and appear in any order; households are therefore
// held until `finish`. The reader keeps a reference to `regions`, which must outlive it.
class LedgerReader {
 public:
  explicit LedgerReader(const model::RegionCatalog& regions, LedgerReadOptions options = {});
  ~LedgerReader();
  LedgerReader(LedgerReader&&) noexcept;
  LedgerReader& operator=(LedgerReader&&) noexcept;

  // Starts a sheet. `file` names it in Problems ("台账.xlsx#Sheet1", "收入表.csv"). `kind` forces
  // the kind; by default it is detected from the header row.
  void begin_sheet(std::string file, SheetKind kind = SheetKind::kUnknown);
  // One row of the current sheet, `row` 1-based as the file shows it. Rows before the header
  // (titles) and blank rows are skipped; a row whose 户编号 is 合计/总计/小计 is skipped with a
  // warning.
  void add_row(long row, const Row& cells);
  // Ends the sheet; returns its kind (kUnknown if no header was recognised, with a warning).
  SheetKind end_sheet();
  // A RowVisitor feeding `add_row`, for `read_csv` / `read_xlsx`. Valid while the reader lives.
  RowVisitor visitor();
  // begin_sheet + every row + end_sheet.
  SheetKind add_sheet(std::string file, const Sheet& sheet, SheetKind kind = SheetKind::kUnknown);

  // Validates every household (`validate_household`, cross-household `duplicate_person`), hands
  // each accepted one to `sink` in order of first appearance and frees it, so peak memory is the
  // pending households only. Returns the problems and statistics (its `households` is empty). The
  // reader is spent afterwards.
  LedgerImport finish(const std::function<void(model::Household&&)>& sink);
  // Same, also saying where each household's rows are, so that a later refusal (the registry's
  // `duplicate_person` against a household already stored) names its file and row like every other.
  LedgerImport finish(const std::function<void(model::Household&&, const LedgerOrigin&)>& sink);
  // Same, collecting the households.
  LedgerImport finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads CSV files (one sheet each) and XLSX workbooks (every sheet) and imports them together.
// Problems from the files themselves (`bad_file`: unreadable, bad encoding) come back as an error;
// everything about the content goes into the LedgerImport.
Result<LedgerImport> import_ledger_files(const std::vector<std::string>& paths,
                                         const model::RegionCatalog& regions,
                                         LedgerReadOptions options = {});

// ---- Writing
// -------------------------------------------------------------------------------------

struct LedgerWriteOptions {
  // The month the summary columns describe: ages (老年人, 成年人…, 未成年人…, 三无人员) are taken
  // on its first day and 月收入 is the average counted income (R2.2) of the 12 months before it.
  // Absent: those columns are left blank.
  std::optional<model::Month> as_of;
};

// Rows for each sheet, headers included (the ledger has its two header rows).
struct LedgerSheets {
  std::vector<Row> ledger;
  std::vector<Row> members;
  std::vector<Row> income;
  std::vector<Row> expenditure;
};

// Header rows of each kind, as the writers emit them (the ledger's two rows; one row otherwise).
std::vector<Row> ledger_header_rows(SheetKind kind);

// Appends the rows of one household to each sheet's rows (no headers): one ledger row, one member
// row per member, one income (expenditure) row per entry, or a single row of kind 无 when the
// household's income (expenditure) is known and empty. Unknown income writes no rows, so it reads
// back unknown.
void append_ledger_rows(const model::Household& h, const LedgerWriteOptions& options,
                        LedgerSheets& out);
// All households, headers first. Household → ledger_rows → LedgerReader → the same household.
LedgerSheets ledger_rows(const std::vector<model::Household>& households,
                         const LedgerWriteOptions& options = {});

// The flat member list (成员宽表): header row, then one row per member with household columns
// repeated.
std::vector<Row> flat_rows(const std::vector<model::Household>& households);
void append_flat_rows(const model::Household& h, std::vector<Row>& out);

// XLSX sheet specs for `LedgerSheets` (ledger header merged over two rows; money and counts
// numeric; ids, codes and dates always text). Sheets with only a header are still written.
std::vector<SheetSpec> ledger_sheet_specs(LedgerSheets sheets);

// Streams households into the four CSV files `dir/台账.csv`, `dir/成员表.csv`, `dir/收入表.csv`,
// `dir/支出表.csv` (UTF-8 with a BOM so Excel reads them). For generated registries of any size.
class LedgerCsvWriter {
 public:
  static Result<LedgerCsvWriter> open(const std::string& dir, LedgerWriteOptions options = {});
  LedgerCsvWriter(LedgerCsvWriter&&) noexcept;
  LedgerCsvWriter& operator=(LedgerCsvWriter&&) noexcept;
  ~LedgerCsvWriter();
  void add(const model::Household& h);
  // Closes all four files; the households written, or the Problems of the files that failed.
  Result<long> close();

 private:
  LedgerCsvWriter();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes the four sheets to one workbook (at most 1,048,575 data rows a sheet: larger sets go to
// CSV).
Result<long> write_ledger_xlsx(const std::string& path,
                               const std::vector<model::Household>& households,
                               const LedgerWriteOptions& options = {});

// ---- Cell values (exposed for the CLI and tests)
// --------------------------------------------------

namespace ledger_detail {
// Header text as matched: whitespace (incl. U+3000, line breaks) and `*` removed, full-width ASCII
// made half-width, a trailing parenthesised unit dropped ("金融资产（元）" → "金融资产"), ASCII
// lower-cased.
std::string normalise_header(std::string_view text);
// Cell text trimmed of ASCII and full-width spaces, full-width ASCII made half-width.
std::string normalise_value(std::string_view text);
// YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, an Excel serial, optionally followed by a
// time ("2019-10-01 00:00:00").
std::optional<model::Date> parse_cell_date(std::string_view text);
// YYYY-MM, YYYY/M, YYYY.M, YYYY年M月, YYYYMM, or any date form above (its month).
std::optional<model::Month> parse_cell_month(std::string_view text);
// Yuan as text: thousands separators and a trailing 元 allowed, at most 2 decimals, not negative.
std::optional<model::Fen> parse_cell_yuan(std::string_view text);
}  // namespace ledger_detail

}  // namespace safetynet::io
