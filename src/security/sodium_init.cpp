#include "security/sodium_init.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace safetynet::security {

void ensure_sodium() {
  static std::once_flag once;
  // If the lambda throws, call_once is not marked done and a later call retries.
  std::call_once(once, [] {
    // 0 = initialised now, 1 = already initialised (by another library), -1 = failure.
    if (sodium_init() < 0) {
      throw std::runtime_error("libsodium: sodium_init() failed (no usable random source?)");
    }
  });
}

}  // namespace safetynet::security
