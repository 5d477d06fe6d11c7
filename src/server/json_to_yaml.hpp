#pragma once
// The household record parser (io/household_record.hpp) reads yaml-cpp nodes; an API body is already
// parsed by nlohmann-json. This builds the node tree directly instead of printing the JSON and scanning
// it again (the scan was most of the cost of POST /api/assess). Numbers keep the text nlohmann prints
// for them (the shortest that reads back the same, so 1234.56 stays "1234.56" and money is exact);
// null is a YAML null; strings and booleans are scalars.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace safetynet::server {

YAML::Node to_yaml(const nlohmann::json& j);

}  // namespace safetynet::server
