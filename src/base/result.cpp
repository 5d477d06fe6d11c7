#include "base/result.hpp"

namespace safetynet {

std::string Problem::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (row > 0) out += ":" + std::to_string(row);
    out += ": ";
  } else if (row > 0) {
    out += "row " + std::to_string(row) + ": ";
  }
  out += code;
  if (!field.empty()) out += " " + field;
  if (!member.empty()) out += " (" + member + ")";
  if (!message.empty()) out += ": " + message;
  return out;
}

Problem make_problem(std::string code, std::string field, std::string member, std::string message) {
  Problem p;
  p.code = std::move(code);
  p.field = std::move(field);
  p.member = std::move(member);
  p.message = std::move(message);
  return p;
}

}  // namespace safetynet
