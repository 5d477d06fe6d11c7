#pragma once
// A small streaming JSON writer that writes money as exact decimal text (never through a double,
// ARCHITECTURE "Money"). Used for household records, results and API bodies. Not thread-safe; one
// writer per output string.
#include <string>
#include <string_view>

#include "model/money.hpp"

namespace safetynet::io {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  JsonWriter& integer(long long v);
  JsonWriter& number(double v);            // areas and years only, never money
  JsonWriter& yuan(model::Fen fen);        // 95000 -> 950 ; 33334 -> 333.34
  JsonWriter& boolean(bool b);
  JsonWriter& null();
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void comma();
  std::string out_;
  bool need_comma_ = false;
};

// Decimal yuan text without trailing zeros: 95000 -> "950", 33334 -> "333.34", 5 -> "0.05".
std::string yuan_text(model::Fen fen);

// Appends `s` JSON-escaped (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace safetynet::io
