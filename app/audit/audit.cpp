#include "app/audit/audit.hpp"

#include <limits>
#include <stdexcept>

#include "app/audit/messages.hpp"
#include "app/common/messages.hpp"

namespace kyosei::app {
namespace {

// 400 naming `param`: "param: text" in both languages, and the parameter as the pointer.
Error bad_parameter(const std::string& param, const Message& m) {
  return Error{
      Errc::kBadRequest, param + ": " + m.ja(), param + ": " + m.en(), {{param, m.ja(), m.en()}}};
}

// YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]]Z.
bool is_time(const std::string& t) {
  auto digits = [&t](std::size_t from, std::size_t n) {
    if (t.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (t[i] < '0' || t[i] > '9') return false;
    return true;
  };
  if (!(digits(0, 4) && t.size() >= 10 && t[4] == '-' && digits(5, 2) && t[7] == '-' &&
        digits(8, 2)))
    return false;
  const int month = std::stoi(t.substr(5, 2));
  const int day = std::stoi(t.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (t.size() == 10) return true;
  if (!(t[10] == 'T' && digits(11, 2) && t.size() >= 17 && t[13] == ':' && digits(14, 2)))
    return false;
  if (std::stoi(t.substr(11, 2)) > 23 || std::stoi(t.substr(14, 2)) > 59) return false;
  std::size_t i = 16;
  if (i < t.size() && t[i] == ':') {
    if (!digits(i + 1, 2) || std::stoi(t.substr(i + 1, 2)) > 59) return false;
    i += 3;
    if (i < t.size() && t[i] == '.') {
      std::size_t n = 0;
      while (i + 1 + n < t.size() && t[i + 1 + n] >= '0' && t[i + 1 + n] <= '9') ++n;
      if (n == 0 || n > 3) return false;
      i += 1 + n;
    }
  }
  return i + 1 == t.size() && t[i] == 'Z';
}

// The whole of `text` as an integer in [low, high], or nullopt.
std::optional<long long> whole_number(const std::string& text, long long low, long long high) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && v >= low && v <= high) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// The filter of `q`, or the 400 of its first bad parameter.
std::variant<storage::AuditFilter, Error> filter_of(const AuditQuery& q) {
  storage::AuditFilter f;
  f.region_slug = q.region_slug;
  f.record_type = q.record_type.value_or("");
  f.record_id = q.record_id.value_or("");
  f.actor = q.actor.value_or("");
  f.from = q.from.value_or("");
  f.to = q.to.value_or("");
  if (!f.record_type.empty() &&
      (f.record_type.size() > 40 ||
       f.record_type.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)) {
    return bad_parameter("record_type", msg::audit::bad_record_type);
  }
  for (auto [name, value] : {std::pair{"record_id", &f.record_id}, std::pair{"actor", &f.actor}}) {
    bool ok = value->size() <= 200;
    for (unsigned char c : *value) ok = ok && c >= 0x20 && c != 0x7f;
    if (!ok) return bad_parameter(name, msg::audit::bad_text_filter);
  }
  for (auto [name, value] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    if (!value->empty() && !is_time(*value)) return bad_parameter(name, msg::audit::bad_time);
  }
  if (!f.from.empty() && !f.to.empty() && f.from >= f.to)
    return bad_parameter("to", msg::audit::to_not_after_from);
  if (q.limit) {
    const auto n = whole_number(*q.limit, 1, 1000);
    if (!n) {
      Error e = error_of(Errc::kBadRequest, msg::audit::bad_limit);
      e.fields.push_back(field_error("limit", msg::audit::bad_limit_field));
      return e;
    }
    f.limit = static_cast<int>(*n);
  }
  if (q.before) {
    const auto n = whole_number(*q.before, 1, std::numeric_limits<long long>::max());
    if (!n) {
      Error e = error_of(Errc::kBadRequest, msg::audit::bad_before);
      e.fields.push_back(field_error("before", msg::audit::bad_before_field));
      return e;
    }
    f.before_id = *n;
  }
  return f;
}

}  // namespace

std::variant<std::vector<AuditEntry>, Error> AuditLog::list(const AuditQuery& query) {
  auto filter = filter_of(query);
  if (auto* e = std::get_if<Error>(&filter)) return std::move(*e);
  std::vector<AuditEntry> entries;
  db_.with_session([&](storage::Session& session) {
    entries = storage::list_audit(session, std::get<storage::AuditFilter>(filter));
  });
  return entries;
}

}  // namespace kyosei::app
