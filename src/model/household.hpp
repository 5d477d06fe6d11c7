#pragma once
// The household record (HOUSEHOLD-FORMAT.md), as the rules read it.
//
// Every optional field is "unknown" when empty: absent `income`, `expenditure`, `assets`,
// `legal_supporters`, `employment` and a migrant's `urban_years` are unknown, never zero (SPEC R2.5).
// Fields with documented defaults (flags false, `self_care: able`, `insurance` all true …) hold the
// default. Money is fen (model/money.hpp): incomes, expenditure and assets as recorded per month; the
// 12-digit region code may be 6, 9 or 12 digits. Members are referred to by index in income and
// expenditure rows (-1 = the household, no `member`). Plain aggregates; values only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/citizen_id.hpp"
#include "model/money.hpp"
#include "model/month.hpp"

namespace safetynet::model {

enum class Residence : std::uint8_t { kUrban, kMigrant };
enum class Relation : std::uint8_t { kHead, kSpouse, kChild, kParent, kSibling, kGrandchild, kGrandparent, kOther };
enum class Employment : std::uint8_t { kEmployed, kUnemployed, kStudent, kRetired, kNone };
enum class DisabilityType : std::uint8_t { kVisual, kHearing, kSpeech, kPhysical, kIntellectual, kMental, kMultiple };
enum class SelfCare : std::uint8_t { kAble, kPartial, kNone };
enum class OrphanKind : std::uint8_t { kScattered, kInstitutional };
enum class Supporters : std::uint8_t { kNone, kUnable, kAble };
enum class SupportedBy : std::uint8_t { kParents, kSiblings };
enum class School : std::uint8_t { kPreschool, kPrimary, kJunior, kSeniorHigh, kVocational, kUniversity };
enum class LacksLabourCause : std::uint8_t { kIllness, kOldAge, kDisaster };
enum class IncomeKind : std::uint8_t {
  // counted (R2.2)
  kWage, kBusiness, kProperty, kPension, kSupport, kGift, kOther,
  // not counted (R2.2)
  kBenefit, kDisabilitySubsidy, kAward, kInjuryCompensation, kTemporaryAssistance,
};
enum class ExpenditureKind : std::uint8_t { kMedical, kDisability, kCare, kDisaster, kEducation };
enum class Vehicle : std::uint8_t { kCar, kMotorcycle, kDisabilityVehicle };
enum class HistoryCategory : std::uint8_t { kDibao, kLowIncome, kNone };
enum class RequestKind : std::uint8_t { kCaseByCase };

// R2.2: does this kind of income count?
constexpr bool is_counted(IncomeKind k) { return k <= IncomeKind::kOther; }

struct Disability {
  int grade = 0;  // 1..4; 1–2 is severe (SPEC R0)
  DisabilityType type = DisabilityType::kPhysical;
  bool severe() const { return grade == 1 || grade == 2; }
};

struct Insurance {
  bool medical = true;
  bool critical_illness = true;
  bool pension = true;
};

struct MedicalSelfPaid {
  int year = 0;
  Fen amount = 0;  // fen, the year's in-scope self-paid cost (R4.2)
};

struct Member {
  std::string id;    // citizen id, validated (GB 11643)
  std::string name;
  Relation relation = Relation::kOther;
  Sex sex = Sex::kMale;      // from the record, or from the id when absent
  Date birth_date;           // from the record, or from the id when absent
  std::optional<Employment> employment;          // absent = unknown
  std::optional<Disability> disability;          // nullopt = none
  std::optional<SelfCare> self_care = SelfCare::kAble;  // written `null` = unknown
  bool serious_illness = false;
  std::optional<OrphanKind> orphan;
  std::optional<Supporters> legal_supporters;    // absent = unknown
  std::optional<SupportedBy> supported_by;
  bool community_correction = false;
  std::optional<School> school;
  bool boarding = false;
  bool university_freshman = false;
  Insurance insurance;
  std::vector<MedicalSelfPaid> medical_self_paid;
};

struct IncomeRow {
  int member = -1;  // index into members, -1 = household income
  Month month;
  IncomeKind kind = IncomeKind::kWage;
  Fen amount = 0;   // fen for that month
};

struct ExpenditureRow {
  int member = -1;  // index into members, -1 = the household's
  Month month;
  ExpenditureKind kind = ExpenditureKind::kMedical;
  Fen amount = 0;
};

struct Assets {
  Fen financial = 0;  // whole household, fen
  std::vector<Vehicle> vehicles;
  int dwellings = 0;
  std::optional<double> floor_area_m2;  // an area, not money (SPEC: the fen rule is for money only)
  Fen business_capital = 0;
};

struct CaseByCasePayment {
  Date date;
  Fen amount = 0;
};

struct History {
  std::optional<HistoryCategory> category;
  std::optional<Month> category_since;
  std::optional<Fen> last_benefit;    // fen per month
  std::optional<std::string> exit_reason;  // "employment" for R3.6
  std::optional<Month> exit_started;
  std::vector<CaseByCasePayment> case_by_case_paid;
};

struct Request {
  RequestKind kind = RequestKind::kCaseByCase;
  Date date;
  Fen amount = 0;
};

struct Household {
  std::string id;      // 户编号
  std::string region;  // 6, 9 or 12 digits, validated against the catalog
  Residence residence = Residence::kUrban;
  std::optional<double> urban_years;  // migrant only; absent = unknown
  bool residence_permit = false;
  std::optional<LacksLabourCause> lacks_labour_cause;
  std::vector<Member> members;
  std::optional<std::vector<IncomeRow>> income;            // absent = unknown
  std::optional<std::vector<ExpenditureRow>> expenditure;  // absent = unknown
  std::optional<Assets> assets;                            // absent = unknown
  History history;
  std::vector<Request> requests;
};

// Stable text names used in files, results and the registry ("dibao", "senior_high", …).
const char* to_string(Employment);
const char* to_string(DisabilityType);
const char* to_string(SelfCare);
const char* to_string(OrphanKind);
const char* to_string(Supporters);
const char* to_string(SupportedBy);
const char* to_string(School);
const char* to_string(Relation);
const char* to_string(Sex);
const char* to_string(IncomeKind);
const char* to_string(ExpenditureKind);
const char* to_string(Vehicle);
const char* to_string(LacksLabourCause);
const char* to_string(HistoryCategory);

// Parsers for the same names; nullopt for anything else (the caller reports `bad_value`).
std::optional<Employment> parse_employment(std::string_view);
std::optional<DisabilityType> parse_disability_type(std::string_view);
std::optional<SelfCare> parse_self_care(std::string_view);
std::optional<OrphanKind> parse_orphan(std::string_view);
std::optional<Supporters> parse_supporters(std::string_view);
std::optional<SupportedBy> parse_supported_by(std::string_view);
std::optional<School> parse_school(std::string_view);
std::optional<Relation> parse_relation(std::string_view);
std::optional<Sex> parse_sex(std::string_view);
std::optional<IncomeKind> parse_income_kind(std::string_view);
std::optional<ExpenditureKind> parse_expenditure_kind(std::string_view);
std::optional<Vehicle> parse_vehicle(std::string_view);
std::optional<LacksLabourCause> parse_lacks_labour_cause(std::string_view);
std::optional<HistoryCategory> parse_history_category(std::string_view);

// Removes the members at `indices` (any order, duplicates allowed) with their income and expenditure
// rows, and renumbers the remaining rows' member indices. Used when a membership closes (a death,
// SPEC R11.5): the person and what they earned or spent no longer count for the household.
void remove_members(Household& h, std::vector<int> indices);

}  // namespace safetynet::model
