#pragma once
// The region dashboard of a fiscal year: per field the categories in force, actions and
// KPI grades; totals; the annual schedule's next milestones with overdue ones flagged.
// Pure computation on a region snapshot; the caller caches the result per change counter.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/error.hpp"
#include "app/plan/vision.hpp"

namespace kyosei::app {

// `today` is a calendar date in Japan (for overdue flags).
boost::json::object dashboard_json(const RegionSnapshot& snapshot, int fiscal_year,
                                   const core::Date& today);

}  // namespace kyosei::app
