// The SQLite side of sql::Connection: a file, WAL mode, foreign keys on, a busy timeout so a second
// process or thread waits for the writer. NOMUTEX: a connection is used by one thread at a time.
#include <sqlite3.h>

#include <filesystem>

#include "registry/sql/connection.hpp"
#include "registry/sql/backends.hpp"

namespace safetynet::registry::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) throw ConstraintError(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw RetryError(msg);
  throw DbError(msg);
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr); rc != SQLITE_OK)
      fail(db, rc, "SQL 预处理失败（" + std::string(sql) + "）");
  }
  ~SqliteStatement() override { sqlite3_finalize(st_); }

  void bind(int i, std::int64_t v) override { sqlite3_bind_int64(st_, i, v); }
  void bind(int i, std::string_view v) override {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind_blob(int i, std::string_view v) override {
    sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind_null(int i) override { sqlite3_bind_null(st_, i); }

  bool step() override {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      affected_ = sqlite3_changes64(db_);
      return false;
    }
    fail(db_, rc, "SQL 执行失败");
  }
  void reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::int64_t affected() const override { return affected_; }
  std::int64_t i64(int col) const override { return sqlite3_column_int64(st_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string_view text(int col) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string_view();
  }
  std::string_view blob(int col) const override {
    auto* p = static_cast<const char*>(sqlite3_column_blob(st_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string_view();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  std::int64_t affected_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("无法打开数据库 " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    try {
      exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
           "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=4294967296;");
    } catch (const DbError& e) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError(path + " 不是可用的登记库（SQLite）文件: " + e.what());
    }
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }
  void exec(std::string_view sql) override {
    char* err = nullptr;
    const std::string s(sql);
    if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      const int primary = rc & 0xff;
      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw RetryError("SQL 执行失败: " + msg);
      if (primary == SQLITE_CONSTRAINT) throw ConstraintError("SQL 执行失败: " + msg);
      throw DbError("SQL 执行失败: " + msg);
    }
  }
  Stmt prepare(std::string_view sql) override { return Stmt(std::make_unique<SqliteStatement>(db_, sql)); }
  void begin() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override { exec("ROLLBACK"); }
  std::string_view lock_suffix() const override { return ""; }
  int schema_version() override {
    Stmt v = prepare("PRAGMA user_version");
    v.step();
    return static_cast<int>(v.i64(0));
  }
  void set_schema_version(int v) override { exec("PRAGMA user_version = " + std::to_string(v)); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool create) {
  if (!create && !std::filesystem::is_regular_file(path))
    throw DbError("登记库文件不存在: " + path + "（先用 safetynet import --db " + path + " 导入）");
  std::error_code ec;
  if (!create && std::filesystem::file_size(path, ec) == 0 && !ec)
    throw DbError("登记库文件是空的: " + path + "（先用 safetynet import --db " + path + " 导入）");
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace safetynet::registry::sql
