#pragma once
// KPIs of a region with their row ids and versions, and the writing of one actual.
// Functions take the caller's session (reads may run in a write transaction).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/plan/region.hpp"
#include "storage/common/database.hpp"

namespace kyosei::storage {

struct StoredActual {
  long long id = 0;
  int version = 0;
};

struct StoredKpi {
  long long id = 0;
  int version = 0;
  long long category_id = 0;
  long long field_id = 0;
  std::string category;
  std::string field;
  core::Kpi kpi;
  std::map<std::pair<int, std::string>, StoredActual> actual_rows;  // (FY, town) → row
  // 担当: per fiscal year, the lead town codes of the category's actions, distinct, in order.
  std::map<int, std::vector<std::string>> leads;
};

struct RegionKpis {
  long long region_id = 0;
  int plan_from = 0;
  int plan_to = 0;
  core::GradeBands bands;
  std::vector<core::Municipality> municipalities;
  std::vector<StoredKpi> kpis;  // in field, category, position order
};

// nullopt for an unknown region.
std::optional<RegionKpis> load_region_kpis(Session& sql, const std::string& slug);

// The same in a read transaction of its own (a concurrent write is seen whole or not at
// all); not for use inside a write transaction.
std::optional<RegionKpis> read_region_kpis(Session& sql, const std::string& slug);

// Inserts (row_id 0) or updates one actual; bumps the KPI's version. Returns the row's id
// and its new version.
StoredActual write_actual(Session& sql, long long kpi_id, long long row_id,
                          const core::KpiActual& actual);

// Whether category `category_id` is one of the region's (neither it nor its field deleted).
bool category_in_region(Session& sql, long long region_id, long long category_id);

// Inserts (kpi_id 0, appended to the category) or replaces a KPI's definition and yearly
// targets (version + 1; a moved KPI goes to the end of its new category). Returns the id.
long long write_kpi_definition(Session& sql, long long kpi_id, long long category_id,
                               const core::KpiDefinition& definition);

// A change of a KPI's baseline or targets, with the reason given (目標値の変更履歴).
struct TargetChange {
  long long id = 0;
  long long kpi_id = 0;
  std::string changed_at;
  std::string changed_by;
  std::string reason;
  std::string before_json;
  std::string after_json;
};
void add_target_change(Session& sql, const TargetChange& change);
std::vector<TargetChange> load_target_changes(Session& sql, long long kpi_id);

}  // namespace kyosei::storage
