#include "registry/household_writer.hpp"

#include <cstdio>
#include <tuple>

#include "registry/record_codec.hpp"

namespace safetynet::registry {
namespace {

// Detects an unchanged re-import without decoding the stored record.
std::string fnv_hex(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

HouseholdWriter::HouseholdWriter(sql::Connection& db)
    : get_(db.prepare("SELECT record FROM household WHERE id = ?")),
      // A closed membership (a death) stays with its household through later declarations.
      del_members_(db.prepare("DELETE FROM member WHERE household_id = ? AND left_on IS NULL")),
      add_member_(db.prepare("INSERT INTO member(person_id, household_id, name) VALUES(?, ?, ?) "
                             "ON CONFLICT(person_id) DO NOTHING")),
      owner_(db.prepare("SELECT household_id FROM member WHERE person_id = ?")),
      upsert_(db.prepare(
          "INSERT INTO household(id, region, county, street, head_name, head_id, persons, record, record_hash, "
          "source) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET region=excluded.region, "
          "county=excluded.county, street=excluded.street, head_name=excluded.head_name, "
          "head_id=excluded.head_id, persons=excluded.persons, record=excluded.record, "
          "record_hash=excluded.record_hash, source=excluded.source, status='open', verified=NULL, "
          "verified_month=NULL, "
          "updated_at=CURRENT_TIMESTAMP")) {}

HouseholdWriter::Outcome HouseholdWriter::put(const Incoming& in, Problems& rejected) {
  const auto& h = in.household;
  encode_household(h, blob_);
  get_.bind(1, h.id);
  bool exists = false, same = false;
  if (get_.step()) {
    exists = true;
    same = get_.blob(0) == blob_;
  }
  get_.reset();
  if (same) return Outcome::kUnchanged;
  // A person may be in only one household (R11.1): check every member before writing anything, so a
  // rejected household leaves no trace and no savepoint (statement journal) is needed.
  for (std::size_t i = 0; i < h.members.size(); ++i) {
    const auto& m = h.members[i];
    // Callers validate first; a record listing one person twice is still refused, not thrown.
    for (std::size_t j = 0; j < i; ++j)
      if (h.members[j].id == m.id) {
        Problem p = make_problem("duplicate_member", "members[" + std::to_string(i) + "].id", m.id,
                                 "同一人在本户中出现两次");
        p.file = in.file;
        p.row = in.row;
        rejected.push_back(std::move(p));
        return Outcome::kRejected;
      }
    owner_.bind(1, m.id);
    std::string other = owner_.step() ? std::string(owner_.text(0)) : "";
    owner_.reset();
    if (other.empty() || other == h.id) continue;
    Problem p = make_problem("duplicate_person", "members[" + std::to_string(i) + "].id", m.id,
                             "此人已是另一户（" + other + "）的成员，一人只能属于一个家庭（R11.1）");
    p.file = in.file;
    p.row = in.row;
    if (i < in.member_rows.size()) std::tie(p.file, p.row) = in.member_rows[i];
    rejected.push_back(std::move(p));
    return Outcome::kRejected;
  }
  if (exists) del_members_.bind(1, h.id).run();
  const model::Member* head = &h.members.front();
  for (const auto& m : h.members)
    if (m.relation == model::Relation::kHead) head = &m;
  upsert_.bind(1, h.id).bind(2, h.region).bind(3, h.region.substr(0, 6));
  upsert_.bind(4, h.region.size() >= 9 ? h.region.substr(0, 9) : std::string());
  upsert_.bind(5, head->name).bind(6, head->id).bind(7, static_cast<std::int64_t>(h.members.size()));
  upsert_.bind_blob(8, blob_).bind(9, fnv_hex(blob_)).bind(10, in.file);
  upsert_.run();
  for (const auto& m : h.members) add_member_.bind(1, m.id).bind(2, h.id).bind(3, m.name).run();
  return exists ? Outcome::kUpdated : Outcome::kInserted;
}

}  // namespace safetynet::registry
