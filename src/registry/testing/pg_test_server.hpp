#pragma once
// The PostgreSQL server tests run against (scripts/test.sh starts one and sets SAFETYNET_TEST_PG),
// shared by the registry contract suite and the server's API tests.
#include <algorithm>
#include <cstdlib>
#include <string>

namespace safetynet::registry::testing {

// The server's URL, or null when tests should skip PostgreSQL.
inline const char* pg_server() {
  const char* url = std::getenv("SAFETYNET_TEST_PG");
  return url && *url ? url : nullptr;
}

// `url` with its database name replaced by `db` (user, host, port and `?…` parameters kept).
inline std::string with_database(const std::string& url, const std::string& db) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t query = url.find('?', start);
  const std::size_t authority_end = std::min(url.find('/', start), query);
  const std::string head = url.substr(0, std::min(authority_end, url.size()));
  return head + "/" + db + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace safetynet::registry::testing
