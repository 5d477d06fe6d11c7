// Tests for params/loader.hpp: the shipped policy tree loads; a broken tree is refused whole, each
// problem naming its code, file and parameter (docs/parameters.md; SPEC "Precise readings": the loader
// refuses what it can see at load time). Each test copies policy/ into a temporary folder and breaks one
// file.
#include "params/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/testing.hpp"
#include "model/region.hpp"

namespace safetynet::params {
namespace {

namespace fs = std::filesystem;
using ::safetynet::testing::HasFileProblem;
using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Optional;

// A private copy of policy/ in a temporary folder, removed at the end of the test.
class PolicyCopy {
 public:
  PolicyCopy() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sn_policy_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::copy(model::default_policy_dir(), dir_, fs::copy_options::recursive);
  }
  ~PolicyCopy() { fs::remove_all(dir_); }

  std::string dir() const { return dir_.string(); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  void remove(const std::string& rel) const { fs::remove(dir_ / rel); }

 private:
  fs::path dir_;
};

// A one-parameter file in the loader's format.
std::string param_file(const std::string& name, const std::string& unit, const std::string& values) {
  return "name: " + name + "\nunit: " + unit + "\nrule: R0\ndescription: test\nvalues:\n" + values;
}

TEST(LoadPolicy, LoadsTheShippedTree) {
  auto set = load_policy(model::default_policy_dir());
  ASSERT_THAT(set, IsOk());
  EXPECT_EQ(set->covers_from, model::Month::of(2018, 1));
  EXPECT_EQ(set->covers_to, model::Month::of(2020, 12));
  // A few values the SPEC fixes (section P), read through the loader.
  EXPECT_EQ(set->value("tekun_multiplier", "450102", model::Month::of(2019, 10)), Decimal{13000});
  EXPECT_EQ(set->value("orphan_scattered", "450102", model::Month::of(2018, 12)), Decimal::of_int(600));
  EXPECT_EQ(set->value("orphan_scattered", "450102", model::Month::of(2019, 1)), Decimal::of_int(800));
  EXPECT_EQ(set->value("orphan_institutional", "450102", model::Month::of(2019, 1)), Decimal::of_int(1200));
  EXPECT_EQ(set->value("temporary.case_by_case_cap", "450102", model::Month::of(2019, 1)), Decimal::of_int(50000));
  EXPECT_EQ(set->value("medical_assistance_ratio", "450102", model::Month::of(2019, 1)), Decimal{7000});
}

TEST(LoadPolicy, TheUntouchedCopyLoads) {
  PolicyCopy p;
  EXPECT_THAT(load_policy(p.dir()), IsOk());
}

TEST(LoadPolicy, RefusesAnImpossibleDate) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month",
                                            "  2018-01-01: 590\n  2019-02-30: 650\n"));
  EXPECT_THAT(load_policy(p.dir()),
              HasFileProblem("bad_date", EndsWith("dibao/standard.yaml"), "dibao_standard"));
}

TEST(LoadPolicy, RefusesADuplicateDate) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month",
                                            "  2018-01-01: 590\n  2019-01-01: 650\n  2019-01-01: 660\n"));
  auto r = load_policy(p.dir());
  EXPECT_THAT(r, HasFileProblem("bad_date", EndsWith("dibao/standard.yaml"), "dibao_standard"));
  if (!r.ok()) {
    EXPECT_THAT(r.problems()[0].message, HasSubstr("2019-01-01"));
  }
}

TEST(LoadPolicy, RefusesUnorderedDates) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month",
                                            "  2018-01-01: 590\n  2020-01-01: 720\n  2019-01-01: 650\n"));
  EXPECT_THAT(load_policy(p.dir()),
              HasFileProblem("bad_date", EndsWith("dibao/standard.yaml"), "dibao_standard"));
}

TEST(LoadPolicy, RefusesAMedicalAssistanceRatioBelowSeventyPercent) {
  PolicyCopy p;
  p.write("medical/assistance_ratio.yaml",
          param_file("medical_assistance_ratio", "ratio", "  2018-01-01: 0.70\n  2019-01-01: 0.69\n"));
  EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("medical/assistance_ratio.yaml"),
                                                   "medical_assistance_ratio"));
}

TEST(LoadPolicy, AcceptsAMedicalAssistanceRatioAboveSeventyPercent) {
  PolicyCopy p;
  p.write("medical/assistance_ratio.yaml",
          param_file("medical_assistance_ratio", "ratio", "  2018-01-01: 0.70\n  2019-01-01: 0.85\n"));
  auto r = load_policy(p.dir());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("medical_assistance_ratio", "450102", model::Month::of(2019, 3)), Decimal{8500});
}

TEST(LoadPolicy, RefusesAGradualExitOfThirteenMonths) {
  PolicyCopy p;
  p.write("dibao/gradual_exit_months.yaml", param_file("gradual_exit_months", "months", "  2018-01-01: 13\n"));
  EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("dibao/gradual_exit_months.yaml"),
                                                   "gradual_exit_months"));
}

TEST(LoadPolicy, RefusesAGradualExitOfFiveMonthsButTakesTwelve) {
  {
    PolicyCopy p;
    p.write("dibao/gradual_exit_months.yaml", param_file("gradual_exit_months", "months", "  2018-01-01: 5\n"));
    EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("dibao/gradual_exit_months.yaml"),
                                                     "gradual_exit_months"));
  }
  {
    PolicyCopy p;
    p.write("dibao/gradual_exit_months.yaml", param_file("gradual_exit_months", "months", "  2018-01-01: 12\n"));
    EXPECT_THAT(load_policy(p.dir()), IsOk());
  }
}

TEST(LoadPolicy, RefusesAnUnknownParameterName) {
  PolicyCopy p;
  p.write("dibao/typo.yaml", param_file("dibao_standrad", "yuan_per_month", "  2018-01-01: 590\n"));
  EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("dibao/typo.yaml"), "name"));
}

TEST(LoadPolicy, RefusesAWrongUnit) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "ratio", "  2018-01-01: 590\n"));
  EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("dibao/standard.yaml"), "unit"));
}

TEST(LoadPolicy, RefusesMoneyFinerThanAFen) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month", "  2018-01-01: 590.005\n"));
  EXPECT_THAT(load_policy(p.dir()),
              HasFileProblem("bad_value", EndsWith("dibao/standard.yaml"), "dibao_standard"));
}

TEST(LoadPolicy, RefusesARequiredParameterMissingForTheFirstCoveredMonth) {
  // covers.from is 2018-01: a series starting in 2019 leaves 2018 without a value.
  PolicyCopy p;
  p.write("orphan/scattered.yaml", param_file("orphan_scattered", "yuan_per_month", "  2019-01-01: 800\n"));
  EXPECT_THAT(load_policy(p.dir()),
              HasFileProblem("no_parameter", EndsWith("orphan/scattered.yaml"), "orphan_scattered"));
}

TEST(LoadPolicy, RefusesARequiredParameterWithNoFile) {
  PolicyCopy p;
  p.remove("tekun/multiplier.yaml");
  EXPECT_THAT(load_policy(p.dir()), HasProblem("no_parameter", "tekun_multiplier"));
}

TEST(LoadPolicy, AcceptsAnOptionalParameterThatStartsLater) {
  // tekun_standard is optional (R3.1): a published value may start in any month.
  PolicyCopy p;
  p.write("tekun/standard.yaml", param_file("tekun_standard", "yuan_per_month", "  2019-07-01: 900\n"));
  auto r = load_policy(p.dir());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("tekun_standard", "450102", model::Month::of(2019, 6)), std::nullopt);
  EXPECT_EQ(r->value("tekun_standard", "450102", model::Month::of(2019, 7)), Decimal::of_int(900));
}

TEST(LoadPolicy, RefusesTwoFilesForOneParameterAndRegion) {
  PolicyCopy p;
  p.write("dibao/standard_again.yaml", param_file("dibao_standard", "yuan_per_month", "  2018-01-01: 600\n"));
  EXPECT_THAT(load_policy(p.dir()), HasProblem("bad_value", "dibao_standard"));
}

TEST(LoadPolicy, ReportsEveryProblemNotJustTheFirst) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month", "  2018-01-01: 590\n  2019-02-30: 650\n"));
  p.write("dibao/gradual_exit_months.yaml", param_file("gradual_exit_months", "months", "  2018-01-01: 13\n"));
  auto r = load_policy(p.dir());
  EXPECT_THAT(r, HasProblem("bad_date", "dibao_standard"));
  EXPECT_THAT(r, HasProblem("bad_value", "gradual_exit_months"));
}

TEST(LoadPolicy, AMidMonthDateInAFileAppliesFromTheNextMonth) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month",
                                            "  2018-01-01: 590\n  2019-07-15: 650\n"));
  auto r = load_policy(p.dir());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 7)), Decimal::of_int(590));
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 8)), Decimal::of_int(650));
}

TEST(LoadPolicy, TwoDatesInOneMonthKeepTheLater) {
  PolicyCopy p;
  p.write("dibao/standard.yaml", param_file("dibao_standard", "yuan_per_month",
                                            "  2018-01-01: 590\n  2019-07-02: 640\n  2019-07-15: 650\n"));
  auto r = load_policy(p.dir());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 7)), Decimal::of_int(590));
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 8)), Decimal::of_int(650));
}

TEST(LoadPolicy, IgnoresReformsFolder) {
  PolicyCopy p;
  p.write("reforms/raise/dibao/standard.yaml", param_file("not_a_parameter", "yuan_per_month", "  2018-01-01: 1\n"));
  EXPECT_THAT(load_policy(p.dir()), IsOk());
}

TEST(LoadPolicy, RefusesAMissingIndex) {
  PolicyCopy p;
  p.remove("index.yaml");
  EXPECT_THAT(load_policy(p.dir()), HasFileProblem("bad_value", EndsWith("index.yaml"), ""));
}

TEST(LoadPolicy, RefusesAFileThatIsNotAMapNamingIt) {
  // yaml-cpp throws when `name` is looked up in a scalar or a list; that ended the process before
  // (fuzz/regressions/params/scalar_document.yaml). Now it is a problem naming the file.
  PolicyCopy p;
  p.write("dibao/standard.yaml", "5\n");
  p.write("dibao/list.yaml", "- name: dibao_standard\n- unit: yuan_per_month\n");
  auto r = load_policy(p.dir());
  EXPECT_THAT(r, HasFileProblem("bad_value", EndsWith("dibao/standard.yaml"), ""));
  EXPECT_THAT(r, HasFileProblem("bad_value", EndsWith("dibao/list.yaml"), ""));
  // dibao_standard is then missing, and said so too.
  EXPECT_THAT(r, HasProblem("no_parameter", "dibao_standard"));
}

TEST(LoadPolicy, ReadsValuesWrittenAsScalarsAndAsMapsWithTheirReference) {
  // Both shapes of a dated value. The loop reading them held a reference into the proxy yaml-cpp's
  // iterator returns, dead by the next statement (AddressSanitizer, fuzz/params_fuzz); it now copies.
  PolicyCopy p;
  p.write("dibao/standard.yaml",
          param_file("dibao_standard", "yuan_per_month",
                     "  2018-01-01: 590\n  2019-01-01: {value: 650, reference: \"文件 A\"}\n  2020-01-01: 720\n"));
  auto r = load_policy(p.dir());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2018, 6)), Decimal::of_int(590));
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 6)), Decimal::of_int(650));
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2020, 6)), Decimal::of_int(720));
  const Series* s = r->find("dibao_standard", "450102");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->points.size(), 3u);
  EXPECT_EQ(s->points[1].reference, "文件 A");
}

// ---- overrides (acceptance-case `params`, reforms) ----

Problems overlay(ParameterSet& set, const std::string& yaml) {
  return apply_overrides(set, YAML::Load(yaml), "test params");
}

const ParameterSet& shipped() {
  static const ParameterSet set = [] {
    auto r = load_policy(model::default_policy_dir());
    EXPECT_THAT(r, IsOk());
    return r.ok() ? std::move(r).value() : ParameterSet{};
  }();
  return set;
}

TEST(ApplyOverrides, AScalarReplacesTheWholeSeriesInEveryRegion) {
  ParameterSet set = shipped();
  ASSERT_THAT(overlay(set, "min_wage: 2000"), IsOk());
  // The county files (450102: 1680, 450802: 1450) are replaced too, and the value holds for all dates,
  // even outside the policy files' covered months (the override is not bounded).
  EXPECT_EQ(set.value("min_wage", "450102", model::Month::of(2019, 10)), Decimal::of_int(2000));
  EXPECT_EQ(set.value("min_wage", "450802", model::Month::of(2019, 10)), Decimal::of_int(2000));
  EXPECT_EQ(set.value("min_wage", "450123", model::Month::of(2017, 1)), Decimal::of_int(2000));
  EXPECT_EQ(set.value("min_wage", "450123", model::Month::of(2021, 1)), Decimal::of_int(2000));
  // Other parameters keep the files' values and bounds.
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(650));
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2021, 1)), std::nullopt);
}

TEST(ApplyOverrides, UnknownNamesAreRefusedWhenStrictAndListedOtherwise) {
  ParameterSet set = shipped();
  EXPECT_THAT(overlay(set, "dibao_standrad: 700"), HasProblem("bad_value", "dibao_standrad"));
  std::vector<std::string> unknown;
  EXPECT_THAT(apply_overrides(set, YAML::Load("dibao_standrad: 700\ndibao_standard: 700"), "case", false, &unknown),
              IsEmpty());
  EXPECT_THAT(unknown, ElementsAre("dibao_standrad"));
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(700));
}

TEST(ApplyOverrides, VehicleAllowedIsAListOfKinds) {
  ParameterSet set = shipped();
  ASSERT_THAT(overlay(set, "asset: {vehicle_allowed: [car, disability_vehicle]}"), IsOk());
  EXPECT_EQ(set.value("asset.vehicle_allowed", "450102", model::Month::of(2019, 10)), Decimal::of_int(1 | 4));
  EXPECT_THAT(overlay(set, "asset: {vehicle_allowed: [tractor]}"), HasProblem("bad_value", "asset.vehicle_allowed"));
}

TEST(ApplyOverrides, ADatedSeriesReplacesTheWholeSeries) {
  ParameterSet set = shipped();
  ASSERT_THAT(overlay(set, "dibao_standard: {2020-01-01: 720}"), IsOk());
  // No value before 2020: the files' 590 and 650 are gone (SPEC: the whole series is replaced).
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 10)), std::nullopt);
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2020, 1)), Decimal::of_int(720));
}

TEST(ApplyOverrides, AMidMonthDateAppliesFromTheNextMonth) {
  ParameterSet set = shipped();
  ASSERT_THAT(overlay(set, "dibao_standard: {2018-01-01: 590, 2019-07-15: 650}"), IsOk());
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 7)), Decimal::of_int(590));
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 8)), Decimal::of_int(650));
}

TEST(ApplyOverrides, NestedMapsAndDottedKeysMeanTheSame) {
  ParameterSet a = shipped(), b = shipped();
  ASSERT_THAT(overlay(a, "asset: {financial_months: 30}"), IsOk());
  ASSERT_THAT(overlay(b, "asset.financial_months: 30"), IsOk());
  EXPECT_EQ(a.value("asset.financial_months", "450102", model::Month::of(2019, 10)), Decimal::of_int(30));
  EXPECT_EQ(b.value("asset.financial_months", "450102", model::Month::of(2019, 10)), Decimal::of_int(30));
}

TEST(ApplyOverrides, ACategoryMapGivesOneParameterPerCategory) {
  ParameterSet set = shipped();
  ASSERT_THAT(overlay(set, "housing.rent_subsidy: {dibao: 100, low_income: 80}"), IsOk());
  EXPECT_EQ(set.value("housing.rent_subsidy.dibao", "450102", model::Month::of(2019, 10)), Decimal::of_int(100));
  EXPECT_EQ(set.value("housing.rent_subsidy.low_income", "450102", model::Month::of(2019, 10)),
            Decimal::of_int(80));
  EXPECT_EQ(set.value("housing.rent_subsidy.tekun", "450102", model::Month::of(2019, 10)), std::nullopt);
}

TEST(ApplyOverrides, RefusesWhatTheLoaderRefuses) {
  ParameterSet set = shipped();
  EXPECT_THAT(overlay(set, "dibao_standrad: 650"), HasProblem("bad_value", "dibao_standrad"));
  EXPECT_THAT(overlay(set, "medical_assistance_ratio: 0.69"), HasProblem("bad_value", "medical_assistance_ratio"));
  EXPECT_THAT(overlay(set, "medical_assistance_ratio: {tekun: 0.5}"),
              HasProblem("bad_value", "medical_assistance_ratio.tekun"));
  EXPECT_THAT(overlay(set, "gradual_exit_months: 13"), HasProblem("bad_value", "gradual_exit_months"));
  EXPECT_THAT(overlay(set, "dibao_standard: {2019-02-30: 650}"), HasProblem("bad_date", "dibao_standard"));
  EXPECT_THAT(overlay(set, "dibao_standard: {2019-01-01: 650, 2018-01-01: 590}"),
              HasProblem("bad_date", "dibao_standard"));
  EXPECT_THAT(overlay(set, "dibao_standard: 650.001"), HasProblem("bad_value", "dibao_standard"));
  EXPECT_THAT(overlay(set, "dibao_standard: abc"), HasProblem("bad_value", "dibao_standard"));
  EXPECT_THAT(overlay(set, "dibao_standard: -1"), HasProblem("bad_value", "dibao_standard"));
  // Nothing refused was applied.
  EXPECT_EQ(set.value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(650));
  EXPECT_EQ(set.value("gradual_exit_months", "450102", model::Month::of(2019, 10)), Decimal::of_int(6));
}

TEST(ApplyOverrides, AnEmptyNodeChangesNothing) {
  ParameterSet set = shipped();
  EXPECT_THAT(overlay(set, "~"), IsOk());
  EXPECT_EQ(set.value("min_wage", "450102", model::Month::of(2019, 10)), Decimal::of_int(1680));
}

TEST(ApplyOverrides, RefusesAliasesThatExpandWithoutEnd) {
  // Forty lines of aliases name a map of 2^40 entries, and an alias can name the map it is in: the
  // walk never ended, or overflowed the stack (fuzz/regressions/params/alias_*.yaml). Both are refused.
  std::string bomb = "a0: &a0 {dibao_standard: 700, min_wage: 2000}\n";
  for (int i = 1; i < 40; ++i)
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " {p: *a" + std::to_string(i - 1) + ", q: *a" +
            std::to_string(i - 1) + "}\n";
  ParameterSet set = shipped();
  EXPECT_THAT(apply_overrides(set, YAML::Load(bomb), "case", false), HasProblem("bad_value", ::testing::_));
  EXPECT_THAT(overlay(set, "a: &a\n  b: *a\n"), HasProblem("bad_value", ::testing::StartsWith("a.b.b.b")));
  // Aliases used as YAML meant them still work.
  ASSERT_THAT(overlay(set, "x: &v 700\ndibao_standard: *v\n"), HasProblem("bad_value", "x"));
  ParameterSet other = shipped();
  ASSERT_THAT(overlay(other, "dibao_standard: &v 700\nmin_wage: *v\n"), IsOk());
  EXPECT_EQ(other.value("min_wage", "450102", model::Month::of(2019, 10)), Decimal::of_int(700));
}

TEST(ApplyReformFile, OverlaysItsParametersOnTheBase) {
  const fs::path file = fs::temp_directory_path() / ("sn_reform_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << "description: raise\nparameters:\n  dibao_standard: {2019-01-01: 700}\n";
  auto r = apply_reform_file(shipped(), file.string());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(700));
  // The base is untouched.
  EXPECT_EQ(shipped().value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(650));
  std::ofstream(file) << "parameters:\n  gradual_exit_months: 13\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()),
              HasFileProblem("bad_value", file.string(), "gradual_exit_months"));
  fs::remove(file);
}

// Issue 5's reform "every city's standard +10%": the 2019 standard 650 becomes 715.00 and 2020's 720 becomes
// 792.00 in every region; a scale that leaves a fraction of a fen rounds up (a standard is a floor, R2.6):
// 650 × 1.0333 = 671.645 → 671.65. `add` adds yuan; unknown parameters and keys, a non-positive factor and
// a result that breaks a rule (gradual exit 6 + 7 = 13 months > 12, R3.6) are refused naming the field.
TEST(ApplyReformFile, ScalesAndAddsToEveryRegionsSeries) {
  const fs::path file = fs::temp_directory_path() / ("sn_reform_scale_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << "description: 各设区市低保标准提高10%\nscale:\n  dibao_standard: 1.10\n";
  auto r = apply_reform_file(shipped(), file.string());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(715));
  EXPECT_EQ(r->value("dibao_standard", "451402", model::Month::of(2020, 3)), Decimal::of_int(792));
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2018, 6)), Decimal::of_int(649));  // 590 × 1.1
  // Other parameters stay as they were.
  EXPECT_EQ(r->value("tekun_multiplier", "450102", model::Month::of(2019, 10)), *parse_decimal("1.3"));
  std::ofstream(file) << "scale: {dibao_standard: 1.0333}\n";
  r = apply_reform_file(shipped(), file.string());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 10)), *parse_decimal("671.65"));
  std::ofstream(file) << "add: {dibao_standard: 50}\n";
  r = apply_reform_file(shipped(), file.string());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("dibao_standard", "450102", model::Month::of(2019, 10)), Decimal::of_int(700));
  std::ofstream(file) << "scale: {dibao_standrad: 1.1}\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()),
              HasFileProblem("bad_value", file.string(), "scale.dibao_standrad"));
  std::ofstream(file) << "scale: {dibao_standard: 0}\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()),
              HasFileProblem("bad_value", file.string(), "scale.dibao_standard"));
  std::ofstream(file) << "add: {gradual_exit_months: 7}\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()),
              HasFileProblem("bad_value", file.string(), "add.gradual_exit_months"));
  std::ofstream(file) << "scael: {dibao_standard: 1.1}\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()), HasFileProblem("bad_value", file.string(), "scael"));
  fs::remove(file);
}

// What a newcomer tried: every one refused naming the field, none taken as "no change" or as a silent sum.
TEST(ApplyReformFile, RefusesDuplicatesNoOpsAndOutOfBoundReforms) {
  const fs::path file = fs::temp_directory_path() / ("sn_reform_bad_" + std::to_string(::getpid()) + ".yaml");
  const auto refused = [&](const std::string& text, const std::string& field) {
    std::ofstream(file) << text;
    EXPECT_THAT(apply_reform_file(shipped(), file.string()), HasFileProblem("bad_value", file.string(), field)) << text;
  };
  refused("scale: {dibao_standard: 1.1, dibao_standard: 1.2}\n", "scale.dibao_standard");
  refused("scale: {dibao_standard: 1.1}\nscale: {dibao_standard: 1.2}\n", "scale");
  refused("parameters: {dibao_standard: 700, dibao_standard: 800}\n", "parameters.dibao_standard");
  refused("", "");                       // empty: no change at all
  refused("name: nothing\n", "");        // no parameters, scale or add
  refused("scale: {dibao_standard: 1000000000}\n", "scale.dibao_standard");  // at most × 100
  refused("scale: {dibao_standard: 1e6}\n", "scale.dibao_standard");
  refused("add: {dibao_standard: 900000000000000}\n", "add.dibao_standard");
  // The policy's floors (SPEC P "minimum") and plain bounds hold for reforms too.
  refused("scale: {tekun_multiplier: 0.5}\n", "scale.tekun_multiplier");      // 0.65 < 1.3 (R3.1)
  refused("scale: {low_income_multiplier: 0.5}\n", "scale.low_income_multiplier");  // 0.75 < 1 (R1.4)
  refused("scale: {medical_assistance_ratio: 3}\n", "scale.medical_assistance_ratio");  // 2.10 > 1
  refused("scale: {care_fee_rate.none: 0.9}\n", "scale.care_fee_rate.none");  // 0.54 < 0.60 (R3.2)
  fs::remove(file);
  // A directory is not a reform file.
  EXPECT_THAT(apply_reform_file(shipped(), fs::temp_directory_path().string()),
              HasFileProblem("bad_value", fs::temp_directory_path().string(), ""));
  // Raising a floor is fine: 1.3 × 1.1 = 1.43.
  std::ofstream(file) << "scale: {tekun_multiplier: 1.1}\n";
  auto r = apply_reform_file(shipped(), file.string());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value("tekun_multiplier", "450102", model::Month::of(2019, 10)), *parse_decimal("1.43"));
  fs::remove(file);
}

TEST(ApplyReformFile, RefusesADocumentThatIsNotAMap) {
  const fs::path file = fs::temp_directory_path() / ("sn_reform_scalar_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << "- dibao_standard: 700\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()), HasFileProblem("bad_value", file.string(), ""));
  std::ofstream(file) << "just text\n";
  EXPECT_THAT(apply_reform_file(shipped(), file.string()), HasFileProblem("bad_value", file.string(), ""));
  fs::remove(file);
}

}  // namespace
}  // namespace safetynet::params
