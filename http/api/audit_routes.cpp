#include "http/api/audit_routes.hpp"

#include <boost/json.hpp>

#include "app/audit/audit.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// A stored JSON text as JSON: null when empty, the text itself when it does not parse.
json::value parse_or_null(const std::string& t) {
  if (t.empty()) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(t, ec);
  return ec ? json::value(json::string(t)) : v;
}

// One audit entry as the audit page reads it (before/after parsed, or null), with who and
// which record in human words.
json::object audit_entry_json(const app::AuditEntry& e, const app::AuditDescription& d) {
  return {
      {"id", e.id},
      {"actor_kind", d.actor_kind},
      {"actor_name", d.actor_name},
      {"kind", d.kind},
      {"record_name", d.record_name},
      {"record_fiscal_year", d.fiscal_year ? json::value(*d.fiscal_year) : json::value(nullptr)},
      {"record_town", d.town},
      {"at", e.at},
      {"actor", e.actor},
      {"remote", e.remote},
      {"region", e.region_slug},
      {"action", e.action},
      {"record_type", e.record_type},
      {"record_id", e.record_id},
      {"before", parse_or_null(e.before_json)},
      {"after", parse_or_null(e.after_json)},
      {"hash", e.hash},
      {"prev_hash", e.prev_hash}};
}

}  // namespace

std::variant<app::AuditQuery, Response> audit_query(const Request& req, const std::string& slug,
                                                    bool with_format) {
  auto bad = with_format ? reject_unknown_params(req, {"record_type", "kind", "record_id", "actor",
                                                       "from", "to", "limit", "before", "format"})
                         : reject_unknown_params(req, {"record_type", "kind", "record_id", "actor",
                                                       "from", "to", "limit", "before"});
  if (bad) return std::move(*bad);
  app::AuditQuery q;
  q.region_slug = slug;
  q.record_type = req.param("record_type");
  q.kind = req.param("kind");
  q.record_id = req.param("record_id");
  q.actor = req.param("actor");
  q.from = req.param("from");
  q.to = req.param("to");
  q.limit = req.param("limit");
  q.before = req.param("before");
  return q;
}

void add_audit_routes(RouteTable& t, ApiServices* s) {
  t.add("GET", "/api/v1/regions/{slug}/audit", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx&) {
          auto query = audit_query(req, p.at("slug"), false);
          if (auto* bad = std::get_if<Response>(&query)) return std::move(*bad);
          const auto& q = std::get<app::AuditQuery>(query);
          return answer_or_problem(
              s->app.audit().list(q), [&](const std::vector<app::AuditEntry>& entries) {
                const auto words = s->app.audit().describe(q.region_slug, entries);
                json::array out;
                for (std::size_t i = 0; i < entries.size(); ++i)
                  out.push_back(audit_entry_json(entries[i], words[i]));
                return json_response(json::object{{"entries", std::move(out)}});
              });
        });
}

}  // namespace kyosei::http
