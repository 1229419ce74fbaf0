#pragma once
// The 新旧対照表 (app::PlanDiffView) as JSON and as CSV (UTF-8 with a byte-order mark, so that
// spreadsheet programs read the Japanese text).

#include <boost/json.hpp>
#include <string>

#include "app/plan/editions.hpp"

namespace kyosei::http {

// {"from":{"ref","label"},"to":{…},"entries":[{"kind","op","op_label","area","field",
// "category","fiscal_year","path","attribute","before","after","spans":[{"op","text"}]}],
// "summary":{"added","removed","changed"}}
boost::json::object to_json(const app::PlanDiffView& view);
// Header 種別,区分,政策分野,分野,カテゴリ,年度,項目,属性,旧,新 then one row per entry.
std::string to_csv(const app::PlanDiffView& view);
// The roll-over preview or its result.
boost::json::object to_json(const app::RolloverPreview& preview);

}  // namespace kyosei::http
