#pragma once
// Step 1d: household-by-household comparison of the two sides. A household dibao.sql marks as a shape
// it does not model is left out on both sides and counted by reason; every other household must agree
// on the status and the benefit to the fen.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sql_side.hpp"

namespace safetynet::peer {

struct Disagreement {
  std::int64_t hid;
  Verdict sql, engine;
};

struct Comparison {
  std::int64_t covered = 0;
  std::map<std::string, std::int64_t> excluded;  // reason -> households
  std::int64_t disagreements = 0;
  std::vector<Disagreement> first;               // the first 10
  // Over the covered households, per side: dibao households and their benefits (fen/month), R1.3b persons
  // and theirs.
  struct Side {
    std::int64_t dibao = 0, dibao_fen = 0, singles = 0, single_fen = 0;
  } sql, engine;
};

// Both lists in hid order over the same households; throws std::runtime_error if they are not.
Comparison compare(const Verdicts& sql, const Verdicts& engine);

}  // namespace safetynet::peer
