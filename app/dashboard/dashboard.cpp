#include "app/dashboard/dashboard.hpp"

#include <algorithm>

#include "app/dashboard/messages.hpp"

namespace kyosei::app {
namespace {

// Whether a schedule item of fiscal year `fy` ending in `to_month` is over on `today`
// (the schedule has no completion marks yet: a past item is due or overdue).
bool is_past(int fy, int to_month, const core::Date& today) {
  const int year = to_month >= 4 ? fy : fy + 1;  // the calendar year of that month
  return today.year > year || (today.year == year && today.month > to_month);
}

}  // namespace

GradeCounts::GradeCounts(const core::GradeBands& bands) {
  auto ensure = [&](const std::string& grade) {
    auto it = std::find_if(counts_.begin(), counts_.end(),
                           [&](const auto& c) { return c.first == grade; });
    if (it == counts_.end()) counts_.emplace_back(grade, 0);
  };
  for (const auto& b : bands.bands) ensure(b.grade);
  ensure(bands.below);
  ensure(std::string(core::kNoGrade));
}

void GradeCounts::add(const std::string& grade) {
  auto it =
      std::find_if(counts_.begin(), counts_.end(), [&](const auto& c) { return c.first == grade; });
  if (it == counts_.end())
    counts_.emplace_back(grade, 1);
  else
    ++it->second;
}

Dashboard dashboard(const RegionSnapshot& snapshot, int fy, const core::Date& today) {
  const core::Region& r = *snapshot.region;
  const auto vision = VisionQueries::vision_in_year(snapshot, fy);
  Dashboard d{.slug = r.slug,
              .name = r.name,
              .fiscal_year = fy,
              .field_count = vision.field_count,
              .category_count = vision.category_count,
              .discussing = vision.discussing.size(),
              .candidates = vision.candidates.size(),
              .kpi_grades = GradeCounts(r.grade_bands),
              .change_seq = snapshot.change_seq};
  for (const auto& area : vision.areas) {
    for (const auto& f : area.fields) {
      FieldSummary s{.policy_area = area.area->name,
                     .field = f.field->name,
                     .categories = f.categories.size(),
                     .kpi_grades = GradeCounts(r.grade_bands)};
      for (const auto& c : f.categories) {
        if (c.year != nullptr) {
          s.actions += static_cast<int>(c.year->actions.size());
          for (const auto& ini : c.year->initiatives)
            s.actions += static_cast<int>(ini.actions.size());
        }
        for (const auto& k : c.category->kpis) {
          const auto a = core::achievement_for(k.definition, k.actuals, fy, r.grade_bands);
          s.kpi_grades.add(a.grade);
          d.kpi_grades.add(a.grade);
          ++s.kpis;
          if (k.sample) ++d.sample_kpis;
        }
      }
      d.kpis += s.kpis;
      d.actions += s.actions;
      d.fields.push_back(std::move(s));
    }
  }
  if (d.sample_kpis > 0) d.sample_note = msg::dashboard::sample_note.ja();
  for (const auto& s : r.schedule) {
    if (s.fiscal_year != fy) continue;
    d.schedule.push_back(
        {s.kind, s.label, s.from_month, s.to_month, is_past(fy, s.to_month, today), s.inferred});
  }
  return d;
}

}  // namespace kyosei::app
