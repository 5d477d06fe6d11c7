#pragma once
// The schema migrations of each dialect, in order: migrations/<dialect>/NNNN_name.sql embedded at
// build time (embed_migrations.cmake writes migrations_data.cpp). Version N is the N-th file.
#include <string>
#include <vector>

#include "registry/sql/connection.hpp"

namespace safetynet::registry::sql {

const std::vector<std::string>& migrations(Dialect d);

}  // namespace safetynet::registry::sql
