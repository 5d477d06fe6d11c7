#include "security/password.hpp"

#include <sodium.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "security/sodium_init.hpp"

namespace safetynet::security {
namespace {

Problem password_problem(std::string message) {
  return make_problem("bad_value", "password", "", std::move(message));
}

Problem file_problem(std::string message) {
  return make_problem("bad_value", "password-file", "", std::move(message));
}

// Length in bytes of the UTF-8 sequence that starts with `lead`; 1 for a byte that cannot start one
// (so malformed text is compared byte by byte rather than refused here).
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// True when `s` (non-empty) is its first UTF-8 character repeated.
bool is_one_character_repeated(std::string_view s) {
  std::size_t k = utf8_sequence_length(static_cast<unsigned char>(s.front()));
  if (k > s.size() || s.size() % k != 0) return false;
  std::string_view first = s.substr(0, k);
  for (std::size_t i = k; i < s.size(); i += k) {
    if (s.substr(i, k) != first) return false;
  }
  return true;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string hash_password(std::string_view pw) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("libsodium: crypto_pwhash_str_alg failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(std::string_view stored, std::string_view pw) {
  ensure_sodium();
  // libsodium reads `stored` as a C string: it must fit its buffer and hold no NUL of its own.
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES ||
      stored.find('\0') != std::string_view::npos) {
    return false;
  }
  char buf[crypto_pwhash_STRBYTES] = {};
  stored.copy(buf, stored.size());
  return crypto_pwhash_str_verify(buf, pw.data(), pw.size()) == 0;
}

Result<std::string> check_password_policy(std::string_view pw) {
  if (pw.size() < kMinPasswordBytes) {
    return password_problem("密码太短：至少需要 " + std::to_string(kMinPasswordBytes) +
                            " 个字节（一个汉字占 3 个字节），现为 " + std::to_string(pw.size()) +
                            " 个字节");
  }
  if (pw.size() > kMaxPasswordBytes) {
    return password_problem("密码太长：最多 " + std::to_string(kMaxPasswordBytes) +
                            " 个字节，现为 " + std::to_string(pw.size()) + " 个字节");
  }
  if (is_one_character_repeated(pw)) {
    return password_problem("密码不能由同一个字符重复组成");
  }
  return std::string(pw);
}

Result<std::string> read_password_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return file_problem("无法打开密码文件 " + path + "（文件不存在或没有读取权限）");

  std::string text;
  char buf[1024];
  for (;;) {
    std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    text.append(buf, n);
    if (text.size() > kMaxPasswordFileBytes) {
      return file_problem("密码文件 " + path + " 超过 " + std::to_string(kMaxPasswordFileBytes) +
                          " 个字节，不像是密码文件");
    }
    if (n < sizeof buf) break;
  }
  // A directory opens but fails on the first read (EISDIR); so does an I/O error.
  if (std::ferror(f.get())) return file_problem("无法读取密码文件 " + path);

  if (text.ends_with("\r\n")) {
    text.resize(text.size() - 2);
  } else if (text.ends_with('\n')) {
    text.pop_back();
  }
  if (text.empty()) return file_problem("密码文件 " + path + " 是空的");
  return text;
}

}  // namespace safetynet::security
