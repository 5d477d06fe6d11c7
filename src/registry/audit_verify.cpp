#include "registry/audit_verify.hpp"

namespace safetynet::registry {

AuditCheck verify_audit(Casework& cw) {
  security::ChainVerifier v;
  cw.scan_audit([&](const AuditRecord& r) {
    v.feed(security::AuditEntry{r.seq, r.at, r.user, r.action, r.object, r.detail, r.prev_hash, r.hash});
  });
  const auto [seq, hash] = cw.audit_head();
  AuditCheck out;
  out.fault = security::check_head(v, seq, hash);
  out.entries = v.checked();
  out.head_hash = hash;
  return out;
}

}  // namespace safetynet::registry
