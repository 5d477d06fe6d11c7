#include "verdict.hpp"

namespace safetynet::peer {

const char* status_name(Status s) {
  switch (s) {
    case Status::kNo: return "no";
    case Status::kDibao: return "dibao";
    case Status::kSingle: return "single";
    case Status::kExcluded: return "excluded";
  }
  return "?";
}

}  // namespace safetynet::peer
