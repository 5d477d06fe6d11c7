#pragma once
// Session tokens for `safetynet serve` (docs/casework.md "Roles and regions": a logged-in user's
// requests carry a token; ARCHITECTURE "passwords, tokens": libsodium).
//
// A token is 32 random bytes (256 bits, from the system CSPRNG via `randombytes_buf`) written as 64
// lowercase hex characters; the client holds it. The server stores only `token_digest(token)`, so a
// copy of the database gives no live sessions, and looks a session up by that digest. Because the
// token is uniformly random and long, an unsalted, unkeyed hash is enough (no password-style
// stretching). Stateless; every function is thread-safe.
#include <string>
#include <string_view>

namespace safetynet::security {

// A fresh session token: 64 lowercase hex characters [0-9a-f] encoding 32 random bytes. Throws only
// what `ensure_sodium` throws.
std::string random_token();

// The digest the server stores for `token`: BLAKE2b with a 32-byte output, no key
// (`crypto_generichash`), over the token's bytes as given, as 64 lowercase hex characters. Example:
// token_digest("abc") == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319".
std::string token_digest(std::string_view token);

// True when `a` and `b` hold the same bytes. For equal sizes the time does not depend on where they
// differ (`sodium_memcmp`), so comparing a secret to a guess leaks nothing; sizes are not secret
// (different sizes give false at once). Two empty strings are equal.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace safetynet::security
