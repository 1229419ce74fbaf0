#include "core/plan/region.hpp"

namespace kyosei::core {

std::string_view label(RegionKind kind) {
  switch (kind) {
    case RegionKind::kSettlement: return "定住自立圏";
    case RegionKind::kMetroCore: return "連携中枢都市圏";
  }
  return "";
}

std::string_view code(RegionKind kind) {
  switch (kind) {
    case RegionKind::kSettlement: return "settlement";
    case RegionKind::kMetroCore: return "metro-core";
  }
  return "";
}

std::optional<RegionKind> region_kind_from(std::string_view s) {
  for (auto k : {RegionKind::kSettlement, RegionKind::kMetroCore}) {
    if (s == label(k) || s == code(k)) return k;
  }
  return std::nullopt;
}

std::string_view label(Stage stage) {
  switch (stage) {
    case Stage::kCandidate: return "候補";
    case Stage::kDiscussing: return "協議中";
    case Stage::kActive: return "実施";
    case Stage::kEnded: return "終了";
  }
  return "";
}

std::string_view code(Stage stage) {
  switch (stage) {
    case Stage::kCandidate: return "candidate";
    case Stage::kDiscussing: return "discussing";
    case Stage::kActive: return "active";
    case Stage::kEnded: return "ended";
  }
  return "";
}

std::optional<Stage> stage_from(std::string_view s) {
  for (auto st : {Stage::kCandidate, Stage::kDiscussing, Stage::kActive, Stage::kEnded}) {
    if (s == label(st) || s == code(st)) return st;
  }
  return std::nullopt;
}

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
