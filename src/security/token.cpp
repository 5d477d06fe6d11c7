#include "security/token.hpp"

#include <sodium.h>

#include "security/sodium_init.hpp"

namespace safetynet::security {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kDigestBytes = crypto_generichash_BYTES;  // 32: BLAKE2b-256
static_assert(kDigestBytes == 32);

std::string to_hex(const unsigned char* bin, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), bin, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string random_token() {
  ensure_sodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  std::string hex = to_hex(bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);
  return hex;
}

std::string token_digest(std::string_view token) {
  ensure_sodium();
  unsigned char out[kDigestBytes];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(out, sizeof out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace safetynet::security
