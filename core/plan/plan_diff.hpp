#pragma once
// The 新旧対照表: what differs between two versions of a region's plan (two editions, or the
// draft revision and the current edition), per policy area, field, category, fiscal year,
// main initiative, action and KPI: added, removed or changed, and for a changed text which
// characters changed (Japanese has no spaces, so words are no unit: the comparison is by
// Unicode code point). ADR 0016.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan/region.hpp"

namespace kyosei::core {

// One run of a character-level comparison: '=' kept, '-' only in the old text, '+' only in
// the new one. Runs of the same op are merged; concatenating the '=' and '-' runs gives the
// old text, the '=' and '+' runs the new one.
struct TextSpan {
  char op = '=';
  std::string text;
  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

// The shortest edit between two UTF-8 texts by code point (longest common subsequence after
// the common prefix and suffix are set aside). Above `kCharDiffCellLimit` cells (old length ×
// new length of the differing middle) the middle is reported as one removal and one
// addition, so a huge text never costs quadratic memory.
inline constexpr std::size_t kCharDiffCellLimit = 4'000'000;
std::vector<TextSpan> char_diff(std::string_view before, std::string_view after);

enum class DiffOp { kAdded, kRemoved, kChanged };
std::string_view code(DiffOp op);   // added / removed / changed
std::string_view label(DiffOp op);  // 追加 / 削除 / 変更
// The Japanese names of a DiffEntry's `kind` (カテゴリ, 主な取組み, …) and `attribute` (名称,
// 連携方向, …), as the printed table and its CSV show them; an unknown code comes back as is.
std::string_view kind_label(std::string_view kind);
std::string_view attribute_label(std::string_view attribute);

// One line of the 新旧対照表. `kind` is policy_area, field, category, year, initiative,
// action or kpi; `path` names the item by its place (field › category › year › …);
// `attribute` is the changed property for kChanged (name, stages, direction, text, …), empty
// for an added or removed item, whose `before` / `after` holds a one-line summary.
struct DiffEntry {
  std::string kind;
  DiffOp op = DiffOp::kChanged;
  std::string area;      // policy area code
  std::string field;     // field name (empty for a policy area)
  std::string category;  // category name (empty above)
  int fiscal_year = 0;   // for year, initiative and action entries
  std::string path;
  std::string attribute;
  std::string before;
  std::string after;
  std::vector<TextSpan> spans;  // kChanged: char_diff(before, after)
  friend bool operator==(const DiffEntry&, const DiffEntry&) = default;
};

// The differences between the plans of `before` and `after`, in plan order. Items are matched
// by name (a policy area by code, a field by name, a category by field and name, a year by
// fiscal year); main initiatives and actions by text within their year, and those left over
// on both sides in order (so an action whose wording changed shows as changed, character by
// character). KPI actuals are records, not plan, and are not compared.
std::vector<DiffEntry> diff_plans(const Region& before, const Region& after);

// The plan as fiscal year `fy` reads it: the policy areas, fields and categories that have a
// stage that year (each with that one stage, from `fy`), each category with only its entry
// for `fy` and no KPIs; fields and areas left empty are dropped. Two plans whose year views
// are equal show that year the same (the vision, the progress pages, the council material).
std::vector<PolicyArea> year_view(const Region& region, int fy);

// The first difference between `before` and `after` in any fiscal year from `first_fy` up to
// `until_fy` (exclusive), compared through year_view; nullopt when those years read the same.
// A revision that applies from `until_fy` must not rewrite the years before it (ADR 0016).
// KPI definitions and targets are not year-bound and are not compared here.
std::optional<DiffEntry> first_change_before(const Region& before, const Region& after,
                                             int first_fy, int until_fy);

// How a category's stages read in the table: "協議中(2025)→実施(2026)".
std::string stages_text(const std::vector<StageChange>& stages);

}  // namespace kyosei::core
