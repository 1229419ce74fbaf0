#pragma once
// The JSON API: route table and handlers. Handlers decode the request, call a use case in
// app/, and encode the result; errors go through problem_response(). One file per feature
// registers its routes (routes.hpp); the guard, request parsing, response helpers and the
// read-model cache are shared (guard.hpp, request.hpp, response.hpp, read_model_cache.hpp).

#include <string>
#include <vector>

#include "app/access/auth.hpp"
#include "app/services.hpp"
#include "http/server/router.hpp"

namespace kyosei::http {

struct ApiServices {
  app::Services& app;          // the use cases (and the health check)
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
