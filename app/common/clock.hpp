#pragma once
// The one clock of the use cases. Everything that asks "when is it" (who-and-when fields,
// overdue flags, the current fiscal year) asks a Clock, so tests can set the time.
// Implementations are thread-safe.

#include <atomic>
#include <chrono>
#include <string>

#include "core/common/fiscal_year.hpp"

namespace kyosei::app {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;

  // The instant in UTC, RFC 3339 to the second ("2026-11-29T05:40:00Z").
  std::string now_utc_iso() const;
  // The calendar date in Japan (UTC+9).
  core::Date today_in_japan() const;
  // The fiscal year of that date (April to March).
  int current_fiscal_year() const;
};

// The operating system's clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

// A clock that says what it is told (tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point at) : at_(at.time_since_epoch()) {}
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(at_.load());
  }
  void set(std::chrono::system_clock::time_point at) { at_.store(at.time_since_epoch()); }

 private:
  std::atomic<std::chrono::system_clock::duration> at_;
};

// The process's system clock (for callers that are not handed one).
const Clock& system_clock();

// Shorthands on system_clock().
inline std::string now_utc_iso() { return system_clock().now_utc_iso(); }
inline core::Date today_in_japan() { return system_clock().today_in_japan(); }
inline int current_fiscal_year() { return system_clock().current_fiscal_year(); }

}  // namespace kyosei::app
