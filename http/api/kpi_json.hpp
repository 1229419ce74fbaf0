#pragma once
// JSON of the KPI read models (GET …/kpis, …/kpis/{id}/series, …/history); docs/api/openapi.yaml.

#include <boost/json/object.hpp>

#include "app/kpi/views.hpp"

namespace kyosei::http {

boost::json::object to_json(const app::KpiList& list);
boost::json::object to_json(const app::KpiSeries& series);
boost::json::object to_json(const app::KpiHistory& history);

}  // namespace kyosei::http
