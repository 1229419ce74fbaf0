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

// GET …/kpis: the 進捗表 — every KPI with its achievement in one fiscal year (both rates,
// the grading one marked), its actuals of several years, its lead towns and its projection
// to the plan's last year; and the grade bands with the region's grading method.
struct KpiYearActual {
  int fiscal_year = 0;
  core::ActualForYear actual;
};
struct KpiListItem {
  storage::StoredKpi kpi;
  core::Achievement achievement;       // in the list's fiscal year
  std::vector<KpiYearActual> actuals;  // one per KpiList::years
  std::vector<std::string> leads;      // 担当: lead town names in the list's year
  core::Projection projection;         // from the actuals up to the list's year
};
struct KpiList {
  int fiscal_year = 0;
  int plan_from = 0;
  int plan_to = 0;
  std::vector<int> years;  // the 実績 columns: the plan years up to the list's year (≥ 3)
  core::GradeBands bands;
  std::vector<KpiListItem> items;
};

// A KPI whose projection is 要注意 or 困難 (the dashboard's list, difficult first).
struct KpiAtRisk {
  long long id = 0;
  std::string name;
  std::string unit;
  std::string field;
  std::string category;
  bool sample = false;
  core::Projection projection;
};
std::vector<KpiAtRisk> kpis_at_risk(const KpiList& list);

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
  core::Projection projection;  // from every actual, to the plan's last year
};

// GET …/kpis/{id}/history: the KPI with its target changes, oldest first.
struct KpiHistory {
  storage::StoredKpi kpi;
  std::vector<storage::TargetChange> changes;  // before / after are JSON texts
};

}  // namespace kyosei::app
