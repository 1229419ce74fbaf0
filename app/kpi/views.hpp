#pragma once
// The read models of KPIs: plain structs built by app::Kpis and serialised by
// http/api/kpi_json.cpp. The KPI itself keeps the one JSON record format of
// app::kpi_json (kpis.hpp), shared with the write answers and the audit trail.

#include <optional>
#include <string>
#include <vector>

#include "core/kpi/kpi.hpp"
#include "storage/kpi/kpi_store.hpp"

namespace kyosei::app {

// GET …/kpis: every KPI with its achievement in one fiscal year, and the grade bands.
struct KpiListItem {
  storage::StoredKpi kpi;
  core::Achievement achievement;  // in the list's fiscal year
};
struct KpiList {
  int fiscal_year = 0;
  core::GradeBands bands;
  std::vector<KpiListItem> items;
};

// GET …/kpis/{id}/series: the KPI by year from its baseline year (and by town for summed
// KPIs).
struct TownValue {
  std::string code;
  std::string name;
  std::optional<std::string> value;
};
struct KpiSeriesYear {
  core::Achievement achievement;
  std::optional<std::vector<TownValue>> by_municipality;  // summed KPIs
  std::optional<std::string> baseline;                    // in the baseline year
};
struct KpiSeries {
  storage::StoredKpi kpi;
  std::vector<KpiSeriesYear> years;
};

// GET …/kpis/{id}/history: the KPI with its target changes, oldest first.
struct KpiHistory {
  storage::StoredKpi kpi;
  std::vector<storage::TargetChange> changes;  // before / after are JSON texts
};

}  // namespace kyosei::app
