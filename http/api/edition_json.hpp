#pragma once
// The 新旧対照表 (app::PlanDiffView) and the roll-over preview as JSON (the table's CSV, xlsx
// and printed forms: app/documents/plan_diff).

#include <boost/json.hpp>
#include <string>

#include "app/plan/editions.hpp"

namespace kyosei::http {

// {"from":{"ref","label"},"to":{…},"entries":[{"kind","op","op_label","area","field",
// "category","fiscal_year","path","attribute","before","after","spans":[{"op","text"}]}],
// "summary":{"added","removed","changed"}}
boost::json::object to_json(const app::PlanDiffView& view);
// The roll-over preview or its result.
boost::json::object to_json(const app::RolloverPreview& preview);

}  // namespace kyosei::http
