// The PostgreSQL side of sql::Connection, over libpq. One `PGconn` per connection, UTF-8, notices
// below WARNING silenced.
//
// Statements: the registry's `?` placeholders are numbered `$1…`, and each SQL text is prepared once
// per connection (PQprepare under a generated name, cached by text), so `prepare` of the same SQL again
// costs a hash lookup. A run is PQsendQueryPrepared in single-row mode: rows arrive one `PGresult` at a
// time and a scan never holds the whole result. Parameters go as text, blobs in binary to a bytea
// column; results come as text and a bytea column is unescaped (PQunescapeBytea) by `blob()`.
//
// libpq runs one query at a time per connection, while the registry may step one statement and run
// another before the first is done (pay_month inserts a grant per paid row it reads). Whatever needs
// the connection first "settles" the statement that is streaming: its remaining rows are copied into
// that statement's memory (compactly, values only) and it goes on from there. Only such interleaved
// reads are buffered; a plain scan streams.
//
// Errors by SQLSTATE: class 23 → ConstraintError; 40001 (serialization failure) and 40P01 (deadlock)
// → RetryError; everything else, a lost connection included → DbError. PostgreSQL aborts the whole
// transaction on an error (SQLite only the statement): the caller rolls back, as Transaction does.
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "registry/sql/backends.hpp"
#include "registry/sql/connection.hpp"

namespace safetynet::registry::sql {
namespace {

constexpr Oid kByteaOid = 17;  // pg_type.oid of bytea

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct MemDeleter {
  void operator()(unsigned char* p) const { PQfreemem(p); }
};
using PgMem = std::unique_ptr<unsigned char, MemDeleter>;

// A server (or libpq) error, kept until it can be thrown.
struct Failure {
  std::string sqlstate;  // "" when libpq itself failed (connection lost, out of memory)
  std::string message;
};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

Failure failure_of(const PGresult* r, PGconn* pg) {
  Failure f;
  if (r) {
    if (const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE)) f.sqlstate = s;
    if (const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) {
      f.message = primary;
      if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
        f.message += std::string("（") + detail + "）";
    } else {
      f.message = trimmed(PQresultErrorMessage(r));
    }
  }
  if (f.message.empty()) f.message = trimmed(PQerrorMessage(pg));
  if (f.message.empty()) f.message = "未知错误";
  if (PQstatus(pg) == CONNECTION_BAD) f.message = "与 PostgreSQL 服务器的连接已断开: " + f.message;
  if (!f.sqlstate.empty()) f.message += " [SQLSTATE " + f.sqlstate + "]";
  return f;
}

[[noreturn]] void raise(const Failure& f, std::string_view what) {
  std::string msg = std::string(what) + ": " + f.message;
  if (f.sqlstate.size() == 5 && f.sqlstate.starts_with("23")) throw ConstraintError(msg);
  if (f.sqlstate == "40001" || f.sqlstate == "40P01") throw RetryError(msg);
  throw DbError(msg);
}

// The URL as it may be shown: the password of `user:password@` and of `?password=` replaced by ***.
std::string without_password(std::string url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    std::size_t end = url.find_first_of("/?", start);
    if (end == std::string::npos) end = url.size();
    const std::size_t at = url.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = url.find(':', start);
      if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t q = url.find('?'); q != std::string::npos; q = url.find('&', q + 1)) {
    if (url.compare(q + 1, 9, "password=") != 0) continue;
    const std::size_t v = q + 10;
    std::size_t e = url.find('&', v);
    if (e == std::string::npos) e = url.size();
    url.replace(v, e - v, "***");
  }
  return url;
}

// `?` placeholders → `$1…$n`, outside quoted strings, quoted identifiers and comments. Returns the SQL
// and n.
std::pair<std::string, int> number_placeholders(std::string_view sql) {
  enum class In { kCode, kString, kIdentifier, kLineComment, kBlockComment };
  std::string out;
  out.reserve(sql.size() + 32);
  int n = 0;
  In in = In::kCode;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    switch (in) {
      case In::kCode:
        if (c == '?') {
          out += '$';
          out += std::to_string(++n);
          continue;
        }
        if (c == '\'') in = In::kString;
        else if (c == '"') in = In::kIdentifier;
        else if (c == '-' && next == '-') in = In::kLineComment;
        else if (c == '/' && next == '*') in = In::kBlockComment;
        break;
      case In::kString:  // '' inside a string leaves and re-enters: the same result
        if (c == '\'') in = In::kCode;
        break;
      case In::kIdentifier:
        if (c == '"') in = In::kCode;
        break;
      case In::kLineComment:
        if (c == '\n') in = In::kCode;
        break;
      case In::kBlockComment:
        if (c == '*' && next == '/') {
          out += c;
          out += next;
          ++i;
          in = In::kCode;
          continue;
        }
        break;
    }
    out += c;
  }
  return {std::move(out), n};
}

std::int64_t parse_i64(std::string_view v, std::string_view what) {
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size())
    throw DbError(std::string(what) + " 不是整数: " + std::string(v));
  return out;
}

// A server-side prepared statement: its generated name and its parameter count.
struct Prepared {
  std::string name;
  int params = 0;
};

class PgStatement;

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : where_(without_password(url)) {
    pg_ = PQconnectdb(url.c_str());
    if (pg_ == nullptr) throw DbError("无法连接 PostgreSQL 数据库 " + where_ + ": 内存不足");
    if (PQstatus(pg_) != CONNECTION_OK) {
      std::string msg = trimmed(PQerrorMessage(pg_));
      PQfinish(pg_);
      throw DbError("无法连接 PostgreSQL 数据库 " + where_ + ": " + msg);
    }
    // libpq follows the server's ParameterStatus, so SET client_encoding is as good as PQsetClientEncoding.
    PgResult r(PQexec(pg_, "SET client_encoding = 'UTF8'; SET client_min_messages = warning"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      std::string msg = failure_of(r.get(), pg_).message;
      r.reset();
      PQfinish(pg_);
      throw DbError("无法连接 PostgreSQL 数据库 " + where_ + ": " + msg);
    }
  }
  ~PgConnection() override { PQfinish(pg_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  void exec(std::string_view sql) override {
    settle();
    const std::string s(sql);
    PgResult r(PQexec(pg_, s.c_str()));
    check(r.get(), "SQL 执行失败");
  }

  Stmt prepare(std::string_view sql) override;

  void begin() override { exec("BEGIN"); }
  void commit() override {
    settle();
    PgResult r(PQexec(pg_, "COMMIT"));
    check(r.get(), "提交失败");
    // COMMIT of a transaction an earlier error aborted ends it with ROLLBACK and no error: that is a failure.
    if (std::string_view(PQcmdStatus(r.get())) != "COMMIT")
      throw DbError("提交失败: 事务已因先前的错误中止，所做更改已回滚");
  }
  void rollback() override {
    settle();
    if (PQtransactionStatus(pg_) == PQTRANS_IDLE) return;  // nothing open (e.g. a failed COMMIT ended it)
    exec("ROLLBACK");
  }
  std::string_view lock_suffix() const override { return " FOR UPDATE"; }

  int schema_version() override;
  void set_schema_version(int v) override {
    exec("CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL); DELETE FROM schema_version; "
         "INSERT INTO schema_version(version) VALUES(" +
         std::to_string(v) + ")");
  }

  PGconn* pg() const { return pg_; }
  // Makes the connection free for a new query: the statement still streaming, if any, reads the rest
  // of its results into memory.
  void settle();
  // `s` has sent its query and streams its results until it calls release.
  void claim(PgStatement* s) { active_ = s; }
  void release(const PgStatement* s) {
    if (active_ == s) active_ = nullptr;
  }

 private:
  void check(const PGresult* r, std::string_view what) {
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    raise(failure_of(r, pg_), what);
  }

  PGconn* pg_ = nullptr;
  std::string where_;  // the URL without its password, for messages
  // SQL text (as the registry wrote it) → its prepared statement. Never shrinks: the registry's SQL is
  // a fixed set of strings.
  std::unordered_map<std::string, Prepared> prepared_;
  int serial_ = 0;  // names are sn_1, sn_2, … in this connection
  // The statement whose results are still arriving on the connection, if any (at most one).
  PgStatement* active_ = nullptr;
};

// Rows read ahead by `settle`: the values back to back, each followed by a NUL (PQunescapeBytea needs
// one), `end[c]` the offset just past value c, `null[c]` set for SQL NULL.
struct BufferedRow {
  std::string bytes;
  std::vector<std::uint32_t> end;
  std::vector<char> null;
};

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& conn, const Prepared& p)
      : conn_(conn), prep_(p), values_(p.params), set_(p.params, 0), formats_(p.params, 0) {}
  ~PgStatement() override {
    if (state_ == State::kStreaming) {
      drain();
      conn_.release(this);
    }
  }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void bind(int i, std::int64_t v) override {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    set(i, std::string_view(buf, static_cast<std::size_t>(p - buf)), 0);
  }
  void bind(int i, std::string_view v) override { set(i, v, 0); }
  void bind_blob(int i, std::string_view v) override { set(i, v, 1); }
  void bind_null(int i) override {
    check_index(i);
    set_[static_cast<std::size_t>(i - 1)] = 0;
  }

  bool step() override {
    clear_row();
    if (state_ == State::kIdle) start();
    if (state_ == State::kStreaming) return take(PgResult(PQgetResult(conn_.pg())));
    if (state_ == State::kBuffered) {
      if (!buffered_.empty()) {
        brow_ = std::move(buffered_.front());
        buffered_.pop_front();
        has_brow_ = true;
        return true;
      }
      state_ = State::kDone;
      affected_ = buffered_affected_;
      if (buffered_failure_) {
        const Failure f = std::move(*buffered_failure_);
        buffered_failure_.reset();
        raise(f, "SQL 执行失败");
      }
    }
    return false;
  }

  void reset() override {
    clear_row();
    std::optional<Failure> f;
    if (state_ == State::kStreaming) {
      f = drain();
      conn_.release(this);
    } else if (state_ == State::kBuffered) {
      f = std::move(buffered_failure_);
    }
    buffered_.clear();
    buffered_failure_.reset();
    state_ = State::kIdle;
    std::fill(set_.begin(), set_.end(), 0);
    if (f) raise(*f, "SQL 执行失败");
  }

  std::int64_t affected() const override { return affected_; }
  std::int64_t i64(int col) const override {
    if (is_null(col)) return 0;
    return parse_i64(value(col), "结果列");
  }
  bool is_null(int col) const override {
    check_column(col);
    if (row_) return PQgetisnull(row_.get(), 0, col) != 0;
    if (has_brow_) return brow_.null[static_cast<std::size_t>(col)] != 0;
    return true;
  }
  std::string_view text(int col) const override { return is_null(col) ? std::string_view() : value(col); }
  std::string_view blob(int col) const override {
    if (is_null(col)) return {};
    const std::string_view v = value(col);
    if (types_[static_cast<std::size_t>(col)] != kByteaOid) return v;
    auto& d = decoded_[static_cast<std::size_t>(col)];
    if (!d.first) {
      std::size_t n = 0;
      // `v` ends in a NUL: PQgetvalue's, or the one BufferedRow keeps after every value.
      d.first.reset(PQunescapeBytea(reinterpret_cast<const unsigned char*>(v.data()), &n));
      if (!d.first) throw DbError("bytea 列无法解码（内存不足）");
      d.second = n;
    }
    return {reinterpret_cast<const char*>(d.first.get()), d.second};
  }

  // The connection is needed for another query: read what is left of this statement's results.
  void detach() {
    bool completed = false;
    while (PgResult r{PQgetResult(conn_.pg())}) {
      switch (PQresultStatus(r.get())) {
        case PGRES_SINGLE_TUPLE:
          learn_types(r.get());
          buffered_.push_back(copy_row(r.get()));
          break;
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
          buffered_affected_ = rows_of(r.get());
          completed = true;
          break;
        default:
          if (!buffered_failure_) buffered_failure_ = failure_of(r.get(), conn_.pg());
          completed = true;
      }
    }
    if (!completed && !buffered_failure_) buffered_failure_ = failure_of(nullptr, conn_.pg());
    state_ = State::kBuffered;
  }

 private:
  enum class State {
    kIdle,       // binds may change; the next step runs the statement
    kStreaming,  // the query is on the connection; results are read as stepped
    kBuffered,   // settled: the remaining results are in buffered_
    kDone,       // completed or failed; step gives false until reset
  };

  void check_index(int i) const {
    if (i < 1 || i > prep_.params)
      throw DbError("SQL 参数序号 " + std::to_string(i) + " 超出范围（共 " + std::to_string(prep_.params) +
                    " 个）");
  }
  void set(int i, std::string_view v, int format) {
    check_index(i);
    const auto k = static_cast<std::size_t>(i - 1);
    values_[k].assign(v);
    set_[k] = 1;
    formats_[k] = format;
  }
  void check_column(int col) const {
    if (col < 0 || (!types_.empty() && static_cast<std::size_t>(col) >= types_.size()))
      throw DbError("结果列序号 " + std::to_string(col) + " 超出范围");
  }

  void start() {
    conn_.settle();
    const int n = prep_.params;
    std::vector<const char*> values(static_cast<std::size_t>(n));
    std::vector<int> lengths(static_cast<std::size_t>(n));
    for (std::size_t k = 0; k < values.size(); ++k) {
      values[k] = set_[k] ? values_[k].c_str() : nullptr;
      lengths[k] = static_cast<int>(values_[k].size());
    }
    if (!PQsendQueryPrepared(conn_.pg(), prep_.name.c_str(), n, values.data(), lengths.data(), formats_.data(), 0))
      raise(failure_of(nullptr, conn_.pg()), "SQL 执行失败");
    conn_.claim(this);
    state_ = State::kStreaming;
    if (!PQsetSingleRowMode(conn_.pg())) {  // only fails if called at the wrong moment
      drain();
      conn_.release(this);
      state_ = State::kDone;
      throw DbError("SQL 执行失败: 无法进入逐行模式");
    }
  }

  // The next result of a streaming run: a row, the end, or an error.
  bool take(PgResult r) {
    if (!r) {  // no completion before the end: libpq lost the connection
      conn_.release(this);
      state_ = State::kDone;
      raise(failure_of(nullptr, conn_.pg()), "SQL 执行失败");
    }
    switch (PQresultStatus(r.get())) {
      case PGRES_SINGLE_TUPLE:
        learn_types(r.get());
        row_ = std::move(r);
        return true;
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        affected_ = rows_of(r.get());
        r.reset();
        drain();
        conn_.release(this);
        state_ = State::kDone;
        return false;
      default: {
        const Failure f = failure_of(r.get(), conn_.pg());
        r.reset();
        drain();
        conn_.release(this);
        state_ = State::kDone;
        raise(f, "SQL 执行失败");
      }
    }
  }

  // Reads and drops the remaining results; returns the first error among them.
  std::optional<Failure> drain() {
    std::optional<Failure> f;
    while (PgResult r{PQgetResult(conn_.pg())}) {
      const ExecStatusType st = PQresultStatus(r.get());
      if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !f)
        f = failure_of(r.get(), conn_.pg());
    }
    return f;
  }

  void learn_types(const PGresult* r) {
    if (!types_.empty()) return;
    const int n = PQnfields(r);
    for (int c = 0; c < n; ++c) types_.push_back(PQftype(r, c));
    decoded_.resize(types_.size());
  }
  static std::int64_t rows_of(const PGresult* r) {
    const std::string_view t = PQcmdTuples(const_cast<PGresult*>(r));
    return t.empty() ? 0 : parse_i64(t, "影响行数");
  }
  static BufferedRow copy_row(const PGresult* r) {
    BufferedRow row;
    const int n = PQnfields(r);
    for (int c = 0; c < n; ++c) {
      const bool null = PQgetisnull(r, 0, c) != 0;
      if (!null) row.bytes.append(PQgetvalue(r, 0, c), static_cast<std::size_t>(PQgetlength(r, 0, c)));
      row.end.push_back(static_cast<std::uint32_t>(row.bytes.size()));
      row.bytes.push_back('\0');
      row.null.push_back(null ? 1 : 0);
    }
    return row;
  }

  // The current row's value of `col` (not NULL).
  std::string_view value(int col) const {
    if (row_) return {PQgetvalue(row_.get(), 0, col), static_cast<std::size_t>(PQgetlength(row_.get(), 0, col))};
    const auto c = static_cast<std::size_t>(col);
    const std::size_t begin = c == 0 ? 0 : brow_.end[c - 1] + 1;
    return std::string_view(brow_.bytes).substr(begin, brow_.end[c] - begin);
  }
  void clear_row() {
    row_.reset();
    has_brow_ = false;
    for (auto& d : decoded_) d.first.reset();
  }

  PgConnection& conn_;
  const Prepared& prep_;  // owned by the connection's cache, which never erases
  // Parameter k+1: its bytes, whether bound (else NULL), and its format (0 text, 1 binary).
  std::vector<std::string> values_;
  std::vector<char> set_;
  std::vector<int> formats_;

  State state_ = State::kIdle;
  std::int64_t affected_ = 0;
  // The current row: a one-row result while streaming, or a row read ahead by detach.
  PgResult row_;
  BufferedRow brow_;
  bool has_brow_ = false;
  std::vector<Oid> types_;  // column types, known from the first row
  // Unescaped bytea values of the current row, by column (valid until the next step or reset).
  mutable std::vector<std::pair<PgMem, std::size_t>> decoded_;
  // What detach read ahead: the remaining rows, then the rows affected or the error that ended the run.
  std::deque<BufferedRow> buffered_;
  std::int64_t buffered_affected_ = 0;
  std::optional<Failure> buffered_failure_;
};

void PgConnection::settle() {
  if (active_ == nullptr) return;
  PgStatement* s = active_;
  active_ = nullptr;
  s->detach();
}

Stmt PgConnection::prepare(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it == prepared_.end()) {
    auto [text, n] = number_placeholders(sql);
    Prepared p{"sn_" + std::to_string(++serial_), n};
    settle();
    PgResult r(PQprepare(pg_, p.name.c_str(), text.c_str(), 0, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      raise(failure_of(r.get(), pg_), "SQL 预处理失败（" + std::string(sql) + "）");
    it = prepared_.emplace(std::string(sql), std::move(p)).first;
  }
  return Stmt(std::make_unique<PgStatement>(*this, it->second));
}

int PgConnection::schema_version() {
  Stmt exists = prepare("SELECT to_regclass('schema_version') IS NOT NULL");
  exists.step();
  const bool have = exists.text(0) == "t";
  exists.reset();
  if (!have) return 0;
  Stmt v = prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  v.step();
  return static_cast<int>(v.i64(0));
}

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) { return std::make_unique<PgConnection>(url); }

}  // namespace safetynet::registry::sql
