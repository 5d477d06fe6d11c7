#pragma once
// One-time libsodium start-up for `security/` (ARCHITECTURE "passwords, tokens": libsodium, never a
// home-made hash).
//
// libsodium must be initialised (`sodium_init()`) before any other call: it picks the fastest
// implementations for this CPU and opens the system random source. Every function of `security/`
// calls `ensure_sodium()` first, so callers never have to; calling it yourself early (in `main`)
// only moves the cost and surfaces a failure sooner. Thread-safe: concurrent first calls run
// `sodium_init()` exactly once (std::call_once). No units, no state owned by callers.
namespace safetynet::security {

// Initialises libsodium once per process; later calls return at once. Throws std::runtime_error
// when `sodium_init()` fails (no usable random source, for example): an environment failure
// (STYLE.md errors of kind 3), caught only at the edges. After a failure the next call tries again.
void ensure_sodium();

}  // namespace safetynet::security
