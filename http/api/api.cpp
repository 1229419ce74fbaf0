#include "http/api/api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "http/api/guard.hpp"
#include "http/api/read_model_cache.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"
#include "http/server/problem.hpp"
#include "kyosei/version.hpp"

namespace kyosei::http {
namespace {

namespace json = boost::json;

// The whole table, in the order docs/permissions.md lists it.
std::vector<Route> route_table(ApiServices* s) {
  RouteTable t;
  auto cache = std::make_shared<ReadModelCache>();

  t.add("GET", "/healthz", app::Policy::kPublic, [s](const Request&, const PathParams&, Ctx&) {
    const bool db_ok = s->app.database_reachable();
    Response r = json_response(json::object{{"status", db_ok ? "ok" : "degraded"},
                                            {"database", db_ok ? "ok" : "unreachable"},
                                            {"version", kVersion}});
    if (!db_ok) r.status = 503;
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });

  add_plan_read_routes(t, s, cache);
  add_search_routes(t, s);
  add_dashboard_routes(t, s, cache);
  add_kpi_routes(t, s, cache);
  add_progress_routes(t, s);
  add_council_routes(t, s);
  add_notice_routes(t, s);

  t.add("GET", "/api/v1/openapi.json", app::Policy::kPublic,
        [s](const Request&, const PathParams&, Ctx&) {
          if (s->openapi_json.empty())
            return problem_response(app::Error{app::Errc::kNotFound, "", "", {}});
          Response r;
          r.body = s->openapi_json;
          return r;
        });

  add_access_routes(t, s);
  add_plan_editing_routes(t, s);
  add_audit_routes(t, s);
  add_edition_routes(t, s);
  add_documents_routes(t, s);
  return std::move(t.routes);
}

}  // namespace

std::vector<RouteInfo> api_routes() {
  // The handlers are never called here; the services reference is only captured.
  std::vector<RouteInfo> out;
  for (const auto& r : route_table(nullptr)) out.push_back({r.method, r.pattern, r.policy});
  return out;
}

void register_api(Router& router, ApiServices& services) {
  for (auto& route : route_table(&services)) {
    RouteInfo info{route.method, route.pattern, route.policy};
    router.add(route.method, route.pattern,
               [&services, info, handler = std::move(route.handler)](const Request& req,
                                                                     const PathParams& p) {
                 return guarded(services, info, handler, req, p);
               });
  }
  // The routes that hash a password run on the server's bounded worker pool (ADR 0009).
  for (const char* pattern :
       {"/api/v1/session", "/api/v1/me/password", "/api/v1/me/totp", "/api/v1/regions/{slug}/users",
        "/api/v1/regions/{slug}/users/{uid}/password-reset"})
    router.run_on_workers("POST", pattern);
  // Refusals that no route's guard saw are audited the same way (ADR 0011).
  router.set_refusal_observer(
      [&services](const Request& req, const Response& res, const std::string& pattern) {
        record_unrouted_refusal(services, req, res, pattern);
      });
}

}  // namespace kyosei::http
