// XLSX writing (xlsx.hpp) with libxlsxwriter.
//
// Every input is checked before a byte is written (sheet names, merge ranges, sizes), so a Problem
// leaves no file; the workbook is assembled under `path + ".part"` and renamed when complete.
// Workbooks without merges use libxlsxwriter's constant_memory mode, which flushes each row to a
// temporary file as the next begins (and stores strings inline rather than in sharedStrings.xml),
// so a 1M-row roster costs one row of memory. Merges need random access to earlier rows, so a
// workbook with any merge is built in memory.
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

#include "io/xlsx.hpp"

namespace safetynet::io {
namespace {

constexpr int kMaxStringBytes =
    32767 * 4;  // Excel's 32767 characters; libxlsxwriter checks exactly
constexpr int kSampleRowsForWidth =
    1000;  // column widths follow the first rows, like a quick autofit

Problem sheet_problem(const std::string& path, const std::string& sheet, long row, std::string code,
                      std::string message) {
  Problem p = make_problem(std::move(code), sheet, "", std::move(message));
  p.file = path;
  p.row = row;
  return p;
}

// How many digits follow the decimal point when `text` is a plain decimal Excel can hold exactly
// enough: optional '-', digits without a leading zero (so "007" and ids stay text), optional
// fraction, at most 15 significant digits (a double's guarantee). -1 when it is not such a number.
int decimal_places(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const std::size_t int_len = i - int_start;
  if (int_len == 0 || (int_len > 1 && text[int_start] == '0')) return -1;
  int places = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    places = static_cast<int>(i - frac_start);
    if (places == 0) return -1;
  }
  if (i != text.size()) return -1;
  int significant = 0;
  bool leading = true;
  for (char c : text) {
    if (c < '0' || c > '9') continue;
    if (c == '0' && leading) continue;
    leading = false;
    ++significant;
  }
  return significant <= 15 ? places : -1;
}

// Display width of text in Excel's character units: CJK and full-width characters take two.
int display_width(std::string_view s) {
  int w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4, cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2, cp = c & 0x1F;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

// Formats are owned by the workbook; this hands out one per combination so each is made once.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  // nullptr for the default look. `decimals` < 0: not a number (or General).
  lxw_format* get(bool bold, bool merged_header, bool merged_body, int decimals) {
    if (!bold && !merged_header && !merged_body && decimals <= 0) return nullptr;
    const auto key = std::make_tuple(bold, merged_header, merged_body, std::max(decimals, 0));
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (bold) format_set_bold(f);
    if (merged_header) format_set_align(f, LXW_ALIGN_CENTER);
    if (merged_header || merged_body) format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    // Show as many decimals as the text had, so "1234.50" still looks like 1234.50 in Excel.
    if (decimals > 0) format_set_num_format(f, ("0." + std::string(decimals, '0')).c_str());
    cache_.emplace(key, f);
    return f;
  }

 private:
  lxw_workbook* wb_;
  std::map<std::tuple<bool, bool, bool, int>, lxw_format*> cache_;
};

// Checks a sheet's merges: inside the grid, not overlapping (Excel "repairs" a file whose merges
// overlap by dropping them).
std::optional<Problem> check_merges(const std::string& path, const SheetSpec& s) {
  for (std::size_t i = 0; i < s.merges.size(); ++i) {
    const SheetSpec::Merge& m = s.merges[i];
    if (m.first_row < 0 || m.first_col < 0 || m.last_row < m.first_row ||
        m.last_col < m.first_col || m.last_row >= LXW_ROW_MAX || m.last_col >= LXW_COL_MAX) {
      return sheet_problem(path, s.name, m.first_row + 1, "bad_value", "合并单元格范围无效");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const SheetSpec::Merge& o = s.merges[j];
      if (m.first_row <= o.last_row && o.first_row <= m.last_row && m.first_col <= o.last_col &&
          o.first_col <= m.last_col) {
        return sheet_problem(path, s.name, m.first_row + 1, "bad_value", "合并单元格范围相互重叠");
      }
    }
  }
  if (s.rows.size() > static_cast<std::size_t>(LXW_ROW_MAX)) {
    return sheet_problem(path, s.name, 0, "bad_value", "行数超过 Excel 上限 1048576");
  }
  return std::nullopt;
}

// The merges covering one row, for rows visited top to bottom (merges sorted by first row). Keeps
// the per-cell check proportional to the merges on that row, not to all merges of the sheet.
class MergeSweep {
 public:
  explicit MergeSweep(const std::vector<SheetSpec::Merge>& sorted) : merges_(sorted) {}

  void advance(int row) {
    while (next_ < merges_.size() && merges_[next_].first_row <= row)
      active_.push_back(&merges_[next_++]);
    std::erase_if(active_, [row](const SheetSpec::Merge* m) { return m->last_row < row; });
  }

  const SheetSpec::Merge* covering(int col) const {
    for (const SheetSpec::Merge* m : active_) {
      if (col >= m->first_col && col <= m->last_col) return m;
    }
    return nullptr;
  }

 private:
  const std::vector<SheetSpec::Merge>& merges_;
  std::size_t next_ = 0;
  std::vector<const SheetSpec::Merge*> active_;
};

// Writes one sheet's cells. The first Problem stops it (the workbook is then discarded).
std::optional<Problem> write_sheet(const std::string& path, lxw_worksheet* ws, const SheetSpec& s,
                                   Formats& formats) {
  const int header_rows = std::max(s.header_rows, 0);
  std::vector<bool> numeric;
  for (int c : s.numeric_columns) {
    if (c < 0) continue;
    if (numeric.size() <= static_cast<std::size_t>(c)) numeric.resize(c + 1);
    numeric[c] = true;
  }
  auto is_numeric = [&](std::size_t c) { return c < numeric.size() && numeric[c]; };

  // Column widths from the first rows (merged header text spans several columns: left out).
  std::vector<int> width;
  const std::size_t sample = std::min<std::size_t>(s.rows.size(), kSampleRowsForWidth);
  std::vector<SheetSpec::Merge> merges = s.merges;
  std::sort(merges.begin(), merges.end(),
            [](const auto& a, const auto& b) { return a.first_row < b.first_row; });
  MergeSweep width_sweep(merges);
  for (std::size_t r = 0; r < sample; ++r) {
    width_sweep.advance(static_cast<int>(r));
    for (std::size_t c = 0; c < s.rows[r].size() && c < LXW_COL_MAX; ++c) {
      if (s.rows[r][c].empty()) continue;
      const SheetSpec::Merge* m = width_sweep.covering(static_cast<int>(c));
      if (m != nullptr && m->last_col > m->first_col) continue;
      if (width.size() <= c) width.resize(c + 1, 0);
      width[c] = std::max(width[c], display_width(s.rows[r][c]));
    }
  }
  for (std::size_t c = 0; c < width.size(); ++c) {
    if (width[c] > 8) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::min(width[c], 60) + 2, nullptr);
    }
  }
  if (header_rows > 0) worksheet_freeze_panes(ws, static_cast<lxw_row_t>(header_rows), 0);

  // Rows in order (constant_memory needs that); merged cells are written by the merges below.
  MergeSweep sweep(merges);
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const int ri = static_cast<int>(r);
    sweep.advance(ri);
    const bool header = ri < header_rows;
    const Row& row = s.rows[r];
    if (row.size() > static_cast<std::size_t>(LXW_COL_MAX)) {
      return sheet_problem(path, s.name, ri + 1, "bad_value", "列数超过 Excel 上限 16384");
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& text = row[c];
      if (text.empty()) continue;
      if (sweep.covering(static_cast<int>(c)) != nullptr) continue;
      if (text.size() > kMaxStringBytes) {
        return sheet_problem(path, s.name, ri + 1, "bad_value",
                             "单元格文字超过 Excel 上限 32767 个字符");
      }
      const int places = !header && is_numeric(c) ? decimal_places(text) : -1;
      lxw_error err;
      if (places >= 0) {
        double v = 0;
        std::from_chars(text.data(), text.data() + text.size(), v);
        err = worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), v,
                                     formats.get(false, false, false, places));
      } else {
        err = worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                     text.c_str(), formats.get(header, false, false, -1));
      }
      if (err != LXW_NO_ERROR) {
        return sheet_problem(path, s.name, ri + 1, "bad_value",
                             std::string("单元格无法写入：") + lxw_strerror(err));
      }
    }
  }

  for (const SheetSpec::Merge& m : merges) {
    const bool header = m.first_row < header_rows;
    const std::size_t fr = static_cast<std::size_t>(m.first_row);
    const std::size_t fc = static_cast<std::size_t>(m.first_col);
    const std::string text = fr < s.rows.size() && fc < s.rows[fr].size() ? s.rows[fr][fc] : "";
    const int places = !header && is_numeric(fc) ? decimal_places(text) : -1;
    lxw_format* f = formats.get(header, header, !header, places);
    lxw_error err = worksheet_merge_range(ws, m.first_row, static_cast<lxw_col_t>(m.first_col),
                                          m.last_row, static_cast<lxw_col_t>(m.last_col),
                                          places >= 0 ? "" : text.c_str(), f);
    if (err == LXW_NO_ERROR && places >= 0) {
      // A merged amount stays a number (as the merge_range documentation shows), so sums see it.
      double v = 0;
      std::from_chars(text.data(), text.data() + text.size(), v);
      err = worksheet_write_number(ws, m.first_row, static_cast<lxw_col_t>(m.first_col), v, f);
    }
    if (err != LXW_NO_ERROR) {
      return sheet_problem(path, s.name, m.first_row + 1, "bad_value",
                           std::string("合并单元格无法写入：") + lxw_strerror(err));
    }
  }
  return std::nullopt;
}

}  // namespace

Result<long> write_xlsx(const std::string& path, const std::vector<SheetSpec>& sheets) {
  if (sheets.empty()) return sheet_problem(path, "", 0, "bad_value", "工作簿至少需要一个工作表");
  bool any_merges = false;
  std::size_t text_bytes = 0;
  for (const SheetSpec& s : sheets) {
    if (auto p = check_merges(path, s)) return *p;
    any_merges = any_merges || !s.merges.empty();
    for (const Row& row : s.rows) {
      for (const std::string& cell : row) text_bytes += cell.size() + 16;
    }
  }

  const std::string part = path + ".part";
  lxw_workbook_options options{};
  options.constant_memory = any_merges ? LXW_FALSE : LXW_TRUE;
  // The XML of a sheet is several times its text; past ~1 GB of text a part may pass 4 GB.
  options.use_zip64 = text_bytes > (std::size_t{1} << 30) ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(part.c_str(), &options);
  if (wb == nullptr) return sheet_problem(path, "", 0, "write_failed", "无法创建文件");

  Formats formats(wb);
  long rows = 0;
  for (const SheetSpec& s : sheets) {
    const char* name = s.name.empty() ? nullptr : s.name.c_str();
    if (name != nullptr && workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR) {
      lxw_workbook_free(wb);
      return sheet_problem(path, s.name, 0, "bad_value",
                           "工作表名称无效（最多 31 个字符，不能含 []:*?/\\ ，不能重名）");
    }
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    if (ws == nullptr) {
      lxw_workbook_free(wb);
      return sheet_problem(path, s.name, 0, "bad_value", "无法添加工作表");
    }
    if (auto p = write_sheet(path, ws, s, formats)) {
      lxw_workbook_free(wb);
      std::remove(part.c_str());
      return *p;
    }
    rows += static_cast<long>(s.rows.size());
  }

  const lxw_error err = workbook_close(wb);  // writes the file and frees `wb`
  if (err != LXW_NO_ERROR || std::rename(part.c_str(), path.c_str()) != 0) {
    std::remove(part.c_str());
    std::string why = err != LXW_NO_ERROR ? lxw_strerror(err) : "rename";
    return sheet_problem(path, "", 0, "write_failed", "写入 XLSX 文件失败（" + why + "）");
  }
  return rows;
}

}  // namespace safetynet::io
