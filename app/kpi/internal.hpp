#pragma once
// Helpers shared by kpis.cpp and definitions.cpp. Not an interface for other features.

#include <string>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/messages.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/kpi/messages.hpp"
#include "core/plan/validation.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app::kpi {

inline Error kpi_not_found(const std::string& id) {
  return error_of(Errc::kNotFound, msg::kpi::kpi_not_found, id);
}

// 422 with the field problems (the KPI wording: no count).
inline Error kpi_invalid(std::vector<FieldError> fields) {
  Error e = error_of(Errc::kValidationFailed, msg::kpi::invalid_input);
  e.fields = std::move(fields);
  return e;
}

inline const storage::StoredKpi* find_kpi(const storage::RegionKpis& r, const std::string& id) {
  for (const auto& k : r.kpis) {
    if (std::to_string(k.id) == id) return &k;
  }
  return nullptr;
}

// The region's KPIs in the unit; fails 404 for an unknown region.
inline storage::RegionKpis require_kpis(UnitOfWork& unit, const std::string& slug) {
  auto r = storage::load_region_kpis(unit.session(), slug);
  if (!r) fail(region_not_found(slug));
  return std::move(*r);
}

// After a write: the same rules as a dataset (decimal places, member towns, sums in
// range, periods, directions); fails 422 with each problem at `pointer`.
inline void fail_unless_valid(UnitOfWork& unit, const std::string& slug,
                              const std::string& pointer) {
  auto region = storage::RegionStore::load_in(unit.session(), slug);
  std::vector<FieldError> problems;
  for (const auto& pr : core::validate(*region)) {
    const auto& m = msg::kpi::problem_at;
    problems.push_back({pointer, m.ja(pr.message_ja, pr.path), m.en(pr.message_en, pr.path)});
  }
  if (!problems.empty()) fail(kpi_invalid(std::move(problems)));
}

}  // namespace kyosei::app::kpi
