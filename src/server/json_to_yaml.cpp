#include "server/json_to_yaml.hpp"

namespace safetynet::server {

YAML::Node to_yaml(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return YAML::Node(YAML::NodeType::Null);
    case nlohmann::json::value_t::object: {
      YAML::Node n(YAML::NodeType::Map);
      for (const auto& [k, v] : j.items()) n[k] = to_yaml(v);
      return n;
    }
    case nlohmann::json::value_t::array: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const auto& v : j) n.push_back(to_yaml(v));
      return n;
    }
    case nlohmann::json::value_t::string:
      return YAML::Node(j.get_ref<const std::string&>());
    default:  // numbers and booleans: their JSON text
      return YAML::Node(j.dump());
  }
}

}  // namespace safetynet::server
