#pragma once
// Checks the registry's audit log against its hash chain and its separately kept head (docs/casework.md
// "Audit log"; security/audit_chain.hpp): used by `safetynet audit verify` and GET /api/audit/verify.
#include <cstdint>
#include <optional>
#include <string>

#include "registry/casework.hpp"
#include "security/audit_chain.hpp"

namespace safetynet::registry {

struct AuditCheck {
  std::int64_t entries = 0;                  // entries found sound before the first fault (all, when none)
  std::string head_hash;                     // the head the registry keeps
  std::optional<security::ChainFault> fault;  // the first edited, deleted, reordered or appended entry
};

// Reads every entry in seq order. Throws sql::DbError.
AuditCheck verify_audit(Casework& cw);

}  // namespace safetynet::registry
