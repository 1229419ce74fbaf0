#include "app/common/clock.hpp"

#include <ctime>

namespace kyosei::app {
namespace {

std::tm utc_tm(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::string Clock::now_utc_iso() const {
  const std::tm tm = utc_tm(now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Date Clock::today_in_japan() const {
  const std::tm tm = utc_tm(now() + std::chrono::hours(9));
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int Clock::current_fiscal_year() const { return core::fiscal_year_of(today_in_japan()); }

const Clock& system_clock() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace kyosei::app
