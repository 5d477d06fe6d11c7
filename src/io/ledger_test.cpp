#include "io/ledger.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "io/csv.hpp"
#include "model/citizen_id.hpp"
#include "sim/generator.hpp"
#include "model/testing/household_equal.hpp"

namespace safetynet::io {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const model::RegionCatalog& regions() {
  static const model::RegionCatalog cat = [] {
    auto r = model::RegionCatalog::load(std::string(SN_SOURCE_DIR) + "/data/regions");
    EXPECT_TRUE(r.ok());
    return std::move(*r);
  }();
  return cat;
}

// A valid GB 11643 id from address, birth date (YYYYMMDD) and a 3-digit sequence (odd = male).
std::string make_id(const std::string& address, const std::string& birth, const std::string& seq) {
  std::string first17 = address + birth + seq;
  return first17 + model::citizen_id_check_char(first17);
}

// Problem matcher: code, file, row and field (the column header).
::testing::Matcher<Problem> IsProblem(const std::string& code, const std::string& file, long row,
                                      const std::string& field) {
  return AllOf(Field(&Problem::code, code), Field(&Problem::file, file), Field(&Problem::row, row),
               Field(&Problem::field, field));
}

// ---- a household with every field the ledger carries -------------------------------------------

model::Household sample_household() {
  model::Household h;
  h.id = "H-450102-0001";
  h.region = "450102001003";  // 南宁市兴宁区民生街道兴宁社区居委会
  h.lacks_labour_cause = model::LacksLabourCause::kIllness;

  model::Member head;
  head.id = make_id("450102", "19800101", "001");
  head.name = "张𠮷";  // U+20BB7, outside the BMP
  head.relation = model::Relation::kHead;
  head.sex = model::Sex::kMale;
  head.birth_date = {1980, 1, 1};
  head.employment = model::Employment::kEmployed;
  head.legal_supporters = model::Supporters::kAble;
  head.medical_self_paid = {{2018, 1234567}, {2019, 50}};
  h.members.push_back(head);

  model::Member spouse;
  spouse.id = "11010519491231002X";  // the standard's own example, check character X
  spouse.name = "阿依古丽·买买提";
  spouse.relation = model::Relation::kSpouse;
  spouse.sex = model::Sex::kFemale;
  spouse.birth_date = {1949, 12, 31};
  spouse.employment = model::Employment::kNone;
  spouse.disability = model::Disability{2, model::DisabilityType::kMental};
  spouse.self_care = model::SelfCare::kPartial;
  spouse.serious_illness = true;
  spouse.legal_supporters = model::Supporters::kUnable;
  spouse.insurance.critical_illness = false;
  h.members.push_back(spouse);

  model::Member child;
  child.id = make_id("450103", "20130704", "002");
  child.name = "张小妹";
  child.relation = model::Relation::kChild;
  child.sex = model::Sex::kFemale;
  child.birth_date = {2013, 7, 4};
  child.employment = model::Employment::kStudent;
  child.school = model::School::kPrimary;
  child.boarding = true;
  child.self_care.reset();  // unknown
  child.supported_by = model::SupportedBy::kParents;
  h.members.push_back(child);

  h.income = std::vector<model::IncomeRow>{
      {0, model::Month::of(2019, 8), model::IncomeKind::kWage, 123456},  // 1234.56 yuan
      {0, model::Month::of(2019, 9), model::IncomeKind::kWage, 100000},
      {-1, model::Month::of(2019, 9), model::IncomeKind::kBenefit, 95000},
      {1, model::Month::of(2019, 9), model::IncomeKind::kDisabilitySubsidy, 8000},
  };
  h.expenditure = std::vector<model::ExpenditureRow>{
      {1, model::Month::of(2019, 8), model::ExpenditureKind::kMedical, 200001},
      {-1, model::Month::of(2019, 9), model::ExpenditureKind::kDisaster, 1},
  };
  model::Assets a;
  a.financial = 500005;
  a.vehicles = {model::Vehicle::kMotorcycle, model::Vehicle::kDisabilityVehicle};
  a.dwellings = 1;
  a.floor_area_m2 = 45.5;
  a.business_capital = 0;
  h.assets = a;
  h.history.category = model::HistoryCategory::kDibao;
  h.history.category_since = model::Month::of(2018, 3);
  h.history.last_benefit = 95000;
  h.history.exit_reason = "employment";
  h.history.exit_started = model::Month::of(2019, 9);
  h.history.case_by_case_paid = {{{2019, 3, 2}, 3000000}};
  h.requests = {{model::RequestKind::kCaseByCase, {2019, 10, 10}, 800000}};
  return h;
}

// A migrant household with nothing known about income, expenditure or assets.
model::Household migrant_household() {
  model::Household h;
  h.id = "H-450205-0002";
  h.region = "450205";  // 柳北区 (a county code is valid too)
  h.residence = model::Residence::kMigrant;
  h.urban_years = 1.5;
  h.residence_permit = true;
  model::Member m;
  m.id = make_id("452701", "19900228", "013");
  m.name = "覃某";
  m.relation = model::Relation::kHead;
  m.sex = model::Sex::kMale;
  m.birth_date = {1990, 2, 28};
  m.employment = model::Employment::kUnemployed;
  m.legal_supporters = model::Supporters::kNone;
  h.members.push_back(m);
  h.income = std::vector<model::IncomeRow>{};  // known: none
  return h;
}

// ---- field-by-field equality -------------------------------------------------------------------

using ::safetynet::model::testing::expect_same;

LedgerImport read_back(const LedgerSheets& s) {
  LedgerReader reader(regions());
  EXPECT_EQ(reader.add_sheet("台账.csv", Sheet{"", s.ledger}), SheetKind::kLedger);
  EXPECT_EQ(reader.add_sheet("成员表.csv", Sheet{"", s.members}), SheetKind::kMembers);
  EXPECT_EQ(reader.add_sheet("收入表.csv", Sheet{"", s.income}), SheetKind::kIncome);
  EXPECT_EQ(reader.add_sheet("支出表.csv", Sheet{"", s.expenditure}), SheetKind::kExpenditure);
  return reader.finish();
}

std::string rejected_text(const LedgerImport& r) {
  std::string out;
  for (const auto& p : r.rejected) out += p.to_string() + "\n";
  return out;
}

// ---- round trips -------------------------------------------------------------------------------

TEST(Ledger, RoundTripKeepsEveryField) {
  std::vector<model::Household> in = {sample_household(), migrant_household()};
  LedgerSheets sheets = ledger_rows(in, {model::Month::of(2019, 10)});
  // Money is written as exact yuan text and the ids as text.
  EXPECT_THAT(sheets.income, Contains(Row{"H-450102-0001", in[0].members[0].id, "2019-08",
                                          "工资性收入", "1234.56"}));
  LedgerImport out = read_back(sheets);
  ASSERT_THAT(out.rejected, IsEmpty()) << rejected_text(out);
  ASSERT_EQ(out.households.size(), 2u);
  expect_same(in[0], out.households[0]);
  expect_same(in[1], out.households[1]);
  EXPECT_EQ((*out.households[0].income)[0].amount, 123456);  // 1234.56 yuan, exactly
  EXPECT_EQ(out.households[0].members[0].name, "张𠮷");
  EXPECT_FALSE(out.households[1].assets.has_value());  // unknown stays unknown
  EXPECT_FALSE(out.households[1].expenditure.has_value());
  EXPECT_TRUE(out.households[1].income.has_value());  // the 无 row: known, none
  EXPECT_THAT(*out.households[1].income, IsEmpty());
}

TEST(Ledger, LedgerHeaderIsTheRealExportsThenTheAppendedColumns) {
  auto header = ledger_header_rows(SheetKind::kLedger);
  ASSERT_EQ(header.size(), 2u);
  const Row& top = header[0];
  const Row& sub = header[1];
  EXPECT_EQ(top[0], "登记时间");
  EXPECT_EQ(top[1], "证件号码");
  EXPECT_EQ(top[2], "户主姓名");
  EXPECT_EQ(top[3], "身份证号码");
  EXPECT_EQ(top[15], "成年人");
  EXPECT_EQ(sub[15], "在职人员");
  EXPECT_EQ(sub[18], "未登记失业");
  EXPECT_EQ(top[19], "未成年人");
  EXPECT_EQ(sub[20], "其他");
  EXPECT_EQ(top[30], "户主是否享受");
  EXPECT_EQ(top[31], "成员一姓名");
  EXPECT_EQ(top[48], "成员九身份证号");
  EXPECT_EQ(top[49], "行政区划代码");
  EXPECT_EQ(top.back(), "一事一议申请");
}

TEST(Ledger, SummaryColumnsAreComputedForPeople) {
  LedgerSheets s = ledger_rows({sample_household()}, {model::Month::of(2019, 10)});
  const Row& r = s.ledger[2];
  EXPECT_EQ(r[9], "低保");     // 享受保障类别
  EXPECT_EQ(r[10], "3");       // 享受保障人数
  EXPECT_EQ(r[11], "2");       // 女性人数
  EXPECT_EQ(r[12], "1");       // 残疾人数
  EXPECT_EQ(r[14], "1");       // 老年人 (born 1949)
  EXPECT_EQ(r[15], "1");       // 在职人员
  EXPECT_EQ(r[19], "1");       // 在校生
  EXPECT_EQ(r[21], "950.00");  // 户月保障金
  EXPECT_EQ(r[22],
            "186.21");  // 月收入: (1234.56 + 1000) / 12, rounded; benefit and subsidy not counted
  EXPECT_EQ(r[31], "阿依古丽·买买提");
}

TEST(Ledger, GeneratedPopulationRoundTrips) {
  sim::GeneratorOptions o;
  o.region_dir = std::string(SN_SOURCE_DIR) + "/data/regions";
  o.unknown_facts_permille = 100;
  auto pop = sim::generate(7, 400, o);
  ASSERT_TRUE(pop.ok());
  LedgerImport out = read_back(ledger_rows(*pop, {o.as_of}));
  ASSERT_THAT(out.rejected, IsEmpty()) << rejected_text(out);
  ASSERT_EQ(out.households.size(), pop->size());
  for (std::size_t i = 0; i < pop->size(); ++i) expect_same((*pop)[i], out.households[i]);
}

TEST(Ledger, FlatMemberListRoundTrips) {
  std::vector<model::Household> in = {sample_household(), migrant_household()};
  std::vector<Row> flat = flat_rows(in);
  LedgerSheets s = ledger_rows(in);
  LedgerReader reader(regions());
  EXPECT_EQ(reader.add_sheet("成员宽表.csv", Sheet{"", flat}), SheetKind::kFlat);
  reader.add_sheet("收入表.csv", Sheet{"", s.income});
  reader.add_sheet("支出表.csv", Sheet{"", s.expenditure});
  LedgerImport out = reader.finish();
  ASSERT_THAT(out.rejected, IsEmpty()) << rejected_text(out);
  ASSERT_EQ(out.households.size(), 2u);
  expect_same(in[0], out.households[0]);
  expect_same(in[1], out.households[1]);
}

TEST(Ledger, SheetsMayComeInAnyOrder) {
  std::vector<model::Household> in = {sample_household()};
  LedgerSheets s = ledger_rows(in);
  LedgerReader reader(regions());
  reader.add_sheet("收入表.csv", Sheet{"", s.income});
  reader.add_sheet("成员表.csv", Sheet{"", s.members});
  reader.add_sheet("支出表.csv", Sheet{"", s.expenditure});
  reader.add_sheet("台账.csv", Sheet{"", s.ledger});
  LedgerImport out = reader.finish();
  ASSERT_THAT(out.rejected, IsEmpty()) << rejected_text(out);
  ASSERT_EQ(out.households.size(), 1u);
  expect_same(in[0], out.households[0]);
}

class LedgerFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("sn_ledger_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(LedgerFiles, XlsxWorkbookRoundTripsWithItsTwoRowHeader) {
  std::vector<model::Household> in = {sample_household(), migrant_household()};
  std::string path = (dir_ / "台账.xlsx").string();
  auto w = write_ledger_xlsx(path, in, {model::Month::of(2019, 10)});
  ASSERT_TRUE(w.ok()) << w.problems()[0].to_string();
  auto r = import_ledger_files({path}, regions());
  ASSERT_TRUE(r.ok()) << r.problems()[0].to_string();
  ASSERT_THAT(r->rejected, IsEmpty()) << rejected_text(*r);
  ASSERT_EQ(r->households.size(), 2u);
  expect_same(in[0], r->households[0]);
  expect_same(in[1], r->households[1]);
}

TEST_F(LedgerFiles, CsvFilesRoundTrip) {
  sim::GeneratorOptions o;
  o.region_dir = std::string(SN_SOURCE_DIR) + "/data/regions";
  auto gen = sim::Generator::create(o);
  ASSERT_TRUE(gen.ok());
  auto writer = LedgerCsvWriter::open(dir_.string(), {o.as_of});
  ASSERT_TRUE(writer.ok());
  std::vector<model::Household> in;
  gen->generate(11, 200, [&](model::Household&& h) {
    writer->add(h);
    in.push_back(std::move(h));
  });
  auto closed = writer->close();
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, 200);
  std::vector<std::string> paths;
  for (const char* n : {"台账.csv", "成员表.csv", "收入表.csv", "支出表.csv"})
    paths.push_back((dir_ / n).string());
  auto r = import_ledger_files(paths, regions());
  ASSERT_TRUE(r.ok()) << r.problems()[0].to_string();
  ASSERT_THAT(r->rejected, IsEmpty()) << rejected_text(*r);
  ASSERT_EQ(r->households.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) expect_same(in[i], r->households[i]);
}

// ---- hostile but legal files (issue 4) ---------------------------------------------------------
// Office files as they come: names outside the BMP (𠮷, U+20BB7) and with the middle dot, ids with
// full-width digits and a lower-case x, full-width amounts, dates stored as Excel serial numbers,
// blank rows in the middle and at the end, a merged title row and a merged two-row header. Read
// through the real file readers (read_csv / read_xlsx), not from rows in memory.

// "4501…" -> "４５０１…": ASCII digits and letters made full-width (U+FF10…, U+FF41…).
std::string full_width(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else if (c == '.') {
      out += "\xEF\xBC\x8E";  // ．
    } else if (c == 'x') {
      out += "\xEF\xBD\x98";  // ｘ
    } else {
      out += c;
    }
  }
  return out;
}

struct HostileIds {
  std::string head = make_id("450102", "19800101", "011");  // male, 1980-01-01
  std::string wife = "11010519491231002X";                  // female, 1949-12-31, check char X
  std::string son = make_id("450102", "20100315", "031");   // male, 2010-03-15
};

// What both the CSV and the XLSX variant must give.
void expect_hostile_households(const LedgerImport& r, const std::string& ledger_file,
                               long first_data_row) {
  HostileIds ids;
  ASSERT_THAT(r.rejected, IsEmpty()) << rejected_text(r);
  ASSERT_EQ(r.households.size(), 2u);
  const model::Household& h1 = r.households[0];
  EXPECT_EQ(h1.id, "H1");
  EXPECT_EQ(h1.region, "450102001");
  ASSERT_EQ(h1.members.size(), 3u);
  EXPECT_EQ(h1.members[0].name, "𠮷野家");
  EXPECT_EQ(h1.members[0].name.size(), 10u);  // 4 bytes for 𠮷 + 2 × 3: nothing replaced or cut
  EXPECT_EQ(h1.members[0].id, ids.head);      // full-width digits made half-width
  EXPECT_EQ(h1.members[0].relation, model::Relation::kHead);
  EXPECT_EQ(h1.members[0].birth_date, (model::Date{1980, 1, 1}));  // Excel serial 29221
  EXPECT_EQ(h1.members[1].name, "阿依古丽·买买提");
  EXPECT_EQ(h1.members[1].id, ids.wife);  // lower-case x made upper-case
  EXPECT_EQ(h1.members[1].sex, model::Sex::kFemale);
  EXPECT_EQ(h1.members[1].relation, model::Relation::kSpouse);
  EXPECT_EQ(h1.members[2].id, ids.son);
  EXPECT_EQ(h1.members[2].birth_date, (model::Date{2010, 3, 15}));  // serial 40252
  EXPECT_EQ(h1.history.category, model::HistoryCategory::kDibao);
  EXPECT_EQ(h1.history.category_since, model::Month::of(2019, 10));  // 登记时间 serial 43739
  EXPECT_EQ(h1.history.last_benefit, 95050);                         // ９５０．５０
  ASSERT_TRUE(h1.income.has_value());
  ASSERT_EQ(h1.income->size(), 2u);
  EXPECT_EQ((*h1.income)[0].month, model::Month::of(2019, 9));  // 月份 serial 43709
  EXPECT_EQ((*h1.income)[0].member, 0);
  EXPECT_EQ((*h1.income)[0].amount, 123456);  // １２３４．５６
  EXPECT_EQ((*h1.income)[1].month, model::Month::of(2019, 10));
  EXPECT_EQ((*h1.income)[1].member, 1);  // named by its id with a lower-case x
  EXPECT_EQ((*h1.income)[1].amount, 30000);

  const model::Household& h2 = r.households[1];
  EXPECT_EQ(h2.id, "H2");
  ASSERT_EQ(h2.members.size(), 1u);
  EXPECT_EQ(h2.members[0].name, "买买提·𠮷");
  EXPECT_EQ(h2.history.category_since, model::Month::of(2019, 10));  // 2019/10/1 as text
  EXPECT_EQ(h2.history.last_benefit, 65000);
  EXPECT_FALSE(h2.income.has_value());  // no income row: unknown, not none

  // Each correction is said, naming the file, row and column; blank rows are neither data nor errors.
  EXPECT_THAT(r.warnings, Contains(AllOf(IsProblem("normalised_id", ledger_file, first_data_row, "身份证号码"),
                                         Field(&Problem::member, ids.head))));
  EXPECT_THAT(r.warnings, Contains(AllOf(IsProblem("normalised_id", ledger_file, first_data_row, "成员一身份证号"),
                                         Field(&Problem::member, ids.wife))));
  EXPECT_EQ(r.stats.rows_without_household, 0);
}

TEST_F(LedgerFiles, HostileCsvFilesReadWithTheirRealValues) {
  HostileIds ids;
  const std::string wife_lower = "11010519491231002x";
  auto write = [&](const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
  };
  // The ledger: a title row, the real two-row header (成年人 over its sub-columns, blank below the
  // others), a blank line, a row of commas and a row of full-width spaces between the households,
  // and blank rows after the last one.
  const std::string ledger =
      "\xEF\xBB\xBF"
      "兴宁区城市低保台账,,,,,,,,,,\r\n"
      "登记时间,证件号码,户主姓名,身份证号码,享受保障类别,成年人,,户月保障金,成员一姓名,成员一身份证号,行政区划代码\r\n"
      ",,,,,在职人员,登记失业,,,,\r\n"
      "43739,H1,𠮷野家," + full_width(ids.head) + ",低保,0,1," + full_width("950.50") + ",阿依古丽·买买提," +
      wife_lower + ",450102001\r\n"
      "\r\n"
      ",,,,,,,,,,\r\n"
      "　, ,,,,,,,,,\r\n"
      "2019/10/1,H2,买买提·𠮷," + make_id("450102", "19700707", "051") + ",低保,1,0,650,,,450102001\r\n"
      ",,,,,,,,,,\r\n"
      "\r\n";
  // The member sheet: birth dates as Excel serials (a date column formatted as General).
  const std::string members =
      "户编号,姓名,身份证号,与户主关系,出生日期\n"
      "H1,𠮷野家," + ids.head + ",户主,29221\n"
      "\n"
      "H1,阿依古丽·买买提," + wife_lower + ",配偶,\n"
      "H1,张小," + full_width(ids.son) + ",子,40252\n"
      ",,,,\n";
  const std::string income =
      "户编号,身份证号,月份,收入类型,金额\n"
      "H1," + full_width(ids.head) + ",43709,工资," + full_width("1234.56") + "\n"
      ",,,,\n"
      "H1," + wife_lower + ",2019-10,工资,300\n"
      "\n";
  std::vector<std::string> paths = {write("台账.csv", ledger), write("成员表.csv", members),
                                    write("收入表.csv", income)};
  auto r = import_ledger_files(paths, regions());
  ASSERT_TRUE(r.ok()) << r.problems()[0].to_string();
  expect_hostile_households(*r, "台账.csv", 4);
  EXPECT_THAT(r->warnings, Contains(AllOf(IsProblem("normalised_id", "成员表.csv", 5, "身份证号"),
                                          Field(&Problem::member, ids.son))));
  EXPECT_THAT(r->warnings, Contains(IsProblem("normalised_id", "收入表.csv", 2, "身份证号")));
  EXPECT_EQ(r->stats.rows_read, 2 + 3 + 2);  // blank rows are not counted as data
}

TEST_F(LedgerFiles, HostileXlsxWorkbookReadsWithItsRealValues) {
  HostileIds ids;
  const std::string wife_lower = "11010519491231002x";
  // Written by write_xlsx as an office's own workbook would be: a title merged over the whole width,
  // every header but 成年人's sub-columns merged over two rows, dates and money as numbers in cells
  // (the serials Excel stores for a date), full-width text where a clerk typed it, blank rows.
  SheetSpec ledger;
  ledger.name = "台账";
  ledger.rows = {
      {"兴宁区城市低保台账（2019年10月）"},
      {"登记时间", "证件号码", "户主姓名", "身份证号码", "享受保障类别", "成年人", "", "户月保障金",
       "成员一姓名", "成员一身份证号", "行政区划代码"},
      {"", "", "", "", "", "在职人员", "登记失业", "", "", "", ""},
      {"43739", "H1", "𠮷野家", full_width(ids.head), "低保", "0", "1", full_width("950.50"),
       "阿依古丽·买买提", wife_lower, "450102001"},
      {},
      {"", "", "", "", "", "", "", "", "", "", ""},
      {"2019/10/1", "H2", "买买提·𠮷", make_id("450102", "19700707", "051"), "低保", "1", "0", "650",
       "", "", "450102001"},
      {},
      {},
  };
  ledger.numeric_columns = {0, 5, 6, 7};
  ledger.header_rows = 3;
  ledger.merges = {{0, 0, 0, 10}, {1, 5, 1, 6}};
  for (int c : {0, 1, 2, 3, 4, 7, 8, 9, 10}) ledger.merges.push_back({1, c, 2, c});
  SheetSpec members;
  members.name = "成员表";
  members.rows = {{"户编号", "姓名", "身份证号", "与户主关系", "出生日期"},
                  {"H1", "𠮷野家", ids.head, "户主", "29221"},
                  {},
                  {"H1", "阿依古丽·买买提", wife_lower, "配偶", ""},
                  {"H1", "张小", full_width(ids.son), "子", "40252"}};
  members.numeric_columns = {4};
  SheetSpec income;
  income.name = "收入表";
  income.rows = {{"户编号", "身份证号", "月份", "收入类型", "金额"},
                 {"H1", full_width(ids.head), "43709", "工资", full_width("1234.56")},
                 {},
                 {"H1", wife_lower, "2019-10", "工资", "300"}};
  income.numeric_columns = {2, 4};
  const std::string path = (dir_ / "台账.xlsx").string();
  ASSERT_TRUE(write_xlsx(path, {ledger, members, income}).ok());

  // The reader repeats merged values: the title over the row, each header down its two rows.
  auto sheets = read_xlsx_sheets(path);
  ASSERT_TRUE(sheets.ok());
  ASSERT_GE((*sheets)[0].rows.size(), 3u);
  EXPECT_EQ((*sheets)[0].rows[0][10], "兴宁区城市低保台账（2019年10月）");
  EXPECT_EQ((*sheets)[0].rows[2][0], "登记时间");
  EXPECT_EQ((*sheets)[0].rows[1][6], "成年人");
  EXPECT_EQ((*sheets)[0].rows[2][6], "登记失业");
  EXPECT_EQ((*sheets)[0].rows[3][0], "43739");  // a number cell: the serial, as Excel stores it

  auto r = import_ledger_files({path}, regions());
  ASSERT_TRUE(r.ok()) << r.problems()[0].to_string();
  expect_hostile_households(*r, "台账.xlsx#台账", 4);
  EXPECT_THAT(r->warnings, Contains(IsProblem("normalised_id", "台账.xlsx#成员表", 5, "身份证号")));
  EXPECT_EQ(r->stats.rows_read, 2 + 3 + 2);
}

// ---- bad rows ----------------------------------------------------------------------------------

// Five households written by hand, as an office would: 1 good, 2 with a bad check digit in the
// member sheet, 3 and 4 sharing a person, 5 in a region that does not exist.
struct BadImport {
  std::string good = make_id("450102", "19560312", "021");
  std::string bad_check;  // good2 with its check character changed
  std::string shared = make_id("450103", "19700101", "033");
  LedgerImport result;

  BadImport() {
    std::string good2 = make_id("450102", "19600505", "044");
    bad_check = good2.substr(0, 17) + (good2[17] == '1' ? '2' : '1');
    std::vector<Row> ledger = ledger_header_rows(SheetKind::kLedger);
    auto ledger_row = [&](const std::string& key, const std::string& name, const std::string& id,
                          const std::string& region) {
      Row r(ledger[0].size());
      r[1] = key;
      r[2] = name;
      r[3] = id;
      r[49] = region;
      return r;
    };
    ledger.push_back(ledger_row("H1", "黄一", good, "450102001"));    // row 3
    ledger.push_back(ledger_row("H2", "黄二", "", "450102001"));      // row 4
    ledger.push_back(ledger_row("H3", "黄三", shared, "450103001"));  // row 5
    ledger.push_back(
        ledger_row("H4", "黄四", make_id("450103", "19710101", "055"), "450103001"));  // row 6
    ledger.push_back(
        ledger_row("H5", "黄五", make_id("450103", "19720101", "066"), "450199001"));  // row 7
    std::vector<Row> members = ledger_header_rows(SheetKind::kMembers);
    Row m(members[0].size());
    m[0] = "H2";
    m[1] = "黄二";
    m[2] = bad_check;
    m[3] = "户主";
    members.push_back(m);  // row 2
    m[0] = "H4";
    m[1] = "黄三";
    m[2] = shared;
    m[3] = "配偶";
    members.push_back(m);  // row 3: the head of H3 listed again in H4
    LedgerReader reader(regions());
    reader.add_sheet("台账.csv", Sheet{"", ledger});
    reader.add_sheet("成员表.csv", Sheet{"", members});
    result = reader.finish();
  }
};

TEST(Ledger, BadRowsRejectTheirHouseholdAndOthersPass) {
  BadImport b;
  const auto& r = b.result;
  ASSERT_EQ(r.households.size(), 1u);
  EXPECT_EQ(r.households[0].id, "H1");
  EXPECT_EQ(r.rejected_households, (std::vector<std::string>{"H2", "H3", "H4", "H5"}));
  EXPECT_THAT(r.rejected, Contains(AllOf(IsProblem("invalid_id", "成员表.csv", 2, "身份证号"),
                                         Field(&Problem::member, b.bad_check))));
  EXPECT_THAT(r.rejected, Contains(AllOf(IsProblem("duplicate_person", "台账.csv", 5, "身份证号码"),
                                         Field(&Problem::member, b.shared))));
  EXPECT_THAT(r.rejected, Contains(AllOf(IsProblem("duplicate_person", "成员表.csv", 3, "身份证号"),
                                         Field(&Problem::member, b.shared))));
  EXPECT_THAT(r.rejected, Contains(IsProblem("unknown_region", "台账.csv", 7, "行政区划代码")));
  for (const auto& p : r.rejected) EXPECT_FALSE(p.message.empty()) << p.to_string();
  EXPECT_EQ(r.stats.households_accepted, 1);
  EXPECT_EQ(r.stats.households_rejected, 4);
}

TEST(Ledger, RowProblemsNameFileRowAndColumn) {
  std::string id = make_id("450102", "19800101", "011");
  std::vector<Row> ledger = {
      {"户编号", "户主姓名", "身份证号码", "行政区划代码"},
      {"H1", "甲", id, "450102001"},
      {"", "乙", make_id("450102", "19800101", "013"), "450102001"},  // no key
      {"H1", "甲", id, "450102001"}};                                 // same key again
  std::vector<Row> income = {
      {"户编号", "身份证号", "月份", "收入类型", "金额"},
      {"H1", id, "2019-09", "工资", "12.345"},                                 // finer than a fen
      {"H1", id, "2019-13", "工资", "100"},                                    // no such month
      {"H1", id, "2019-09", "彩票", "100"},                                    // not a kind
      {"H1", make_id("450102", "19800101", "015"), "2019-09", "工资", "100"},  // not a member
      {"H1", "", "2019-09", "工资", "-5"}};                                    // negative
  LedgerReader reader(regions());
  reader.add_sheet("台账.csv", Sheet{"", ledger});
  reader.add_sheet("收入表.csv", Sheet{"", income});
  LedgerImport r = reader.finish();
  EXPECT_THAT(r.households, IsEmpty());
  EXPECT_THAT(r.rejected, Contains(IsProblem("missing_field", "台账.csv", 3, "户编号")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("duplicate_household", "台账.csv", 4, "户编号")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_amount", "收入表.csv", 2, "金额")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_date", "收入表.csv", 3, "月份")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_value", "收入表.csv", 4, "收入类型")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_value", "收入表.csv", 5, "身份证号")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_amount", "收入表.csv", 6, "金额")));
  EXPECT_EQ(r.stats.rows_without_household, 1);
}

TEST(Ledger, IdMismatchPointsAtTheMemberRow) {
  std::string id = make_id("450102", "19800101", "011");  // male, 1980-01-01
  std::vector<Row> members = {
      {"户编号", "姓名", "身份证号", "与户主关系", "性别", "出生日期", "行政区划代码"},
      {"H1", "甲", id, "户主", "女", "1980-01-02", "450102001"}};
  LedgerReader reader(regions());
  EXPECT_EQ(reader.add_sheet("宽表.csv", Sheet{"", members}), SheetKind::kFlat);
  LedgerImport r = reader.finish();
  EXPECT_THAT(r.rejected, Contains(AllOf(IsProblem("id_mismatch", "宽表.csv", 2, "性别"),
                                         Field(&Problem::member, id))));
  EXPECT_THAT(r.rejected, Contains(IsProblem("id_mismatch", "宽表.csv", 2, "出生日期")));
}

// ---- tolerant reading and Chinese values -------------------------------------------------------

TEST(Ledger, ChineseAndEnglishValuesMap) {
  std::string a = make_id("450102", "19500101", "011");
  std::string b = make_id("450102", "19520202", "022");
  std::string c = make_id("450102", "20050505", "031");
  std::string d = make_id("450102", "19900909", "041");
  std::vector<Row> members = {
      {"户编号",   "姓名",           "身份证号",    "与户主关系", "就业状况",   "残疾等级",
       "残疾类别", "自理能力",       "重病",        "孤儿",       "法定义务人", "供养人",
       "社区矫正", "在读阶段",       "寄宿",        "大学新生",   "医保",       "大病保险",
       "养老保险", "年度自付医疗费", "行政区划代码"},
      {"H1",       "甲",       a,      "本人", "退休",
       "一级",     "肢体残疾", "失能", "是",   "否",
       "无",       "",         "否",   "",     "否",
       "否",       "是",       "否",   "是",   "2019：12000.50；2018:300",
       "450102001"},
      {"H1", "乙", b,  "妻", "无", "3", "精神", "半失能", "否", "",         "有但无能力",
       "",   "",   "", "",   "",   "",  "",     "",       "",   "450102001"},
      {"H1", "丙", c,      "孙女", "在校生", "", "", "完全自理", "", "散居孤儿", "有能力",
       "",   "",   "高中", "是",   "",       "", "", "",         "", "450102001"},
      {"H1",       "丁",           d,      "child", "unemployed",
       "4 级",     "intellectual", "none", "yes",   "institutional",
       "unable",   "兄弟姐妹",     "是",   "大学",  "",
       "是",       "否",           "",     "",      "",
       "450102001"},
  };
  LedgerReader reader(regions());
  ASSERT_EQ(reader.add_sheet("成员.csv", Sheet{"", members}), SheetKind::kFlat);
  LedgerImport r = reader.finish();
  ASSERT_THAT(r.rejected, IsEmpty()) << rejected_text(r);
  ASSERT_EQ(r.households.size(), 1u);
  const auto& m = r.households[0].members;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].relation, model::Relation::kHead);
  EXPECT_EQ(m[0].employment, model::Employment::kRetired);
  EXPECT_EQ(m[0].disability->grade, 1);
  EXPECT_EQ(m[0].disability->type, model::DisabilityType::kPhysical);
  EXPECT_EQ(m[0].self_care, model::SelfCare::kNone);
  EXPECT_TRUE(m[0].serious_illness);
  EXPECT_FALSE(m[0].orphan.has_value());
  EXPECT_EQ(m[0].legal_supporters, model::Supporters::kNone);
  EXPECT_FALSE(m[0].insurance.critical_illness);
  ASSERT_EQ(m[0].medical_self_paid.size(), 2u);
  EXPECT_EQ(m[0].medical_self_paid[0].year, 2019);
  EXPECT_EQ(m[0].medical_self_paid[0].amount, 1200050);
  EXPECT_EQ(m[0].sex, model::Sex::kMale);  // from the id when the sheet has no 性别
  EXPECT_EQ(m[1].relation, model::Relation::kSpouse);
  EXPECT_EQ(m[1].employment, model::Employment::kNone);
  EXPECT_EQ(m[1].disability->type, model::DisabilityType::kMental);
  EXPECT_EQ(m[1].self_care, model::SelfCare::kPartial);
  EXPECT_EQ(m[1].legal_supporters, model::Supporters::kUnable);
  EXPECT_EQ(m[2].relation, model::Relation::kGrandchild);
  EXPECT_EQ(m[2].employment, model::Employment::kStudent);
  EXPECT_FALSE(m[2].disability.has_value());
  EXPECT_EQ(m[2].orphan, model::OrphanKind::kScattered);
  EXPECT_EQ(m[2].school, model::School::kSeniorHigh);
  EXPECT_TRUE(m[2].boarding);
  EXPECT_EQ(m[2].legal_supporters, model::Supporters::kAble);
  EXPECT_EQ(m[3].relation, model::Relation::kChild);
  EXPECT_EQ(m[3].employment, model::Employment::kUnemployed);
  EXPECT_EQ(m[3].disability->grade, 4);
  EXPECT_EQ(m[3].disability->type, model::DisabilityType::kIntellectual);
  EXPECT_EQ(m[3].self_care, model::SelfCare::kNone);
  EXPECT_EQ(m[3].orphan, model::OrphanKind::kInstitutional);
  EXPECT_EQ(m[3].supported_by, model::SupportedBy::kSiblings);
  EXPECT_TRUE(m[3].community_correction);
  EXPECT_EQ(m[3].school, model::School::kUniversity);
  EXPECT_TRUE(m[3].university_freshman);
  EXPECT_FALSE(m[3].insurance.medical);
}

TEST(Ledger, BadChineseValueIsRefusedByColumn) {
  std::string a = make_id("450102", "19500101", "011");
  std::vector<Row> members = {
      {"户编号", "姓名", "身份证号", "就业状况", "残疾等级", "行政区划代码"},
      {"H1", "甲", a, "打零工", "五级", "450102001"}};
  LedgerReader reader(regions());
  reader.add_sheet("成员.csv", Sheet{"", members});
  LedgerImport r = reader.finish();
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_value", "成员.csv", 2, "就业状况")));
  // A grade without a type: the grade is checked and the missing type named.
  EXPECT_THAT(r.rejected, Contains(IsProblem("bad_value", "成员.csv", 2, "残疾等级")));
  EXPECT_THAT(r.rejected, Contains(IsProblem("missing_field", "成员.csv", 2, "残疾类别")));
}

TEST(Ledger, HeadersAreFoundByTextWhateverTheirForm) {
  std::string head = make_id("450102", "19800101", "011");
  std::string kid = make_id("450102", "20100101", "022");
  // A title row, full-width and spaced headers, a line break, a unit, another column order,
  // 证件号码 as key.
  std::vector<Row> ledger = {
      {"兴宁区城市低保台账（2019年10月）"},
      {"行政区划代码", "证件号码 ", "户 主 姓 名", "身份证\n号码", "成员１姓名", "成员１身份证号",
       "金融资产（元）", "机动车", "备注"},
      {"450102001", "ＧＸ０００１", "黄某", head, "黄小", kid, "1,234.56元", "无", "x"},
      {"", "合计", "", "", "", "", "1,234.56", "", ""},
  };
  std::vector<Row> income = {
      {"户编号", "身份证号", "月份", "收入类型", "金额"},
      {"GX0001", head, "2019年9月", "工资", "1000"},
      {"GX0001", "", "201908", "赡养费", "300.5"},
      {"GX0001", kid, "43709", "其他", "1"}};  // Excel serial 43709 = 2019-09-01
  LedgerReader reader(regions());
  EXPECT_EQ(reader.add_sheet("台账.csv", Sheet{"", ledger}), SheetKind::kLedger);
  EXPECT_EQ(reader.add_sheet("收入.csv", Sheet{"", income}), SheetKind::kIncome);
  LedgerImport r = reader.finish();
  ASSERT_THAT(r.rejected, IsEmpty()) << rejected_text(r);
  ASSERT_EQ(r.households.size(), 1u);
  const auto& h = r.households[0];
  EXPECT_EQ(h.id, "GX0001");  // full-width letters and digits made half-width
  EXPECT_EQ(h.region, "450102001");
  ASSERT_EQ(h.members.size(), 2u);
  EXPECT_EQ(h.members[0].relation, model::Relation::kHead);
  EXPECT_EQ(h.members[1].relation, model::Relation::kOther);  // the ledger does not say
  ASSERT_TRUE(h.assets.has_value());
  EXPECT_EQ(h.assets->financial, 123456);
  EXPECT_THAT(h.assets->vehicles, IsEmpty());
  ASSERT_TRUE(h.income.has_value());
  ASSERT_EQ(h.income->size(), 3u);
  EXPECT_EQ((*h.income)[0].month, model::Month::of(2019, 9));
  EXPECT_EQ((*h.income)[1].month, model::Month::of(2019, 8));
  EXPECT_EQ((*h.income)[1].member, -1);
  EXPECT_EQ((*h.income)[1].amount, 30050);
  EXPECT_EQ((*h.income)[1].kind, model::IncomeKind::kSupport);
  EXPECT_EQ((*h.income)[2].month, model::Month::of(2019, 9));
  EXPECT_EQ((*h.income)[2].member, 1);
  EXPECT_THAT(r.warnings, Contains(Field(&Problem::code, "unknown_column")));  // 备注
  EXPECT_THAT(r.warnings, Contains(Field(&Problem::code, "ignored_row")));     // 合计
}

TEST(Ledger, IdsAreNormalisedWithAWarning) {
  std::string id = "11010519491231002X";
  std::string full_width = "１１０１０５１９４９１２３１００２ｘ";
  std::vector<Row> ledger = {{"户编号", "户主姓名", "身份证号码", "行政区划代码"},
                             {"H1", "甲", "11010519491231002x", "450102001"},
                             {"H2", "乙", full_width, "450102001"}};
  LedgerReader reader(regions());
  reader.add_sheet("台账.csv", Sheet{"", ledger});
  LedgerImport r = reader.finish();
  // The same person twice after normalisation: caught as a duplicate, which proves both were
  // mapped.
  EXPECT_THAT(r.rejected, Contains(AllOf(Field(&Problem::code, "duplicate_person"),
                                         Field(&Problem::member, id))));
  EXPECT_THAT(r.warnings, Contains(AllOf(IsProblem("normalised_id", "台账.csv", 2, "身份证号码"),
                                         Field(&Problem::member, id))));
  EXPECT_THAT(r.warnings, Contains(IsProblem("normalised_id", "台账.csv", 3, "身份证号码")));
}

TEST(Ledger, DatesAndMonthsInEveryOfficeForm) {
  using ledger_detail::parse_cell_date;
  using ledger_detail::parse_cell_month;
  using ledger_detail::parse_cell_yuan;
  EXPECT_EQ(parse_cell_date("2019-10-01"), (model::Date{2019, 10, 1}));
  EXPECT_EQ(parse_cell_date("2019/3/2"), (model::Date{2019, 3, 2}));
  EXPECT_EQ(parse_cell_date("2019年3月2日"), (model::Date{2019, 3, 2}));
  EXPECT_EQ(parse_cell_date("2019.03.02"), (model::Date{2019, 3, 2}));
  EXPECT_EQ(parse_cell_date("20190302"), (model::Date{2019, 3, 2}));
  EXPECT_EQ(parse_cell_date("43739"), (model::Date{2019, 10, 1}));
  EXPECT_EQ(parse_cell_date("2019-10-01 00:00:00"), (model::Date{2019, 10, 1}));
  EXPECT_EQ(parse_cell_date("２０１９－１０－０１"), (model::Date{2019, 10, 1}));
  EXPECT_FALSE(parse_cell_date("2019-02-29"));
  EXPECT_FALSE(parse_cell_date("2019-10"));
  EXPECT_FALSE(parse_cell_date("十月一日"));
  EXPECT_EQ(parse_cell_month("2019-09"), model::Month::of(2019, 9));
  EXPECT_EQ(parse_cell_month("2019/9"), model::Month::of(2019, 9));
  EXPECT_EQ(parse_cell_month("2019年9月"), model::Month::of(2019, 9));
  EXPECT_EQ(parse_cell_month("201909"), model::Month::of(2019, 9));
  EXPECT_EQ(parse_cell_month("2019-09-15"), model::Month::of(2019, 9));
  EXPECT_FALSE(parse_cell_month("2019-13"));
  EXPECT_EQ(parse_cell_yuan("1234.56"), 123456);
  EXPECT_EQ(parse_cell_yuan("1,234.56"), 123456);
  EXPECT_EQ(parse_cell_yuan("12,345,678"), 1234567800);
  EXPECT_EQ(parse_cell_yuan("650元"), 65000);
  EXPECT_EQ(parse_cell_yuan("０.５"), 50);
  EXPECT_FALSE(parse_cell_yuan("1,23.00"));
  EXPECT_FALSE(parse_cell_yuan("12.345"));
  EXPECT_FALSE(parse_cell_yuan("-1"));
}

// ---- known and unknown -------------------------------------------------------------------------

TEST(Ledger, ALedgerAloneLeavesTheRulesFactsUnknown) {
  std::vector<model::Household> in = {sample_household()};
  LedgerSheets s = ledger_rows(in);
  LedgerReader reader(regions());
  reader.add_sheet("台账.csv", Sheet{"", s.ledger});
  LedgerImport r = reader.finish();
  ASSERT_THAT(r.rejected, IsEmpty()) << rejected_text(r);
  const auto& h = r.households[0];
  EXPECT_FALSE(h.income.has_value());
  EXPECT_FALSE(h.expenditure.has_value());
  EXPECT_TRUE(h.assets.has_value());  // the appended asset columns were filled
  ASSERT_EQ(h.members.size(), 3u);
  for (const auto& m : h.members) {
    EXPECT_FALSE(m.employment.has_value());
    EXPECT_FALSE(m.legal_supporters.has_value());
    EXPECT_FALSE(m.self_care.has_value());
  }
  EXPECT_THAT(r.warnings, Contains(AllOf(Field(&Problem::code, "summary"),
                                         Field(&Problem::message, HasSubstr("收入表")))));
  // 残疾人数 says 1 but no member sheet says who: a warning, not a silent "none".
  EXPECT_THAT(r.warnings, Contains(AllOf(Field(&Problem::code, "inconsistent"),
                                         Field(&Problem::field, "残疾人数"))));
}

TEST(Ledger, IncomeIsKnownOnlyForHouseholdsTheIncomeSheetLists) {
  std::string a = make_id("450102", "19800101", "011");
  std::string b = make_id("450102", "19800101", "013");
  std::string c = make_id("450102", "19800101", "015");
  std::vector<Row> ledger = {{"户编号", "户主姓名", "身份证号码", "行政区划代码"},
                             {"H1", "甲", a, "450102001"},
                             {"H2", "乙", b, "450102001"},
                             {"H3", "丙", c, "450102001"}};
  std::vector<Row> income = {{"户编号", "身份证号", "月份", "收入类型", "金额"},
                             {"H1", a, "2019-09", "工资", "800"},
                             {"H2", "", "", "无", ""}};
  LedgerReader reader(regions());
  reader.add_sheet("台账.csv", Sheet{"", ledger});
  reader.add_sheet("收入表.csv", Sheet{"", income});
  LedgerImport r = reader.finish();
  ASSERT_EQ(r.households.size(), 3u);
  ASSERT_TRUE(r.households[0].income.has_value());
  EXPECT_EQ(r.households[0].income->size(), 1u);
  ASSERT_TRUE(r.households[1].income.has_value());
  EXPECT_THAT(*r.households[1].income, IsEmpty());
  EXPECT_FALSE(r.households[2].income.has_value());
  EXPECT_FALSE(r.households[0].assets.has_value());
  EXPECT_EQ(r.stats.income_unknown, 1);
}

TEST(Ledger, DetectsSheetKindsFromHeaders) {
  EXPECT_EQ(detect_sheet_kind(ledger_header_rows(SheetKind::kLedger)[0]), SheetKind::kLedger);
  EXPECT_EQ(detect_sheet_kind(ledger_header_rows(SheetKind::kMembers)[0]), SheetKind::kMembers);
  EXPECT_EQ(detect_sheet_kind(ledger_header_rows(SheetKind::kIncome)[0]), SheetKind::kIncome);
  EXPECT_EQ(detect_sheet_kind(ledger_header_rows(SheetKind::kExpenditure)[0]),
            SheetKind::kExpenditure);
  EXPECT_EQ(detect_sheet_kind(ledger_header_rows(SheetKind::kFlat)[0]), SheetKind::kFlat);
  EXPECT_EQ(detect_sheet_kind({"序号", "备注"}), SheetKind::kUnknown);
}

TEST(Ledger, AnUnrecognisedSheetIsSkippedWithAWarning) {
  LedgerReader reader(regions());
  EXPECT_EQ(reader.add_sheet("说明.csv", Sheet{"", {{"填表说明"}, {"金额单位：元"}}}),
            SheetKind::kUnknown);
  LedgerImport r = reader.finish();
  EXPECT_THAT(r.warnings, Contains(AllOf(Field(&Problem::code, "unknown_sheet"),
                                         Field(&Problem::file, "说明.csv"))));
  EXPECT_THAT(r.rejected, IsEmpty());
}

}  // namespace
}  // namespace safetynet::io
