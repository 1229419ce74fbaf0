#pragma once
// A region's KPI grading (grade bands and the grading method) on its own, for the page that
// sets it (ADR 0019); the whole-region store (region_store) reads and writes the same columns.

#include "core/kpi/kpi.hpp"
#include "storage/common/database.hpp"

namespace kyosei::storage {

// The grading as stored (the defaults when none were stored).
core::GradeBands load_grade_bands(Session& sql, long long region_id);
// Writes it. Advances neither the row's version nor the change counter: the caller's unit of
// work does.
void save_grade_bands(Session& sql, long long region_id, const core::GradeBands& bands);

}  // namespace kyosei::storage
