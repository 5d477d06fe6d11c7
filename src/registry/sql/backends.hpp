#pragma once
// Backend constructors behind sql::Connection::open (connection.hpp).
#include <memory>
#include <string>

#include "registry/sql/connection.hpp"

namespace safetynet::registry::sql {

// A SQLite file (":memory:" for a private in-memory database). Throws DbError.
std::unique_ptr<Connection> open_sqlite(const std::string& path, bool create);
// A PostgreSQL server by libpq URL (postgresql://user@host:port/db). Throws DbError.
std::unique_ptr<Connection> open_postgres(const std::string& url);

}  // namespace safetynet::registry::sql
