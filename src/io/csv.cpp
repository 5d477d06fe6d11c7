// CSV reading and writing (csv.hpp).
//
// The reader is a window over the file: a `Source` fills a buffer with UTF-8 bytes (straight from
// the file, or converted from GB18030 by ICU), and `Parser` turns every complete record in the
// buffer into a `Row`; the tail of an incomplete record moves to the front of the buffer before the
// next fill. Cells are assigned from spans of the buffer into strings that are reused row after
// row, so a steady file costs no allocation per cell.
#include "io/csv.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

namespace safetynet::io {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;  // one read; big enough to amortise calls
constexpr std::size_t kMinChunk = std::size_t{4} << 10;
constexpr std::size_t kMaxRecord = std::size_t{64}
                                   << 20;  // longer is an unterminated quote in practice

Problem bad_file(const std::string& path, long row, std::string message) {
  Problem p = make_problem("bad_file", "", "", std::move(message));
  p.file = path;
  p.row = row;
  return p;
}

Problem write_failed(const std::string& path, std::string message) {
  Problem p = make_problem("write_failed", "", "", std::move(message));
  p.file = path;
  return p;
}

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct ConverterCloser {
  void operator()(UConverter* c) const {
    if (c != nullptr) ucnv_close(c);
  }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_converter(const char* name) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr c(ucnv_open(name, &err));
  // ICU's data always has UTF-8 and GB18030 (GB18030 is algorithmic plus a built-in table).
  assert(U_SUCCESS(err) && c && "ICU lacks a converter every ICU build ships");
  return c;
}

// ---------------------------------------------------------------------------------------------------
// UTF-8 validation

// How much of [p, p + n) is well-formed UTF-8 (no overlongs, no surrogates, nothing above
// U+10FFFF). `truncated` is set when the only fault is a sequence cut off by the end of the range,
// so a caller reading in chunks can carry those bytes over.
std::size_t valid_utf8_prefix(const unsigned char* p, std::size_t n, bool& truncated) {
  truncated = false;
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most CSV bytes are digits and commas.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;  // D800..DFFF are surrogates, not characters
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;
    } else {
      return i;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) {
        truncated = true;
        return i;
      }
      const unsigned b = p[i + k];
      const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
      if (!ok) return i;
    }
    i += len;
  }
  return n;
}

// Offset of the first byte of `f` that is not UTF-8, or nullopt when the whole file is UTF-8.
// Leaves `f` at an unspecified position.
std::optional<std::uint64_t> first_invalid_utf8(std::FILE* f, std::size_t chunk, bool& read_error) {
  std::vector<unsigned char> buf(chunk + 4);
  std::size_t carry = 0;
  std::uint64_t base = 0;  // file offset of buf[0]
  read_error = false;
  for (;;) {
    const std::size_t got = std::fread(buf.data() + carry, 1, chunk, f);
    if (got == 0 && std::ferror(f)) {
      read_error = true;
      return std::nullopt;
    }
    const std::size_t n = carry + got;
    const bool eof = got == 0;
    bool truncated = false;
    const std::size_t ok = valid_utf8_prefix(buf.data(), n, truncated);
    if (ok < n) {
      if (!truncated || eof) return base + ok;
      carry = n - ok;  // at most 3 bytes of a sequence cut by the read
      std::memmove(buf.data(), buf.data() + ok, carry);
      base += ok;
    } else {
      if (eof) return std::nullopt;
      carry = 0;
      base += n;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Sources of UTF-8 bytes

class Source {
 public:
  virtual ~Source() = default;
  // Writes up to `cap` bytes of UTF-8 into `dst`; 0 only when the input is exhausted or has failed.
  virtual std::size_t fill(char* dst, std::size_t cap) = 0;
  // After `fill` returned 0: why the input stopped early, or "" at a clean end.
  const std::string& failure() const { return failure_; }

 protected:
  std::string failure_;
};

// UTF-8 bytes as they are in the file, up to `limit` (the first invalid byte, when the caller knows
// the file is not all UTF-8 but was told it is).
class Utf8Source : public Source {
 public:
  Utf8Source(std::FILE* f, std::optional<std::uint64_t> bad_at) : f_(f), bad_at_(bad_at) {}

  std::size_t fill(char* dst, std::size_t cap) override {
    if (bad_at_) {
      const std::uint64_t left = *bad_at_ - pos_;
      if (left < cap) cap = static_cast<std::size_t>(left);
      if (cap == 0) {
        failure_ = "文件不是有效的 UTF-8 编码";
        return 0;
      }
    }
    const std::size_t got = std::fread(dst, 1, cap, f_);
    if (got == 0 && std::ferror(f_)) failure_ = "读取文件失败";
    pos_ += got;
    return got;
  }

 private:
  std::FILE* f_;
  std::optional<std::uint64_t> bad_at_;
  std::uint64_t pos_ = 0;
};

// GB18030 bytes converted to UTF-8 through ICU's UTF-16 pivot. ucnv_convertEx keeps partial
// characters (at a read boundary) in the converter state and the pivot buffer between calls.
class Gb18030Source : public Source {
 public:
  Gb18030Source(std::FILE* f, std::size_t chunk)
      : f_(f), from_(open_converter("GB18030")), to_(open_converter("UTF-8")), raw_(chunk) {
    // Stop at bytes that are not GB18030 instead of substituting, so a bad file is reported.
    UErrorCode err = U_ZERO_ERROR;
    ucnv_setToUCallBack(from_.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  }

  std::size_t fill(char* dst, std::size_t cap) override {
    char* target = dst;
    char* const limit = dst + cap;
    while (target < limit && !done_) {
      if (draining_) {
        // After a bad byte: the UTF-16 converted before it still waits in the pivot. Hand it out so
        // the records before the bad one are visited and the error lands on the right row.
        const UChar* src = pivot_source_;
        UErrorCode err = U_ZERO_ERROR;
        ucnv_fromUnicode(to_.get(), &target, limit, &src, pivot_target_, nullptr, false, &err);
        pivot_source_ = const_cast<UChar*>(src);
        if (err == U_BUFFER_OVERFLOW_ERROR) break;
        done_ = true;
        break;
      }
      if (raw_pos_ == raw_end_ && !raw_eof_) {
        raw_end_ = std::fread(raw_.data(), 1, raw_.size(), f_);
        raw_pos_ = 0;
        if (raw_end_ == 0) {
          if (std::ferror(f_)) {
            failure_ = "读取文件失败";
            done_ = true;
            break;
          }
          raw_eof_ = true;
        }
      }
      const char* source = raw_.data() + raw_pos_;
      UErrorCode err = U_ZERO_ERROR;
      ucnv_convertEx(to_.get(), from_.get(), &target, limit, &source, raw_.data() + raw_end_,
                     pivot_, &pivot_source_, &pivot_target_, pivot_ + kPivot, false, raw_eof_,
                     &err);
      raw_pos_ = static_cast<std::size_t>(source - raw_.data());
      if (err == U_BUFFER_OVERFLOW_ERROR) break;  // `dst` is full; the rest waits in raw_/pivot_
      if (U_FAILURE(err)) {
        failure_ = "文件既不是有效的 UTF-8 也不是有效的 GB18030 编码";
        draining_ = true;
        continue;
      }
      if (raw_eof_ && raw_pos_ == raw_end_) done_ = true;
    }
    return static_cast<std::size_t>(target - dst);
  }

 private:
  static constexpr int kPivot = 4096;
  std::FILE* f_;
  ConverterPtr from_, to_;
  std::vector<char> raw_;
  std::size_t raw_pos_ = 0, raw_end_ = 0;
  bool raw_eof_ = false, done_ = false;
  bool draining_ = false;  // a bad byte was met; only the pivot's contents remain to hand out
  UChar pivot_[kPivot];
  UChar* pivot_source_ = pivot_;  // pending UTF-16 lies in [pivot_source_, pivot_target_)
  UChar* pivot_target_ = pivot_;
};

// ---------------------------------------------------------------------------------------------------
// Parser

// Which bytes end an unquoted field.
struct DelimiterTable {
  bool is[256] = {};
  constexpr DelimiterTable() {
    is[static_cast<unsigned char>(',')] = true;
    is[static_cast<unsigned char>('\n')] = true;
    is[static_cast<unsigned char>('\r')] = true;
  }
};
constexpr DelimiterTable kDelimiter;

class Parser {
 public:
  enum class Status { kNeedMore, kDone, kStopped, kUnterminated };

  explicit Parser(const RowVisitor& visit) : visit_(visit) {}

  // Visits every complete record in [p, end) and advances `p` past them. With `eof`, whatever
  // remains is the last record. kNeedMore: `p` is at the start of an incomplete record.
  Status parse(const char*& p, const char* end, bool eof) {
    while (p < end) {
      const char* q = p;
      if (!parse_record(q, end, eof)) {
        if (unterminated_) return Status::kUnterminated;
        return Status::kNeedMore;
      }
      p = q;
      ++rows_;
      if (!visit_(rows_, row_)) return Status::kStopped;
    }
    return eof ? Status::kDone : Status::kNeedMore;
  }

  long rows() const { return rows_; }

 private:
  // The i-th cell of the record being parsed, reusing the string (and its capacity) from earlier
  // rows.
  std::string& cell(std::size_t i) {
    if (i < row_.size()) return row_[i];
    if (!spare_.empty()) {
      row_.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      row_.emplace_back();
    }
    return row_.back();
  }

  // Keeps the first `n` cells visible; the rest wait in `spare_` with their capacity.
  void finish(std::size_t n) {
    while (row_.size() > n) {
      spare_.push_back(std::move(row_.back()));
      row_.pop_back();
    }
  }

  static const char* scan_unquoted(const char* q, const char* end) {
    while (q < end && !kDelimiter.is[static_cast<unsigned char>(*q)]) ++q;
    return q;
  }

  // One record starting at `q`. False when it is incomplete (need more bytes, or unterminated at
  // eof).
  bool parse_record(const char*& q, const char* end, bool eof) {
    std::size_t n = 0;
    for (;;) {
      std::string& c = cell(n++);
      if (q < end && *q == '"') {
        ++q;
        c.clear();
        for (;;) {
          const char* quote = static_cast<const char*>(std::memchr(q, '"', end - q));
          if (quote == nullptr) {
            unterminated_ = eof;
            return false;
          }
          c.append(q, quote - q);
          if (quote + 1 == end && !eof) return false;  // "" split by the buffer edge, or the end
          if (quote + 1 < end && quote[1] == '"') {
            c.push_back('"');
            q = quote + 2;
            continue;
          }
          q = quote + 1;
          break;
        }
        const char* s = q;
        q = scan_unquoted(q, end);
        c.append(s, q - s);
      } else {
        const char* s = q;
        q = scan_unquoted(q, end);
        c.assign(s, q - s);
      }
      if (q == end) {
        if (!eof) return false;
        finish(n);
        return true;
      }
      const char d = *q++;
      if (d == ',') continue;
      if (d == '\r') {
        if (q == end && !eof) return false;  // is the next byte the LF of a CRLF?
        if (q < end && *q == '\n') ++q;
      }
      finish(n);
      return true;
    }
  }

  const RowVisitor& visit_;
  Row row_;
  std::vector<std::string> spare_;  // cells of longer earlier rows, kept for their capacity
  long rows_ = 0;
  bool unterminated_ = false;
};

// Drives `src` through the parser with a buffer that grows only for records longer than a chunk.
Result<long> parse_source(const std::string& path, Source& src, const RowVisitor& visit,
                          std::size_t chunk) {
  Parser parser(visit);
  std::vector<char> buf(2 * chunk);
  std::size_t have = 0;
  bool first = true;
  for (;;) {
    if (have == buf.size()) {
      if (buf.size() >= kMaxRecord) {
        return bad_file(path, parser.rows() + 1, "引号未闭合（或单条记录超过 64 MB）");
      }
      buf.resize(buf.size() * 2);
    }
    const std::size_t got = src.fill(buf.data() + have, buf.size() - have);
    const bool failed = got == 0 && !src.failure().empty();
    const bool eof = got == 0 && !failed;
    have += got;
    const char* p = buf.data();
    const char* end = p + have;
    if (first && have >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0)
      p += 3;  // BOM, also from GB18030
    if (first && (have >= 3 || eof || failed)) first = false;
    if (first) continue;  // fewer than 3 bytes so far: cannot tell a BOM yet
    const Parser::Status st = parser.parse(p, end, eof);
    switch (st) {
      case Parser::Status::kStopped:
      case Parser::Status::kDone:
        return parser.rows();
      case Parser::Status::kUnterminated:
        return bad_file(path, parser.rows() + 1, "引号未闭合");
      case Parser::Status::kNeedMore:
        break;
    }
    // The record holding the bad byte is the incomplete one: report it, with its row.
    if (failed) return bad_file(path, parser.rows() + 1, src.failure());
    const std::size_t used = static_cast<std::size_t>(p - buf.data());
    std::memmove(buf.data(), p, have - used);
    have -= used;
  }
}

void append_field(std::string& out, const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char ch : cell) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Reading

Result<CsvInfo> read_csv(const std::string& path, const RowVisitor& visit, Encoding enc) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f) return bad_file(path, 0, "无法打开文件");

  // A UTF-8 BOM declares the encoding: bytes that break it later are an error, not a hint of
  // GB18030.
  unsigned char head[3] = {};
  const std::size_t head_len = std::fread(head, 1, 3, f.get());
  const bool bom = head_len == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
  std::rewind(f.get());

  // Buffers sized to the file, at most kChunk: a 200-byte file does not need 4 MiB of zeroed
  // buffers (that made every small read cost milliseconds; fuzz/csv_fuzz ran at 20 inputs a second).
  std::size_t chunk = kChunk;
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(f.get());
    if (size >= 0 && static_cast<std::size_t>(size) < kChunk)
      chunk = std::max(kMinChunk, static_cast<std::size_t>(size) + 4);
  }
  std::rewind(f.get());

  std::optional<std::uint64_t> bad_at;
  if (enc == Encoding::kAuto || enc == Encoding::kUtf8) {
    // A whole pass to decide, because a GB18030 file can open with thousands of ASCII-only rows.
    bool read_error = false;
    bad_at = first_invalid_utf8(f.get(), chunk, read_error);
    if (read_error) return bad_file(path, 0, "读取文件失败");
    std::rewind(f.get());
    if (enc == Encoding::kAuto) enc = (!bad_at || bom) ? Encoding::kUtf8 : Encoding::kGb18030;
  }

  CsvInfo info;
  info.encoding = enc;
  std::unique_ptr<Source> src;
  if (enc == Encoding::kGb18030) {
    src = std::make_unique<Gb18030Source>(f.get(), chunk);
  } else {
    src = std::make_unique<Utf8Source>(f.get(), bad_at);
  }
  Result<long> rows = parse_source(path, *src, visit, chunk);
  if (!rows) return rows.problems();
  info.rows = *rows;
  return info;
}

Result<Sheet> read_csv_sheet(const std::string& path, Encoding enc) {
  Sheet sheet;
  sheet.name = std::filesystem::path(path).stem().string();
  Result<CsvInfo> info = read_csv(
      path,
      [&](long, const Row& cells) {
        sheet.rows.push_back(cells);
        return true;
      },
      enc);
  if (!info) return info.problems();
  return sheet;
}

// ---------------------------------------------------------------------------------------------------
// Writing

struct CsvWriter::Impl {
  std::string path;
  std::string part_path;  // written here, renamed to `path` on a clean close
  FilePtr file;
  ConverterPtr to_gb;  // null for UTF-8
  ConverterPtr from_utf8;
  std::string buf;  // UTF-8 records not yet written; always whole records
  std::vector<char> converted;
  long rows = 0;
  bool failed = false;

  // Writes `buf` out (converting to GB18030 first when asked). Whole records only, so each
  // conversion starts and ends on a character boundary and the converters can be reset each time.
  void flush() {
    if (buf.empty() || failed) {
      buf.clear();
      return;
    }
    const char* data = buf.data();
    std::size_t size = buf.size();
    if (to_gb) {
      // A UTF-8 character of n bytes becomes at most 4 GB18030 bytes, and n >= 2 when it is 4.
      converted.resize(2 * buf.size() + 16);
      char* target = converted.data();
      const char* source = buf.data();
      UChar pivot[1024];
      UChar* ps = pivot;
      UChar* pt = pivot;
      UErrorCode err = U_ZERO_ERROR;
      ucnv_convertEx(to_gb.get(), from_utf8.get(), &target, converted.data() + converted.size(),
                     &source, buf.data() + buf.size(), pivot, &ps, &pt, pivot + 1024, true, true,
                     &err);
      assert(U_SUCCESS(err) && "the GB18030 buffer is sized for the worst case");
      data = converted.data();
      size = static_cast<std::size_t>(target - converted.data());
    }
    if (std::fwrite(data, 1, size, file.get()) != size) failed = true;
    buf.clear();
  }
};

Result<CsvWriter> CsvWriter::open(const std::string& path, bool bom) {
  return open(path, Encoding::kUtf8, bom);
}

Result<CsvWriter> CsvWriter::open(const std::string& path, Encoding enc, bool bom) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->part_path = path + ".part";
  impl->file.reset(std::fopen(impl->part_path.c_str(), "wb"));
  if (!impl->file) return write_failed(path, "无法创建文件");
  if (enc == Encoding::kGb18030) {
    impl->to_gb = open_converter("GB18030");
    impl->from_utf8 = open_converter("UTF-8");
  } else if (bom) {
    impl->buf = "\xEF\xBB\xBF";
  }
  impl->buf.reserve(kChunk + 4096);
  CsvWriter w;
  w.impl_ = impl.release();
  return w;
}

CsvWriter::CsvWriter(CsvWriter&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}

CsvWriter& CsvWriter::operator=(CsvWriter&& other) noexcept {
  if (this != &other) {
    CsvWriter old(std::move(*this));  // its destructor discards our unclosed output
    impl_ = std::exchange(other.impl_, nullptr);
  }
  return *this;
}

CsvWriter::~CsvWriter() {
  if (impl_ == nullptr) return;
  // Never closed: the output is incomplete, so it must not stay behind looking like a whole file.
  impl_->file.reset();
  std::remove(impl_->part_path.c_str());
  delete impl_;
  impl_ = nullptr;
}

void CsvWriter::write(const Row& row) {
  assert(impl_ != nullptr && "write on a closed or moved-from CsvWriter");
  std::string& out = impl_->buf;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += ',';
    append_field(out, row[i]);
  }
  out += "\r\n";
  ++impl_->rows;
  if (out.size() >= kChunk) impl_->flush();
}

Result<long> CsvWriter::close() {
  assert(impl_ != nullptr && "close on a closed or moved-from CsvWriter");
  std::unique_ptr<Impl> impl(std::exchange(impl_, nullptr));
  impl->flush();
  bool ok = !impl->failed && std::fflush(impl->file.get()) == 0 && !std::ferror(impl->file.get());
  ok = (std::fclose(impl->file.release()) == 0) && ok;
  if (ok) ok = std::rename(impl->part_path.c_str(), impl->path.c_str()) == 0;
  if (!ok) {
    std::remove(impl->part_path.c_str());
    return write_failed(impl->path, "写入文件失败（磁盘已满或无权限）");
  }
  return impl->rows;
}

Result<long> write_csv(const std::string& path, const std::vector<Row>& rows, Encoding enc,
                       bool bom) {
  Result<CsvWriter> w =
      CsvWriter::open(path, enc == Encoding::kGb18030 ? enc : Encoding::kUtf8, bom);
  if (!w) return w.problems();
  for (const Row& row : rows) w->write(row);
  return w->close();
}

}  // namespace safetynet::io
