#pragma once
// The JSON of the plan's read models: regions, one region, the vision of a fiscal year.
// Shapes are documented in docs/api.md and docs/api/openapi.yaml.

#include <boost/json.hpp>
#include <string_view>

#include "app/plan/vision.hpp"
#include "core/plan/region.hpp"

namespace kyosei::http {

// {"code","label"}.
boost::json::object labelled(std::string_view code, std::string_view label);
// The plan period and title of a vision.
boost::json::object plan_json(const core::Vision& v);
// The whole region (GET /api/v1/regions/{slug}) at change counter `seq`.
boost::json::object region_json(const core::Region& r, long long seq);
// The vision in one fiscal year (GET /api/v1/regions/{slug}/vision).
boost::json::object vision_json(const app::VisionInYear& v);

}  // namespace kyosei::http
