// Tests for security/audit_chain.hpp: the hash of one entry (a known answer computed in Python, so
// other tools can recompute it), and the verifier's verdict on a 5-entry chain after each kind of
// tampering (docs/casework.md "Audit log").
#include "security/audit_chain.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace safetynet::security {

// Shows a fault as "{edited 3: 第 3 条…}" in failure messages instead of raw bytes.
inline void PrintTo(const ChainFault& f, std::ostream* os) {
  *os << "{" << f.code << " " << f.seq << ": " << f.message << "}";
}

namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// A well-formed log of `n` entries, each hashed and linked as `safetynet` writes them.
std::vector<AuditEntry> make_chain(int n) {
  std::vector<AuditEntry> log;
  std::string prev(kGenesis);
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.seq = i;
    e.at = "2026-11-29T12:0" + std::to_string(i) + ":00Z";
    e.user = i % 2 ? "wang.fang" : "li.ming";
    e.action = "transition";
    e.object = "case:450102-2026-000" + std::to_string(i);
    e.detail = "第 " + std::to_string(i) + " 步：审核通过";
    e.prev_hash = prev;
    e.hash = chain_hash(e);
    prev = e.hash;
    log.push_back(std::move(e));
  }
  return log;
}

// Recomputes every hash and link from `from` (0-based) on, as a forger who knows the scheme would.
void rehash_from(std::vector<AuditEntry>& log, std::size_t from) {
  for (std::size_t i = from; i < log.size(); ++i) {
    log[i].prev_hash = i == 0 ? std::string(kGenesis) : log[i - 1].hash;
    log[i].hash = chain_hash(log[i]);
  }
}

ChainVerifier verify(const std::vector<AuditEntry>& log) {
  ChainVerifier v;
  for (const AuditEntry& e : log) v.feed(e);
  return v;
}

TEST(ChainHash, KnownAnswer) {
  // Python: see audit_chain.hpp (length-prefixed fields, 8-byte big-endian lengths, BLAKE2b-256).
  AuditEntry e;
  e.seq = 1;
  e.at = "2026-11-29T12:00:00Z";
  e.user = "wang.fang";
  e.action = "approve";
  e.object = "case:450102-2026-0001";
  e.detail = "批准，月发 650.00 元";
  e.prev_hash = std::string(kGenesis);
  EXPECT_EQ(chain_hash(e), "d4349efd72f7faf1171d6b0cd7b19d5471dcb91404d04370f58fd3aedca65e67");
  // The stored hash itself is not part of the input.
  e.hash = "anything";
  EXPECT_EQ(chain_hash(e), "d4349efd72f7faf1171d6b0cd7b19d5471dcb91404d04370f58fd3aedca65e67");
}

TEST(ChainHash, FieldBoundariesAreUnambiguous) {
  AuditEntry a = make_chain(1)[0];
  AuditEntry b = a;
  a.action = "ab";
  a.object = "c";
  b.action = "a";
  b.object = "bc";
  EXPECT_NE(chain_hash(a), chain_hash(b));
  // The same across seq and the next field: seq 1, at "2…" vs seq 12, at "…".
  AuditEntry c = a;
  AuditEntry d = a;
  c.seq = 1;
  c.at = "2x";
  d.seq = 12;
  d.at = "x";
  EXPECT_NE(chain_hash(c), chain_hash(d));
  // Moving a character between user and detail (not neighbours) changes it too.
  AuditEntry f = a;
  f.user += "!";
  AuditEntry g = a;
  g.detail = "!" + g.detail;
  EXPECT_NE(chain_hash(f), chain_hash(g));
  EXPECT_THAT(chain_hash(a), MatchesRegex("[0-9a-f]{64}"));
}

TEST(ChainVerifier, AValidChainVerifies) {
  const std::vector<AuditEntry> log = make_chain(5);
  ChainVerifier v = verify(log);
  EXPECT_EQ(v.fault(), std::nullopt);
  EXPECT_EQ(v.checked(), 5);
  EXPECT_EQ(v.last_seq(), 5);
  EXPECT_EQ(v.last_hash(), log[4].hash);
  EXPECT_EQ(check_head(v, 5, log[4].hash), std::nullopt);
}

TEST(ChainVerifier, AnEmptyLogMatchesAnEmptyHead) {
  ChainVerifier v;
  EXPECT_EQ(v.fault(), std::nullopt);
  EXPECT_EQ(v.checked(), 0);
  EXPECT_EQ(check_head(v, 0, kGenesis), std::nullopt);
}

TEST(ChainVerifier, EditedDetailIsNamedBySeq) {
  std::vector<AuditEntry> log = make_chain(5);
  log[2].detail = "第 3 步：审核通过，月发 9999.00 元";
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "edited");
  EXPECT_EQ(v.fault()->seq, 3);
  EXPECT_THAT(v.fault()->message, HasSubstr("第 3 条"));
  EXPECT_EQ(v.checked(), 2);
}

TEST(ChainVerifier, EditedAndRehashedEntryIsFoundByTheNextLink) {
  std::vector<AuditEntry> log = make_chain(5);
  log[2].detail = "改过";
  log[2].hash = chain_hash(log[2]);  // the forger recomputes entry 3's hash, but not entry 4's link
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "edited");
  EXPECT_EQ(v.fault()->seq, 3);
  EXPECT_THAT(v.fault()->message, HasSubstr("第 3 条在记录后被改动"));
}

TEST(ChainVerifier, DeletedMiddleEntryIsAGap) {
  std::vector<AuditEntry> log = make_chain(5);
  log.erase(log.begin() + 2);  // seq 3
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "deleted");
  EXPECT_EQ(v.fault()->seq, 3);
  EXPECT_EQ(v.fault()->message, "第 2 条之后缺少第 3 条");
  EXPECT_EQ(v.checked(), 2);
}

TEST(ChainVerifier, SeveralDeletedEntriesAreCounted) {
  std::vector<AuditEntry> log = make_chain(5);
  log.erase(log.begin() + 1, log.begin() + 4);  // seq 2, 3, 4
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "deleted");
  EXPECT_EQ(v.fault()->seq, 2);
  EXPECT_EQ(v.fault()->message, "第 1 条之后缺少第 2 条（至第 4 条，共 3 条）");
}

TEST(ChainVerifier, DeletedAndRenumberedEntryIsAnEdit) {
  std::vector<AuditEntry> log = make_chain(5);
  log.erase(log.begin() + 2);
  for (std::size_t i = 2; i < log.size(); ++i) log[i].seq -= 1;  // close the gap by renumbering
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "edited");
  EXPECT_EQ(v.fault()->seq, 3);
}

TEST(ChainVerifier, SwappedRowsInStorageOrderAreReordered) {
  std::vector<AuditEntry> log = make_chain(5);
  std::swap(log[1], log[2]);  // fed as 1, 3, 2, 4, 5
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "reordered");
  EXPECT_EQ(v.fault()->seq, 2);
  EXPECT_EQ(v.fault()->message, "第 2 条排在第 3 条之后，顺序被调换");
  EXPECT_EQ(v.checked(), 1);
}

TEST(ChainVerifier, SwappedContentsUnderKeptSeqsAreAnEdit) {
  // The rows keep seq 1…5 but entries 2 and 3 trade everything else: read in seq order, the entry
  // at seq 2 no longer hashes to its own hash.
  std::vector<AuditEntry> log = make_chain(5);
  std::swap(log[1], log[2]);
  log[1].seq = 2;
  log[2].seq = 3;
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "edited");
  EXPECT_EQ(v.fault()->seq, 2);
}

TEST(ChainVerifier, SeqGoingBackOrRepeatedIsReordered) {
  std::vector<AuditEntry> log = make_chain(5);
  std::vector<AuditEntry> back = {log[0], log[1], log[2], log[1]};
  ChainVerifier v = verify(back);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "reordered");
  EXPECT_EQ(v.fault()->seq, 2);
  EXPECT_EQ(v.fault()->message, "第 2 条出现在第 3 条之后，顺序被打乱");

  std::vector<AuditEntry> twice = {log[0], log[1], log[1]};
  ChainVerifier w = verify(twice);
  ASSERT_TRUE(w.fault().has_value());
  EXPECT_EQ(w.fault()->code, "reordered");
  EXPECT_EQ(w.fault()->message, "第 2 条重复出现");
}

TEST(ChainVerifier, FirstPrevHashNotGenesisIsBadGenesis) {
  std::vector<AuditEntry> log = make_chain(5);
  log[0].prev_hash = std::string(63, '0') + "1";
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "bad_genesis");
  EXPECT_EQ(v.fault()->seq, 1);
  EXPECT_EQ(v.checked(), 0);

  // Even when the forger rehashes the whole chain to match.
  log[0].hash = chain_hash(log[0]);
  rehash_from(log, 1);
  ChainVerifier w = verify(log);
  ASSERT_TRUE(w.fault().has_value());
  EXPECT_EQ(w.fault()->code, "bad_genesis");
}

TEST(ChainVerifier, FirstSeqNotOneIsBadGenesis) {
  std::vector<AuditEntry> log = make_chain(5);
  log.erase(log.begin());
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->code, "bad_genesis");
  EXPECT_EQ(v.fault()->seq, 2);
  EXPECT_THAT(v.fault()->message, HasSubstr("序号是 2 而不是 1"));
}

TEST(ChainVerifier, OnlyTheFirstFaultIsKept) {
  std::vector<AuditEntry> log = make_chain(5);
  log[1].detail = "改过";    // seq 2
  log[3].detail = "也改过";  // seq 4
  ChainVerifier v = verify(log);
  ASSERT_TRUE(v.fault().has_value());
  EXPECT_EQ(v.fault()->seq, 2);
  EXPECT_EQ(v.checked(), 1);
}

TEST(CheckHead, DeletedLastEntryIsFoundOnlyByTheHead) {
  std::vector<AuditEntry> log = make_chain(5);
  const std::string head_hash = log[4].hash;
  log.pop_back();
  ChainVerifier v = verify(log);
  EXPECT_EQ(v.fault(), std::nullopt);  // the shortened chain is still valid on its own
  std::optional<ChainFault> f = check_head(v, 5, head_hash);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->code, "deleted");
  EXPECT_EQ(f->seq, 5);
  EXPECT_THAT(f->message, HasSubstr("第 4 条之后缺少第 5 条"));
}

TEST(CheckHead, EveryEntryDeletedIsFound) {
  const std::vector<AuditEntry> log = make_chain(2);
  std::optional<ChainFault> f = check_head(ChainVerifier{}, 2, log[1].hash);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->code, "deleted");
  EXPECT_EQ(f->seq, 1);
}

TEST(CheckHead, RewrittenTailIsFoundByTheHeadHash) {
  std::vector<AuditEntry> log = make_chain(5);
  const std::string head_hash = log[4].hash;
  log[2].detail = "改过";
  rehash_from(log, 2);  // entries 3, 4, 5 rehashed and relinked: a valid chain again
  ChainVerifier v = verify(log);
  EXPECT_EQ(v.fault(), std::nullopt);
  std::optional<ChainFault> f = check_head(v, 5, head_hash);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->code, "edited");
  EXPECT_EQ(f->seq, 5);
}

TEST(CheckHead, EntriesBeyondTheHeadAreAppended) {
  const std::vector<AuditEntry> log = make_chain(5);
  ChainVerifier v = verify(log);
  std::optional<ChainFault> f = check_head(v, 4, log[3].hash);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->code, "appended");
  EXPECT_EQ(f->seq, 5);
}

TEST(CheckHead, TheChainsOwnFaultComesFirst) {
  std::vector<AuditEntry> log = make_chain(5);
  const std::string head_hash = log[4].hash;
  log[2].detail = "改过";
  ChainVerifier v = verify(log);
  std::optional<ChainFault> f = check_head(v, 5, head_hash);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->code, "edited");
  EXPECT_EQ(f->seq, 3);
}

}  // namespace
}  // namespace safetynet::security
