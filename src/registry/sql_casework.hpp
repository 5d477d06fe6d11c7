#pragma once
// The one implementation of Casework (casework.hpp), over the registry's connection.
#include "registry/casework.hpp"
#include "registry/sql/connection.hpp"

namespace safetynet::registry {

class SqlCasework final : public Casework {
 public:
  explicit SqlCasework(sql::Connection& db);

  void in_transaction(const std::function<void()>& body) override;
  Result<std::int64_t> add_user(const std::string& name, const std::string& role, const std::string& region,
                                const std::string& password_hash) override;
  std::optional<UserRecord> find_user(const std::string& name) override;
  std::vector<UserRecord> list_users() override;
  bool set_user_active(const std::string& name, bool active) override;
  std::optional<UserRecord> user_by_id(std::int64_t id) override;
  void put_session(const std::string& token_digest, std::int64_t user_id, const std::string& csrf,
                   std::int64_t expires_at) override;
  std::optional<Session> session(const std::string& token_digest, std::int64_t now) override;
  void drop_session(const std::string& token_digest) override;
  Problems put_household(const Incoming& in) override;
  std::int64_t insert_case(const CaseRecord& c, const CaseStep& first) override;
  std::optional<CaseRecord> get_case(std::int64_t id) override;
  std::optional<CaseRecord> open_case_of(const std::string& household_id) override;
  std::vector<CaseRecord> list_cases(const CaseQuery& q) override;
  long count_cases(const CaseQuery& q) override;
  bool update_case(const CaseRecord& c, const CaseStep& step) override;
  std::vector<CaseStep> steps(std::int64_t case_id) override;
  void open_referrals(std::int64_t case_id, const std::vector<std::string>& lines, const std::string& on_date) override;
  std::vector<ReferralRecord> referrals_of(std::int64_t case_id) override;
  std::vector<ReferralRecord> referrals(const std::vector<std::string>& lines, const std::string& region,
                                        const std::string& state, int limit) override;
  bool close_referral(std::int64_t case_id, const std::string& line, const std::string& user, const std::string& at,
                      const std::string& note) override;
  model::Fen case_by_case_granted_locked(const std::string& household_id, int year) override;
  void add_case_by_case_granted(const std::string& household_id, int year, model::Fen amount) override;
  void append_audit(const std::string& at, const std::string& user, const std::string& action,
                    const std::string& object, const std::string& detail) override;
  void scan_audit(const std::function<void(const AuditRecord&)>& visit) override;
  std::pair<std::int64_t, std::string> audit_head() override;

 private:
  void add_step(std::int64_t case_id, const CaseStep& st);
  void flush_audit_head();

  sql::Connection& db_;
  // The audit chain's head while a transaction runs (read under lock once, written back before commit).
  struct Head {
    std::int64_t seq;
    std::string hash;
    bool dirty;
  };
  std::optional<Head> head_;
  bool in_tx_ = false;
};

}  // namespace safetynet::registry
