#pragma once
// The whole of one region as plain values: the unit that a dataset file holds, that
// storage saves and loads in one transaction, and that validation checks.
// Municipalities are referred to by their five-digit code everywhere inside a region.
// `inferred` on any entry is empty when the entry is read from a source document and
// otherwise says why and from what it was inferred.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/fiscal_year.hpp"
#include "core/kpi/kpi.hpp"
#include "core/plan/municipality.hpp"

namespace kyosei::core {

enum class RegionKind { kSettlement, kMetroCore };  // 定住自立圏 / 連携中枢都市圏
std::string_view label(RegionKind kind);
std::string_view code(RegionKind kind);  // settlement / metro-core
std::optional<RegionKind> region_kind_from(std::string_view label_or_code);

// Category lifecycle: 候補 → 協議中 → 実施 → 終了, forward only.
enum class Stage { kCandidate, kDiscussing, kActive, kEnded };
std::string_view label(Stage stage);  // 候補 / 協議中 / 実施 / 終了
std::string_view code(Stage stage);   // candidate / discussing / active / ended
std::optional<Stage> stage_from(std::string_view label_or_code);

// The three national policy areas of a 定住自立圏.
inline constexpr std::string_view kPolicyAreaCodes[] = {"living", "network", "management"};

struct Municipality {
  std::string code;  // five digits
  std::string name;
  MunicipalityKind kind = MunicipalityKind::kTown;
  MunicipalityRole role = MunicipalityRole::kMember;
  std::string inferred;
  friend bool operator==(const Municipality&, const Municipality&) = default;
};

struct Agreement {
  std::string kind;  // "formation" (形成協定) or "other"
  std::string title;
  std::string municipality;  // five-digit code of the partner; empty for sphere-wide ones
  std::optional<Date> signed_on;
  std::optional<Date> resolved_on;  // 議会の議決
  std::string note;
  std::string inferred;
  friend bool operator==(const Agreement&, const Agreement&) = default;
};

struct Photo {
  std::string caption;
  std::string inferred;
  friend bool operator==(const Photo&, const Photo&) = default;
};

struct Action {
  std::string text;
  bool all_participate = false;           // 全市町
  std::vector<std::string> participants;  // codes, when not all_participate; empty = not stated
  std::string lead;                       // code or empty
  std::string funding;                    // e.g. "R2～R6年度 広域連携加速化事業"
  std::vector<int> viewpoints;            // 1..6 (❶–➏)
  std::vector<Photo> photos;
  std::vector<std::string> agreements;  // titles of the region's agreements
  std::string inferred;
  friend bool operator==(const Action&, const Action&) = default;
};

struct Initiative {  // 主な取組み (■)
  std::string text;
  std::vector<Action> actions;
  std::string inferred;
  friend bool operator==(const Initiative&, const Initiative&) = default;
};

struct CategoryYear {
  int fiscal_year = 0;
  std::string direction;                // 連携方向
  std::vector<Initiative> initiatives;  // 主な取組み with their actions
  std::vector<Action> actions;          // 具体的取組 not under a main initiative
  std::vector<std::string> topics;      // 検討項目: directions a subcommittee is to study
  std::string inferred;
  friend bool operator==(const CategoryYear&, const CategoryYear&) = default;
};

// A KPI (成果指標) of a category with its recorded actuals. `sample` marks invented demo
// figures (サンプル): shown as such everywhere, never as real results.
struct Kpi {
  KpiDefinition definition;
  std::vector<KpiActual> actuals;
  bool sample = false;
  std::string inferred;
  friend bool operator==(const Kpi&, const Kpi&) = default;
};

struct StageChange {
  Stage stage = Stage::kCandidate;
  int from_fiscal_year = 0;
  friend bool operator==(const StageChange&, const StageChange&) = default;
};

struct Category {
  std::string name;
  std::vector<StageChange> stages;  // ascending; the last one with from <= FY is in force
  std::vector<CategoryYear> years;  // ascending by fiscal year
  std::vector<Kpi> kpis;
  std::string note;
  std::string inferred;
  friend bool operator==(const Category&, const Category&) = default;
};

struct Field {
  std::string name;
  std::vector<Category> categories;
  std::string inferred;
  friend bool operator==(const Field&, const Field&) = default;
};

struct PolicyArea {
  std::string code;  // one of kPolicyAreaCodes
  std::string name;
  std::vector<Field> fields;
  friend bool operator==(const PolicyArea&, const PolicyArea&) = default;
};

struct Viewpoint {  // 連携取組の検討の視点 ❶–➏
  int number = 0;
  std::string text;
  friend bool operator==(const Viewpoint&, const Viewpoint&) = default;
};

struct CycleStep {  // the PDCA-like cycle of the vision
  std::string name;
  std::string role;
  friend bool operator==(const CycleStep&, const CycleStep&) = default;
};

struct ScheduleItem {  // 年間スケジュール
  int fiscal_year = 0;
  std::string kind;  // subcommittee / council / opinions / reflection / collection / other
  std::string label;
  int from_month = 0;  // 1..12
  int to_month = 0;    // 1..12, in fiscal order (7..3 spans July to March)
  std::string inferred;
  friend bool operator==(const ScheduleItem&, const ScheduleItem&) = default;
};

struct Vision {
  std::string title;
  int from_fiscal_year = 0;
  int to_fiscal_year = 0;
  friend bool operator==(const Vision&, const Vision&) = default;
};

// A published edition (版) of the vision as a dataset file lists it (ADR 0016): number (1, 2,
// … in order), title (令和8年3月改訂), the date of decision, the fiscal year from which it
// applies, and its reasons. `policy_areas` is the plan as that edition decided it; an edition
// without it (`has_plan` false, only the last one) is the file's own plan.
struct EditionInfo {
  int number = 0;
  std::string title;
  std::optional<Date> decided_on;
  int from_fiscal_year = 0;
  std::vector<std::string> reasons;
  bool has_plan = false;
  std::vector<PolicyArea> policy_areas;
  friend bool operator==(const EditionInfo&, const EditionInfo&) = default;
};

struct Region {
  std::string slug;
  RegionKind kind = RegionKind::kSettlement;
  std::string name;
  std::string name_en;
  std::optional<Date> declared_on;  // 中心市宣言
  Vision vision;
  std::vector<Municipality> municipalities;
  std::vector<Agreement> agreements;
  std::vector<PolicyArea> policy_areas;
  std::vector<Viewpoint> viewpoints;
  std::vector<CycleStep> cycle;
  std::vector<ScheduleItem> schedule;
  std::string source;                              // where the data comes from
  GradeBands grade_bands = default_grade_bands();  // KPI grades of this region
  std::vector<EditionInfo> editions;               // published editions (dataset files only)
  friend bool operator==(const Region&, const Region&) = default;
};

// The stage in force in a fiscal year, or nullopt before the first transition.
std::optional<Stage> stage_in(const Category& category, int fiscal_year);

// The category's entry for a fiscal year, or nullptr.
const CategoryYear* year_of(const Category& category, int fiscal_year);

// The region as edition `index` of its `editions` decided it: its plan (or the region's own
// for an edition without one), no editions list.
Region edition_region(const Region& region, std::size_t index);

// Fiscal-order month rank: April = 0 … March = 11.
int fiscal_month_rank(int month);

}  // namespace kyosei::core
