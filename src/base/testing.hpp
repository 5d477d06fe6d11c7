#pragma once
// gMock matchers for `Result<T>`, `Problems` and `Problem` (STYLE.md "Tests"), modelled on Abseil's
// `IsOk()` / `StatusIs()`. There is deliberately no "is not OK" matcher: a test that expects a failure
// names the error it expects, with its code and field (HOUSEHOLD-FORMAT.md codes).
//
//   EXPECT_THAT(parse_household_text(yaml, regions), IsOk());
//   EXPECT_THAT(result, HasProblem("invalid_id", "members[0].id"));
//   EXPECT_THAT(result, HasProblem("id_mismatch", "members[1].sex", "450102197603020240"));
//   EXPECT_THAT(load_policy(dir), HasFileProblem("bad_date", HasSubstr("standard.yaml"), "dibao_standard"));
//
// Each matcher accepts a `Result<T>`, a `Problems` list, a single `Problem` or a `std::optional<Problem>`
// (an Assessment's `refusal`). Arguments after the code may be plain strings or gMock string matchers.
// Header-only, for test targets only (needs GoogleTest/gMock). Printers for `Problem` and `Result<T>` make
// failure messages show the problems found instead of raw bytes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "base/result.hpp"

namespace safetynet {

inline void PrintTo(const Problem& p, std::ostream* os) {
  *os << "{" << p.to_string() << "}";
}

inline void PrintTo(const Problems& ps, std::ostream* os) {
  *os << "[";
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (i) *os << ", ";
    PrintTo(ps[i], os);
  }
  *os << "]";
}

template <typename T>
void PrintTo(const Result<T>& r, std::ostream* os) {
  if (r.ok()) {
    *os << "OK";
  } else {
    *os << "problems ";
    PrintTo(r.problems(), os);
  }
}

namespace testing {
namespace detail {

template <typename T>
struct is_result : std::false_type {};
template <typename T>
struct is_result<Result<T>> : std::true_type {};

// The problems carried by any of the accepted types; `ok` is set when there are none.
template <typename T>
Problems problems_of(const T& x, bool& ok) {
  if constexpr (is_result<T>::value) {
    ok = x.ok();
    return ok ? Problems{} : x.problems();
  } else if constexpr (std::is_same_v<T, Problems>) {
    ok = x.empty();
    return x;
  } else if constexpr (std::is_same_v<T, Problem>) {
    ok = false;
    return Problems{x};
  } else if constexpr (std::is_same_v<T, std::optional<Problem>>) {
    ok = !x.has_value();
    return ok ? Problems{} : Problems{*x};
  } else {
    static_assert(sizeof(T) == 0, "IsOk/HasProblem take Result<T>, Problems, Problem or optional<Problem>");
  }
}

class IsOkMatcher {
 public:
  template <typename T>
  bool MatchAndExplain(const T& x, ::testing::MatchResultListener* listener) const {
    bool ok = false;
    Problems ps = problems_of(x, ok);
    if (!ok) {
      *listener << "which has " << ps.size() << " problem(s):";
      for (const auto& p : ps) *listener << "\n    " << p.to_string();
    }
    return ok;
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK (no problems)"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "has problems"; }
};

using StringMatcher = ::testing::Matcher<const std::string&>;

class HasProblemMatcher {
 public:
  HasProblemMatcher(std::string code, StringMatcher field, std::optional<StringMatcher> member,
                    std::optional<StringMatcher> file)
      : code_(std::move(code)), field_(std::move(field)), member_(std::move(member)), file_(std::move(file)) {}

  bool matches(const Problem& p) const {
    return p.code == code_ && field_.Matches(p.field) && (!member_ || member_->Matches(p.member)) &&
           (!file_ || file_->Matches(p.file));
  }

  template <typename T>
  bool MatchAndExplain(const T& x, ::testing::MatchResultListener* listener) const {
    bool ok = false;
    Problems ps = problems_of(x, ok);
    if (ok) {
      *listener << "which is OK";
      return false;
    }
    for (const auto& p : ps)
      if (matches(p)) return true;
    *listener << "whose problems are:";
    for (const auto& p : ps) *listener << "\n    " << p.to_string() << " [field=" << p.field << "]";
    return false;
  }

  void DescribeTo(std::ostream* os) const {
    *os << "has a problem with code \"" << code_ << "\" and field that ";
    field_.DescribeTo(os);
    if (member_) {
      *os << " and member that ";
      member_->DescribeTo(os);
    }
    if (file_) {
      *os << " and file that ";
      file_->DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has no problem with code \"" << code_ << "\" as described";
  }

 private:
  std::string code_;
  StringMatcher field_;
  std::optional<StringMatcher> member_;
  std::optional<StringMatcher> file_;
};

}  // namespace detail

// Matches a Result<T> that holds a value, an empty Problems list, or an empty optional<Problem>.
inline ::testing::PolymorphicMatcher<detail::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(detail::IsOkMatcher());
}

// Matches when one of the problems has `code` and a field matching `field`.
inline ::testing::PolymorphicMatcher<detail::HasProblemMatcher> HasProblem(std::string code,
                                                                          detail::StringMatcher field) {
  return ::testing::MakePolymorphicMatcher(
      detail::HasProblemMatcher(std::move(code), std::move(field), std::nullopt, std::nullopt));
}

// Same, and the problem names `member` (the member's citizen id; "" for the household).
inline ::testing::PolymorphicMatcher<detail::HasProblemMatcher> HasProblem(std::string code,
                                                                          detail::StringMatcher field,
                                                                          detail::StringMatcher member) {
  return ::testing::MakePolymorphicMatcher(
      detail::HasProblemMatcher(std::move(code), std::move(field), std::move(member), std::nullopt));
}

// For loaders: the problem has `code`, names a file matching `file` and a field matching `field`.
inline ::testing::PolymorphicMatcher<detail::HasProblemMatcher> HasFileProblem(std::string code,
                                                                              detail::StringMatcher file,
                                                                              detail::StringMatcher field) {
  return ::testing::MakePolymorphicMatcher(
      detail::HasProblemMatcher(std::move(code), std::move(field), std::nullopt, std::move(file)));
}

}  // namespace testing
}  // namespace safetynet
