#pragma once
// One SQL connection, over SQLite or PostgreSQL, so the registry's SQL is written once (ARCHITECTURE
// "registry/": one interface, two backends). A thin RAII layer over each C API (sqlite3, libpq): SOCI
// was the other choice, but its PostgreSQL backend maps blobs to large objects, and our household
// record is a bytea column.
//
// SQL is written with `?` placeholders in the subset both engines share (ON CONFLICT … DO UPDATE,
// RETURNING, CURRENT_TIMESTAMP); the PostgreSQL connection numbers them `$1…`. Schema (DDL) is per
// dialect (migrations/sqlite, migrations/postgresql). Statements step row by row; a statement
// belongs to its connection; one connection per thread.
//
// Errors: environment failures (disk full, server gone, corrupt file) throw `DbError`; a violated
// unique or foreign-key constraint throws `ConstraintError`; a write that lost a race (SQLite busy
// past the timeout, PostgreSQL serialization failure or deadlock) throws `RetryError` — the caller may
// run the transaction again.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace safetynet::registry::sql {

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class ConstraintError : public DbError {
 public:
  using DbError::DbError;
};
class RetryError : public DbError {
 public:
  using DbError::DbError;
};

enum class Dialect { kSqlite, kPostgres };

// A prepared statement: bind (1-based), step through rows, read columns (0-based). Text and blob views
// stay valid until the next step or reset.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind(int i, std::int64_t v) = 0;
  virtual void bind(int i, std::string_view v) = 0;  // text
  virtual void bind_blob(int i, std::string_view v) = 0;
  virtual void bind_null(int i) = 0;
  // Executes on the first call; true while a row is available, false when done.
  virtual bool step() = 0;
  // Ready to run again with new binds (binds are cleared).
  virtual void reset() = 0;
  // Rows changed by the last run of this statement (INSERT/UPDATE/DELETE).
  virtual std::int64_t affected() const = 0;
  virtual std::int64_t i64(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::string_view text(int col) const = 0;
  virtual std::string_view blob(int col) const = 0;
};

// A value handle over a Statement with chaining binds: `db.prepare(sql).bind(1, x).run()`.
class Stmt {
 public:
  explicit Stmt(std::unique_ptr<Statement> s) : s_(std::move(s)) {}
  Stmt& bind(int i, std::int64_t v) {
    s_->bind(i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, std::string_view v) {
    s_->bind(i, v);
    return *this;
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, std::string_view v) {
    s_->bind_blob(i, v);
    return *this;
  }
  Stmt& bind_null(int i) {
    s_->bind_null(i);
    return *this;
  }
  bool step() { return s_->step(); }
  // Runs to completion (statements without rows) and resets; returns the rows changed.
  std::int64_t run() {
    while (s_->step()) {
    }
    const std::int64_t n = s_->affected();
    s_->reset();
    return n;
  }
  void reset() { s_->reset(); }
  std::int64_t i64(int col) const { return s_->i64(col); }
  bool is_null(int col) const { return s_->is_null(col); }
  std::string_view text(int col) const { return s_->text(col); }
  std::string_view blob(int col) const { return s_->blob(col); }

 private:
  std::unique_ptr<Statement> s_;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // `postgresql://…` (or `postgres://…`) is a PostgreSQL server (libpq URL); anything else is a SQLite
  // file path. With `create` false a missing SQLite file is a DbError (a mistyped --db must not make an
  // empty registry). Throws DbError when the database cannot be reached or opened.
  static std::unique_ptr<Connection> open(const std::string& url, bool create = true);
  static bool is_postgres_url(std::string_view url);

  virtual Dialect dialect() const = 0;
  // One or more statements without parameters.
  virtual void exec(std::string_view sql) = 0;
  virtual Stmt prepare(std::string_view sql) = 0;
  // Starts a write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE) so that a
  // read-then-write cannot lose a race; PostgreSQL starts READ COMMITTED and relies on row locks
  // (`lock_suffix`).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // " FOR UPDATE" on PostgreSQL, "" on SQLite (whose write transaction already excludes writers):
  // appended to a SELECT that reads a value the transaction will update.
  virtual std::string_view lock_suffix() const = 0;
  // Schema version of the migrations applied so far (0 for a new database).
  virtual int schema_version() = 0;
  virtual void set_schema_version(int v) = 0;

 private:
  friend class Transaction;
  int tx_depth_ = 0;  // open Transactions on this connection (the outer one, then savepoints)
};

// Rolls back unless commit() was called (STYLE.md: the safe default). Nests: inside another
// Transaction on the same connection it is a savepoint, so a store operation that opens its own
// transaction can also run as part of a caller's larger one (all or nothing together).
class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db), depth_(db.tx_depth_++) {
    try {
      if (depth_ == 0) db_.begin();
      else db_.exec("SAVEPOINT sn_tx_" + std::to_string(depth_));
    } catch (...) {
      --db_.tx_depth_;
      throw;
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        if (depth_ == 0) {
          db_.rollback();
        } else {
          db_.exec("ROLLBACK TO SAVEPOINT sn_tx_" + std::to_string(depth_));
          db_.exec("RELEASE SAVEPOINT sn_tx_" + std::to_string(depth_));
        }
      } catch (...) {  // the connection is gone or the server closed the transaction: nothing more to do
      }
      --db_.tx_depth_;
    }
  }
  void commit() {
    if (depth_ == 0) db_.commit();
    else db_.exec("RELEASE SAVEPOINT sn_tx_" + std::to_string(depth_));
    done_ = true;
    --db_.tx_depth_;
  }

 private:
  Connection& db_;
  int depth_;
  bool done_ = false;
};

// Applies every embedded migration of the connection's dialect not yet applied, each in its own
// transaction (migrations/<dialect>/NNNN_name.sql). Throws DbError if the database is newer than
// this binary.
void migrate(Connection& db);

}  // namespace safetynet::registry::sql
