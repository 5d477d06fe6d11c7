#include "sim/population_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "registry/record_codec.hpp"
#include "sim/tally.hpp"

namespace safetynet::sim {
namespace {

constexpr char kMagic[8] = {'S', 'N', 'P', 'O', 'P', '\0', '\0', '\2'};
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kIndexEntryBytes = 32;
// A chunk is flushed at about this size: big enough that a thread's work per chunk dwarfs the pread,
// small enough that two threads never hold more than a few MiB.
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::uint32_t kMaxRecordBytes = 64u << 20;

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

// CRC-32 of a chunk (zlib): a flipped byte inside a record would otherwise decode to another valid amount.
std::uint32_t checksum(const char* data, std::size_t n) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (n > 0) {
    const auto step = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), step);
    data += step;
    n -= step;
  }
  return static_cast<std::uint32_t>(crc);
}

Problem io_problem(const std::string& path, const std::string& what) {
  Problem p = make_problem("io_error", "", "", what + ": " + std::strerror(errno));
  p.file = path;
  return p;
}
Problem bad_file(const std::string& path, const std::string& what) {
  Problem p = make_problem("bad_file", "", "", what);
  p.file = path;
  return p;
}

bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool pread_all(int fd, char* data, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t r = ::pread(fd, data, n, static_cast<off_t>(offset));
    if (r < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (r == 0) return false;
    data += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::uint64_t>(r);
  }
  return true;
}

}  // namespace

// ---- writer ----

struct PopulationWriter::State {
  std::string path, part;
  int fd = -1;
  model::Month as_of;
  std::uint64_t seed = 0, households = 0, offset = kHeaderBytes;
  std::array<std::string, kCities + 1> pending;  // per 设区市: records not yet flushed
  std::array<std::uint32_t, kCities + 1> pending_count{};
  std::vector<PopulationChunk> chunks;
  std::string record;
  bool failed = false;

  ~State() {
    if (fd >= 0) {
      ::close(fd);
      std::error_code ec;
      std::filesystem::remove(part, ec);
    }
  }

  void flush(int city) {
    auto& buf = pending[static_cast<std::size_t>(city)];
    if (buf.empty()) return;
    if (!write_all(fd, buf.data(), buf.size())) failed = true;
    chunks.push_back(PopulationChunk{offset, buf.size(), pending_count[static_cast<std::size_t>(city)], city,
                                     checksum(buf.data(), buf.size())});
    offset += buf.size();
    buf.clear();
    pending_count[static_cast<std::size_t>(city)] = 0;
  }
};

Result<PopulationWriter> PopulationWriter::create(const std::string& path, model::Month as_of, std::uint64_t seed) {
  auto s = std::make_unique<State>();
  s->path = path;
  s->part = path + ".part";
  s->as_of = as_of;
  s->seed = seed;
  s->fd = ::open(s->part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (s->fd < 0) return io_problem(path, "无法创建人口文件");
  // The header is written last (on close); reserve its room now.
  const std::string blank(kHeaderBytes, '\0');
  if (!write_all(s->fd, blank.data(), blank.size())) return io_problem(path, "无法写入人口文件");
  PopulationWriter w;
  w.s_ = std::move(s);
  return w;
}

PopulationWriter::PopulationWriter(PopulationWriter&&) noexcept = default;
PopulationWriter& PopulationWriter::operator=(PopulationWriter&&) noexcept = default;
PopulationWriter::~PopulationWriter() = default;

void PopulationWriter::add(const model::Household& h) {
  auto& s = *s_;
  const int city = city_index(h.region);
  registry::encode_household(h, s.record);
  auto& buf = s.pending[static_cast<std::size_t>(city)];
  put_u32(buf, static_cast<std::uint32_t>(s.record.size()));
  buf += s.record;
  s.pending_count[static_cast<std::size_t>(city)] += 1;
  s.households += 1;
  if (buf.size() >= kChunkBytes) s.flush(city);
}

Result<std::uint64_t> PopulationWriter::close() {
  auto& s = *s_;
  for (int c = 0; c <= kCities; ++c) s.flush(c);
  std::string index;
  for (const auto& c : s.chunks) {
    put_u64(index, c.offset);
    put_u64(index, c.bytes);
    put_u32(index, c.households);
    put_u32(index, static_cast<std::uint32_t>(c.city));
    put_u32(index, c.crc32);
    put_u32(index, 0);
  }
  std::string header(kMagic, sizeof kMagic);
  put_u32(header, static_cast<std::uint32_t>(s.as_of.year() * 100 + s.as_of.month()));
  put_u32(header, 0);
  put_u64(header, s.seed);
  put_u64(header, s.households);
  put_u64(header, s.chunks.size());
  put_u64(header, s.offset);
  put_u64(header, index.size());
  header.resize(kHeaderBytes, '\0');
  if (s.failed || !write_all(s.fd, index.data(), index.size()) || ::pwrite(s.fd, header.data(), header.size(), 0) !=
                                                                      static_cast<ssize_t>(header.size()) ||
      ::fsync(s.fd) != 0) {
    return io_problem(s.path, "无法写入人口文件");
  }
  ::close(s.fd);
  s.fd = -1;
  std::error_code ec;
  std::filesystem::rename(s.part, s.path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(s.part, ignored);
    errno = ec.value();
    return io_problem(s.path, "无法写入人口文件");
  }
  return s.households;
}

// ---- reader ----

struct PopulationReader::State {
  std::string path;
  int fd = -1;
  model::Month as_of;
  std::uint64_t seed = 0, households = 0;
  std::vector<PopulationChunk> chunks;
  ~State() {
    if (fd >= 0) ::close(fd);
  }
};

Result<PopulationReader> PopulationReader::open(const std::string& path) {
  auto s = std::make_unique<State>();
  s->path = path;
  s->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (s->fd < 0) return io_problem(path, "无法打开人口文件");
  struct stat st {};
  if (::fstat(s->fd, &st) != 0) return io_problem(path, "无法读取人口文件");
  if (S_ISDIR(st.st_mode)) return bad_file(path, "人口文件是一个目录");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  char header[kHeaderBytes];
  if (size < kHeaderBytes || !pread_all(s->fd, header, kHeaderBytes, 0) ||
      std::memcmp(header, kMagic, 7) != 0) {
    return bad_file(path, "不是人口文件（.snpop，由 safetynet generate --format snpop 写出）");
  }
  if (header[7] != kMagic[7]) {
    return bad_file(path, "人口文件版本 " + std::to_string(int(header[7])) + " 无法读取（本程序读第 " +
                              std::to_string(int(kMagic[7])) + " 版：请用 safetynet generate --format snpop 重新生成）");
  }
  const std::uint32_t yyyymm = get_u32(header + 8);
  s->seed = get_u64(header + 16);
  s->households = get_u64(header + 24);
  const std::uint64_t nchunks = get_u64(header + 32), index_offset = get_u64(header + 40),
                      index_bytes = get_u64(header + 48);
  const int year = static_cast<int>(yyyymm / 100), month = static_cast<int>(yyyymm % 100);
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return bad_file(path, "人口文件头的月份无效");
  s->as_of = model::Month::of(year, month);
  // nchunks is checked against the size before it is multiplied (a crafted count must not wrap).
  if (nchunks > size / kIndexEntryBytes || index_bytes != nchunks * kIndexEntryBytes || index_offset < kHeaderBytes ||
      index_offset > size || size - index_offset != index_bytes) {
    return bad_file(path, "人口文件不完整或已损坏（索引与文件大小不符）");
  }
  std::string index(index_bytes, '\0');
  if (!pread_all(s->fd, index.data(), index.size(), index_offset)) return io_problem(path, "无法读取人口文件");
  // The chunks tile the space between the header and the index, in order, each used once: a copied or
  // overlapping index entry would otherwise count households twice.
  std::uint64_t counted = 0, expected_offset = kHeaderBytes;
  for (std::uint64_t i = 0; i < nchunks; ++i) {
    const char* e = index.data() + i * kIndexEntryBytes;
    PopulationChunk c{get_u64(e), get_u64(e + 8), get_u32(e + 16), static_cast<int>(get_u32(e + 20)), get_u32(e + 24)};
    if (c.offset != expected_offset || c.bytes > index_offset - c.offset || c.city < 0 || c.city > kCities ||
        c.households == 0 || c.households > c.bytes / 5) {  // a record takes at least 4 + 1 bytes
      return bad_file(path, "人口文件第 " + std::to_string(i + 1) + " 块的位置或户数无效");
    }
    expected_offset = c.offset + c.bytes;
    counted += c.households;
    s->chunks.push_back(c);
  }
  if (expected_offset != index_offset) return bad_file(path, "人口文件的块与索引不符");
  if (counted != s->households) return bad_file(path, "人口文件的户数与索引不符");
  PopulationReader r;
  r.s_ = std::move(s);
  return r;
}

PopulationReader::PopulationReader(PopulationReader&&) noexcept = default;
PopulationReader& PopulationReader::operator=(PopulationReader&&) noexcept = default;
PopulationReader::~PopulationReader() = default;

model::Month PopulationReader::as_of() const { return s_->as_of; }
std::uint64_t PopulationReader::seed() const { return s_->seed; }
std::uint64_t PopulationReader::households() const { return s_->households; }
const std::vector<PopulationChunk>& PopulationReader::chunks() const { return s_->chunks; }
const std::string& PopulationReader::path() const { return s_->path; }

Result<std::uint32_t> PopulationReader::read_chunk(std::size_t i, std::string& buffer, model::Household& scratch,
                                                   const std::function<void(const model::Household&)>& visit) const {
  const auto& c = s_->chunks.at(i);
  buffer.resize(c.bytes);
  if (!pread_all(s_->fd, buffer.data(), c.bytes, c.offset)) return io_problem(s_->path, "无法读取人口文件");
  if (checksum(buffer.data(), buffer.size()) != c.crc32) {
    return bad_file(s_->path, "人口文件第 " + std::to_string(i + 1) + " 块校验和不符（文件已损坏）");
  }
  const char* p = buffer.data();
  const char* end = p + buffer.size();
  std::uint32_t n = 0;
  for (; n < c.households; ++n) {
    const std::uint32_t len = end - p >= 4 ? get_u32(p) : kMaxRecordBytes + 1;
    if (len > kMaxRecordBytes || static_cast<std::size_t>(end - p - 4) < len ||
        !registry::decode_household(std::string_view(p + 4, len), scratch)) {
      return bad_file(s_->path, "人口文件第 " + std::to_string(i + 1) + " 块第 " + std::to_string(n + 1) + " 户已损坏");
    }
    if (city_index(scratch.region) != c.city) {
      return bad_file(s_->path, "人口文件第 " + std::to_string(i + 1) + " 块第 " + std::to_string(n + 1) +
                                    " 户（" + scratch.id + "）不属于该块的设区市");
    }
    visit(scratch);
    p += 4 + len;
  }
  if (p != end) return bad_file(s_->path, "人口文件第 " + std::to_string(i + 1) + " 块的长度与户数不符");
  return n;
}

}  // namespace safetynet::sim
