#include "app/audit/refusals.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <utility>

namespace kyosei::app {

namespace json = boost::json;

namespace {

// A path as an audit record id: printable ASCII (the path is still percent-decoded text;
// anything else becomes '?'), at most 200 characters (the audit list's filter limit).
std::string record_of(const std::string& path) {
  std::string out;
  for (char c : path.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u > 0x20 && u < 0x7f ? c : '?');
  }
  return out.empty() ? std::string("-") : out;
}

std::string iso(std::chrono::system_clock::time_point t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto days = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{secs - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

}  // namespace

std::string address_of(const std::string& remote) {
  if (!remote.empty() && remote.front() == '[') {
    const auto end = remote.find(']');
    return end == std::string::npos ? remote : remote.substr(0, end + 1);
  }
  const auto colon = remote.rfind(':');
  return colon == std::string::npos ? remote : remote.substr(0, colon);
}

RefusalLimiter::Decision RefusalLimiter::admit(const std::string& address,
                                               std::chrono::system_clock::time_point now) {
  Decision d;
  if (now - window_start_ >= limits_.window || now < window_start_) {
    if (over_total_ > 0) {
      Summary s{
          .window_start = window_start_, .suppressed = over_total_, .addresses = over_.size()};
      for (const auto& [a, n] : over_) {
        if (n > s.top_count) {
          s.top_address = a;
          s.top_count = n;
        }
      }
      d.summary = std::move(s);
    }
    window_start_ = now;
    anonymous_ = 0;
    recorded_.clear();
    over_.clear();
    over_total_ = 0;
  }
  if (address.empty()) {
    d.record = true;
    return d;
  }
  auto it = recorded_.find(address);
  if (it == recorded_.end() && recorded_.size() < limits_.addresses)
    it = recorded_.emplace(address, 0).first;
  if (it != recorded_.end() && it->second < limits_.per_address && anonymous_ < limits_.anonymous) {
    ++it->second;
    ++anonymous_;
    d.record = true;
    return d;
  }
  // Over a limit: counted. The per-address counts are bounded like the recorded ones; the
  // rest go to the total only.
  ++over_total_;
  if (auto o = over_.find(address); o != over_.end()) {
    ++o->second;
  } else if (over_.size() < limits_.addresses) {
    over_.emplace(address, 1);
  }
  return d;
}

bool RefusalAudit::record(const RefusedRequest& r) {
  RefusalLimiter::Decision d;
  {
    std::lock_guard lock(mutex_);
    d = limiter_.admit(r.user_id != 0 ? std::string() : address_of(r.remote), clock_.now());
  }
  if (!d.record && !d.summary) return false;
  db_.write([&](storage::Session& session) {
    if (d.summary) {
      storage::AuditEntry s;
      s.actor = "anonymous";
      s.action = "requests-refused-summary";
      s.record_type = "request";
      s.record_id = "-";
      s.after_json = json::serialize(json::object{{"window_start", iso(d.summary->window_start)},
                                                  {"suppressed", d.summary->suppressed},
                                                  {"addresses", d.summary->addresses},
                                                  {"top_address", d.summary->top_address},
                                                  {"top_count", d.summary->top_count}});
      storage::append_audit(session, std::move(s));
    }
    if (d.record) {
      storage::AuditEntry e;
      e.actor = r.user_id != 0 ? r.login : std::string("anonymous");
      e.remote = r.remote;
      e.region_slug = r.region_slug;
      e.action = "request-refused";
      e.record_type = "request";
      e.record_id = record_of(r.path);
      e.after_json = json::serialize(
          json::object{{"user_id", r.user_id != 0 ? json::value(r.user_id) : json::value(nullptr)},
                       {"method", r.method},
                       {"route", r.route},
                       {"status", r.status},
                       {"reason", r.reason}});
      storage::append_audit(session, std::move(e));
    }
  });
  return d.record;
}

}  // namespace kyosei::app
