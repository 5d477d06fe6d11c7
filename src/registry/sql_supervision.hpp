#pragma once
// The one implementation of Supervision (supervision.hpp, SPEC R12.2), over the registry's connection.
#include "registry/sql/connection.hpp"
#include "registry/supervision.hpp"

namespace safetynet::registry {

class SqlSupervision final : public Supervision {
 public:
  explicit SqlSupervision(sql::Connection& db) : db_(db) {}

  Result<ErrorRecord> record_error(const NewError& e, model::Date today) override;
  Result<RecoveryRecord> record_recovery(const NewRecovery& r, model::Date today) override;
  std::optional<ErrorRecord> error(std::int64_t id) override;
  std::vector<ErrorRecord> errors(std::optional<int> year, const std::string& region) override;
  std::vector<RecoveryRecord> recoveries(std::int64_t error_id) override;
  ToleranceReport tolerance_report(int year, model::Date as_of, params::Decimal tolerance,
                                   const std::string& region) override;

 private:
  sql::Connection& db_;
};

}  // namespace safetynet::registry
