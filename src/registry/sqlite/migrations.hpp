#pragma once
// The schema migrations, in order: migrations/NNNN_name.sql embedded at build time (CMake writes
// migrations_data.cpp), so the binary carries its schema and a registry file is upgraded on open.
#include <string>
#include <vector>

namespace safetynet::registry::sqlite {

const std::vector<std::string>& migrations();

}  // namespace safetynet::registry::sqlite
