// Tests for model/citizen_id.hpp: GB 11643-1999 ids (ISO 7064 MOD 11-2 check character, birth date, sex
// from the 17th digit) and the flat-file normaliser (lower-case x, full-width digits, blanks).
#include "model/citizen_id.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace safetynet::model {
namespace {

TEST(CitizenIdCheckChar, MatchesTheStandardsExamples) {
  // GB 11643-1999's own worked example ends in X.
  EXPECT_EQ(citizen_id_check_char("11010519491231002"), 'X');
  EXPECT_EQ(citizen_id_check_char("44052418800101001"), '4');
  // Ids from the acceptance cases (Nanning, Xingning district).
  EXPECT_EQ(citizen_id_check_char("45010219740501023"), '6');
  EXPECT_EQ(citizen_id_check_char("45010219760302024"), '0');
  EXPECT_EQ(citizen_id_check_char("45010219800101004"), 'X');
}

TEST(ParseCitizenId, ReturnsBirthDateAndSex) {
  auto a = parse_citizen_id("450102197405010236");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->birth_date, (Date{1974, 5, 1}));
  EXPECT_EQ(a->sex, Sex::kMale);  // 17th digit 3 is odd

  auto b = parse_citizen_id("450102197603020240");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->birth_date, (Date{1976, 3, 2}));
  EXPECT_EQ(b->sex, Sex::kFemale);  // 17th digit 4 is even
}

TEST(ParseCitizenId, AcceptsAnUpperCaseXCheckCharacter) {
  auto x = parse_citizen_id("11010519491231002X");
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->birth_date, (Date{1949, 12, 31}));
  EXPECT_EQ(x->sex, Sex::kFemale);  // 17th digit 2
  auto y = parse_citizen_id("45010219800101004X");
  ASSERT_TRUE(y.has_value());
  EXPECT_EQ(y->sex, Sex::kFemale);
}

TEST(ParseCitizenId, RefusesALowerCaseX) {
  // HOUSEHOLD-FORMAT.md: ids take an upper-case X; importers normalise and say so.
  EXPECT_EQ(parse_citizen_id("11010519491231002x"), std::nullopt);
}

TEST(ParseCitizenId, RefusesAWrongCheckCharacter) {
  EXPECT_EQ(parse_citizen_id("450102197405010237"), std::nullopt);
  EXPECT_EQ(parse_citizen_id("450102197405010230"), std::nullopt);
  EXPECT_EQ(parse_citizen_id("110105194912310021"), std::nullopt);  // X expected
  EXPECT_EQ(parse_citizen_id("45010219740501023X"), std::nullopt);  // 6 expected
}

TEST(ParseCitizenId, RefusesAWrongLengthOrCharacters) {
  EXPECT_EQ(parse_citizen_id(""), std::nullopt);
  EXPECT_EQ(parse_citizen_id("45010219740501023"), std::nullopt);     // 17
  EXPECT_EQ(parse_citizen_id("4501021974050102366"), std::nullopt);   // 19
  EXPECT_EQ(parse_citizen_id("450102740501023"), std::nullopt);       // old 15-digit form
  EXPECT_EQ(parse_citizen_id("4501021974O5010236"), std::nullopt);    // letter O
  EXPECT_EQ(parse_citizen_id("X50102197405010236"), std::nullopt);    // X only last
}

TEST(ParseCitizenId, RefusesAnImpossibleBirthDateEvenWithAGoodCheckCharacter) {
  // 1974-02-30 with its correct check character (8).
  ASSERT_EQ(citizen_id_check_char("45010219740230023"), '8');
  EXPECT_EQ(parse_citizen_id("450102197402300238"), std::nullopt);
  // 29 February of a leap year is a real date.
  ASSERT_EQ(citizen_id_check_char("45010220000229001"), '2');
  auto leap = parse_citizen_id("450102200002290012");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(leap->birth_date, (Date{2000, 2, 29}));
}

TEST(NormaliseCitizenId, UpperCasesATrailingX) {
  bool changed = false;
  EXPECT_EQ(normalise_citizen_id("11010519491231002x", &changed), "11010519491231002X");
  EXPECT_TRUE(changed);
  EXPECT_TRUE(parse_citizen_id(normalise_citizen_id("11010519491231002x", nullptr)).has_value());
}

TEST(NormaliseCitizenId, ConvertsFullWidthDigitsAndX) {
  bool changed = false;
  // "４５０１０２１９７４０５０１０２３６" (U+FF10..U+FF19)
  const std::string full = "\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x92"
                           "\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x97\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x95"
                           "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x96";
  EXPECT_EQ(parse_citizen_id(full), std::nullopt);  // the parser itself takes ASCII only
  EXPECT_EQ(normalise_citizen_id(full, &changed), "450102197405010236");
  EXPECT_TRUE(changed);
  // Full-width Ｘ (U+FF38) and ｘ (U+FF58) at the end.
  EXPECT_EQ(normalise_citizen_id("11010519491231002\xEF\xBC\xB8", nullptr), "11010519491231002X");
  EXPECT_EQ(normalise_citizen_id("11010519491231002\xEF\xBD\x98", nullptr), "11010519491231002X");
}

TEST(NormaliseCitizenId, TrimsBlanksAndReportsNoChangeForCleanIds) {
  bool changed = true;
  EXPECT_EQ(normalise_citizen_id("450102197405010236", &changed), "450102197405010236");
  EXPECT_FALSE(changed);
  EXPECT_EQ(normalise_citizen_id(" 450102197405010236\t", &changed), "450102197405010236");
  EXPECT_TRUE(changed);
  // A wrong check digit stays wrong: normalising never repairs an id.
  EXPECT_EQ(normalise_citizen_id("450102197405010237", &changed), "450102197405010237");
  EXPECT_FALSE(changed);
}

}  // namespace
}  // namespace safetynet::model
