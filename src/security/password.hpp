#pragma once
// Passwords of the users of `safetynet serve` (docs/casework.md "Roles and regions": passwords are
// stored as libsodium argon2id strings, `crypto_pwhash_str`, interactive limits).
//
// A password is a byte string (UTF-8 in practice); lengths below are in bytes, so a Chinese
// character counts 3. The stored form is the self-describing PHC string libsodium writes
// ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>", at most `crypto_pwhash_STRBYTES` - 1 = 127
// bytes), which carries its own salt and limits, so it is the only column the registry needs. The
// policy check and the file reader are kept apart from hashing: `safetynet user add` reads the
// file, checks the policy, then hashes. Stateless; every function is thread-safe. Nothing here
// keeps a copy of a password, but the `std::string`s the caller holds are not wiped.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace safetynet::security {

// Password policy bounds, in bytes. The upper bound keeps one login from costing more than a fixed
// amount of hashing input and refuses a file that was not meant to be a password.
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// The largest password file `read_password_file` reads, in bytes. Larger files (or endless ones,
// such as /dev/zero) are refused before they are read whole.
inline constexpr std::size_t kMaxPasswordFileBytes = 4096;

// Hashes `pw` with argon2id (`crypto_pwhash_str_alg`, `crypto_pwhash_OPSLIMIT_INTERACTIVE`,
// `crypto_pwhash_MEMLIMIT_INTERACTIVE` = 64 MiB, `crypto_pwhash_ALG_ARGON2ID13`) under a fresh
// random salt, so two calls with the same password give different strings. Returns the PHC string,
// starting "$argon2id$". Does not apply the policy (call `check_password_policy` first). Throws
// std::runtime_error when libsodium cannot allocate the 64 MiB of working memory (or cannot start,
// see `ensure_sodium`): environment failures, caught at the edges.
std::string hash_password(std::string_view pw);

// True when `pw` is the password `stored` (a string from `hash_password`) was made from. False for
// a wrong password, and also for a malformed `stored` (empty, truncated, not a PHC string, an
// embedded NUL, longer than libsodium's limit) or when the memory to check cannot be had. Never
// throws for any `stored` or `pw`; the only exception is `ensure_sodium`'s if libsodium cannot
// start. Takes as long as one hash (about 0.1 s): rate-limit the callers, not this.
bool verify_password(std::string_view stored, std::string_view pw);

// Checks a new password against the policy: at least `kMinPasswordBytes` (8) bytes, at most
// `kMaxPasswordBytes` (1024) bytes, and not one character repeated ("aaaaaaaa", "密密密密密密密密";
// characters are UTF-8 sequences, so a repeated Chinese character is caught too). Returns `pw`
// itself when it passes. Problem code `bad_value`, field `password`, message in Chinese; one
// Problem, for the first rule broken in the order above.
Result<std::string> check_password_policy(std::string_view pw);

// Reads a password from the file at `path` (`--password-file F`), so it never appears on a command
// line or in shell history. Removes ONE trailing "\n" or "\r\n" (what an editor or `echo` adds) and
// keeps everything else, inner and leading spaces included ("  my pass \n" gives "  my pass ").
// Problem code `bad_value`, field `password-file`, message in Chinese naming `path`, when the file
// is missing or unreadable (a directory, no permission), longer than `kMaxPasswordFileBytes`, or
// empty once the newline is removed. Does not apply the policy.
Result<std::string> read_password_file(const std::string& path);

}  // namespace safetynet::security
