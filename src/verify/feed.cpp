#include "verify/feed.hpp"

#include <unordered_map>

#include "io/csv.hpp"
#include "io/ledger.hpp"
#include "io/xlsx.hpp"
#include "model/citizen_id.hpp"
#include "model/money.hpp"
#include "verify/person_key.hpp"

namespace safetynet::verify {
namespace {

using io::ledger_detail::normalise_header;
using io::ledger_detail::normalise_value;

bool ends_with(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (auto& c : tail) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return tail == suffix;
}

bool blank(const io::Row& r) {
  for (const auto& c : r) {
    if (c.empty()) continue;
    // Any ASCII character other than a blank: not blank (the common case, without normalising).
    for (char ch : c)
      if (static_cast<unsigned char>(ch) < 0x80 && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') return false;
    if (!normalise_value(c).empty()) return false;
  }
  return true;
}

// Is a cell empty once blanks (ASCII or full-width) are trimmed? Plain text answers without a copy.
bool empty_cell(std::string_view c) {
  for (char ch : c)
    if (static_cast<unsigned char>(ch) >= 0x80) return normalise_value(c).empty();
    else if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') return false;
  return true;
}

// Only discovery facts keep the name and region the department wrote (R11.5 lists them).
bool keeps_text(Fact f) { return f == Fact::kDeath || f == Fact::kMedicalBill || f == Fact::kDisability; }

std::int32_t yyyymmdd(const model::Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

bool all_digits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  return true;
}

// Department dates, most common forms first. A bare number is read by its length: 8 digits YYYYMMDD,
// 6 digits YYYYMM (a tax 所属期), 5 or fewer an Excel serial; "2019.09" is a month, not a serial. Only
// years 1900–2100 are dates at all.
std::optional<model::Date> cell_date(std::string_view t) {
  std::optional<model::Date> d;
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    d = model::parse_date(t);
  } else if (t.size() == 7 && t[4] == '-') {
    if (auto m = model::parse_month(t)) d = model::first_day(*m);
  } else if (all_digits(t) && t.size() == 6) {
    if (auto m = io::ledger_detail::parse_cell_month(t)) d = model::first_day(*m);
  } else if (all_digits(t) && t.size() != 8 && t.size() > 5) {
    return std::nullopt;
  } else if (t.size() >= 6 && t.size() <= 7 && all_digits(t.substr(0, 4)) && (t[4] == '.' || t[4] == '/') &&
             all_digits(t.substr(5))) {
    const int month = std::stoi(std::string(t.substr(5)));
    if (month >= 1 && month <= 12) d = model::Date{std::stoi(std::string(t.substr(0, 4))), month, 1};
  } else if ((d = io::ledger_detail::parse_cell_date(t))) {
  } else if (auto m = io::ledger_detail::parse_cell_month(t)) {
    d = model::first_day(*m);
  }
  if (d && (d->year < 1900 || d->year > 2100)) return std::nullopt;
  return d;
}

std::optional<model::Fen> cell_amount(std::string_view t) {
  bool plain = !t.empty() && t.size() < 16;
  for (char c : t) plain = plain && ((c >= '0' && c <= '9') || c == '.');
  auto fen = plain ? model::parse_yuan(t) : io::ledger_detail::parse_cell_yuan(t);
  if (fen && *fen > model::kMaxRecordAmount) return std::nullopt;  // beyond any real amount
  return fen;
}

struct Columns {
  int id = -1, name = -1, amount = -1, date = -1, kind = -1, region = -1;
};

class Reader {
 public:
  Reader(const std::string& path, const Mapping& m, std::optional<model::Date> as_of,
         std::optional<model::Date> not_after, const std::function<void(const FeedFact&)>& accept,
         Problems& rejected)
      : path_(path), m_(m), as_of_(as_of), not_after_(not_after), accept_(accept), rejected_(rejected) {}

  // Returns false to stop (a whole-file problem was recorded in `fatal_`).
  bool visit(long row, const io::Row& cells) {
    any_row_ = true;
    if (!header_done_) return header(row, cells);
    ++counts_.rows;
    if (blank(cells)) {
      ++counts_.blank;
      return true;
    }
    data(row, cells);
    return true;
  }

  Result<FeedCounts> finish() {
    if (!fatal_.empty()) return fatal_;
    if (!header_done_) {
      if (!header_candidate_.empty()) return take_header(header_candidate_row_, header_candidate_) ? finish() : fatal_;
      // A file of nothing at all says "nobody has any" as well as a header alone does (with --as-of).
      if (!any_row_) return counts_;
      return problem("missing_field", m_.columns.id, 0, "", "找不到表头：没有名为“" + m_.columns.id + "”的列");
    }
    return counts_;
  }

 private:
  Problems problem(std::string code, std::string field, long row, std::string member, std::string message) {
    Problem p = make_problem(std::move(code), std::move(field), std::move(member), std::move(message));
    p.file = path_;
    p.row = row;
    return Problems{std::move(p)};
  }

  int find(const io::Row& cells, const std::string& name) const {
    if (name.empty()) return -1;
    for (int c = 0; c < static_cast<int>(cells.size()); ++c)
      if (normalise_header(cells[c]) == name) return c;
    return -1;
  }

  // The header is the first row (of the first 30) naming the id column; when the next row names it in
  // the same column too, a header merged over two rows, the lower row is the header.
  bool header(long row, const io::Row& cells) {
    const int id = find(cells, m_.columns.id);
    if (!header_candidate_.empty()) {
      if (id >= 0 && id == find(header_candidate_, m_.columns.id)) return take_header(row, cells);
      if (!take_header(header_candidate_row_, header_candidate_)) return false;
      return visit(row, cells);
    }
    if (id >= 0) {
      header_candidate_ = cells;
      header_candidate_row_ = row;
      return true;
    }
    if (row >= 30) {
      fatal_ = problem("missing_field", m_.columns.id, row, "", "前 30 行中找不到表头“" + m_.columns.id + "”");
      return false;
    }
    return true;
  }

  bool take_header(long row, const io::Row& header_cells) {
    const io::Row cells = header_cells;  // may be `header_candidate_`, cleared next
    header_done_ = true;
    header_candidate_.clear();
    auto need = [&](const std::string& name, int& col, const char* what) {
      if (name.empty()) return;
      col = find(cells, name);
      if (col < 0)
        fatal_ = problem("missing_field", name, row, "",
                         std::string("表头中没有映射文件所列的") + what + "列“" + name + "”（" + m_.file + "）");
    };
    need(m_.columns.id, cols_.id, "身份证号");
    need(m_.columns.amount, cols_.amount, "金额");
    need(m_.columns.date, cols_.date, "日期");
    need(m_.columns.kind, cols_.kind, "类别");
    if (!m_.columns.name.empty()) cols_.name = find(cells, m_.columns.name);  // optional columns
    if (!m_.columns.region.empty()) cols_.region = find(cells, m_.columns.region);
    if (cols_.date < 0 && !as_of_ && fatal_.empty())
      fatal_ = problem("missing_field", "date", row, "", "映射没有日期列，须以 --as-of 给出数据日期");
    return fatal_.empty();
  }

  static std::string_view cell(const io::Row& cells, int c) {
    return c >= 0 && c < static_cast<int>(cells.size()) ? std::string_view(cells[c]) : std::string_view();
  }

  void reject(long row, const std::string& code, const std::string& field, const std::string& member,
              std::string message) {
    ++counts_.rejected;
    Problem p = make_problem(code, field, member, std::move(message));
    p.file = path_;
    p.row = row;
    rejected_.push_back(std::move(p));
  }

  void data(long row, const io::Row& cells) {
    FeedFact f;
    f.row = row;
    // Id: plain ASCII ids are taken as they are; anything else is normalised and the load says so.
    std::string_view raw = cell(cells, cols_.id);
    std::string id(raw);
    bool changed = false;
    if (raw.size() != 18 || raw[17] == 'x' || (static_cast<unsigned char>(raw[0]) & 0x80)) {
      id = model::normalise_citizen_id(raw, &changed);
    }
    if (empty_cell(id)) return reject(row, "missing_field", m_.columns.id, "", "身份证号为空");
    if (!model::parse_citizen_id(id))
      return reject(row, "invalid_id", m_.columns.id, id, "身份证号“" + id + "”不符合 GB 11643（长度、出生日期或校验码）");
    if (changed) ++counts_.normalised;
    f.person = person_key(id);
    // Kind
    if (cols_.kind >= 0) {
      // The words as written are looked up first: a feed repeats a handful of them a million times.
      const std::string_view raw_kind = cell(cells, cols_.kind);
      if (empty_cell(raw_kind)) return reject(row, "missing_field", m_.columns.kind, id, "类别为空");
      auto seen = kinds_seen_.find(raw_kind);
      if (seen == kinds_seen_.end()) {
        std::string word = normalise_value(raw_kind);
        auto it = m_.kinds.find(word);
        if (it == m_.kinds.end())
          return reject(row, "bad_value", m_.columns.kind, id,
                        "类别“" + word + "”不在映射文件 " + m_.file + " 的 kinds 中");
        seen = kinds_seen_.emplace(std::string(raw_kind), it->second).first;
      }
      if (!seen->second) {
        ++counts_.ignored;
        return;
      }
      f.target = *seen->second;
    } else {
      f.target = *m_.default_kind;
    }
    // Date
    if (cols_.date >= 0) {
      std::string_view t = cell(cells, cols_.date);
      if (empty_cell(t)) return reject(row, "missing_field", m_.columns.date, id, "日期为空");
      auto d = cell_date(t);
      if (!d) return reject(row, "bad_date", m_.columns.date, id, "日期“" + std::string(t) + "”无法识别");
      if (not_after_ && *d > *not_after_)
        return reject(row, "bad_date", m_.columns.date, id,
                      "日期 " + d->to_string() + " 晚于今天（" + not_after_->to_string() + "），部门数据不会有将来的记录");
      f.day = yyyymmdd(*d);
    } else {
      f.day = yyyymmdd(*as_of_);
    }
    // Amount
    if (cols_.amount >= 0) {
      std::string_view t = cell(cells, cols_.amount);
      if (empty_cell(t)) {
        if (needs_amount(f.target)) return reject(row, "missing_field", m_.columns.amount, id, "金额为空");
      } else {
        auto a = cell_amount(t);
        if (!a) return reject(row, "bad_amount", m_.columns.amount, id, "金额“" + std::string(t) + "”不是不超过两位小数的非负数");
        f.amount = *a;
      }
    }
    if (keeps_text(f.target.fact)) {
      if (cols_.name >= 0) f.name = normalise_value(cell(cells, cols_.name));
      if (cols_.region >= 0) f.region = normalise_value(cell(cells, cols_.region));
    }
    ++counts_.loaded;
    if (counts_.first_day == 0 || f.day < counts_.first_day) counts_.first_day = f.day;
    if (f.day > counts_.last_day) counts_.last_day = f.day;
    accept_(f);
  }

  const std::string& path_;
  const Mapping& m_;
  std::optional<model::Date> as_of_, not_after_;
  bool any_row_ = false;
  const std::function<void(const FeedFact&)>& accept_;
  Problems& rejected_;
  Problems fatal_;
  bool header_done_ = false;
  io::Row header_candidate_;
  long header_candidate_row_ = 0;
  Columns cols_;
  FeedCounts counts_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  // Kind words as written -> their target (nullopt: ignored); only words the mapping knows.
  std::unordered_map<std::string, std::optional<Target>, Hash, std::equal_to<>> kinds_seen_;
};

}  // namespace

Result<FeedCounts> read_feed(const std::string& path, const Mapping& mapping, std::optional<model::Date> as_of,
                             const std::function<void(const FeedFact&)>& accept, Problems& rejected,
                             std::optional<model::Date> not_after) {
  Reader reader(path, mapping, as_of, not_after, accept, rejected);
  auto visit = [&](long row, const io::Row& cells) { return reader.visit(row, cells); };
  if (ends_with(path, ".xlsx") || ends_with(path, ".xlsm")) {
    auto r = io::read_xlsx(path, mapping.sheet, visit);
    if (!r) return r.problems();
  } else {
    auto r = io::read_csv(path, visit, mapping.encoding);
    if (!r) return r.problems();
  }
  return reader.finish();
}

}  // namespace safetynet::verify
