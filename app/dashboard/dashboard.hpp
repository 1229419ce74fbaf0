#pragma once
// The region dashboard of a fiscal year: per field the categories in force, actions and
// KPI grades; totals; the annual schedule's next milestones with overdue ones flagged; and
// the progress part (app::Progress::dashboard, app/dashboard/progress_part.cpp).
// A plain read model; http/api/dashboard_json.cpp serialises it. Pure computation on a
// region snapshot; the caller caches the result per change counter.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kpi/views.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/views.hpp"

namespace kyosei::app {

// KPIs per grade, in the order: the region's bands, `below`, no grade, then any other.
class GradeCounts {
 public:
  explicit GradeCounts(const core::GradeBands& bands);
  void add(const std::string& grade);
  const std::vector<std::pair<std::string, int>>& counts() const { return counts_; }

 private:
  std::vector<std::pair<std::string, int>> counts_;
};

struct FieldSummary {
  std::string policy_area;
  std::string field;
  std::size_t categories = 0;
  int actions = 0;
  int kpis = 0;
  GradeCounts kpi_grades;
};

struct ScheduleMilestone {
  std::string kind;
  std::string label;
  int from_month = 0;
  int to_month = 0;
  bool past = false;     // over on `today` (the schedule has no completion marks yet)
  std::string inferred;  // empty when stated
};

struct Dashboard {
  std::string slug;
  std::string name;
  int fiscal_year = 0;
  int field_count = 0;
  int category_count = 0;
  std::size_t discussing = 0;
  std::size_t candidates = 0;
  int actions = 0;
  int kpis = 0;
  GradeCounts kpi_grades;
  int sample_kpis = 0;
  std::optional<std::string> sample_note;  // when any KPI figure is sample data
  std::vector<FieldSummary> fields;
  std::vector<ScheduleMilestone> schedule;
  long long change_seq = 0;
  // Filled by the caller from app::Progress::dashboard (nullopt: shown as {}).
  std::optional<ProgressDashboard> progress;
  // Filled by the caller from app::kpis_at_risk of the year's KPI list: 困難, then 要注意.
  std::vector<KpiAtRisk> kpis_at_risk;
};

// `today` is a calendar date in Japan (for overdue flags).
Dashboard dashboard(const RegionSnapshot& snapshot, int fiscal_year, const core::Date& today);

}  // namespace kyosei::app
