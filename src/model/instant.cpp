#include "model/instant.hpp"

#include <cstdio>

#include "model/month.hpp"

namespace safetynet::model {

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::hh_mm_ss hms(secs - day);
  const Date d = civil_from_days(static_cast<long>(day.time_since_epoch().count()));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace safetynet::model
