#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with typed binds, and a
// transaction guard that rolls back unless commit() is called (STYLE.md, the opposite of drogon's
// default). Environment failures (disk full, locked, corrupt) throw `DbError` — caught only at the
// edges. One connection per thread; statements belong to their connection.
#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace safetynet::registry::sqlite {

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, std::string_view v);         // text
  Stmt& bind_blob(int i, std::string_view v);    // blob
  Stmt& bind_null(int i);
  // Steps once: true while a row is available, false when done. Throws on error.
  bool step();
  // Runs to completion (for statements without rows).
  void run();
  void reset();

  std::int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
  bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string_view text(int col) const;
  std::string_view blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

class Db {
 public:
  // Opens (creating) the file; WAL mode, foreign keys on, a busy timeout so a second process waits.
  explicit Db(const std::string& path);
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  void exec(std::string_view sql);
  Stmt prepare(std::string_view sql) { return Stmt(db_, sql); }
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  std::int64_t last_rowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // nothing more to do: the connection closes the transaction
      }
    }
  }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace safetynet::registry::sqlite
