#pragma once
// The JSON API: route table and handlers. Handlers decode the request, call a use case in
// app/, and encode the result; errors go through problem_response().

#include "app/access/auth.hpp"
#include "app/plan/editing.hpp"
#include "app/kpi/kpis.hpp"
#include "app/progress/progress.hpp"
#include "app/plan/vision.hpp"
#include "http/server/router.hpp"
#include "storage/common/database.hpp"

namespace kyosei::http {

struct ApiServices {
  storage::Database& db;
  app::VisionQueries& vision;
  app::Auth& auth;
  app::Editing& editing;
  app::Kpis& kpis;
  app::Progress& progress;
  bool secure_cookies = true;  // __Host- cookie with Secure; false only for plain-HTTP intranets
  std::string openapi_json;    // served at /api/v1/openapi.json
};

// One row of the route table: the same table registers the routes and documents their
// permissions (docs/permissions.md is generated from it; a test keeps them equal).
struct RouteInfo {
  std::string method;
  std::string pattern;
  app::Policy policy;
};
std::vector<RouteInfo> api_routes();

// Registers every API route on `router`. `services` must outlive the router.
void register_api(Router& router, ApiServices& services);

}  // namespace kyosei::http
