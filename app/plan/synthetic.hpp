#pragma once
// `kyosei synth`: invented regions of benchmark size (scripts/bench.sh). Every name says
// 合成 and every KPI is marked as sample data.

#include <optional>

#include "app/common/error.hpp"
#include "app/progress/progress.hpp"
#include "core/plan/region.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

// Region "synth-INDEX": 9 towns, 17 fields × 4 categories, each with 10 actions in FY2025
// and one KPI with five years of actuals (per town for every other KPI).
core::Region synthetic_region(int index);

// Stores synth-0 … synth-(count-1), replacing earlier ones, each with FY2025 sample
// progress of three towns on every action, evaluations and an open round
// (Progress::load_demo, actor "synth"). Stops at the first refusal and returns it.
std::optional<Error> add_synthetic_regions(storage::Database& db, Progress& progress, int count);

}  // namespace kyosei::app
