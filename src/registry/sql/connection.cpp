// sql::Connection::open picks the backend from the URL; migrate() applies the embedded schema.
#include "registry/sql/connection.hpp"

#include "registry/sql/backends.hpp"
#include "registry/sql/migrations.hpp"

namespace safetynet::registry::sql {

bool Connection::is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::unique_ptr<Connection> Connection::open(const std::string& url, bool create) {
  if (is_postgres_url(url)) return open_postgres(url);
  return open_sqlite(url, create);
}

void migrate(Connection& db) {
  const auto& all = migrations(db.dialect());
  // One migration per transaction, the version re-read under a lock, so two processes opening a new
  // database at once apply each migration once (SQLite: the write lock; PostgreSQL: an advisory lock).
  for (;;) {
    Transaction tx(db);
    if (db.dialect() == Dialect::kPostgres) db.exec("SELECT pg_advisory_xact_lock(7301)");
    const int have = db.schema_version();
    if (have > static_cast<int>(all.size()))
      throw DbError("登记库的结构版本（" + std::to_string(have) + "）比本程序（" + std::to_string(all.size()) +
                    "）新：请使用更新的 safetynet");
    if (have == static_cast<int>(all.size())) {
      tx.commit();
      return;
    }
    db.exec(all[static_cast<std::size_t>(have)]);
    db.set_schema_version(have + 1);
    tx.commit();
  }
}

}  // namespace safetynet::registry::sql
