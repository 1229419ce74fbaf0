#include "core/plan/region.hpp"

#include "core/common/labels.hpp"

namespace kyosei::core {

namespace {

constexpr EnumNames<RegionKind, 2> kRegionKinds{
    {{{"settlement", "定住自立圏"}, {"metro-core", "連携中枢都市圏"}}}};
constexpr EnumNames<Stage, 4> kStages{
    {{{"candidate", "候補"}, {"discussing", "協議中"}, {"active", "実施"}, {"ended", "終了"}}}};

}  // namespace

KYOSEI_ENUM_NAMES(RegionKind, region_kind_from, kRegionKinds)

KYOSEI_ENUM_NAMES(Stage, stage_from, kStages)

std::optional<Stage> stage_in(const Category& category, int fiscal_year) {
  std::optional<Stage> current;
  for (const auto& change : category.stages) {
    if (change.from_fiscal_year <= fiscal_year) current = change.stage;
  }
  return current;
}

const CategoryYear* year_of(const Category& category, int fiscal_year) {
  for (const auto& y : category.years) {
    if (y.fiscal_year == fiscal_year) return &y;
  }
  return nullptr;
}

int fiscal_month_rank(int month) { return (month + 8) % 12; }

}  // namespace kyosei::core

namespace kyosei::core {

Region edition_region(const Region& region, std::size_t index) {
  Region out = region;
  out.editions.clear();
  if (index < region.editions.size() && region.editions[index].has_plan) {
    out.policy_areas = region.editions[index].policy_areas;
  }
  return out;
}

}  // namespace kyosei::core
