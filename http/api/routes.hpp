#pragma once
// Inside the API (not for cli/): the route table's rows and the functions by which each
// feature adds its routes, in the order api_routes() lists them (docs/permissions.md and a
// test depend on that order). Every row names its permission policy; the guard
// (guard.hpp) checks the session, the policy and CSRF before the handler runs.
//
// Handlers capture the ApiServices pointer and dereference it only when called:
// api_routes() builds the table with nullptr to read the rows.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/access/auth.hpp"
#include "http/api/api.hpp"
#include "http/server/router.hpp"

namespace kyosei::http {

class ReadModelCache;

// What a handler knows about the caller (filled by the guard).
struct Ctx {
  app::Principal principal;
};
using CtxHandler = std::function<Response(const Request&, const PathParams&, Ctx&)>;

struct Route {
  std::string method;
  std::string pattern;
  app::Policy policy;
  CtxHandler handler;
};

class RouteTable {
 public:
  void add(std::string method, std::string pattern, app::Policy policy, CtxHandler handler) {
    routes.push_back({std::move(method), std::move(pattern), policy, std::move(handler)});
  }
  std::vector<Route> routes;
};

using Cache = std::shared_ptr<ReadModelCache>;

// Regions, one region and the vision of a fiscal year (plan_routes.cpp).
void add_plan_read_routes(RouteTable& t, ApiServices* s, const Cache& cache);
// The editing resources, category stages and years, participation (plan_routes.cpp).
void add_plan_editing_routes(RouteTable& t, ApiServices* s);
void add_search_routes(RouteTable& t, ApiServices* s);
void add_dashboard_routes(RouteTable& t, ApiServices* s, const Cache& cache);
void add_kpi_routes(RouteTable& t, ApiServices* s, const Cache& cache);
// Progress records, evaluations, evidence, rounds, task lists, submissions.
void add_progress_routes(RouteTable& t, ApiServices* s);
// The council: register, meetings, attendance, remarks, opinions, the 意見対応表.
void add_council_routes(RouteTable& t, ApiServices* s);
// Notices and reminders: my notices, read marks, my e-mail, the secretariat's notices.
void add_notice_routes(RouteTable& t, ApiServices* s);
// Sign-in and the session, me, the second factor, the users list.
void add_access_routes(RouteTable& t, ApiServices* s);
// Editions, the draft revision, the 新旧対照表 and the year roll-over (edition_routes.cpp).
void add_edition_routes(RouteTable& t, ApiServices* s);
void add_audit_routes(RouteTable& t, ApiServices* s);
// Exports and open data (issue 14): documents_routes.cpp.
void add_documents_routes(RouteTable& t, ApiServices* s);

}  // namespace kyosei::http
