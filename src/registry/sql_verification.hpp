#pragma once
// The one implementation of Verification (verification.hpp), over the registry's connection.
#include <functional>

#include "registry/sql/connection.hpp"
#include "registry/verification.hpp"

namespace safetynet::registry {

class SqlVerification final : public Verification {
 public:
  using DeclaredScan = std::function<void(const std::function<bool(model::Household&)>&, model::Month)>;
  // `registry` stores the changed assessments inside a run's transaction; `declared` scans the
  // declared records (the registry's own scan, which merges history).
  SqlVerification(sql::Connection& db, Registry& registry, DeclaredScan declared)
      : db_(db), registry_(registry), declared_(std::move(declared)) {}

  std::unique_ptr<LoadSession> begin_load() override;
  std::optional<FeedLoadRecord> find_load(const std::string& source, const std::string& file_hash) override;
  std::vector<FeedLoadRecord> loads() override;
  Problems load_rejections(std::int64_t load_id) override;
  void scan_facts(const std::vector<std::int64_t>& load_ids,
                  const std::function<void(std::int64_t, const StoredFact*, std::size_t)>& visit) override;
  std::pair<std::string, std::string> text_of(std::int64_t load_id, std::int64_t person) override;
  void scan_members(const std::function<void(const MemberLink&)>& visit) override;
  void scan_declared(const std::function<bool(model::Household&)>& visit, model::Month before) override {
    declared_(visit, before);
  }
  RunSummary store_run(const RunRecord& r) override;
  std::optional<RunSummary> latest_run() override;
  std::vector<RunIssue> open_issues(const std::string& region) override;
  std::optional<RunHousehold> household_result(const std::string& household_id) override;
  std::vector<RunMismatch> mismatches_of(const std::string& household_id) override;
  std::vector<RunCandidate> candidates(const std::string& region) override;

 private:
  sql::Connection& db_;
  Registry& registry_;
  DeclaredScan declared_;
};

}  // namespace safetynet::registry
