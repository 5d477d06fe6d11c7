// Sources, mapping files and the feed reader (SPEC R11.4; docs/verification.md): every shipped mapping
// loads; rows are read from UTF-8 and GB18030 CSV and from XLSX with a two-row merged header; hostile
// cells (full-width digits, lower-case x, blank rows, Excel serial dates, 𠮷 and · in names) are read
// or refused with the file, row, column and person.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/testing.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "model/citizen_id.hpp"
#include "model/household.hpp"
#include "verify/feed.hpp"
#include "verify/person_key.hpp"

namespace safetynet::verify {
namespace {

using ::testing::ElementsAre;
using safetynet::testing::HasProblem;
using safetynet::testing::IsOk;
using ::testing::HasSubstr;

std::string valid_id(const std::string& first17) { return first17 + model::citizen_id_check_char(first17); }

const std::string kA = valid_id("45010219800101001");  // male, 1980-01-01
const std::string kB = valid_id("45010219900215002");  // female, 1990-02-15
// kA with a wrong check character.
const std::string kBadCheck = kA.substr(0, 17) + (kA.back() == '0' ? '1' : '0');

std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("sn-feed-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

Mapping shipped(Source s) {
  auto m = load_mapping(shipped_mapping_path(SN_SOURCE_DIR, s));
  EXPECT_THAT(m, IsOk());
  return *m;
}

struct Read {
  Result<FeedCounts> counts = Problem{};
  std::vector<FeedFact> facts;
  Problems rejected;
};
Read read(const std::string& path, const Mapping& m, std::optional<model::Date> as_of = std::nullopt) {
  Read r;
  r.counts = read_feed(path, m, as_of, [&](const FeedFact& f) { r.facts.push_back(f); }, r.rejected);
  return r;
}

TEST(Sources, FourteenWithNamesThatRoundTrip) {
  ASSERT_EQ(all_sources().size(), 14u);
  for (Source s : all_sources()) EXPECT_EQ(parse_source(to_string(s)), s);
  EXPECT_EQ(parse_source("hukou"), Source::kHukou);
  EXPECT_EQ(parse_source("police"), std::nullopt);
  EXPECT_STREQ(chinese_name(Source::kTax), "税务");
}

TEST(Sources, TargetsParseAndPrint) {
  for (const char* t : {"income.wage", "income.pension", "financial", "vehicle.car", "dwelling", "business_capital",
                        "death", "school.junior", "employment.unemployed", "medical_bill", "disability.2",
                        "marriage.divorced"}) {
    auto p = parse_target(t);
    ASSERT_TRUE(p) << t;
    EXPECT_EQ(to_string(*p), t);
  }
  EXPECT_EQ(parse_target("income.salary"), std::nullopt);
  EXPECT_EQ(parse_target("disability.5"), std::nullopt);
  EXPECT_EQ(parse_target("employment.retired"), std::nullopt);  // departments register employed/unemployed
  EXPECT_EQ(parse_target("financial.cash"), std::nullopt);
}

TEST(Sources, PersonKeyRoundTripsIncludingX) {
  const std::string x = valid_id("11010519491231002");  // the GB 11643 example ends in X
  ASSERT_EQ(x.back(), 'X');
  for (const auto& id : {kA, kB, x}) EXPECT_EQ(person_id(person_key(id)), id);
  EXPECT_NE(person_key(kA), person_key(kB));
}

TEST(Mapping, EveryShippedMappingLoadsForItsSource) {
  for (Source s : all_sources()) {
    auto m = load_mapping(shipped_mapping_path(SN_SOURCE_DIR, s));
    ASSERT_THAT(m, IsOk()) << to_string(s);
    EXPECT_EQ(m->source, s);
    EXPECT_FALSE(m->columns.id.empty());
  }
  auto tax = shipped(Source::kTax);
  EXPECT_EQ(tax.columns.id, "纳税人证件号码");
  ASSERT_TRUE(tax.kinds.count("工资薪金所得"));
  EXPECT_EQ(tax.kinds.at("工资薪金所得"), (Target{Fact::kIncome, static_cast<std::uint8_t>(model::IncomeKind::kWage)}));
  EXPECT_EQ(tax.kinds.at("偶然所得"), std::nullopt);  // ignore
  EXPECT_TRUE(shipped(Source::kRealEstate).amount_is_area);
  EXPECT_EQ(shipped(Source::kBank).default_kind, (Target{Fact::kFinancial, 0}));
}

TEST(Mapping, BadMappingNamesTheKey) {
  const std::string p = temp_path("bad-mapping.yaml");
  std::ofstream(p) << "source: police\ncolumns: {amount: 金额}\nkinds: {工资: income.salary}\n";
  auto m = load_mapping(p);
  EXPECT_THAT(m, HasProblem("bad_value", "source"));
  EXPECT_THAT(m, HasProblem("missing_field", "columns.id"));
  EXPECT_THAT(m, HasProblem("bad_value", "kinds.工资"));
  std::ofstream(p) << "source: bank\ncolumns: {id: 证件号码}\ndefault_kind: financial\n";
  EXPECT_THAT(load_mapping(p), HasProblem("missing_field", "columns.amount"));
}

// A tax file as a department exports it, with the hostile cells the issue lists.
std::vector<io::Row> tax_rows() {
  std::string fw;  // kB in full-width digits
  for (char c : kB) fw += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
  const std::string x = valid_id("11010519491231002");
  std::string lower_x = x;
  lower_x.back() = 'x';
  return {
      {"纳税人姓名", "纳税人证件号码", "所得项目", "所属期", "收入额"},
      {"张𠮷", kA, "工资薪金所得", "2019-09", "3,200.50"},  // 1: thousands separator
      {"阿依古丽·买买提", fw, "经营所得", "2019-08-01", "１２００"},  // 2: full-width id and amount
      {"", "", "", "", ""},                                            // 3: blank
      {"王某", lower_x, "工资薪金所得", "43739", "800"},              // 4: lower-case x, Excel serial date
      {"李某", kBadCheck, "工资薪金所得", "2019-09", "1000"},  // 5: bad check digit
      {"赵某", kA, "彩票中奖", "2019-09", "1000"},                      // 6: kind not in the mapping
      {"钱某", kA, "工资薪金所得", "2019-09", "-5"},                    // 7: negative amount
      {"孙某", kA, "偶然所得", "2019-09", "50"},                        // 8: ignored by the mapping
      {"周某", kA, "工资薪金所得", "2019-13", "10"},                    // 9: no such month
      {"", "", "", "", ""},                                            // 10: blank at the end
  };
}

void expect_tax_rows(const Read& r, const std::string& path) {
  ASSERT_THAT(r.counts, IsOk());
  EXPECT_EQ(r.counts->rows, 10);
  EXPECT_EQ(r.counts->loaded, 3);
  EXPECT_EQ(r.counts->rejected, 4);
  EXPECT_EQ(r.counts->ignored, 1);
  EXPECT_EQ(r.counts->blank, 2);
  EXPECT_EQ(r.counts->normalised, 2);
  ASSERT_EQ(r.facts.size(), 3u);
  EXPECT_EQ(person_id(r.facts[0].person), kA);
  EXPECT_EQ(r.facts[0].amount, 320050);
  EXPECT_EQ(r.facts[0].day, 20190901);
  EXPECT_EQ(r.facts[0].target, (Target{Fact::kIncome, static_cast<std::uint8_t>(model::IncomeKind::kWage)}));
  EXPECT_EQ(r.facts[0].name, "");  // names are kept for discovery facts only
  EXPECT_EQ(person_id(r.facts[1].person), kB);
  EXPECT_EQ(r.facts[1].amount, 120000);
  EXPECT_EQ(r.facts[1].target.kind, static_cast<std::uint8_t>(model::IncomeKind::kBusiness));
  EXPECT_EQ(person_id(r.facts[2].person), valid_id("11010519491231002"));
  EXPECT_EQ(r.facts[2].day, 20191001);  // serial 43739
  EXPECT_EQ(r.facts[2].row, 5);          // spreadsheet row: the header is row 1
  EXPECT_EQ(r.counts->first_day, 20190801);
  EXPECT_EQ(r.counts->last_day, 20191001);
  ASSERT_EQ(r.rejected.size(), 4u);
  EXPECT_THAT(r.rejected[0], HasProblem("invalid_id", "纳税人证件号码", kBadCheck));
  EXPECT_EQ(r.rejected[0].row, 6);
  EXPECT_EQ(r.rejected[0].file, path);
  EXPECT_THAT(r.rejected[1], HasProblem("bad_value", "所得项目", kA));
  EXPECT_THAT(r.rejected[1].message, HasSubstr("彩票中奖"));
  EXPECT_THAT(r.rejected[2], HasProblem("bad_amount", "收入额", kA));
  EXPECT_THAT(r.rejected[3], HasProblem("bad_date", "所属期", kA));
  EXPECT_EQ(r.rejected[3].row, 10);
}

TEST(Feed, Utf8CsvWithHostileCells) {
  const std::string p = temp_path("tax-utf8.csv");
  ASSERT_THAT(io::write_csv(p, tax_rows(), io::Encoding::kUtf8, /*bom=*/true), IsOk());
  expect_tax_rows(read(p, shipped(Source::kTax)), p);
}

TEST(Feed, Gb18030CsvReadsTheSame) {
  const std::string p = temp_path("tax-gb18030.csv");
  ASSERT_THAT(io::write_csv(p, tax_rows(), io::Encoding::kGb18030), IsOk());
  expect_tax_rows(read(p, shipped(Source::kTax)), p);
}

TEST(Feed, XlsxWithMergedTwoRowHeaderAndSerialDates) {
  const std::string p = temp_path("bank.xlsx");
  io::SheetSpec s;
  s.name = "存款";
  s.header_rows = 2;
  s.rows = {{"客户证件号码", "客户名称", "存款信息", ""},
            {"", "", "账户余额", "查询日期"},
            {kA, "张𠮷", "12345.67", "43753"},  // 2019-10-15
            {},
            {kB, "李某", "0.5", "2019/10/15"}};
  s.numeric_columns = {2, 3};
  s.merges = {{0, 0, 1, 0}, {0, 1, 1, 1}, {0, 2, 0, 3}};
  ASSERT_THAT(io::write_xlsx(p, {s}), IsOk());
  auto r = read(p, shipped(Source::kBank));
  ASSERT_THAT(r.counts, IsOk());
  EXPECT_EQ(r.counts->loaded, 2);
  EXPECT_EQ(r.counts->blank, 1);
  ASSERT_EQ(r.facts.size(), 2u);
  EXPECT_EQ(r.facts[0].target, (Target{Fact::kFinancial, 0}));
  EXPECT_EQ(r.facts[0].amount, 1234567);
  EXPECT_EQ(r.facts[0].day, 20191015);
  EXPECT_EQ(r.facts[0].row, 3);
  EXPECT_EQ(r.facts[1].amount, 50);
  EXPECT_EQ(r.facts[1].day, 20191015);
}

TEST(Feed, DatesByTheirShape) {
  const std::string p = temp_path("tax-dates.csv");
  ASSERT_THAT(io::write_csv(p, {{"纳税人证件号码", "所得项目", "所属期", "收入额"},
                                {kA, "工资薪金所得", "201909", "1"},     // YYYYMM: a month, not a serial
                                {kA, "工资薪金所得", "2019.08", "1"},    // a month, not serial 2019.08
                                {kA, "工资薪金所得", "20190715", "1"},   // YYYYMMDD
                                {kA, "工资薪金所得", "2019年6月", "1"},
                                {kA, "工资薪金所得", "43739", "1"},      // Excel serial: 2019-10-01
                                {kA, "工资薪金所得", "1", "1"},          // serial 1 = 1900-01-01: too early? no, 1900 is allowed
                                {kA, "工资薪金所得", "9999-12-31", "1"}, // not a plausible date
                                {kA, "工资薪金所得", "2030-01-01", "1"}, // after "today" (2029-12-31 here)
                                {kA, "工资薪金所得", "2019-09", "99999999999.99"}}),  // over 1e9 yuan
              IsOk());
  Read r;
  r.counts = read_feed(p, shipped(Source::kTax), std::nullopt, [&](const FeedFact& f) { r.facts.push_back(f); },
                       r.rejected, model::Date{2029, 12, 31});
  ASSERT_THAT(r.counts, IsOk());
  std::vector<std::int32_t> days;
  for (const auto& f : r.facts) days.push_back(f.day);
  EXPECT_THAT(days, ElementsAre(20190901, 20190801, 20190715, 20190601, 20191001, 19000101));
  ASSERT_EQ(r.rejected.size(), 3u);
  EXPECT_THAT(r.rejected[0], HasProblem("bad_date", "所属期", kA));
  EXPECT_THAT(r.rejected[1], HasProblem("bad_date", "所属期", kA));
  EXPECT_THAT(r.rejected[1].message, HasSubstr("晚于今天"));
  EXPECT_THAT(r.rejected[2], HasProblem("bad_amount", "收入额", kA));
}

TEST(Feed, AnEmptyFileIsNoRowsAndAnEmptyKindIsNamed) {
  const std::string p = temp_path("empty.csv");
  std::ofstream(p).close();
  auto r = read(p, shipped(Source::kBank), model::Date{2019, 10, 15});
  ASSERT_THAT(r.counts, IsOk());
  EXPECT_EQ(r.counts->rows, 0);
  const std::string q = temp_path("tax-nokind.csv");
  ASSERT_THAT(io::write_csv(q, {{"纳税人证件号码", "所得项目", "所属期", "收入额"}, {kA, " ", "2019-09", "1"}}), IsOk());
  auto k = read(q, shipped(Source::kTax));
  ASSERT_EQ(k.rejected.size(), 1u);
  EXPECT_THAT(k.rejected[0], HasProblem("missing_field", "所得项目", kA));
}

TEST(Mapping, UnknownKeysDuplicateWordsAndWrongShapesAreNamed) {
  const std::string p = temp_path("typo.yaml");
  std::ofstream(p) << "source: tax\ncolums: {id: 证件号码}\n";
  EXPECT_THAT(load_mapping(p), HasProblem("bad_value", "colums"));
  std::ofstream(p) << "source: tax\ncolumns: {id: 证件号码, kind: 项目, amount: 金额, date: 日期}\n"
                      "kinds: {工资: income.wage, \"工资 \": income.wage}\n";
  EXPECT_THAT(load_mapping(p), HasProblem("bad_value", "kinds.工资 "));
  std::ofstream(p) << "source: tax\ncolumns: {id: 证件号码}\nkinds: {[a, b]: income.wage}\n";
  EXPECT_THAT(load_mapping(p), HasProblem("bad_file", ""));
  EXPECT_THAT(load_mapping(std::filesystem::temp_directory_path().string()), HasProblem("bad_file", ""));
}

TEST(Feed, MissingMappedColumnRefusesTheWholeFile) {
  const std::string p = temp_path("tax-missing.csv");
  ASSERT_THAT(io::write_csv(p, {{"纳税人证件号码", "所属期", "收入额"}, {kA, "2019-09", "100"}}), IsOk());
  auto r = read(p, shipped(Source::kTax));
  EXPECT_THAT(r.counts, HasProblem("missing_field", "所得项目"));
  const std::string q = temp_path("no-header.csv");
  ASSERT_THAT(io::write_csv(q, {{"身份证", "金额"}, {kA, "100"}}), IsOk());
  EXPECT_THAT(read(q, shipped(Source::kTax)).counts, HasProblem("missing_field", "纳税人证件号码"));
}

TEST(Feed, SnapshotWithoutDateColumnTakesAsOf) {
  const std::string mp = temp_path("bank-nodate.yaml");
  std::ofstream(mp) << "source: bank\ncolumns: {id: 证件号码, amount: 余额}\ndefault_kind: financial\n";
  auto m = load_mapping(mp);
  ASSERT_THAT(m, IsOk());
  const std::string p = temp_path("bank-nodate.csv");
  ASSERT_THAT(io::write_csv(p, {{"证件号码", "余额"}, {kA, "100.00元"}}), IsOk());
  EXPECT_THAT(read(p, *m).counts, HasProblem("missing_field", "date"));
  auto r = read(p, *m, model::Date{2019, 10, 15});
  ASSERT_THAT(r.counts, IsOk());
  ASSERT_EQ(r.facts.size(), 1u);
  EXPECT_EQ(r.facts[0].day, 20191015);
  EXPECT_EQ(r.facts[0].amount, 10000);
}

TEST(Feed, DiscoveryFactsKeepRareCharactersInNames) {
  const std::string p = temp_path("health.csv");
  ASSERT_THAT(io::write_csv(p, {{"身份证号", "姓名", "类别", "金额", "日期", "常住地区划代码"},
                                {kA, "张𠮷", "住院费用", "35000", "2019-09-03", "４５０１０２００１"},
                                {kB, "阿依古丽·买买提", "二级残疾", "", "2019-07-01", ""}}),
              IsOk());
  auto r = read(p, shipped(Source::kHealth));
  ASSERT_THAT(r.counts, IsOk());
  ASSERT_EQ(r.facts.size(), 2u);
  EXPECT_EQ(r.facts[0].name, "张𠮷");
  EXPECT_EQ(r.facts[0].region, "450102001");  // full-width digits folded
  EXPECT_EQ(r.facts[0].amount, 3500000);
  EXPECT_EQ(r.facts[1].name, "阿依古丽·买买提");
  EXPECT_EQ(r.facts[1].target, (Target{Fact::kDisability, 2}));
}

TEST(Feed, RealEstateAreasAreHundredthsOfSquareMetres) {
  const std::string p = temp_path("estate.csv");
  ASSERT_THAT(io::write_csv(p, {{"权利人", "权利人证件号", "房屋用途", "建筑面积（平方米）", "登簿日期"},
                                {"张某", kA, "住宅", "45.5", "2015-03-01"},
                                {"张某", kA, "车位", "12", "2015-03-01"}}),
              IsOk());
  auto r = read(p, shipped(Source::kRealEstate));
  ASSERT_THAT(r.counts, IsOk());
  ASSERT_EQ(r.facts.size(), 1u);
  EXPECT_EQ(r.facts[0].target, (Target{Fact::kDwelling, 0}));
  EXPECT_EQ(r.facts[0].amount, 4550);
  EXPECT_EQ(r.counts->ignored, 1);
}

}  // namespace
}  // namespace safetynet::verify
