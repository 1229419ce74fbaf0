#include "app/audit/audit.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <limits>
#include <map>
#include <stdexcept>

#include "app/audit/messages.hpp"
#include "app/common/messages.hpp"
#include "storage/access/user_store.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/progress/progress_store.hpp"

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
  if (q.kind) {
    const auto& kinds = audit_kinds();
    const auto it = std::find_if(kinds.begin(), kinds.end(),
                                 [&](const AuditKind& k) { return k.code == *q.kind; });
    if (it == kinds.end()) return bad_parameter("kind", msg::audit::bad_kind);
    for (const auto& t : it->record_types)
      f.record_types += (f.record_types.empty() ? "" : ",") + t;
  }
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

namespace kyosei::app {
namespace {

// The first of a few naming keys of a stored JSON object ("" when none).
std::string name_in(const std::string& json_text) {
  if (json_text.empty()) return {};
  boost::system::error_code ec;
  const auto v = boost::json::parse(json_text, ec);
  if (ec || !v.is_object()) return {};
  for (const char* key : {"name", "display_name", "title", "text", "file_name", "filename"}) {
    if (const auto* s = v.as_object().if_contains(key); s != nullptr && s->is_string())
      return std::string(s->as_string());
  }
  return {};
}

// "12/2025/01423" → {"12", "2025", "01423"}.
std::vector<std::string> id_parts(const std::string& id) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto slash = id.find('/', start);
    out.push_back(id.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

std::optional<long long> number(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

}  // namespace

const std::vector<AuditKind>& audit_kinds() {
  static const std::vector<AuditKind> kKinds = {
      {"plan",
       {"region", "municipality", "agreement", "policy_area", "field", "category", "category_year",
        "initiative", "action", "draft", "edition"}},
      {"kpi", {"kpi", "kpi_actual"}},
      {"progress", {"progress_record", "evaluation", "evidence", "sample-progress"}},
      {"round", {"round", "submission"}},
      {"council",
       {"council_member", "meeting", "remark", "opinion", "material", "milestone", "schedule",
        "thread", "thread-post", "assessment", "sample-council", "sample-schedule",
        "sample-assessment"}},
      {"user", {"user"}},
      {"request", {"request"}},
  };
  return kKinds;
}

std::string audit_kind_of(const std::string& record_type) {
  for (const auto& k : audit_kinds()) {
    if (std::find(k.record_types.begin(), k.record_types.end(), record_type) !=
        k.record_types.end())
      return k.code;
  }
  return {};
}

std::vector<AuditDescription> AuditLog::describe(const std::string& slug,
                                                 const std::vector<AuditEntry>& entries) {
  std::vector<AuditDescription> out;
  out.reserve(entries.size());
  std::map<std::string, std::string> people;  // login → display name
  for (const auto& u : storage::UserStore(db_).list()) people[u.login] = u.display_name;
  db_.with_session([&](storage::Session& session) {
    const auto region_id = storage::region_id_of(session, slug);
    std::map<std::string, std::string> towns;
    std::map<long long, std::string> kpis;
    std::map<long long, std::optional<storage::ActionInfo>> actions;
    std::map<long long, std::optional<storage::RoundRow>> rounds;
    if (region_id) {
      for (auto& [code, name] : storage::load_towns(session, *region_id)) towns[code] = name;
      if (auto k = storage::load_region_kpis(session, slug)) {
        for (const auto& s : k->kpis) kpis[s.id] = s.kpi.definition.name;
      }
    }
    auto action_of = [&](long long id) -> const std::optional<storage::ActionInfo>& {
      auto it = actions.find(id);
      if (it == actions.end())
        it = actions
                 .emplace(id,
                          region_id ? storage::load_action(session, *region_id, id) : std::nullopt)
                 .first;
      return it->second;
    };
    auto round_of = [&](long long id) -> const std::optional<storage::RoundRow>& {
      auto it = rounds.find(id);
      if (it == rounds.end())
        it = rounds
                 .emplace(id,
                          region_id ? storage::load_round(session, *region_id, id) : std::nullopt)
                 .first;
      return it->second;
    };
    auto town = [&](const std::string& code) {
      const auto it = towns.find(code);
      return it == towns.end() ? std::string() : it->second;
    };
    for (const auto& e : entries) {
      AuditDescription d;
      if (e.actor == "system") {
        d.actor_kind = "system";
      } else if (e.actor == "anonymous" || e.actor.empty()) {
        d.actor_kind = "anonymous";
      } else if (e.actor.rfind("cli:", 0) == 0) {
        d.actor_kind = "operator";
      } else {
        d.actor_kind = "user";
        if (const auto it = people.find(e.actor); it != people.end()) d.actor_name = it->second;
      }
      d.kind = audit_kind_of(e.record_type);
      const auto parts = id_parts(e.record_id);
      const auto first = number(parts[0]);
      const std::string& t = e.record_type;
      if ((t == "kpi" || t == "kpi_actual") && first && kpis.contains(*first)) {
        d.record_name = kpis[*first];
        if (t == "kpi_actual" && parts.size() >= 2) {
          if (auto fy = number(parts[1])) d.fiscal_year = static_cast<int>(*fy);
          if (parts.size() >= 3) d.town = town(parts[2]);
        }
      } else if ((t == "progress_record" || t == "evaluation") && first && action_of(*first)) {
        d.record_name = action_of(*first)->text;
        d.fiscal_year = action_of(*first)->fiscal_year;
        if (parts.size() >= 2) d.town = town(parts[1]);
      } else if ((t == "round" || t == "submission") && first && round_of(*first)) {
        d.record_name = round_of(*first)->title;
        d.fiscal_year = round_of(*first)->fiscal_year;
        if (parts.size() >= 2) d.town = town(parts[1]);
      } else if (t == "user") {
        const auto it = people.find(e.record_id);
        d.record_name = it == people.end() ? e.record_id : it->second;
      } else if (t == "municipality") {
        d.record_name = town(e.record_id);
      } else if (t == "category_year" && parts.size() >= 2) {
        if (auto fy = number(parts[1])) d.fiscal_year = static_cast<int>(*fy);
      }
      if (d.record_name.empty()) d.record_name = name_in(e.after_json);
      if (d.record_name.empty()) d.record_name = name_in(e.before_json);
      out.push_back(std::move(d));
    }
  });
  return out;
}

}  // namespace kyosei::app
