#include "registry/record_codec.hpp"

#include <cstdint>
#include <cstring>

namespace safetynet::registry {
namespace {

constexpr std::uint8_t kVersion = 1;

void put_u(std::string& o, std::uint64_t v) {
  while (v >= 0x80) {
    o.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  o.push_back(static_cast<char>(v));
}
void put_i(std::string& o, std::int64_t v) { put_u(o, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
void put_s(std::string& o, std::string_view s) {
  put_u(o, s.size());
  o.append(s);
}
void put_date(std::string& o, const model::Date& d) {
  put_u(o, static_cast<std::uint64_t>(d.year) * 512 + static_cast<std::uint64_t>(d.month) * 32 + static_cast<std::uint64_t>(d.day));
}
void put_double(std::string& o, double v) {
  char b[8];
  std::memcpy(b, &v, 8);
  o.append(b, 8);
}
// Optional enums are stored +1 so that 0 means absent.
template <typename E>
void put_opt(std::string& o, const std::optional<E>& e) {
  put_u(o, e ? static_cast<std::uint64_t>(*e) + 1 : 0);
}

struct Reader {
  std::string_view s;
  std::size_t pos = 0;
  bool ok = true;
  std::uint64_t u() {
    // Most fields (kinds, flags, member indices) are one byte: answer those without the loop (the
    // simulation decodes ten million records, and this is its hottest line).
    if (pos < s.size() && static_cast<std::uint8_t>(s[pos]) < 0x80) return static_cast<std::uint8_t>(s[pos++]);
    std::uint64_t v = 0;
    int shift = 0;
    while (true) {
      if (pos >= s.size() || shift > 63) {
        ok = false;
        return 0;
      }
      auto b = static_cast<std::uint8_t>(s[pos++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
      shift += 7;
    }
  }
  std::int64_t i() {
    std::uint64_t z = u();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  void str(std::string& out) {
    std::uint64_t n = u();
    if (pos + n > s.size()) {
      ok = false;
      return;
    }
    out.assign(s.data() + pos, n);
    pos += n;
  }
  model::Date date() {
    std::uint64_t v = u();
    return model::Date{static_cast<int>(v / 512), static_cast<int>((v / 32) % 16), static_cast<int>(v % 32)};
  }
  double dbl() {
    if (pos + 8 > s.size()) {
      ok = false;
      return 0;
    }
    double v;
    std::memcpy(&v, s.data() + pos, 8);
    pos += 8;
    return v;
  }
  template <typename E>
  std::optional<E> opt() {
    std::uint64_t v = u();
    if (v == 0) return std::nullopt;
    return static_cast<E>(v - 1);
  }
};

}  // namespace

void encode_household(const model::Household& h, std::string& o) {
  o.clear();
  o.push_back(static_cast<char>(kVersion));
  put_s(o, h.id);
  put_s(o, h.region);
  put_u(o, static_cast<std::uint64_t>(h.residence));
  put_u(o, h.urban_years ? 1 : 0);
  if (h.urban_years) put_double(o, *h.urban_years);
  put_u(o, h.residence_permit);
  put_opt(o, h.lacks_labour_cause);
  put_u(o, h.members.size());
  for (const auto& m : h.members) {
    put_s(o, m.id);
    put_s(o, m.name);
    put_u(o, static_cast<std::uint64_t>(m.relation));
    put_u(o, static_cast<std::uint64_t>(m.sex));
    put_date(o, m.birth_date);
    put_opt(o, m.employment);
    put_u(o, m.disability ? static_cast<std::uint64_t>(m.disability->grade) * 16 + static_cast<std::uint64_t>(m.disability->type) + 1 : 0);
    put_opt(o, m.self_care);
    put_u(o, (m.serious_illness ? 1u : 0u) | (m.community_correction ? 2u : 0u) | (m.boarding ? 4u : 0u) |
                 (m.university_freshman ? 8u : 0u) | (m.insurance.medical ? 16u : 0u) |
                 (m.insurance.critical_illness ? 32u : 0u) | (m.insurance.pension ? 64u : 0u));
    put_opt(o, m.orphan);
    put_opt(o, m.legal_supporters);
    put_opt(o, m.supported_by);
    put_opt(o, m.school);
    put_u(o, m.medical_self_paid.size());
    for (const auto& r : m.medical_self_paid) {
      put_u(o, static_cast<std::uint64_t>(r.year));
      put_i(o, r.amount);
    }
  }
  put_u(o, h.income ? h.income->size() + 1 : 0);
  if (h.income)
    for (const auto& r : *h.income) {
      put_i(o, r.member);
      put_u(o, static_cast<std::uint64_t>(r.month.index));
      put_u(o, static_cast<std::uint64_t>(r.kind));
      put_i(o, r.amount);
    }
  put_u(o, h.expenditure ? h.expenditure->size() + 1 : 0);
  if (h.expenditure)
    for (const auto& r : *h.expenditure) {
      put_i(o, r.member);
      put_u(o, static_cast<std::uint64_t>(r.month.index));
      put_u(o, static_cast<std::uint64_t>(r.kind));
      put_i(o, r.amount);
    }
  put_u(o, h.assets ? 1 : 0);
  if (h.assets) {
    const auto& a = *h.assets;
    put_i(o, a.financial);
    put_u(o, a.vehicles.size());
    for (auto v : a.vehicles) put_u(o, static_cast<std::uint64_t>(v));
    put_u(o, static_cast<std::uint64_t>(a.dwellings));
    put_u(o, a.floor_area_m2 ? 1 : 0);
    if (a.floor_area_m2) put_double(o, *a.floor_area_m2);
    put_i(o, a.business_capital);
  }
  const auto& hi = h.history;
  put_opt(o, hi.category);
  put_u(o, hi.category_since ? static_cast<std::uint64_t>(hi.category_since->index) + 1 : 0);
  put_u(o, hi.last_benefit ? 1 : 0);
  if (hi.last_benefit) put_i(o, *hi.last_benefit);
  put_u(o, hi.exit_reason ? 1 : 0);
  if (hi.exit_reason) put_s(o, *hi.exit_reason);
  put_u(o, hi.exit_started ? static_cast<std::uint64_t>(hi.exit_started->index) + 1 : 0);
  put_u(o, hi.case_by_case_paid.size());
  for (const auto& p : hi.case_by_case_paid) {
    put_date(o, p.date);
    put_i(o, p.amount);
  }
  put_u(o, h.requests.size());
  for (const auto& r : h.requests) {
    put_u(o, static_cast<std::uint64_t>(r.kind));
    put_date(o, r.date);
    put_i(o, r.amount);
  }
}

bool decode_household(std::string_view bytes, model::Household& h) {
  Reader r{bytes};
  if (bytes.empty() || static_cast<std::uint8_t>(bytes[0]) != kVersion) return false;
  r.pos = 1;
  r.str(h.id);
  r.str(h.region);
  h.residence = static_cast<model::Residence>(r.u());
  h.urban_years.reset();
  if (r.u()) h.urban_years = r.dbl();
  h.residence_permit = r.u() != 0;
  h.lacks_labour_cause = r.opt<model::LacksLabourCause>();
  std::uint64_t n = r.u();
  if (!r.ok || n > 10000) return false;
  h.members.resize(n);
  for (auto& m : h.members) {
    r.str(m.id);
    r.str(m.name);
    m.relation = static_cast<model::Relation>(r.u());
    m.sex = static_cast<model::Sex>(r.u());
    m.birth_date = r.date();
    m.employment = r.opt<model::Employment>();
    std::uint64_t d = r.u();
    if (d) m.disability = model::Disability{static_cast<int>((d - 1) / 16), static_cast<model::DisabilityType>((d - 1) % 16)};
    else m.disability.reset();
    m.self_care = r.opt<model::SelfCare>();
    std::uint64_t f = r.u();
    m.serious_illness = f & 1;
    m.community_correction = f & 2;
    m.boarding = f & 4;
    m.university_freshman = f & 8;
    m.insurance.medical = f & 16;
    m.insurance.critical_illness = f & 32;
    m.insurance.pension = f & 64;
    m.orphan = r.opt<model::OrphanKind>();
    m.legal_supporters = r.opt<model::Supporters>();
    m.supported_by = r.opt<model::SupportedBy>();
    m.school = r.opt<model::School>();
    std::uint64_t k = r.u();
    if (!r.ok || k > 1000) return false;
    m.medical_self_paid.resize(k);
    for (auto& x : m.medical_self_paid) {
      x.year = static_cast<int>(r.u());
      x.amount = r.i();
    }
  }
  auto rows = [&](auto& opt_vec) {
    std::uint64_t c = r.u();
    if (!r.ok || c > 1000000) return false;
    if (c == 0) {
      opt_vec.reset();
      return true;
    }
    if (!opt_vec) opt_vec.emplace();
    opt_vec->resize(c - 1);
    for (auto& x : *opt_vec) {
      x.member = static_cast<int>(r.i());
      x.month = model::Month{static_cast<int>(r.u())};
      x.kind = static_cast<decltype(x.kind)>(r.u());
      x.amount = r.i();
      if (x.member >= static_cast<int>(n)) return false;
    }
    return true;
  };
  if (!rows(h.income) || !rows(h.expenditure)) return false;
  if (r.u()) {
    model::Assets a;
    a.financial = r.i();
    std::uint64_t v = r.u();
    if (!r.ok || v > 100) return false;
    for (std::uint64_t k = 0; k < v; ++k) a.vehicles.push_back(static_cast<model::Vehicle>(r.u()));
    a.dwellings = static_cast<int>(r.u());
    if (r.u()) a.floor_area_m2 = r.dbl();
    a.business_capital = r.i();
    h.assets = std::move(a);
  } else {
    h.assets.reset();
  }
  auto& hi = h.history;
  hi.category = r.opt<model::HistoryCategory>();
  std::uint64_t cs = r.u();
  hi.category_since = cs ? std::optional(model::Month{static_cast<int>(cs - 1)}) : std::nullopt;
  hi.last_benefit.reset();
  if (r.u()) hi.last_benefit = r.i();
  hi.exit_reason.reset();
  if (r.u()) {
    std::string s;
    r.str(s);
    hi.exit_reason = s;
  }
  std::uint64_t es = r.u();
  hi.exit_started = es ? std::optional(model::Month{static_cast<int>(es - 1)}) : std::nullopt;
  std::uint64_t pc = r.u();
  if (!r.ok || pc > 100000) return false;
  hi.case_by_case_paid.resize(pc);
  for (auto& p : hi.case_by_case_paid) {
    p.date = r.date();
    p.amount = r.i();
  }
  std::uint64_t rc = r.u();
  if (!r.ok || rc > 100000) return false;
  h.requests.resize(rc);
  for (auto& q : h.requests) {
    q.kind = static_cast<model::RequestKind>(r.u());
    q.date = r.date();
    q.amount = r.i();
  }
  return r.ok && r.pos == bytes.size();
}

}  // namespace safetynet::registry
