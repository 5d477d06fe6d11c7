#pragma once
// The hash chain of the audit log (docs/casework.md "Audit log"): every write appends an entry
// whose `hash` covers the previous entry's hash, so editing, deleting or reordering an entry breaks
// the chain at that point. `safetynet audit verify --db DB` feeds the stored entries to a
// `ChainVerifier` and reports the first `ChainFault`.
//
// Hashes are BLAKE2b-256 (libsodium `crypto_generichash`, 32-byte output, no key) written as 64
// lowercase hex characters. The input is an unambiguous encoding of the seven fields, in this
// order: prev_hash, seq, at, user, action, object, detail. Each field is written as its length in
// bytes (an 8-byte big-endian unsigned integer) followed by its bytes; `seq` is written as its
// decimal text ("1", "42"), every other field as its stored UTF-8 text (prev_hash as its 64 hex
// characters). The length prefixes are what make ("ab", "c") and ("a", "bc") hash differently. In
// Python:
//   import hashlib
//   def chain_hash(prev_hash, seq, at, user, action, obj, detail):
//       fields = [prev_hash, str(seq), at, user, action, obj, detail]
//       data = b"".join(len(b).to_bytes(8, "big") + b for b in (f.encode() for f in fields))
//       return hashlib.blake2b(data, digest_size=32).hexdigest()
//
// What the chain alone cannot show: that entries were removed from the END (the shortened log is
// still a valid chain), or that the whole tail was rewritten with recomputed hashes. So the
// registry also keeps the head, the last entry's (seq, hash), updated in the same transaction as
// each append, and the caller checks it with `check_head` after feeding every entry. An attacker
// who can rewrite both the log and the head is out of reach of any unkeyed chain; this catches
// edits made outside `safetynet`.
//
// Values and a single-owner verifier: `chain_hash` is thread-safe; a `ChainVerifier` is
// thread-compatible (one thread feeds it). Messages are Chinese; `seq` numbers are 1-based.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet::security {

// One audit log entry as stored (docs/casework.md "Audit log").
struct AuditEntry {
  std::int64_t seq = 0;   // 1, 2, 3, … with no gaps, in order of writing
  std::string at;         // ISO 8601 UTC time of the write, e.g. "2026-11-29T12:00:00Z"
  std::string user;       // login name of who wrote, "" for the system
  std::string action;     // what was done, e.g. "approve", "user_add", "login_failed"
  std::string object;     // what it was done to, e.g. a case or user id
  std::string detail;     // free text or JSON, UTF-8
  std::string prev_hash;  // `hash` of entry seq - 1; `kGenesis` for seq 1
  std::string hash;       // chain_hash(*this), 64 lowercase hex characters
};

// The prev_hash of the first entry (seq 1): 64 '0' characters. Also the head hash of an empty log.
inline constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";
static_assert(kGenesis.size() == 64);

// The hash `e.hash` must hold: hex BLAKE2b-256 over the encoding described above of e.prev_hash,
// e.seq, e.at, e.user, e.action, e.object, e.detail (`e.hash` itself is not read). 64 lowercase hex
// characters. Example: prev_hash kGenesis, seq 1, at "2026-11-29T12:00:00Z", user "wang.fang",
// action "approve", object "case:450102-2026-0001", detail "批准，月发 650.00 元" give
// "d4349efd72f7faf1171d6b0cd7b19d5471dcb91404d04370f58fd3aedca65e67".
// Throws only what `ensure_sodium` throws.
std::string chain_hash(const AuditEntry& e);

// The first break found in a chain.
struct ChainFault {
  // The entry concerned: edited → that entry; deleted → the first missing seq; reordered → the
  // entry out of place; bad_genesis → the first entry fed; appended (check_head only) → the first
  // entry after the recorded head.
  std::int64_t seq = 0;
  std::string code;     // "edited" | "deleted" | "reordered" | "bad_genesis" | "appended"
  std::string message;  // Chinese, naming the seq numbers, e.g. "第 2 条之后缺少第 3 条"
};

// Checks a chain entry by entry without holding it in memory. Feed the entries in the order they
// are stored (ORDER BY seq, or storage order to also catch rows moved about), then read `fault()`:
//   - bad_genesis: the first entry's seq is not 1, or its prev_hash is not `kGenesis`;
//   - reordered:   a seq not greater than the one before it (moved or duplicated), or a gap that
//                  the very next entry fills (seq 1, 3, 2: entries 2 and 3 were swapped);
//   - deleted:     a gap in seq ("第 2 条之后缺少第 3 条");
//   - edited:      an entry whose `hash` is not chain_hash(entry) (edited, naming its seq), or
//                  whose prev_hash is not the previous entry's hash while seq is contiguous: the
//                  previous entry was edited and its hash recomputed (naming the previous seq).
// Checks run in that order, so a gap is reported as `deleted` rather than as the broken link it
// also causes. Only the first fault is kept, and entries fed after it are not checked, with one
// exception: a `deleted` fault becomes `reordered` if the next entry fed has a seq inside the gap.
// So read `fault()` after the last feed. The chain alone cannot show entries deleted from the end:
// see `check_head`.
class ChainVerifier {
 public:
  // Checks `e` against the entries fed before it.
  void feed(const AuditEntry& e);

  // The first fault, or nullopt while the entries fed so far form a valid chain from seq 1.
  std::optional<ChainFault> fault() const { return fault_; }

  // How many entries were found sound before the first fault (all fed entries when there is none).
  std::int64_t checked() const { return checked_; }

  // seq and hash of the last sound entry: (0, kGenesis) before any. With no fault these are the
  // head of the chain, to compare with the registry's (what `check_head` does).
  std::int64_t last_seq() const { return last_seq_; }
  const std::string& last_hash() const { return last_hash_; }

 private:
  std::optional<ChainFault> fault_;
  // True while `fault_` is a `deleted` fault that the next entry may turn into `reordered`.
  bool gap_open_ = false;
  // When `gap_open_`: the seq that jumped the gap (last_seq_ + 1 … gap_end_ - 1 are missing).
  std::int64_t gap_end_ = 0;
  std::int64_t checked_ = 0;
  std::int64_t last_seq_ = 0;        // invariant: 0 iff checked_ == 0
  std::string last_hash_{kGenesis};  // hash of entry last_seq_, kGenesis before any
};

// Completes a verification with the head the registry keeps separately (the last entry's seq and
// hash; (0, kGenesis) for an empty log). Call after feeding every entry. Returns, in this order:
//   - the verifier's own fault, if any;
//   - `deleted` (seq = first missing) when the log ends before `expected_last_seq`: entries were
//     cut off the end;
//   - `appended` (seq = expected_last_seq + 1) when the log goes on past `expected_last_seq`:
//     entries were added outside `safetynet`, or the head was turned back;
//   - `edited` (seq = the last entry) when the seqs agree but the last hash is not
//     `expected_last_hash`: some entry was edited and every later hash recomputed (not compared for
//     an empty log);
//   - nullopt when the log and its head agree.
// `expected_last_seq` must be >= 0 (asserted: it comes from our own registry).
std::optional<ChainFault> check_head(const ChainVerifier& verifier, std::int64_t expected_last_seq,
                                     std::string_view expected_last_hash);

}  // namespace safetynet::security
