#include "sql_side.hpp"

#include <stdexcept>

namespace safetynet::peer {

void run_dibao_sql(Db& db, const std::string& sql, safetynet::model::Month month, Verdicts& out) {
  out.clear();
  Stmt s(db, sql, "dibao.sql");
  s.bind_named(":month", month.index);
  s.bind_named(":on", std::int64_t{month.year()} * 10000 + month.month() * 100 + 1);  // R2.7: the first day
  while (s.step()) {
    Verdict v;
    const std::string_view status = s.text(1);
    if (status == "dibao") v.status = Status::kDibao;
    else if (status == "single") v.status = Status::kSingle;
    else if (status == "no") v.status = Status::kNo;
    else if (status.substr(0, 2) == "x:") {
      v.status = Status::kExcluded;
      v.reason = std::string(status.substr(2));
    } else {
      throw std::runtime_error("dibao.sql 返回了未知的 status \"" + std::string(status) + "\"");
    }
    v.benefit = s.i64(2);
    v.singles = static_cast<int>(s.i64(3));
    out.emplace_back(s.i64(0), std::move(v));
  }
}

}  // namespace safetynet::peer
