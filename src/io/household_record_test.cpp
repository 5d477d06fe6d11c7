// Tests for io/household_record.hpp: every refusal code of HOUSEHOLD-FORMAT.md, each naming its field
// and member; unknown vs empty (R2.5); defaults; exact money; and the JSON writer's round trip.
#include "io/household_record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "base/testing.hpp"
#include "model/region.hpp"
#include "rules/testing/household_builder.hpp"
#include "model/testing/household_equal.hpp"

namespace safetynet::io {
namespace {

using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::Eq;
using ::testing::Optional;
using ::testing::SizeIs;

const model::RegionCatalog& regions() {
  static const model::RegionCatalog cat = [] {
    auto r = model::RegionCatalog::load(model::default_region_dir());
    EXPECT_THAT(r, IsOk());
    return r.ok() ? std::move(r).value() : model::RegionCatalog{};
  }();
  return cat;
}

constexpr const char* kHead = "450102197405010236";    // male, 1974-05-01
constexpr const char* kSpouse = "450102197603020240";  // female, 1976-03-02
constexpr const char* kStranger = "45010219800101004X";

// A valid two-person record; tests break one field of it.
YAML::Node base() {
  return YAML::Load(R"(
id: H-450102-0001
region: "450102001"
members:
  - {id: "450102197405010236", name: 张某, relation: head, sex: male, birth_date: 1974-05-01, employment: unemployed}
  - {id: "450102197603020240", name: 李某, relation: spouse, sex: female, birth_date: 1976-03-02, employment: employed}
income:
  - {member: "450102197603020240", month: 2019-08, kind: wage, amount: 900}
expenditure:
  - {month: 2019-08, kind: medical, amount: 2000, member: "450102197405010236"}
assets: {financial: 5000, vehicles: [motorcycle], dwellings: 1, floor_area_m2: 45, business_capital: 0}
history: {category: dibao, category_since: 2018-03, last_benefit: 950, exit_reason: employment}
requests:
  - {kind: case_by_case, date: 2019-10-10, amount: 8000}
)");
}

Result<model::Household> parse(const YAML::Node& n) { return parse_household(n, regions()); }

TEST(ParseHousehold, AcceptsTheBaseRecord) {
  auto h = parse(base());
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(h->id, "H-450102-0001");
  EXPECT_EQ(h->region, "450102001");
  ASSERT_THAT(h->members, SizeIs(2));
  EXPECT_EQ(h->members[1].employment, model::Employment::kEmployed);
  ASSERT_TRUE(h->income.has_value());
  ASSERT_THAT(*h->income, SizeIs(1));
  EXPECT_EQ((*h->income)[0].member, 1);
  EXPECT_EQ((*h->income)[0].amount, 90000);
  EXPECT_EQ((*h->income)[0].month, model::Month::of(2019, 8));
  ASSERT_TRUE(h->expenditure.has_value());
  EXPECT_EQ((*h->expenditure)[0].member, 0);
  ASSERT_TRUE(h->assets.has_value());
  EXPECT_EQ(h->assets->financial, 500000);
  EXPECT_THAT(h->assets->vehicles, ::testing::ElementsAre(model::Vehicle::kMotorcycle));
  EXPECT_THAT(h->history.last_benefit, Optional(Eq(95000)));
  ASSERT_THAT(h->requests, SizeIs(1));
  EXPECT_EQ(h->requests[0].date, (model::Date{2019, 10, 10}));
}

TEST(ParseHousehold, ReadsMoneyFromItsTextExactly) {
  YAML::Node n = base();
  n["income"][0]["amount"] = "1234.56";
  n["assets"]["financial"] = "0.29";
  auto h = parse(n);
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ((*h->income)[0].amount, 123456);
  EXPECT_EQ(h->assets->financial, 29);
}

TEST(ParseHousehold, AcceptsJsonText) {
  const std::string json = R"({"id": "H1", "region": "450102",
    "members": [{"id": "450102197405010236", "employment": "unemployed"}],
    "income": [{"member": "450102197405010236", "month": "2019-08", "kind": "pension", "amount": 333.34}],
    "expenditure": [], "assets": {"financial": 0, "dwellings": 1}})";
  auto h = parse_household_text(json, regions());
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ((*h->income)[0].amount, 33334);
  EXPECT_EQ((*h->income)[0].kind, model::IncomeKind::kPension);
}

TEST(ParseHousehold, AbsentIsUnknownAndEmptyListIsNone) {
  // R2.5 / HOUSEHOLD-FORMAT.md: `income`, `expenditure`, `assets` absent are unknown; [] is none.
  YAML::Node n = base();
  n.remove("income");
  n.remove("expenditure");
  n.remove("assets");
  auto unknown = parse(n);
  ASSERT_THAT(unknown, IsOk());
  EXPECT_FALSE(unknown->income.has_value());
  EXPECT_FALSE(unknown->expenditure.has_value());
  EXPECT_FALSE(unknown->assets.has_value());

  n["income"] = YAML::Load("[]");
  n["expenditure"] = YAML::Load("[]");
  auto none = parse(n);
  ASSERT_THAT(none, IsOk());
  ASSERT_TRUE(none->income.has_value());
  EXPECT_TRUE(none->income->empty());
  ASSERT_TRUE(none->expenditure.has_value());
  EXPECT_TRUE(none->expenditure->empty());
}

TEST(ParseHousehold, AppliesTheDocumentedDefaults) {
  auto h = parse_household_text(R"(
id: H2
region: "450102"
members:
  - {id: "450102197603020240"}
  - {id: "450102197405010236", self_care: null}
)", regions());
  ASSERT_THAT(h, IsOk());
  const auto& m = h->members[0];
  // Sex and birth date from the id when absent.
  EXPECT_EQ(m.sex, model::Sex::kFemale);
  EXPECT_EQ(m.birth_date, (model::Date{1976, 3, 2}));
  // Unknowns stay unknown; everything else takes its default.
  EXPECT_FALSE(m.employment.has_value());
  EXPECT_FALSE(m.legal_supporters.has_value());
  EXPECT_THAT(m.self_care, Optional(Eq(model::SelfCare::kAble)));
  EXPECT_FALSE(m.disability.has_value());
  EXPECT_FALSE(m.orphan.has_value());
  EXPECT_FALSE(m.school.has_value());
  EXPECT_FALSE(m.serious_illness);
  EXPECT_FALSE(m.community_correction);
  EXPECT_TRUE(m.insurance.medical);
  EXPECT_TRUE(m.insurance.critical_illness);
  EXPECT_TRUE(m.insurance.pension);
  EXPECT_EQ(h->residence, model::Residence::kUrban);
  EXPECT_FALSE(h->urban_years.has_value());
  EXPECT_FALSE(h->lacks_labour_cause.has_value());
  EXPECT_TRUE(h->requests.empty());
  EXPECT_FALSE(h->history.category.has_value());
  // `self_care: null` written out is unknown (SPEC precise readings).
  EXPECT_FALSE(h->members[1].self_care.has_value());
}

// ---- invalid_id ----

TEST(ParseHousehold, RefusesAWrongCheckDigitAsInvalidId) {
  YAML::Node n = base();
  n["members"][0]["id"] = "450102197405010237";
  n["income"] = YAML::Load("[]");
  n["expenditure"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("invalid_id", "members[0].id", "450102197405010237"));
}

TEST(ParseHousehold, RefusesAnIdWithAnImpossibleDateAsInvalidId) {
  YAML::Node n = base();
  n["members"][1]["id"] = "450102197402300238";  // 1974-02-30, correct check character
  n["members"][1].remove("birth_date");
  n["income"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("invalid_id", "members[1].id", "450102197402300238"));
}

TEST(ParseHousehold, RefusesALowerCaseXAsInvalidId) {
  YAML::Node n = base();
  n["members"][1]["id"] = "45010219800101004x";
  n["members"][1].remove("birth_date");
  n["income"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("invalid_id", "members[1].id", "45010219800101004x"));
}

TEST(ParseHousehold, RefusesAWrongLengthAsInvalidId) {
  YAML::Node n = base();
  n["members"][0]["id"] = "45010219740501023";
  n["expenditure"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("invalid_id", "members[0].id", "45010219740501023"));
}

// ---- id_mismatch ----

TEST(ParseHousehold, RefusesASexThatContradictsTheId) {
  YAML::Node n = base();
  n["members"][0]["sex"] = "female";  // 17th digit 3: male
  EXPECT_THAT(parse(n), HasProblem("id_mismatch", "members[0].sex", kHead));
}

TEST(ParseHousehold, RefusesABirthDateThatContradictsTheId) {
  YAML::Node n = base();
  n["members"][1]["birth_date"] = "1976-03-03";
  EXPECT_THAT(parse(n), HasProblem("id_mismatch", "members[1].birth_date", kSpouse));
}

// ---- duplicate_member, empty_household, unknown_region ----

TEST(ParseHousehold, RefusesTheSamePersonTwice) {
  YAML::Node n = base();
  n["members"].push_back(YAML::Load(R"({id: "450102197405010236", relation: other})"));
  EXPECT_THAT(parse(n), HasProblem("duplicate_member", "members[2].id", kHead));
}

TEST(ParseHousehold, RefusesAHouseholdWithNoMembers) {
  YAML::Node n = base();
  n["members"] = YAML::Load("[]");
  n["income"] = YAML::Load("[]");
  n["expenditure"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("empty_household", "members", ""));
}

TEST(ParseHousehold, RefusesARegionInNoList) {
  YAML::Node n = base();
  n["region"] = "999999";
  EXPECT_THAT(parse(n), HasProblem("unknown_region", "region", ""));
}

TEST(ParseHousehold, AcceptsOldAndNewCodesOfARenamedCounty) {
  for (const char* code : {"451021", "451003", "450127", "450181", "450102001003"}) {
    YAML::Node n = base();
    n["region"] = code;
    EXPECT_THAT(parse(n), IsOk()) << code;
  }
}

// ---- bad_date ----

TEST(ParseHousehold, RefusesBadDates) {
  {
    YAML::Node n = base();
    n["income"][0]["month"] = "2019-13";
    EXPECT_THAT(parse(n), HasProblem("bad_date", "income[0].month", kSpouse));
  }
  {
    YAML::Node n = base();
    n["members"][0]["birth_date"] = "1974-02-30";
    EXPECT_THAT(parse(n), HasProblem("bad_date", "members[0].birth_date", kHead));
  }
  {
    YAML::Node n = base();
    n["expenditure"][0]["month"] = "2019/08";
    EXPECT_THAT(parse(n), HasProblem("bad_date", "expenditure[0].month", kHead));
  }
  {
    YAML::Node n = base();
    n["history"]["exit_started"] = "2019-9";
    EXPECT_THAT(parse(n), HasProblem("bad_date", "history.exit_started", ""));
  }
  {
    YAML::Node n = base();
    n["requests"][0]["date"] = "2019-10-32";
    EXPECT_THAT(parse(n), HasProblem("bad_date", "requests[0].date", ""));
  }
  {
    YAML::Node n = base();
    n["members"][0]["medical_self_paid"] = YAML::Load("[{year: nineteen, amount: 100}]");
    EXPECT_THAT(parse(n), HasProblem("bad_date", "members[0].medical_self_paid[0].year", kHead));
  }
  {
    YAML::Node n = base();
    n["income"][0].remove("month");
    EXPECT_THAT(parse(n), HasProblem("bad_date", "income[0].month", kSpouse));
  }
}

// ---- bad_amount ----

TEST(ParseHousehold, RefusesANegativeAmount) {
  YAML::Node n = base();
  n["income"][0]["amount"] = "-1";
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));
}

TEST(ParseHousehold, RefusesAnAmountFinerThanAFen) {
  YAML::Node n = base();
  n["income"][0]["amount"] = "1000.005";
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));
}

TEST(ParseHousehold, RefusesAnAmountBeyondAnyRealOne) {
  // Regression (issue 2): eight rows of 9e16 yuan used to wrap the income sum and pay a fortune.
  YAML::Node n = base();
  n["income"][0]["amount"] = "90000000000000000";
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));
  n["income"][0]["amount"] = "1000000000.01";  // one fen over 10 亿元
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));
  n["income"][0]["amount"] = "1000000000";
  EXPECT_THAT(parse(n), IsOk());
}

TEST(ParseHousehold, RefusesAnAmountThatIsNotANumber) {
  YAML::Node n = base();
  n["expenditure"][0]["amount"] = "two thousand";
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "expenditure[0].amount", kHead));
}

TEST(ParseHousehold, RefusesBadAmountsOutsideIncome) {
  {
    YAML::Node n = base();
    n["assets"]["financial"] = "-5";
    EXPECT_THAT(parse(n), HasProblem("bad_amount", "assets.financial", ""));
  }
  {
    YAML::Node n = base();
    n["history"]["last_benefit"] = "950.001";
    EXPECT_THAT(parse(n), HasProblem("bad_amount", "history.last_benefit", ""));
  }
  {
    YAML::Node n = base();
    n["requests"][0]["amount"] = "1e4";
    EXPECT_THAT(parse(n), HasProblem("bad_amount", "requests[0].amount", ""));
  }
  {
    YAML::Node n = base();
    n["members"][1]["medical_self_paid"] = YAML::Load("[{year: 2019, amount: -12000}]");
    EXPECT_THAT(parse(n), HasProblem("bad_amount", "members[1].medical_self_paid[0].amount", kSpouse));
  }
  {
    YAML::Node n = base();
    n["income"][0].remove("amount");
    EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));
  }
}

// ---- bad_value ----

TEST(ParseHousehold, RefusesAValueOutsideItsList) {
  {
    YAML::Node n = base();
    n["members"][0]["employment"] = "jobless";
    EXPECT_THAT(parse(n), HasProblem("bad_value", "members[0].employment", kHead));
  }
  {
    YAML::Node n = base();
    n["members"][1]["disability"] = YAML::Load("{grade: 5, type: physical}");
    EXPECT_THAT(parse(n), HasProblem("bad_value", "members[1].disability.grade", kSpouse));
  }
  {
    YAML::Node n = base();
    n["members"][1]["disability"] = YAML::Load("{grade: 2, type: emotional}");
    EXPECT_THAT(parse(n), HasProblem("bad_value", "members[1].disability.type", kSpouse));
  }
  {
    YAML::Node n = base();
    n["assets"]["vehicles"] = YAML::Load("[truck]");
    EXPECT_THAT(parse(n), HasProblem("bad_value", "assets.vehicles[0]", ""));
  }
  {
    YAML::Node n = base();
    n["residence"] = "rural";
    EXPECT_THAT(parse(n), HasProblem("bad_value", "residence", ""));
  }
  {
    YAML::Node n = base();
    n["members"][0]["serious_illness"] = "yes";
    EXPECT_THAT(parse(n), HasProblem("bad_value", "members[0].serious_illness", kHead));
  }
  {
    YAML::Node n = base();
    n["members"][0]["self_care"] = "sometimes";
    EXPECT_THAT(parse(n), HasProblem("bad_value", "members[0].self_care", kHead));
  }
}

TEST(ParseHousehold, RefusesAnIncomeKindOutsideR22) {
  YAML::Node n = base();
  n["income"][0]["kind"] = "lottery";
  EXPECT_THAT(parse(n), HasProblem("bad_value", "income[0].kind", kSpouse));
}

TEST(ParseHousehold, AcceptsEveryIncomeKindOfR22) {
  for (const char* kind : {"wage", "business", "property", "pension", "support", "gift", "other", "benefit",
                           "disability_subsidy", "award", "injury_compensation", "temporary_assistance"}) {
    YAML::Node n = base();
    n["income"][0]["kind"] = kind;
    EXPECT_THAT(parse(n), IsOk()) << kind;
  }
}

TEST(ParseHousehold, RefusesAnIncomeRowNamingSomeoneWhoIsNotAMember) {
  YAML::Node n = base();
  n["income"][0]["member"] = kStranger;
  EXPECT_THAT(parse(n), HasProblem("bad_value", "income[0].member", kStranger));
}

TEST(ParseHousehold, RefusesAnExpenditureRowNamingSomeoneWhoIsNotAMember) {
  YAML::Node n = base();
  n["expenditure"][0]["member"] = kStranger;
  EXPECT_THAT(parse(n), HasProblem("bad_value", "expenditure[0].member", kStranger));
}

// ---- missing_field ----

TEST(ParseHousehold, RefusesAMissingHouseholdId) {
  YAML::Node n = base();
  n.remove("id");
  EXPECT_THAT(parse(n), HasProblem("missing_field", "id", ""));
}

TEST(ParseHousehold, RefusesAMissingRegion) {
  YAML::Node n = base();
  n.remove("region");
  EXPECT_THAT(parse(n), HasProblem("missing_field", "region", ""));
}

TEST(ParseHousehold, RefusesMissingMembers) {
  YAML::Node n = base();
  n.remove("members");
  n.remove("income");
  n.remove("expenditure");
  auto r = parse(n);
  EXPECT_THAT(r, HasProblem("missing_field", "members", ""));
}

TEST(ParseHousehold, RefusesAMemberWithoutAnId) {
  YAML::Node n = base();
  n["members"][0].remove("id");
  n["expenditure"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("missing_field", "members[0].id", ""));
}

TEST(ParseHousehold, ReportsEveryProblemNotJustTheFirst) {
  YAML::Node n = base();
  n["region"] = "999999";
  n["members"][0]["sex"] = "female";
  n["income"][0]["amount"] = "-1";
  auto r = parse(n);
  EXPECT_THAT(r, HasProblem("unknown_region", "region", ""));
  EXPECT_THAT(r, HasProblem("id_mismatch", "members[0].sex", kHead));
  EXPECT_THAT(r, HasProblem("bad_amount", "income[0].amount", kSpouse));
}

TEST(ParseHouseholdText, RefusesTextThatIsNotYaml) {
  EXPECT_THAT(parse_household_text("{id: [unclosed", regions()), HasProblem("bad_value", ""));
  EXPECT_THAT(parse_household_text("- just\n- a list\n", regions()), HasProblem("bad_value", ""));
}

// ---- validate_household (for records built from flat files) ----

// ---- hostile but legal text (issue 4) ----

TEST(ParseHouseholdText, KeepsNamesOutsideTheBmpAndWithTheMiddleDotInEveryForm) {
  // 𠮷 (U+20BB7, four bytes in UTF-8) and · (U+00B7) as written, as YAML's \U escape, and as the
  // JSON surrogate-pair escape Python's json.dumps writes by default (yaml-cpp alone refuses that).
  const std::string yaml_raw = "id: H1\nregion: \"450102\"\nmembers:\n"
                               "  - {id: \"450102197405010236\", name: 𠮷野家}\n"
                               "  - {id: \"450102197603020240\", name: 阿依古丽·买买提}\n";
  const std::string yaml_escaped = "id: H1\nregion: \"450102\"\nmembers:\n"
                                   "  - {id: \"450102197405010236\", name: \"\\U00020BB7野家\"}\n"
                                   "  - {id: \"450102197603020240\", name: \"阿依古丽\\u00b7买买提\"}\n";
  const std::string json_raw = R"({"id": "H1", "region": "450102", "members": [
      {"id": "450102197405010236", "name": "𠮷野家"}, {"id": "450102197603020240", "name": "阿依古丽·买买提"}]})";
  const std::string json_escaped = R"({"id": "H1", "region": "450102", "members": [
      {"id": "450102197405010236", "name": "\ud842\udfb7\u91ce\u5bb6"},
      {"id": "450102197603020240", "name": "\u963f\u4f9d\u53e4\u4e3d\u00b7\u4e70\u4e70\u63d0"}]})";
  for (const std::string& text : {yaml_raw, yaml_escaped, json_raw, json_escaped}) {
    auto h = parse_household_text(text, regions());
    ASSERT_THAT(h, IsOk()) << text;
    ASSERT_THAT(h->members, SizeIs(2));
    EXPECT_EQ(h->members[0].name, "𠮷野家") << text;
    EXPECT_EQ(h->members[0].name, "\xF0\xA0\xAE\xB7\xE9\x87\x8E\xE5\xAE\xB6");  // the bytes, not a CESU-8 pair
    EXPECT_EQ(h->members[1].name, "阿依古丽·买买提") << text;
    // And they survive the registry's JSON form.
    auto again = parse_household_text(household_to_json(*h), regions());
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->members[0].name, "𠮷野家");
    EXPECT_EQ(again->members[1].name, "阿依古丽·买买提");
  }
}

TEST(ParseHouseholdText, JoinsOnlyWellFormedSurrogatePairEscapes) {
  EXPECT_EQ(join_json_surrogate_escapes(R"("\ud842\udfb7")"), R"("\U00020BB7")");
  EXPECT_EQ(join_json_surrogate_escapes(R"("\uD83D\uDE00x")"), R"("\U0001F600x")");
  // An escaped backslash before "ud842" is text, a lone or reversed surrogate stays for the parser to refuse.
  EXPECT_EQ(join_json_surrogate_escapes(R"("\\ud842\\udfb7")"), R"("\\ud842\\udfb7")");
  EXPECT_EQ(join_json_surrogate_escapes(R"("\ud842")"), R"("\ud842")");
  EXPECT_EQ(join_json_surrogate_escapes(R"("\udfb7\ud842")"), R"("\udfb7\ud842")");
  EXPECT_EQ(join_json_surrogate_escapes(R"("\ud842\u0041")"), R"("\ud842\u0041")");
  EXPECT_EQ(join_json_surrogate_escapes("\\"), "\\");
  // A lone surrogate is still refused, with the parser's message.
  auto h = parse_household_text(R"({"id": "H1", "region": "450102", "members": [{"id": "450102197405010236",
      "name": "\ud842"}]})", regions());
  EXPECT_THAT(h, HasProblem("bad_value", ""));
}

TEST(ParseHousehold, RefusesFullWidthDigitsAndExcelSerialsNamingFieldAndMember) {
  // The record is the strict form (HOUSEHOLD-FORMAT.md): only the flat-file importers normalise
  // full-width digits and a lower-case x, saying so (a lower-case x here: RefusesALowerCaseXAsInvalidId).
  // Here each is refused, naming field and member.
  const std::string full_width_id = "４５０１０２１９７４０５０１０２３６";  // kHead in full-width digits
  YAML::Node n = base();
  n["members"][0]["id"] = full_width_id;
  n["members"][0].remove("birth_date");
  n["expenditure"] = YAML::Load("[]");
  EXPECT_THAT(parse(n), HasProblem("invalid_id", "members[0].id", full_width_id));

  n = base();
  n["income"][0]["amount"] = "９００";
  EXPECT_THAT(parse(n), HasProblem("bad_amount", "income[0].amount", kSpouse));

  n = base();
  n["members"][0]["birth_date"] = "27150";  // Excel's serial for 1974-05-01
  EXPECT_THAT(parse(n), HasProblem("bad_date", "members[0].birth_date", kHead));
  n = base();
  n["income"][0]["month"] = "43678";  // 2019-08-01 as a serial
  EXPECT_THAT(parse(n), HasProblem("bad_date", "income[0].month", kSpouse));
}

TEST(ParseHousehold, RefusesListRowsThatAreNotMapsNamingEach) {
  // yaml-cpp throws when a key is looked up in a scalar; this ended the process before
  // (fuzz/regressions/household_yaml/scalar_rows_everywhere.yaml).
  auto h = parse_household_text(R"(
id: H1
region: "450102"
members:
  - {id: "450102197405010236", medical_self_paid: [2019]}
income: [5, [1]]
expenditure: [medical]
history: {case_by_case_paid: [2019-03-02]}
requests: [case_by_case]
)",
                                regions());
  EXPECT_THAT(h, HasProblem("bad_value", "members[0].medical_self_paid[0]", kHead));
  EXPECT_THAT(h, HasProblem("bad_value", "income[0]"));
  EXPECT_THAT(h, HasProblem("bad_value", "income[1]"));
  EXPECT_THAT(h, HasProblem("bad_value", "expenditure[0]"));
  EXPECT_THAT(h, HasProblem("bad_value", "history.case_by_case_paid[0]"));
  EXPECT_THAT(h, HasProblem("bad_value", "requests[0]"));
}

TEST(ValidateHousehold, AcceptsABuiltHousehold) {
  rules::testing::HouseholdBuilder b;
  b.add(rules::testing::date(1980, 1, 1), model::Sex::kMale);
  b.add(rules::testing::date(2000, 2, 29), model::Sex::kFemale);
  EXPECT_THAT(validate_household(b.household(), regions()), IsOk());
}

TEST(ValidateHousehold, ChecksIdsAgainstSexAndBirthDate) {
  rules::testing::HouseholdBuilder b;
  int a = b.add(rules::testing::date(1980, 1, 1), model::Sex::kMale);
  b.member(a).sex = model::Sex::kFemale;
  b.member(a).birth_date = rules::testing::date(1980, 1, 2);
  const std::string id = b.id(a);
  Problems ps = validate_household(b.household(), regions());
  EXPECT_THAT(ps, HasProblem("id_mismatch", "members[0].sex", id));
  EXPECT_THAT(ps, HasProblem("id_mismatch", "members[0].birth_date", id));
}

// ---- household_to_json round trip ----

using ::safetynet::model::testing::expect_same;

// Every field of HOUSEHOLD-FORMAT.md set to a non-default value.
constexpr const char* kFullRecord = R"(
id: H-450102-0009
region: "450102001003"
residence: migrant
urban_years: 2.5
residence_permit: true
lacks_labour_cause: illness
members:
  - id: "450102197405010236"
    name: 张某
    relation: head
    sex: male
    birth_date: 1974-05-01
    employment: retired
    disability: {grade: 3, type: mental}
    self_care: partial
    serious_illness: true
    legal_supporters: unable
    supported_by: siblings
    community_correction: true
    insurance: {medical: false, critical_illness: false, pension: false}
    medical_self_paid: [{year: 2019, amount: 12000.5}, {year: 2018, amount: 0.01}]
  - id: "450102200002290012"
    name: 王某
    relation: grandchild
    employment: student
    self_care: null
    orphan: institutional
    legal_supporters: none
    supported_by: parents
    school: university
    boarding: true
    university_freshman: true
  - id: "45010219800101004X"
    relation: spouse
    employment: none
    self_care: none
    disability: {grade: 1, type: multiple}
    school: vocational
income:
  - {member: "450102197405010236", month: 2019-08, kind: pension, amount: 1234.56}
  - {month: 2019-09, kind: gift, amount: 0.01}
  - {member: "45010219800101004X", month: 2019-07, kind: injury_compensation, amount: 50000}
expenditure:
  - {month: 2019-08, kind: disaster, amount: 2000}
  - {member: "450102200002290012", month: 2019-06, kind: education, amount: 333.33}
assets: {financial: 46800.02, vehicles: [motorcycle, disability_vehicle, car], dwellings: 2, floor_area_m2: 37.5, business_capital: 1000.1}
history:
  category: dibao
  category_since: 2018-03
  last_benefit: 949.5
  exit_reason: employment
  exit_started: 2019-09
  case_by_case_paid: [{date: 2019-03-02, amount: 30000}, {date: 2019-06-30, amount: 15000.5}]
requests:
  - {kind: case_by_case, date: 2019-10-10, amount: 8000}
  - {kind: case_by_case, date: 2019-10-05, amount: 0.99}
)";

TEST(HouseholdToJson, RoundTripsEveryField) {
  auto first = parse_household_text(kFullRecord, regions());
  ASSERT_THAT(first, IsOk());
  // Spot-check that the values really are the non-defaults, so the round trip proves something.
  EXPECT_EQ(first->members[0].medical_self_paid[0].amount, 1200050);
  EXPECT_EQ(first->assets->financial, 4680002);
  EXPECT_FALSE(first->members[1].self_care.has_value());
  EXPECT_EQ(first->members[2].self_care, model::SelfCare::kNone);
  EXPECT_EQ((*first->income)[1].member, -1);
  const std::string json = household_to_json(*first);
  auto second = parse_household_text(json, regions());
  ASSERT_THAT(second, IsOk()) << json;
  expect_same(*first, *second);
  // Writing again gives the same text.
  EXPECT_EQ(household_to_json(*second), json);
}

TEST(HouseholdToJson, KeepsUnknownsUnknown) {
  YAML::Node n = base();
  n.remove("income");
  n.remove("assets");
  n["members"][0].remove("employment");
  auto first = parse(n);
  ASSERT_THAT(first, IsOk());
  auto second = parse_household_text(household_to_json(*first), regions());
  ASSERT_THAT(second, IsOk());
  EXPECT_FALSE(second->income.has_value());
  EXPECT_FALSE(second->assets.has_value());
  EXPECT_TRUE(second->expenditure.has_value());
  EXPECT_FALSE(second->members[0].employment.has_value());
  expect_same(*first, *second);
}

TEST(HouseholdToJson, RoundTripsABuiltHousehold) {
  using namespace rules::testing;
  HouseholdBuilder b;
  int a = b.add(date(1950, 6, 30), model::Sex::kFemale);
  int c = b.add(date(2012, 1, 1), model::Sex::kMale);
  b.yearly_income(a, month(2019, 10), 123456).expenditure(c, month(2019, 9), 99).financial(1);
  auto back = parse_household_text(household_to_json(b.household()), regions());
  ASSERT_THAT(back, IsOk());
  expect_same(b.household(), *back);
}

}  // namespace
}  // namespace safetynet::io
