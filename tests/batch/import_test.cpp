// Tests of the batch import (`cli::import_files`, the code behind `safetynet import`): household JSON
// and YAML files and the office ledgers (CSV in GB18030 or UTF-8, XLSX) into the registry in one
// transaction.
//
// What the issue asks: rejected rows are reported with file, row and reason and the rest is
// committed; re-importing the same files changes nothing; a person may be in only one household
// (`duplicate_person`, naming the other household); a name outside the Basic Multilingual Plane (𠮷)
// and an id ending in X survive a GB18030 CSV and an XLSX; every HOUSEHOLD-FORMAT.md error code
// reaches the import's rejections with its file and row; an import that fails part-way (the N-th
// registry write throws) leaves the registry exactly as it was.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/testing.hpp"  // printers for Problem
#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "io/ledger.hpp"
#include "io/xlsx.hpp"
#include "registry/record_codec.hpp"
#include "registry/registry.hpp"
#include "rules/testing/assess_testing.hpp"
#include "rules/testing/household_builder.hpp"

namespace safetynet::cli {
namespace {

using ::safetynet::rules::testing::date;
using ::safetynet::rules::testing::HouseholdBuilder;
using ::safetynet::rules::testing::make_citizen_id;
using ::safetynet::rules::testing::month;
using ::safetynet::rules::testing::yuan;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const model::RegionCatalog& regions() { return ::safetynet::rules::testing::shipped_regions(); }

// ---- households ----------------------------------------------------------------------------------

// A valid id of `sex` born on `birth` whose check character is X.
std::string id_ending_in_x(model::Date birth, model::Sex sex) {
  for (int seq = 0; seq < 500; ++seq) {
    std::string id = make_citizen_id("450102", birth, sex, seq);
    if (id.back() == 'X') return id;
  }
  ADD_FAILURE() << "no X id";
  return "";
}

// SPEC R2.6's 3-person household (one wage of 1000 a month: living.dibao 950 in 2019-10), with the
// head named 张𠮷 (U+20BB7) and the spouse's id ending in X. `year` shifts the birth years so that
// households built with different years share no person.
model::Household spec_household(const std::string& id, int year = 1974, const std::string& region = "450102001") {
  HouseholdBuilder b(region);
  const int head = b.add(date(year, 5, 1), model::Sex::kMale);
  const int spouse = b.add(date(year + 2, 3, 2), model::Sex::kFemale, model::Relation::kSpouse);
  const int child = b.add(date(year + 33, 6, 3), model::Sex::kMale, model::Relation::kChild);
  b.employment(spouse, model::Employment::kEmployed)
      .employment(child, model::Employment::kStudent)
      .school(child, model::School::kPrimary);
  model::Household& h = b.household();
  h.id = id;
  h.members[static_cast<std::size_t>(head)].name = "张𠮷";
  h.members[static_cast<std::size_t>(spouse)].name = "李某";
  h.members[static_cast<std::size_t>(child)].name = "张小𠮷";
  h.members[static_cast<std::size_t>(spouse)].id = id_ending_in_x(date(year + 2, 3, 2), model::Sex::kFemale);
  b.monthly_income(spouse, month(2018, 10), 12, yuan(1000));
  b.floor_area(40);
  return b.build();
}

// A one- or two-person household of ordinary people born in `year`.
model::Household plain_household(const std::string& id, int year, int n = 2, const std::string& region = "450103001") {
  HouseholdBuilder b(region);
  for (int i = 0; i < n; ++i) b.add(date(year, 1 + i, 10 + i), i ? model::Sex::kFemale : model::Sex::kMale,
                                    model::Relation::kSpouse);
  b.household().id = id;
  b.household().members[0].name = "黄" + id;
  return b.build();
}

std::string bytes_of(const model::Household& h) {
  std::string out;
  registry::encode_household(h, out);
  return out;
}

// Everything a caller can see of the registry's households.
std::string snapshot(registry::Registry& reg) {
  std::string s = std::to_string(reg.household_count()) + "\n";
  reg.scan_households([&](model::Household& h) {
    s += h.id + ":" + bytes_of(h) + "\n";
    return true;
  });
  return s;
}

// ---- files ---------------------------------------------------------------------------------------

class ImportFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sn_import_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    reg_ = registry::Registry::open(":memory:");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write_text(const std::string& name, const std::string& text) const {
    std::ofstream out(path(name), std::ios::binary);
    out << text;
    return path(name);
  }

  // The four ledger sheets as CSV files in `sub`/ in `enc`; returns their paths.
  std::vector<std::string> write_ledger_csv(const std::string& sub, const io::LedgerSheets& s,
                                            io::Encoding enc = io::Encoding::kGb18030) const {
    std::filesystem::create_directories(dir_ / sub);
    std::vector<std::string> paths;
    auto one = [&](const char* name, const std::vector<io::Row>& rows) {
      std::string p = (dir_ / sub / name).string();
      auto w = io::write_csv(p, rows, enc, enc == io::Encoding::kUtf8);
      EXPECT_TRUE(w.ok()) << w.problems()[0].to_string();
      paths.push_back(p);
    };
    one("台账.csv", s.ledger);
    one("成员表.csv", s.members);
    one("收入表.csv", s.income);
    one("支出表.csv", s.expenditure);
    return paths;
  }

  ImportSummary import(const std::vector<std::string>& paths, bool atomic = false) {
    return import_files(*reg_, regions(), paths, atomic, nullptr);
  }

  std::filesystem::path dir_;
  std::unique_ptr<registry::Registry> reg_;
};

std::string problems_text(const Problems& ps) {
  std::string out;
  for (const auto& p : ps) out += "\n  " + p.to_string() + " [field=" + p.field + "]";
  return out;
}

// A problem with this code, file and row.
::testing::Matcher<Problem> IsRejection(const std::string& code, const std::string& file, long row) {
  return AllOf(Field(&Problem::code, code), Field(&Problem::file, file), Field(&Problem::row, row));
}

// The column of `header` in a sheet's first row.
std::size_t col(const std::vector<io::Row>& rows, const std::string& header) {
  for (std::size_t i = 0; i < rows.at(0).size(); ++i)
    if (rows[0][i] == header) return i;
  ADD_FAILURE() << "no column " << header;
  return 0;
}

// The 1-based row (as the file shows it) of the first data row of household `id` in a sheet whose
// first column is 户编号.
long row_of(const std::vector<io::Row>& rows, const std::string& id, std::size_t key_col = 0) {
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (rows[r].size() > key_col && rows[r][key_col] == id) return static_cast<long>(r) + 1;
  ADD_FAILURE() << "no row for " << id;
  return 0;
}

void replace_everywhere(io::LedgerSheets& s, const std::string& from, const std::string& to) {
  for (auto* sheet : {&s.ledger, &s.members, &s.income, &s.expenditure})
    for (auto& row : *sheet)
      for (auto& cell : row)
        if (cell == from) cell = to;
}

// ---- the office ledgers: GB18030 CSV and XLSX -----------------------------------------------------

TEST_F(ImportFiles, AGb18030CsvLedgerKeepsANameOutsideTheBmpAndAnIdEndingInX) {
  const std::vector<model::Household> hs = {spec_household("H-450102-0001"), plain_household("H-450103-0002", 1950)};
  ASSERT_EQ(hs[0].members[1].id.back(), 'X');
  auto paths = write_ledger_csv("csv", io::ledger_rows(hs, {month(2019, 10)}));
  // The files really are GB18030: 𠮷 is the four bytes 95 34 B2 35, never its UTF-8 F0 A0 AE B7.
  std::ifstream f(paths[1], std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(raw.find("\x95\x34\xB2\x35"), std::string::npos);
  EXPECT_EQ(raw.find("\xF0\xA0\xAE\xB7"), std::string::npos);

  ImportSummary s = import(paths);
  ASSERT_TRUE(s.committed);
  EXPECT_THAT(s.file_errors, IsEmpty()) << problems_text(s.file_errors);
  EXPECT_THAT(s.outcome.rejected, IsEmpty()) << problems_text(s.outcome.rejected);
  EXPECT_EQ(s.outcome.inserted, 2);
  EXPECT_THAT(s.warnings, Not(Contains(Field(&Problem::code, "normalised_id"))));
  auto got = reg_->get_household("H-450102-0001");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members[0].name, "张𠮷");
  EXPECT_EQ(got->members[2].name, "张小𠮷");
  EXPECT_EQ(got->members[1].id, hs[0].members[1].id);
  EXPECT_EQ(got->members[1].id.back(), 'X');
  EXPECT_EQ(bytes_of(*got), bytes_of(hs[0])) << "the household read from the ledger differs from the one written";
  EXPECT_EQ(bytes_of(*reg_->get_household("H-450103-0002")), bytes_of(hs[1]));
}

TEST_F(ImportFiles, AnXlsxLedgerKeepsANameOutsideTheBmpAndAnIdEndingInX) {
  const std::vector<model::Household> hs = {spec_household("H-450102-0001"), plain_household("H-450103-0002", 1950)};
  const std::string book = path("台账.xlsx");
  auto w = io::write_ledger_xlsx(book, hs, {month(2019, 10)});
  ASSERT_TRUE(w.ok()) << w.problems()[0].to_string();
  ImportSummary s = import({book});
  ASSERT_TRUE(s.committed);
  EXPECT_THAT(s.file_errors, IsEmpty()) << problems_text(s.file_errors);
  EXPECT_THAT(s.outcome.rejected, IsEmpty()) << problems_text(s.outcome.rejected);
  EXPECT_EQ(s.outcome.inserted, 2);
  auto got = reg_->get_household("H-450102-0001");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members[0].name, "张𠮷");
  EXPECT_EQ(got->members[1].id.back(), 'X');
  EXPECT_EQ(bytes_of(*got), bytes_of(hs[0]));
  EXPECT_EQ(bytes_of(*reg_->get_household("H-450103-0002")), bytes_of(hs[1]));
}

TEST_F(ImportFiles, ALowerCaseXInACsvIsNormalisedWithAWarning) {
  const model::Household h = spec_household("H-450102-0001");
  const std::string upper = h.members[1].id;
  std::string lower = upper;
  lower.back() = 'x';
  io::LedgerSheets sheets = io::ledger_rows({h}, {month(2019, 10)});
  replace_everywhere(sheets, upper, lower);
  const long member_row = row_of(sheets.members, lower, col(sheets.members, "身份证号"));
  auto paths = write_ledger_csv("csv", sheets, io::Encoding::kUtf8);
  ImportSummary s = import(paths);
  ASSERT_TRUE(s.committed);
  EXPECT_THAT(s.outcome.rejected, IsEmpty()) << problems_text(s.outcome.rejected);
  EXPECT_EQ(s.outcome.inserted, 1);
  EXPECT_THAT(s.warnings, Contains(AllOf(IsRejection("normalised_id", paths[1], member_row),
                                         Field(&Problem::member, upper))))
      << problems_text(s.warnings);
  auto got = reg_->get_household("H-450102-0001");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members[1].id, upper);
  EXPECT_EQ(bytes_of(*got), bytes_of(h));
}

// ---- household files: JSON and YAML ----------------------------------------------------------------

TEST_F(ImportFiles, JsonAndYamlHouseholdFiles) {
  const model::Household j = spec_household("H-J-1", 1974);
  const model::Household y1 = plain_household("H-Y-1", 1951);
  const std::string json = write_text("one.json", io::household_to_json(j));
  const std::string yaml = write_text("list.yaml", "- id: H-Y-1\n"
                                                   "  region: \"450103001\"\n"
                                                   "  members:\n"
                                                   "    - {id: \"" + y1.members[0].id + "\", name: 黄𠮷, relation: head}\n"
                                                   "    - {id: \"" + y1.members[1].id + "\", name: 韦某, relation: spouse,"
                                                   " sex: female, birth_date: 1951-02-11}\n"
                                                   "  income: []\n"
                                                   "- id: H-Y-2\n"
                                                   "  region: \"450102\"\n"
                                                   "  members:\n"
                                                   "    - id: \"" + id_ending_in_x(date(1948, 8, 8), model::Sex::kMale) +
                                                   "\"\n      name: 覃某\n");
  ImportSummary s = import({json, yaml});
  ASSERT_TRUE(s.committed);
  EXPECT_THAT(s.file_errors, IsEmpty()) << problems_text(s.file_errors);
  EXPECT_THAT(s.outcome.rejected, IsEmpty()) << problems_text(s.outcome.rejected);
  EXPECT_EQ(s.outcome.inserted, 3);
  EXPECT_EQ(bytes_of(*reg_->get_household("H-J-1")), bytes_of(j)) << "JSON written by household_to_json reads back";
  auto y = reg_->get_household("H-Y-1");
  ASSERT_TRUE(y.has_value());
  EXPECT_EQ(y->members[0].name, "黄𠮷");
  EXPECT_EQ(y->members[0].sex, model::Sex::kMale);         // from the id
  EXPECT_EQ(y->members[0].birth_date, date(1951, 1, 10));  // from the id
  ASSERT_TRUE(y->income.has_value());
  EXPECT_FALSE(y->assets.has_value());  // absent: unknown
  EXPECT_EQ(reg_->get_household("H-Y-2")->members[0].id.back(), 'X');
}

TEST_F(ImportFiles, OneBadHouseholdIsReportedWithFileRowAndCodeAndTheRestIsCommitted) {
  const model::Household good1 = plain_household("H-1", 1951);
  const model::Household good3 = plain_household("H-3", 1953);
  std::string bad_id = make_citizen_id("450103", date(1952, 2, 2), model::Sex::kMale, 7);
  bad_id.back() = bad_id.back() == '1' ? '2' : '1';
  auto yaml_of = [](const model::Household& h) {
    std::string out = "- id: " + h.id + "\n  region: \"" + h.region + "\"\n  members:\n";
    for (const auto& m : h.members) out += "    - {id: \"" + m.id + "\", name: " + m.name + "}\n";
    return out;
  };
  const std::string file = write_text("three.yaml", yaml_of(good1) +
                                                        "- id: H-2\n  region: \"450103001\"\n  members:\n"
                                                        "    - {id: \"" + bad_id + "\", name: 黄二}\n" +
                                                        yaml_of(good3));
  ImportSummary s = import({file});
  ASSERT_TRUE(s.committed);
  EXPECT_EQ(s.outcome.inserted, 2);
  ASSERT_THAT(s.outcome.rejected, SizeIs(1)) << problems_text(s.outcome.rejected);
  const Problem& p = s.outcome.rejected[0];
  EXPECT_THAT(p, IsRejection("invalid_id", file, 2));
  EXPECT_EQ(p.field, "members[0].id");
  EXPECT_EQ(p.member, bad_id);
  EXPECT_THAT(p.message, HasSubstr("H-2"));
  EXPECT_TRUE(reg_->get_household("H-1").has_value());
  EXPECT_FALSE(reg_->get_household("H-2").has_value());
  EXPECT_TRUE(reg_->get_household("H-3").has_value());
}

// ---- re-import --------------------------------------------------------------------------------------

TEST_F(ImportFiles, ReimportingTheSameFilesChangesNothing) {
  auto csv = write_ledger_csv("csv", io::ledger_rows({spec_household("H-C-1", 1974), plain_household("H-C-2", 1950)},
                                                     {month(2019, 10)}));
  const std::string book = path("ledger.xlsx");
  ASSERT_TRUE(io::write_ledger_xlsx(book, {spec_household("H-X-1", 1964)}, {month(2019, 10)}).ok());
  const std::string json = write_text("h.json", io::household_to_json(spec_household("H-J-1", 1954)));
  const std::string yaml = write_text("h.yaml", "id: H-Y-1\nregion: \"450102\"\nmembers:\n  - id: \"" +
                                                    plain_household("x", 1940, 1).members[0].id + "\"\n");
  std::vector<std::string> all = csv;
  all.insert(all.end(), {book, json, yaml});
  ImportSummary first = import(all);
  ASSERT_TRUE(first.committed);
  EXPECT_THAT(first.outcome.rejected, IsEmpty()) << problems_text(first.outcome.rejected);
  EXPECT_EQ(first.outcome.inserted, 5);
  const std::string before = snapshot(*reg_);
  ImportSummary again = import(all);
  ASSERT_TRUE(again.committed);
  EXPECT_EQ(again.outcome.inserted, 0);
  EXPECT_EQ(again.outcome.updated, 0);
  EXPECT_EQ(again.outcome.unchanged, 5);
  EXPECT_THAT(again.outcome.rejected, IsEmpty()) << problems_text(again.outcome.rejected);
  EXPECT_EQ(snapshot(*reg_), before);
}

// ---- one person, one household (R11.1) ---------------------------------------------------------------

TEST_F(ImportFiles, APersonInTwoHouseholdFilesIsRefusedNamingTheOtherHousehold) {
  const model::Household first = plain_household("H-1", 1951);
  model::Household second = plain_household("H-2", 1962);
  second.members[1] = first.members[0];
  second.members[1].relation = model::Relation::kSpouse;
  const std::string a = write_text("a.json", io::household_to_json(first));
  const std::string b = write_text("b.yaml", "- " + io::household_to_json(plain_household("H-3", 1973)) + "\n- " +
                                                 io::household_to_json(second) + "\n");
  ImportSummary s = import({a, b});
  EXPECT_EQ(s.outcome.inserted, 2);
  ASSERT_THAT(s.outcome.rejected, SizeIs(1)) << problems_text(s.outcome.rejected);
  const Problem& p = s.outcome.rejected[0];
  EXPECT_THAT(p, IsRejection("duplicate_person", b, 2));
  EXPECT_EQ(p.field, "members[1].id");
  EXPECT_EQ(p.member, first.members[0].id);
  EXPECT_THAT(p.message, HasSubstr("H-1"));
  EXPECT_FALSE(reg_->get_household("H-2").has_value());
}

TEST_F(ImportFiles, APersonInALedgerAndInTheRegistryIsRefusedWithTheLedgersFileAndRow) {
  // H-1 is already registered; a later ledger lists H-1's head as a member of H-9.
  const model::Household stored = plain_household("H-1", 1951);
  ASSERT_EQ(import({write_text("h1.json", io::household_to_json(stored))}).outcome.inserted, 1);
  model::Household h9 = plain_household("H-9", 1969);
  h9.members[1] = stored.members[0];
  h9.members[1].relation = model::Relation::kSpouse;
  io::LedgerSheets sheets = io::ledger_rows({h9, plain_household("H-8", 1968)}, {month(2019, 10)});
  const long member_row = row_of(sheets.members, stored.members[0].id, col(sheets.members, "身份证号"));
  auto paths = write_ledger_csv("csv", sheets);
  ImportSummary s = import(paths);
  EXPECT_EQ(s.outcome.inserted, 1);  // H-8
  ASSERT_THAT(s.outcome.rejected, SizeIs(1)) << problems_text(s.outcome.rejected);
  const Problem& p = s.outcome.rejected[0];
  EXPECT_EQ(p.code, "duplicate_person");
  EXPECT_EQ(p.member, stored.members[0].id);
  EXPECT_THAT(p.message, HasSubstr("H-1"));
  // Reported like every other ledger rejection: the sheet and row the person is listed on.
  EXPECT_EQ(p.file, paths[1]) << "a ledger household refused by the registry must name its file";
  EXPECT_EQ(p.row, member_row) << "…and its row";
  EXPECT_FALSE(reg_->get_household("H-9").has_value());
}

TEST_F(ImportFiles, APersonInTwoLedgerHouseholdsRefusesBothNamingEachOther) {
  model::Household a = plain_household("H-A", 1951);
  model::Household b = plain_household("H-B", 1962);
  b.members[1] = a.members[1];
  io::LedgerSheets sheets = io::ledger_rows({a, b, plain_household("H-C", 1973)}, {month(2019, 10)});
  auto paths = write_ledger_csv("csv", sheets);
  ImportSummary s = import(paths);
  EXPECT_EQ(s.outcome.inserted, 1);
  EXPECT_THAT(s.outcome.rejected, Contains(AllOf(Field(&Problem::code, "duplicate_person"),
                                                 Field(&Problem::message, HasSubstr("H-B")))));
  EXPECT_THAT(s.outcome.rejected, Contains(AllOf(Field(&Problem::code, "duplicate_person"),
                                                 Field(&Problem::message, HasSubstr("H-A")))));
  for (const auto& p : s.outcome.rejected) {
    EXPECT_FALSE(p.file.empty()) << p.to_string();
    EXPECT_GT(p.row, 0) << p.to_string();
  }
}

// ---- every error code, with its file and row ------------------------------------------------------

TEST_F(ImportFiles, EveryErrorCodeOfAHouseholdFileIsReportedWithFileAndRow) {
  // One YAML list, one broken household per row (HOUSEHOLD-FORMAT.md's codes), good ones around them.
  auto id = [](int year, model::Sex sex = model::Sex::kMale) {
    return make_citizen_id("450102", date(year, 1, 1), sex, 1);
  };
  std::string bad_check = id(1901);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  struct Case {
    std::string code, field, yaml;
  };
  const std::string tail = "  income: []\n";
  auto one = [&](const std::string& hid, const std::string& member_yaml, const std::string& region = "450102001") {
    return "- id: " + hid + "\n  region: \"" + region + "\"\n  members:\n    - " + member_yaml + "\n" + tail;
  };
  const std::vector<Case> cases = {
      {"invalid_id", "members[0].id", one("E-1", "{id: \"" + bad_check + "\"}")},
      {"id_mismatch", "members[0].sex", one("E-2", "{id: \"" + id(1902) + "\", sex: female}")},
      {"duplicate_member", "members[1].id",
       "- id: E-3\n  region: \"450102001\"\n  members:\n    - {id: \"" + id(1903) + "\"}\n    - {id: \"" + id(1903) +
           "\"}\n"},
      {"empty_household", "members", "- id: E-4\n  region: \"450102001\"\n  members: []\n"},
      {"unknown_region", "region", one("E-5", "{id: \"" + id(1905) + "\"}", "450199001")},
      {"bad_date", "income[0].month",
       "- id: E-6\n  region: \"450102001\"\n  members:\n    - {id: \"" + id(1906) +
           "\"}\n  income:\n    - {month: 2019-13, kind: wage, amount: 100}\n"},
      {"bad_amount", "income[0].amount",
       "- id: E-7\n  region: \"450102001\"\n  members:\n    - {id: \"" + id(1907) +
           "\"}\n  income:\n    - {month: 2019-09, kind: wage, amount: 12.345}\n"},
      {"bad_value", "members[0].employment", one("E-8", "{id: \"" + id(1908) + "\", employment: astronaut}")},
      {"missing_field", "region", "- id: E-9\n  members:\n    - {id: \"" + id(1909) + "\"}\n"},
      // The person is row 1's (G-1 below) head: refused by the registry, not the parser.
      {"duplicate_person", "members[0].id", one("E-10", "{id: \"" + id(1990) + "\"}")},
  };
  std::string yaml = one("G-1", "{id: \"" + id(1990) + "\", name: 黄𠮷}");
  for (const auto& c : cases) yaml += c.yaml;
  yaml += one("G-2", "{id: \"" + id(1991) + "\"}");
  const std::string file = write_text("errors.yaml", yaml);
  ImportSummary s = import({file});
  ASSERT_TRUE(s.committed);
  EXPECT_EQ(s.outcome.inserted, 2);
  EXPECT_EQ(reg_->household_count(), 2);
  std::set<std::string> codes;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.code);
    codes.insert(c.code);
    const long row = static_cast<long>(i) + 2;  // G-1 is row 1
    EXPECT_THAT(s.outcome.rejected, Contains(AllOf(IsRejection(c.code, file, row), Field(&Problem::field, c.field))))
        << problems_text(s.outcome.rejected);
    EXPECT_FALSE(reg_->get_household("E-" + std::to_string(i + 1)).has_value());
  }
  EXPECT_EQ(codes.size(), 10u);
  for (const auto& p : s.outcome.rejected) EXPECT_FALSE(p.message.empty()) << p.to_string();
}

TEST_F(ImportFiles, ErrorsInLedgerRowsAreReportedWithTheirFileAndRow) {
  // Eleven households written by the ledger writer, then broken cell by cell as an office might.
  std::vector<model::Household> hs;
  for (int i = 0; i < 11; ++i) hs.push_back(plain_household("L-" + std::to_string(i), 1940 + i, 2, "450103001"));
  model::Household registered = plain_household("R-1", 1930);
  ASSERT_EQ(reg_->put_households({{registered, "earlier.json", 0}}).inserted, 1);
  hs[10].members[1] = registered.members[0];  // L-10: a person already in the registry
  hs[10].members[1].relation = model::Relation::kSpouse;
  io::LedgerSheets s = io::ledger_rows(hs, {month(2019, 10)});
  auto& L = s.ledger;
  auto& M = s.members;
  auto& I = s.income;
  const std::size_t m_id = col(M, "身份证号"), m_sex = col(M, "性别"), m_key = col(M, "户编号");
  // L-0 invalid_id: the spouse's check character is wrong everywhere it is written.
  std::string bad = hs[0].members[1].id;
  bad.back() = bad.back() == '1' ? '2' : '1';
  replace_everywhere(s, hs[0].members[1].id, bad);
  const long r_invalid = row_of(M, bad, m_id);
  // L-1 id_mismatch: the member sheet says 女 for a man.
  const long r_mismatch = row_of(M, hs[1].members[0].id, m_id);
  M[static_cast<std::size_t>(r_mismatch - 1)][m_sex] = "女";
  // L-2 duplicate_member: the spouse listed twice in the member sheet.
  M.push_back(M[static_cast<std::size_t>(row_of(M, hs[2].members[1].id, m_id) - 1)]);
  const long r_dup_member = static_cast<long>(M.size());
  // L-3 unknown_region.
  const long r_region = row_of(L, "L-3", col(L, "证件号码"));
  L[static_cast<std::size_t>(r_region - 1)][col(L, "行政区划代码")] = "450199001";
  // L-4, L-5, L-6: an income row with a month that does not exist, an amount finer than a fen, a kind
  // not in the list. Each household gets a wage row first.
  auto add_income = [&](const std::string& hid, const std::string& person, const std::string& m, const std::string& kind,
                        const std::string& amount) {
    I.push_back({hid, person, m, kind, amount});
    return static_cast<long>(I.size());
  };
  const long r_date = add_income("L-4", hs[4].members[0].id, "2019-13", "工资性收入", "100");
  const long r_amount = add_income("L-5", hs[5].members[0].id, "2019-09", "工资性收入", "12.345");
  const long r_value = add_income("L-6", hs[6].members[0].id, "2019-09", "彩票", "100");
  // L-7 missing_field: a member row without an id.
  io::Row no_id = M[static_cast<std::size_t>(row_of(M, hs[7].members[1].id, m_id) - 1)];
  no_id[m_id] = "";
  no_id[col(M, "姓名")] = "无号";
  M.push_back(no_id);
  const long r_missing = static_cast<long>(M.size());
  // L-8 and L-9 share a person: L-9's member sheet also lists L-8's spouse.
  io::Row shared = M[static_cast<std::size_t>(row_of(M, hs[8].members[1].id, m_id) - 1)];
  shared[m_key] = "L-9";
  M.push_back(shared);
  const long r_shared = static_cast<long>(M.size());
  const long r_registered = row_of(M, registered.members[0].id, m_id);
  auto paths = write_ledger_csv("csv", s);
  const std::string &ledger = paths[0], &members = paths[1], &income = paths[2];
  ImportSummary sum = import(paths);
  ASSERT_TRUE(sum.committed);
  const Problems& r = sum.outcome.rejected;
  SCOPED_TRACE(problems_text(r));
  EXPECT_THAT(r, Contains(AllOf(IsRejection("invalid_id", members, r_invalid), Field(&Problem::member, bad))));
  EXPECT_THAT(r, Contains(IsRejection("id_mismatch", members, r_mismatch)));
  EXPECT_THAT(r, Contains(IsRejection("duplicate_member", members, r_dup_member)));
  EXPECT_THAT(r, Contains(IsRejection("unknown_region", ledger, r_region)));
  EXPECT_THAT(r, Contains(IsRejection("bad_date", income, r_date)));
  EXPECT_THAT(r, Contains(IsRejection("bad_amount", income, r_amount)));
  EXPECT_THAT(r, Contains(IsRejection("bad_value", income, r_value)));
  EXPECT_THAT(r, Contains(IsRejection("missing_field", members, r_missing)));
  EXPECT_THAT(r, Contains(IsRejection("duplicate_person", members, r_shared)));
  EXPECT_THAT(r, Contains(AllOf(Field(&Problem::code, "duplicate_person"), Field(&Problem::member, registered.members[0].id),
                                Field(&Problem::message, HasSubstr("R-1")))));
  EXPECT_THAT(r, Contains(IsRejection("duplicate_person", members, r_registered)))
      << "the registry's duplicate_person for a ledger household has no file and row";
  for (const auto& p : r) {
    EXPECT_FALSE(p.file.empty()) << "no file: " << p.to_string();
    EXPECT_GT(p.row, 0) << "no row: " << p.to_string();
  }
  // Only L-10's problem comes from the registry; the ledger refuses L-0 … L-9 itself. Nothing else is
  // refused, nothing refused is stored.
  EXPECT_EQ(reg_->household_count(), 1);
  EXPECT_EQ(sum.outcome.inserted, 0);
}

// ---- files that cannot be read --------------------------------------------------------------------

TEST_F(ImportFiles, AnUnreadableFileCommitsNothingAndIsReported) {
  // A file that cannot be read whole could leave households with facts silently missing, so nothing of
  // the import is committed, with or without --atomic; the files are named.
  const std::string good = write_text("good.json", io::household_to_json(plain_household("H-1", 1951)));
  const std::string broken = write_text("broken.yaml", "id: [unclosed\n");
  const std::string other = write_text("notes.txt", "hello");
  for (bool atomic : {true, false}) {
    ImportSummary s = import({good, broken, other}, atomic);
    EXPECT_FALSE(s.committed);
    EXPECT_THAT(s.file_errors, Contains(AllOf(Field(&Problem::code, "bad_file"), Field(&Problem::file, broken))));
    EXPECT_THAT(s.file_errors, Contains(AllOf(Field(&Problem::code, "bad_file"), Field(&Problem::file, other))));
    EXPECT_EQ(reg_->household_count(), 0);
  }
  ImportSummary fixed = import({good});
  EXPECT_TRUE(fixed.committed);
  EXPECT_EQ(fixed.outcome.inserted, 1);
}

TEST_F(ImportFiles, AtomicCommitsNothingWhenARecordIsRejected) {
  model::Household bad = plain_household("H-2", 1962);
  bad.region = "450199";  // not a Guangxi code
  const std::string good = write_text("good.json", io::household_to_json(plain_household("H-1", 1951)));
  const std::string wrong = write_text("wrong.json", io::household_to_json(bad));
  ImportSummary atomic = import({good, wrong}, /*atomic=*/true);
  EXPECT_FALSE(atomic.committed);
  EXPECT_THAT(atomic.outcome.rejected,
              Contains(AllOf(Field(&Problem::code, "unknown_region"), Field(&Problem::file, wrong))));
  EXPECT_EQ(reg_->household_count(), 0);
  ImportSummary lenient = import({good, wrong});
  EXPECT_TRUE(lenient.committed);
  EXPECT_EQ(lenient.outcome.inserted, 1);
  EXPECT_EQ(reg_->household_count(), 1);
}

// ---- fault injection --------------------------------------------------------------------------------

// A registry wrapper whose import session throws on its n-th write (a put, a reject or the commit), as
// a full disk would; every other call goes to the real registry.
class FailingRegistry final : public registry::Registry {
 public:
  FailingRegistry(registry::Registry& inner, int fail_at) : inner_(inner), left_(fail_at) {}

  class Session final : public ImportSession {
   public:
    Session(std::unique_ptr<ImportSession> inner, int& left) : inner_(std::move(inner)), left_(left) {}
    void put(const registry::Incoming& in) override {
      write();
      inner_->put(in);
    }
    void reject(const Problem& p) override {
      write();
      inner_->reject(p);
    }
    registry::ImportOutcome commit(const std::string& files) override {
      write();
      return inner_->commit(files);
    }
    const Problems& rejected() const override { return inner_->rejected(); }

   private:
    void write() {
      if (--left_ == 0) throw std::runtime_error("injected write fault");
    }
    std::unique_ptr<ImportSession> inner_;
    int& left_;
  };

  std::unique_ptr<ImportSession> begin_import() override {
    return std::make_unique<Session>(inner_.begin_import(), left_);
  }
  long household_count() override { return inner_.household_count(); }
  std::optional<model::Household> get_household(const std::string& id, std::optional<model::Month> before) override {
    return inner_.get_household(id, before);
  }
  void scan_households(const std::function<bool(model::Household&)>& visit,
                       std::optional<model::Month> before) override {
    inner_.scan_households(visit, before);
  }
  long put_assessments(const std::vector<registry::StoredAssessment>& b) override { return inner_.put_assessments(b); }
  long assessment_count(model::Month m) override { return inner_.assessment_count(m); }
  void scan_assessments(model::Month m, const std::function<void(const registry::StoredAssessment&)>& v) override {
    inner_.scan_assessments(m, v);
  }
  registry::PayrollOutcome pay_month(model::Month m, const std::string& region) override {
    return inner_.pay_month(m, region);
  }
  void scan_payments(model::Month m, const std::function<void(const registry::PaymentLine&)>& v) override {
    inner_.scan_payments(m, v);
  }
  registry::Casework& casework() override { return inner_.casework(); }
  registry::Verification& verification() override { return inner_.verification(); }
  registry::Supervision& supervision() override { return inner_.supervision(); }

 private:
  registry::Registry& inner_;
  int left_;
};

TEST_F(ImportFiles, AnImportThatFailsPartWayLeavesTheRegistryAsItWas) {
  // Already registered: one household that the import changes and one it leaves alone.
  model::Household changed = plain_household("H-1", 1951);
  ASSERT_EQ(import({write_text("h1.json", io::household_to_json(changed))}).outcome.inserted, 1);
  ASSERT_EQ(import({write_text("h2.json", io::household_to_json(plain_household("H-2", 1952)))}).outcome.inserted, 1);
  changed.members.pop_back();
  std::string bad = make_citizen_id("450103", date(1953, 3, 3), model::Sex::kMale, 1);
  bad.back() = bad.back() == '1' ? '2' : '1';
  auto csv = write_ledger_csv("csv", io::ledger_rows({spec_household("H-C-1", 1974), plain_household("H-C-2", 1960)},
                                                     {month(2019, 10)}));
  std::vector<std::string> files = csv;
  files.push_back(write_text("changed.json", io::household_to_json(changed)));
  files.push_back(write_text("same.json", io::household_to_json(plain_household("H-2", 1952))));
  files.push_back(write_text("bad.yaml", "id: H-B\nregion: \"450103\"\nmembers:\n  - id: \"" + bad + "\"\n"));
  const std::string before = snapshot(*reg_);
  int n = 1;
  for (; n < 100; ++n) {
    SCOPED_TRACE("write " + std::to_string(n) + " fails");
    FailingRegistry failing(*reg_, n);
    bool failed = false;
    ImportSummary s;
    try {
      s = import_files(failing, regions(), files, false, nullptr);
    } catch (const std::exception&) {
      failed = true;
    }
    if (!failed) {
      EXPECT_EQ(s.outcome.inserted, 2);
      EXPECT_EQ(s.outcome.updated, 1);
      EXPECT_EQ(s.outcome.unchanged, 1);
      EXPECT_THAT(s.outcome.rejected, SizeIs(1));
      break;
    }
    ASSERT_EQ(snapshot(*reg_), before) << "a failed import left part of its work";
  }
  EXPECT_GE(n, 7) << "four puts, a reject and the commit: each must have been made to fail";
  EXPECT_EQ(reg_->household_count(), 4);
}

}  // namespace
}  // namespace safetynet::cli
