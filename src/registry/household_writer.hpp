#pragma once
// Writes one household and its member index inside the caller's transaction: shared by the import
// session (batch files) and casework (a household registered at the community office, R11.1).
#include <string>

#include "base/result.hpp"
#include "registry/registry.hpp"
#include "registry/sql/connection.hpp"

namespace safetynet::registry {

class HouseholdWriter {
 public:
  enum class Outcome { kInserted, kUpdated, kUnchanged, kRejected };

  explicit HouseholdWriter(sql::Connection& db);

  // Inserts the household, replaces it (a changed record; members re-linked) or leaves it alone (the
  // same record). A member already in another household, or listed twice, rejects the whole household
  // (`duplicate_person` naming the other household, R11.1 / `duplicate_member`), appended to `rejected`
  // with the member's file and row; nothing is written for it. Throws sql::DbError.
  Outcome put(const Incoming& in, Problems& rejected);

 private:
  sql::Stmt get_, del_members_, add_member_, owner_, upsert_;
  std::string blob_;
};

}  // namespace safetynet::registry
