#pragma once
// One household's answer to the dibao question, from either side (dibao.sql or rules::assess), in the
// shape the comparison needs. Money in fen per month.
#include <cstdint>
#include <string>

#include "model/money.hpp"

namespace safetynet::peer {

enum class Status : std::uint8_t {
  kNo,        // neither the household (R1.3/R3.6) nor any person alone (R1.3b) is dibao
  kDibao,     // the household is dibao: R1.3 with R3.4, or kept by R3.6 gradual exit
  kSingle,    // the household is not, but one or more persons are covered alone (R1.3b)
  kExcluded,  // a shape dibao.sql does not model (reason in `reason`): left out on both sides
};

struct Verdict {
  Status status = Status::kNo;
  safetynet::model::Fen benefit = 0;  // fen/month: the household's living.dibao item, or the singles' sum
  int singles = 0;                    // R1.3b persons (kSingle)
  std::string reason;                 // kExcluded only: "unknown_income", …
};

const char* status_name(Status s);

}  // namespace safetynet::peer
