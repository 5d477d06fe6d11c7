#include "security/audit_chain.hpp"

#include <sodium.h>

#include <cassert>
#include <cstddef>

#include "security/sodium_init.hpp"

namespace safetynet::security {
namespace {

std::string num(std::int64_t n) { return std::to_string(n); }

ChainFault make_fault(std::int64_t seq, std::string code, std::string message) {
  return ChainFault{seq, std::move(code), std::move(message)};
}

// Adds one length-prefixed field to the running hash: 8-byte big-endian length, then the bytes.
void absorb(crypto_generichash_state& st, std::string_view field) {
  unsigned char len[8];
  std::uint64_t n = field.size();
  for (int i = 7; i >= 0; --i) {
    len[i] = static_cast<unsigned char>(n & 0xFF);
    n >>= 8;
  }
  crypto_generichash_update(&st, len, sizeof len);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

}  // namespace

std::string chain_hash(const AuditEntry& e) {
  ensure_sodium();
  constexpr std::size_t kBytes = 32;
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, kBytes);
  absorb(st, e.prev_hash);
  absorb(st, std::to_string(e.seq));
  absorb(st, e.at);
  absorb(st, e.user);
  absorb(st, e.action);
  absorb(st, e.object);
  absorb(st, e.detail);
  unsigned char out[kBytes];
  crypto_generichash_final(&st, out, sizeof out);
  std::string hex(kBytes * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), out, sizeof out);
  hex.pop_back();
  return hex;
}

void ChainVerifier::feed(const AuditEntry& e) {
  if (fault_) {
    // Only a gap can still be revised, and only by the entry right after it: 1, 3, 2 is a swap.
    if (gap_open_ && e.seq > last_seq_ && e.seq < gap_end_) {
      fault_ =
          make_fault(e.seq, "reordered",
                     "第 " + num(e.seq) + " 条排在第 " + num(gap_end_) + " 条之后，顺序被调换");
    }
    gap_open_ = false;
    return;
  }

  if (checked_ == 0) {
    if (e.seq != 1) {
      fault_ = make_fault(e.seq, "bad_genesis",
                          "第一条记录的序号是 " + num(e.seq) + " 而不是 1，开头的记录可能被删除");
      return;
    }
    if (e.prev_hash != kGenesis) {
      fault_ =
          make_fault(e.seq, "bad_genesis", "第 1 条的前一条哈希不是起始值（64 个 0），链头被改动");
      return;
    }
  } else if (e.seq <= last_seq_) {
    fault_ = make_fault(e.seq, "reordered",
                        e.seq == last_seq_ ? "第 " + num(e.seq) + " 条重复出现"
                                           : "第 " + num(e.seq) + " 条出现在第 " + num(last_seq_) +
                                                 " 条之后，顺序被打乱");
    return;
  } else if (e.seq > last_seq_ + 1) {
    std::string message = "第 " + num(last_seq_) + " 条之后缺少第 " + num(last_seq_ + 1) + " 条";
    if (e.seq > last_seq_ + 2) {
      message += "（至第 " + num(e.seq - 1) + " 条，共 " + num(e.seq - last_seq_ - 1) + " 条）";
    }
    fault_ = make_fault(last_seq_ + 1, "deleted", std::move(message));
    gap_open_ = true;
    gap_end_ = e.seq;
    return;
  }

  // The entry's own hash first: when it is wrong, this entry is the one edited, link or not.
  if (e.hash != chain_hash(e)) {
    fault_ =
        make_fault(e.seq, "edited", "第 " + num(e.seq) + " 条的内容与其哈希不符，记录后被改动");
    return;
  }
  // seq is contiguous here, so a broken link means the previous entry changed after this one was
  // written, and whoever changed it recomputed its hash (else it would have failed just above).
  if (checked_ > 0 && e.prev_hash != last_hash_) {
    fault_ = make_fault(last_seq_, "edited",
                        "第 " + num(last_seq_) + " 条在记录后被改动：第 " + num(e.seq) +
                            " 条记下的前一条哈希与它现在的哈希不符");
    return;
  }

  ++checked_;
  last_seq_ = e.seq;
  last_hash_ = e.hash;
}

std::optional<ChainFault> check_head(const ChainVerifier& verifier, std::int64_t expected_last_seq,
                                     std::string_view expected_last_hash) {
  assert(expected_last_seq >= 0 && "the registry's head seq is never negative");
  if (auto f = verifier.fault()) return f;

  const std::int64_t last = verifier.last_seq();
  const std::string head = "登记簿记下的最后一条是第 " + num(expected_last_seq) + " 条";
  if (last < expected_last_seq) {
    std::string message = last == 0 ? "审计日志是空的，缺少第 1 条"
                                    : "第 " + num(last) + " 条之后缺少第 " + num(last + 1) + " 条";
    return make_fault(last + 1, "deleted", message + "（" + head + "），末尾的记录被删除");
  }
  if (last > expected_last_seq) {
    return make_fault(expected_last_seq + 1, "appended",
                      "日志共有 " + num(last) + " 条，而" + head + "：第 " +
                          num(expected_last_seq + 1) +
                          " 条起不是经本系统写入的（或登记簿的链头被改回）");
  }
  if (last > 0 && verifier.last_hash() != expected_last_hash) {
    return make_fault(last, "edited",
                      "第 " + num(last) +
                          " 条的哈希与登记簿记下的不符：它或它之前的记录被改动，"
                          "并重算了之后的哈希");
  }
  return std::nullopt;
}

}  // namespace safetynet::security
