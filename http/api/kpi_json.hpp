#pragma once
// JSON of the KPI read models (GET …/kpis, …/kpis/{id}/series, …/history); docs/api/openapi.yaml.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "app/kpi/views.hpp"

namespace kyosei::http {

boost::json::object to_json(const app::KpiList& list);
boost::json::object to_json(const app::KpiSeries& series);
boost::json::object to_json(const app::KpiHistory& history);
// A projection to the plan's last year (docs/kpi-achievement.md §8), shared with the dashboard.
boost::json::object projection_json(const core::Projection& projection);
boost::json::array to_json(const std::vector<app::KpiAtRisk>& at_risk);

}  // namespace kyosei::http
