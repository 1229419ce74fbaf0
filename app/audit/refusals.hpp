#pragma once
// The audit of refused requests: every unsafe request (POST, PUT, PATCH, DELETE) that the
// API refuses is recorded once, by the HTTP layer (http/api/guard.cpp), unless the use case
// has already recorded it (app::Error::audited). A signed-in caller's refusals are always
// recorded: the user is known and sessions are limited. Signed-out callers are limited so a
// flood cannot fill the trail without bound: per address (IP without port) at most
// `per_address` entries in a window, and at most `anonymous` entries in a window from all
// addresses together; what is over is counted, and the counts are written as one summary
// entry (`requests-refused-summary`) by the first refusal of a later window. See
// docs/security.md ("Refused requests").

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "app/common/clock.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct RefusalLimits {
  std::chrono::seconds window{60};
  int per_address = 10;          // entries per signed-out address in one window
  int anonymous = 100;           // entries from all signed-out addresses in one window
  std::size_t addresses = 4096;  // addresses counted in one window; more count as over
};

// One refused request as the HTTP layer saw it.
struct RefusedRequest {
  long long user_id = 0;  // 0: nobody signed in
  std::string login;      // "" when nobody
  std::string remote;     // "203.0.113.5:4711" or "[::1]:4711"
  std::string region_slug;
  std::string method;
  std::string route;  // the route's pattern, "/api/v1/regions/{slug}/kpis"
  std::string path;   // the requested path (the record)
  unsigned status = 0;
  std::string reason;  // the problem type, "forbidden"
};

// Decides which signed-out refusals are written (pure; the caller holds the clock).
// Not thread-safe by itself: RefusalAudit locks around it.
class RefusalLimiter {
 public:
  explicit RefusalLimiter(RefusalLimits limits) : limits_(limits) {}

  struct Summary {
    std::chrono::system_clock::time_point window_start;
    long long suppressed = 0;
    std::size_t addresses = 0;
    std::string top_address;  // the address with the most suppressed refusals
    long long top_count = 0;
  };
  struct Decision {
    bool record = false;             // write this refusal's entry
    std::optional<Summary> summary;  // write this summary of an earlier window first
  };

  // A refusal at `now`; `address` is "" for a signed-in caller (always recorded).
  Decision admit(const std::string& address, std::chrono::system_clock::time_point now);

 private:
  RefusalLimits limits_;
  std::chrono::system_clock::time_point window_start_{};
  int anonymous_ = 0;
  std::map<std::string, int> recorded_;    // per address, this window
  std::map<std::string, long long> over_;  // suppressed per address, this window
  long long over_total_ = 0;
};

// The address part of a remote "ip:port" / "[v6]:port".
std::string address_of(const std::string& remote);

// Thread-safe.
class RefusalAudit {
 public:
  RefusalAudit(storage::Database& db, const Clock& clock, RefusalLimits limits = {})
      : db_(db), clock_(clock), limiter_(limits) {}

  // Records `r` as the limits allow; true when its own entry was written.
  bool record(const RefusedRequest& r);

 private:
  storage::Database& db_;
  const Clock& clock_;
  std::mutex mutex_;
  RefusalLimiter limiter_;
};

}  // namespace kyosei::app
