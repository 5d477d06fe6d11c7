#include "verify/outcome_codec.hpp"

#include <cstdint>

#include "registry/record_codec.hpp"

namespace safetynet::verify {
namespace {

constexpr char kTag = 'V';  // a verification outcome message

// Signed values are zigzag-mapped so small negatives (a member index of -1, refunds) stay short.
void put_u(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_i(std::string& out, std::int64_t v) {
  put_u(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}
void put_s(std::string& out, std::string_view s) {
  put_u(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == b_.size(); }
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= b_.size()) return fail();
      const auto byte = static_cast<std::uint8_t>(b_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return fail();
  }
  std::int64_t i() {
    const std::uint64_t z = u();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  std::string_view view() {
    const std::uint64_t n = u();
    if (!ok_ || n > b_.size() - pos_) {
      fail();
      return {};
    }
    std::string_view s = b_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string s() { return std::string(view()); }
  std::uint64_t fail() {
    ok_ = false;
    pos_ = b_.size();
    return 0;
  }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Optional parts present, one bit each.
constexpr unsigned kAllDead = 1, kVerified = 2, kListed = 4, kAssessment = 8, kExitStarted = 16;

}  // namespace

void encode_outcomes(const std::vector<HouseholdOutcome>& outcomes, std::string& out) {
  out.clear();
  out.push_back(kTag);
  put_u(out, outcomes.size());
  std::string blob;
  for (const auto& o : outcomes) {
    put_u(out, o.index);
    put_s(out, o.household_id);
    put_u(out, o.deaths.size());
    for (const auto& d : o.deaths) {
      put_s(out, d.household_id);
      put_s(out, d.person_id);
      put_s(out, d.date);
    }
    put_u(out, o.mismatches.size());
    for (const auto& m : o.mismatches)
      for (const std::string* f : {&m.household_id, &m.member, &m.item, &m.label, &m.declared, &m.found, &m.sources})
        put_s(out, *f);
    const unsigned flags = (o.all_dead ? kAllDead : 0) | (o.verified ? kVerified : 0) | (o.listed ? kListed : 0) |
                           (o.assessment ? kAssessment : 0) |
                           (o.assessment && o.assessment->exit_started ? kExitStarted : 0);
    put_u(out, flags);
    if (o.verified) {
      registry::encode_household(*o.verified, blob);
      put_s(out, blob);
    }
    if (o.listed) {
      const auto& h = *o.listed;
      for (const std::string* f : {&h.household_id, &h.status, &h.pending, &h.before_category, &h.after_category})
        put_s(out, *f);
      put_i(out, h.mismatches);
      put_i(out, h.before_cash);
      put_i(out, h.after_cash);
    }
    if (o.assessment) {
      const auto& a = *o.assessment;
      for (const std::string* f : {&a.household_id, &a.region, &a.persons, &a.entitlements, &a.undetermined, &a.refusal})
        put_s(out, *f);
      put_i(out, a.month.index);
      put_u(out, static_cast<unsigned>(a.category));
      put_i(out, a.covered);
      put_i(out, a.monthly_cash);
      put_i(out, a.dibao_benefit);
      if (a.exit_started) put_i(out, a.exit_started->index);
    }
  }
}

bool decode_outcomes(std::string_view bytes, std::vector<HouseholdOutcome>& out) {
  if (bytes.empty() || bytes[0] != kTag) return false;
  Reader r(bytes.substr(1));
  const std::uint64_t n = r.u();
  // Each outcome takes at least 4 bytes: a count beyond the message is damage, not a reason to reserve.
  if (!r.ok() || n > bytes.size()) return false;
  std::vector<HouseholdOutcome> got(static_cast<std::size_t>(n));
  for (auto& o : got) {
    o.index = static_cast<std::uint32_t>(r.u());
    o.household_id = r.s();
    const std::uint64_t deaths = r.u();
    if (deaths > bytes.size()) return false;
    for (std::uint64_t k = 0; k < deaths && r.ok(); ++k) {
      registry::RunDeath d;
      d.household_id = r.s();
      d.person_id = r.s();
      d.date = r.s();
      o.deaths.push_back(std::move(d));
    }
    const std::uint64_t mismatches = r.u();
    if (mismatches > bytes.size()) return false;
    for (std::uint64_t k = 0; k < mismatches && r.ok(); ++k) {
      registry::RunMismatch m;
      for (std::string* f : {&m.household_id, &m.member, &m.item, &m.label, &m.declared, &m.found, &m.sources}) *f = r.s();
      o.mismatches.push_back(std::move(m));
    }
    const std::uint64_t flags = r.u();
    if (flags >= 32) return false;
    o.all_dead = flags & kAllDead;
    if (flags & kVerified) {
      o.verified.emplace();
      if (!registry::decode_household(r.view(), *o.verified)) return false;
    }
    if (flags & kListed) {
      auto& h = o.listed.emplace();
      for (std::string* f : {&h.household_id, &h.status, &h.pending, &h.before_category, &h.after_category}) *f = r.s();
      h.mismatches = static_cast<long>(r.i());
      h.before_cash = r.i();
      h.after_cash = r.i();
    }
    if (flags & kAssessment) {
      auto& a = o.assessment.emplace();
      for (std::string* f : {&a.household_id, &a.region, &a.persons, &a.entitlements, &a.undetermined, &a.refusal})
        *f = r.s();
      a.month.index = static_cast<int>(r.i());
      const std::uint64_t category = r.u();
      if (category > static_cast<unsigned>(rules::Category::kUndetermined)) return false;
      a.category = static_cast<rules::Category>(category);
      a.covered = static_cast<int>(r.i());
      a.monthly_cash = r.i();
      a.dibao_benefit = r.i();
      if (flags & kExitStarted) a.exit_started = model::Month{static_cast<int>(r.i())};
    } else if (flags & kExitStarted) {
      return false;
    }
    if (!r.ok()) return false;
  }
  if (!r.ok() || !r.done()) return false;
  for (auto& o : got) out.push_back(std::move(o));
  return true;
}

}  // namespace safetynet::verify
