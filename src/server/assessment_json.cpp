#include "server/assessment_json.hpp"

namespace safetynet::server {

nlohmann::json assessment_json(const model::Household& h, model::Month month, const rules::Assessment& a) {
  using nlohmann::json;
  json out = {{"household", h.id}, {"month", month.to_string()}};
  if (a.refusal) {
    out["refusal"] = {{"code", a.refusal->code}, {"field", a.refusal->field}, {"message", a.refusal->message}};
    return out;
  }
  out["category"] = rules::category_name(a.category);
  out["category_label"] = rules::category_label(a.category);
  json persons = json::object();
  for (const auto& [idx, pc] : a.persons)
    persons[h.members[static_cast<std::size_t>(idx)].id] = rules::person_category_name(pc);
  out["persons"] = persons;
  json items = json::array();
  for (const auto& e : a.entitlements) {
    json it = {{"item", rules::item_name(e.item)}, {"label", rules::item_label(e.item)}, {"rule", e.rule}};
    if (e.member >= 0) it["member"] = h.members[static_cast<std::size_t>(e.member)].id;
    if (e.period != rules::Period::kFlag) it["amount"] = model::format_yuan(e.amount);
    if (e.period == rules::Period::kYear) it["period"] = "year";
    items.push_back(std::move(it));
  }
  out["entitlements"] = items;
  out["monthly_cash"] = model::format_yuan(a.monthly_cash());
  json steps = json::array();
  for (const auto& s : a.explanation) steps.push_back({{"rule", s.rule}, {"text", s.text}});
  out["explanation"] = steps;
  out["undetermined"] = a.undetermined;
  return out;
}

}  // namespace safetynet::server
