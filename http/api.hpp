#pragma once
// The JSON API: route table and handlers. Handlers decode the request, call a use case in
// app/, and encode the result; errors go through problem_response().

#include "app/vision.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

namespace kyosei::http {

struct ApiServices {
  storage::Database& db;
  app::VisionQueries& vision;
};

// Registers every API route on `router`. `services` must outlive the router.
void register_api(Router& router, ApiServices& services);

}  // namespace kyosei::http
