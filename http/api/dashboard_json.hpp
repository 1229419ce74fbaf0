#pragma once
// JSON of the dashboard read model (GET …/dashboard) with its progress part;
// docs/api/openapi.yaml.

#include <boost/json/object.hpp>

#include "app/dashboard/dashboard.hpp"

namespace kyosei::http {

boost::json::object to_json(const app::Dashboard& dashboard);
boost::json::object to_json(const app::ProgressDashboard& progress);

}  // namespace kyosei::http
