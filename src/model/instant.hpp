#pragma once
// Instants for records of who did what when (audit log, case steps): ISO 8601 UTC text,
// "2026-11-29T12:00:00Z", to the second. Civil dates are model::Date; this is only for timestamps.
#include <chrono>
#include <string>

namespace safetynet::model {

std::string iso_utc(std::chrono::system_clock::time_point t);
inline std::string iso_utc_now() { return iso_utc(std::chrono::system_clock::now()); }

}  // namespace safetynet::model
