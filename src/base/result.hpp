#pragma once
// Result<T> and Problem: how expected bad input travels (STYLE.md, errors of kind 1).
//
// A `Problem` is one coded finding about input: the code is one of HOUSEHOLD-FORMAT.md's error codes
// (`invalid_id`, `bad_amount`, …), `field` is the dotted path of the offending field
// (`members[2].birth_date`), `member` the citizen id of the member concerned (empty for the household),
// `row` the 1-based row of a flat file (0 when not from a file), and `message` a sentence in Chinese.
// `Result<T>` holds either a value or a non-empty list of Problems; it is shaped like C++23
// `std::expected` so that a later switch is a rename. Values only: thread-compatible, no shared state.
#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace safetynet {

struct Problem {
  std::string code;     // HOUSEHOLD-FORMAT.md error code, e.g. "invalid_id"
  std::string field;    // dotted path, e.g. "members[0].id"
  std::string member;   // citizen id of the member concerned, "" for the household
  std::string message;  // human-readable, Chinese
  std::string file;     // source file of a flat-file import, "" otherwise
  long row = 0;         // 1-based row in that file, 0 when not from a file

  // "bad_value members[1].employment (450102…): 取值不在列表中" — one line for CLI output.
  std::string to_string() const;
};

using Problems = std::vector<Problem>;

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit like std::expected
  Result(Problem p) : v_(Problems{std::move(p)}) {}  // NOLINT
  Result(Problems ps) : v_(std::move(ps)) {  // NOLINT
    assert(!std::get<Problems>(v_).empty() && "an error Result needs at least one Problem");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Problems& problems() const { return std::get<Problems>(v_); }

 private:
  std::variant<T, Problems> v_;
};

// Builds a Problem; used by every validator so messages are uniform.
Problem make_problem(std::string code, std::string field, std::string member, std::string message);

}  // namespace safetynet
