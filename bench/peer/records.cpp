#include "records.hpp"

#include <stdexcept>
#include <string>

#include "registry/record_codec.hpp"

namespace safetynet::peer {

std::int64_t scan_records(Db& db, const std::function<void(std::int64_t, const safetynet::model::Household&)>& each) {
  Stmt s(db, "SELECT rowid, id, record FROM household WHERE status = 'open' ORDER BY rowid", "读取户记录");
  safetynet::model::Household h;  // reused: decode_household keeps its buffers
  std::int64_t n = 0;
  while (s.step()) {
    if (!safetynet::registry::decode_household(s.blob(2), h))
      throw std::runtime_error("户 " + std::string(s.text(1)) + " 的 record 无法解码（登记库损坏）");
    each(s.i64(0), h);
    ++n;
  }
  return n;
}

}  // namespace safetynet::peer
