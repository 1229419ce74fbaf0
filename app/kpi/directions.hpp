#pragma once
// 今後の方向性 of the KPI 進捗表 (issue 11): for each KPI, the next-year directions the
// evaluations gave the actions of its category in a fiscal year. Evaluations are members-only
// (ADR 0006), so this is a read of its own for the region's members, beside the public KPI
// list (whose read model is cached for everyone); the web adds it as a column when the
// visitor is a member.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct KpiDirectionCount {
  std::string code;   // continue / expand / review / end
  std::string label;  // 継続 / 拡充 / 見直し / 終了
  int actions = 0;    // evaluated actions of the category with this direction
};

struct KpiDirections {
  long long kpi_id = 0;
  std::vector<KpiDirectionCount> directions;  // in the order 継続, 拡充, 見直し, 終了; only > 0
  int evaluated = 0;                          // actions of the category with an evaluation
  int actions = 0;                            // actions of the category in the year
  bool sample = false;                        // some evaluation is a sample
};

struct KpiDirectionList {
  int fiscal_year = 0;
  std::vector<KpiDirections> items;  // every KPI of the region, in the list's order
};

// `fy_text` as the KPI list reads it (absent: the current fiscal year within the plan).
std::variant<KpiDirectionList, Error> kpi_directions(storage::Database& db, const Clock& clock,
                                                     const std::string& slug,
                                                     const std::optional<std::string>& fy_text);

}  // namespace kyosei::app
