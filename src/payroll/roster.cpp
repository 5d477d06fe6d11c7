#include "payroll/roster.hpp"

#include <filesystem>
#include <map>

#include "io/csv.hpp"
#include "io/xlsx.hpp"

namespace safetynet::payroll {
namespace {

// Roster columns: which cash items go in which column (R3.x, R6.x, R9.2).
enum Col { kDibao, kTekun, kOrphan, kDisability, kHousing, kCaseByCase, kNumCols };

int column_of(rules::Item item) {
  switch (item) {
    case rules::Item::kDibao: return kDibao;
    case rules::Item::kTekunSupport:
    case rules::Item::kCareFee: return kTekun;
    case rules::Item::kOrphanSupport: return kOrphan;
    case rules::Item::kDisabilityLivingSubsidy:
    case rules::Item::kSevereDisabilityCareSubsidy: return kDisability;
    case rules::Item::kTekunDispersedAssistance:
    case rules::Item::kRentSubsidy: return kHousing;
    case rules::Item::kCaseByCase: return kCaseByCase;
    default: return -1;
  }
}

const char* category_label(const std::string& c) {
  if (c == "dibao") return "低保";
  if (c == "low_income") return "低收入";
  if (c == "none") return "特困/孤儿/单人施保";
  if (c == "undetermined") return "无法确定（仅已确定的个人待遇）";
  return c.c_str();
}

struct Totals {
  long cases = 0;
  model::Fen amount = 0;
};

}  // namespace

Result<RosterFiles> write_roster(registry::Registry& reg, const model::RegionCatalog& regions, model::Month month,
                                 const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  RosterFiles files;
  const std::string stem = dir + "/payroll-" + month.to_string();
  files.csv = stem + ".csv";
  files.totals_csv = stem + "-totals.csv";
  files.xlsx = stem + ".xlsx";

  const io::Row header = {"序号", "县（市、区）", "街道（乡镇）", "户编号", "户主姓名", "户主身份证号", "保障类别",
                          "户人数", "低保金", "特困供养金", "孤儿基本生活费", "残疾人两项补贴", "住房救助",
                          "一事一议", "合计（元）", "发放批次"};
  auto csv = io::CsvWriter::open(files.csv, /*bom=*/true);
  if (!csv) return csv.problems();
  csv->write(header);
  constexpr long kXlsxMaxRows = 1048575;
  io::SheetSpec roster{"发放花名册", {header}, {7, 8, 9, 10, 11, 12, 13, 14}, 1, {}};
  bool xlsx_full = true;
  std::map<std::string, Totals> by_county, by_street;
  Totals grand;

  reg.scan_payments(month, [&](const registry::PaymentLine& l) {
    model::Fen cols[kNumCols] = {};
    for (const auto& e : registry::decode_entitlements(l.items)) {
      if (e.period != rules::Period::kMonth) continue;
      int c = column_of(e.item);
      if (c >= 0) cols[c] += e.amount;
    }
    ++files.lines;
    io::Row row = {std::to_string(files.lines),
                   regions.name(l.county),
                   l.street.empty() ? "" : regions.name(l.street),
                   l.household_id,
                   l.head_name,
                   l.head_id,
                   category_label(l.category),
                   std::to_string(l.persons)};
    for (int c = 0; c < kNumCols; ++c) row.push_back(model::format_yuan(cols[c]));
    row.push_back(model::format_yuan(l.amount));
    row.push_back(std::to_string(l.run_id));
    csv->write(row);
    if (files.lines <= kXlsxMaxRows) roster.rows.push_back(std::move(row));
    else xlsx_full = false;
    auto& ct = by_county[l.county];
    ++ct.cases;
    ct.amount += l.amount;
    auto& st = by_street[l.street.empty() ? l.county : l.street];
    ++st.cases;
    st.amount += l.amount;
    ++grand.cases;
    grand.amount += l.amount;
  });
  if (auto r = csv->close(); !r) return r.problems();
  files.total = grand.amount;
  files.counties = static_cast<long>(by_county.size());
  files.streets = static_cast<long>(by_street.size());

  // Totals: each street, then its county's subtotal, then the grand total.
  std::vector<io::Row> totals = {{"县（市、区）代码", "县（市、区）", "街道（乡镇）代码", "街道（乡镇）", "户数", "金额（元）"}};
  for (const auto& [county, ct] : by_county) {
    for (const auto& [street, st] : by_street) {
      if (street.compare(0, 6, county) != 0) continue;
      totals.push_back({county, regions.name(county), street == county ? "" : street,
                        street == county ? "（未细分到街道）" : regions.name(street), std::to_string(st.cases),
                        model::format_yuan(st.amount)});
    }
    totals.push_back({county, regions.name(county) + " 小计", "", "", std::to_string(ct.cases),
                      model::format_yuan(ct.amount)});
  }
  totals.push_back({"", "合计", "", "", std::to_string(grand.cases), model::format_yuan(grand.amount)});
  if (auto r = io::write_csv(files.totals_csv, totals, io::Encoding::kUtf8, true); !r) return r.problems();

  std::vector<io::SheetSpec> sheets;
  if (!xlsx_full) {
    roster.rows.push_back({"", "（本表仅列前 1048575 行，完整名单见 " + files.csv + "）"});
  }
  sheets.push_back(std::move(roster));
  sheets.push_back(io::SheetSpec{"汇总", totals, {4, 5}, 1, {}});
  if (auto r = io::write_xlsx(files.xlsx, sheets); !r) return r.problems();
  return files;
}

}  // namespace safetynet::payroll
