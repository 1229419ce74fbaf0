#include "app/dashboard/dashboard.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <ctime>

namespace kyosei::app {
namespace {
namespace json = boost::json;

json::object grade_counts(const core::GradeBands& bands) {
  json::object o;
  for (const auto& b : bands.bands) o[b.grade] = 0;
  o[bands.below] = 0;
  o[std::string(core::kNoGrade)] = 0;
  return o;
}

void count(json::object& o, const std::string& grade) {
  auto it = o.find(grade);
  if (it == o.end()) {
    o[grade] = 1;
  } else {
    it->value() = it->value().as_int64() + 1;
  }
}

// Whether a schedule item of fiscal year `fy` ending in `to_month` is over on `today`
// (the schedule has no completion marks yet: a past item is due or overdue).
bool is_past(int fy, int to_month, const core::Date& today) {
  const int year = to_month >= 4 ? fy : fy + 1;  // the calendar year of that month
  return today.year > year || (today.year == year && today.month > to_month);
}

}  // namespace

json::object dashboard_json(const RegionSnapshot& snapshot, int fy, const core::Date& today) {
  const core::Region& r = *snapshot.region;
  const auto vision = VisionQueries::vision_in_year(snapshot, fy);
  json::array fields;
  json::object totals = grade_counts(r.grade_bands);
  int kpi_count = 0;
  int sample_count = 0;
  int action_count = 0;
  for (const auto& area : vision.areas) {
    for (const auto& f : area.fields) {
      json::object grades = grade_counts(r.grade_bands);
      int actions = 0;
      int kpis = 0;
      for (const auto& c : f.categories) {
        if (c.year != nullptr) {
          actions += static_cast<int>(c.year->actions.size());
          for (const auto& ini : c.year->initiatives)
            actions += static_cast<int>(ini.actions.size());
        }
        for (const auto& k : c.category->kpis) {
          const auto a = core::achievement_for(k.definition, k.actuals, fy, r.grade_bands);
          count(grades, a.grade);
          count(totals, a.grade);
          ++kpis;
          if (k.sample) ++sample_count;
        }
      }
      kpi_count += kpis;
      action_count += actions;
      fields.push_back(json::object{{"policy_area", area.area->name},
                                    {"field", f.field->name},
                                    {"categories", f.categories.size()},
                                    {"actions", actions},
                                    {"kpis", kpis},
                                    {"kpi_grades", std::move(grades)}});
    }
  }
  json::array schedule;
  for (const auto& s : r.schedule) {
    if (s.fiscal_year != fy) continue;
    schedule.push_back(
        json::object{{"kind", s.kind},
                     {"label", s.label},
                     {"from_month", s.from_month},
                     {"to_month", s.to_month},
                     {"past", is_past(fy, s.to_month, today)},
                     {"inferred", s.inferred.empty() ? json::value(nullptr)
                                                     : json::value(json::string(s.inferred))}});
  }
  json::object o{
      {"region", json::object{{"slug", r.slug}, {"name", r.name}}},
      {"fiscal_year", fiscal_year_json(fy)},
      {"counts", json::object{{"fields", vision.field_count},
                              {"categories", vision.category_count},
                              {"discussing", vision.discussing.size()},
                              {"candidates", vision.candidates.size()},
                              {"actions", action_count},
                              {"kpis", kpi_count}}},
      {"kpi_grades", std::move(totals)},
      {"sample_kpis", sample_count},
      {"sample_note",
       sample_count > 0
           ? json::value(json::string("成果指標の数値はサンプル（デモ用の架空の値）を含みます"))
           : json::value(nullptr)},
      {"fields", std::move(fields)},
      {"schedule", std::move(schedule)},
      {"change_seq", snapshot.change_seq}};
  return o;
}

}  // namespace kyosei::app
