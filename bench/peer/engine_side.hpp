#pragma once
// Step 1c: the engine over the same households, decoded from the same file, with the shipped policy,
// single-threaded (as SQLite is). Its answer reduced to the dibao question: the household category
// dibao with its living.dibao item (R3.4, or R3.6's kept benefit), or R1.3b persons with the sum of
// their living.dibao items, or neither (none, low_income and undetermined alike).
#include <cstdint>

#include "model/month.hpp"
#include "params/parameter_set.hpp"
#include "sql_side.hpp"
#include "sqlite_util.hpp"

namespace safetynet::peer {

struct EngineTimes {
  double decode_and_assess_s = 0;  // read the BLOBs from SQLite, decode, assess
  double assess_s = 0;             // rules::assess alone (summed over batches)
  std::int64_t undetermined = 0;   // households the engine called undetermined (counted as "no")
  std::int64_t refused = 0;        // of which refused for a missing parameter
};

// Fills `out` (cleared first) with one verdict per open household.
EngineTimes run_engine(Db& db, const safetynet::params::ParameterSet& policy, safetynet::model::Month month,
                       Verdicts& out);

}  // namespace safetynet::peer
