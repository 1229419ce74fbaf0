#include "http/api/kpi_json.hpp"

#include <boost/json.hpp>

#include "app/kpi/kpis.hpp"
#include "app/plan/vision.hpp"
#include "http/api/response.hpp"

namespace kyosei::http {
namespace {

namespace json = boost::json;

std::string_view target_source(core::TargetSource s) {
  switch (s) {
    case core::TargetSource::kYearly: return "yearly";
    case core::TargetSource::kInterpolated: return "interpolated";
    case core::TargetSource::kFinal: return "final";
  }
  return "";
}

json::object achievement_json(const core::Achievement& a) {
  json::object o{{"fiscal_year", app::fiscal_year_json(a.fiscal_year)}};
  o["target"] = a.target ? json::value(json::object{{"value", a.target->value.text()},
                                                    {"source", target_source(a.target->source)}})
                         : json::value(nullptr);
  o["actual"] =
      a.actual.value ? json::value(json::string(a.actual.value->text())) : json::value(nullptr);
  o["reported"] = a.actual.reported;
  o["rate"] =
      a.rate.percent ? json::value(json::string(a.rate.percent->text())) : json::value(nullptr);
  o["basis"] = core::code(a.rate.basis);
  o["grade"] = a.grade;
  return o;
}

}  // namespace

json::object to_json(const app::KpiList& list) {
  json::array items;
  for (const auto& item : list.items) {
    auto o = app::kpi_json(item.kpi);
    o["achievement"] = achievement_json(item.achievement);
    items.push_back(std::move(o));
  }
  auto bands = json_array(list.bands.bands, [](const auto& b) {
    return json::object{{"grade", b.grade}, {"minimum_percent", b.minimum_percent.text()}};
  });
  return {{"fiscal_year", app::fiscal_year_json(list.fiscal_year)},
          {"grade_bands", json::object{{"bands", std::move(bands)}, {"below", list.bands.below}}},
          {"items", std::move(items)}};
}

json::object to_json(const app::KpiSeries& series) {
  json::array years;
  for (const auto& y : series.years) {
    auto o = achievement_json(y.achievement);
    if (y.by_municipality) {
      json::array towns;
      for (const auto& t : *y.by_municipality) {
        towns.push_back(json::object{
            {"code", t.code},
            {"name", t.name},
            {"value", t.value ? json::value(json::string(*t.value)) : json::value(nullptr)}});
      }
      o["by_municipality"] = std::move(towns);
    }
    if (y.baseline) o["baseline"] = *y.baseline;
    years.push_back(std::move(o));
  }
  auto o = app::kpi_json(series.kpi);
  o["years"] = std::move(years);
  return o;
}

json::object to_json(const app::KpiHistory& history) {
  auto changes = json_array(history.changes, [](const auto& c) {
    return json::object{{"id", c.id},
                        {"changed_at", c.changed_at},
                        {"changed_by", c.changed_by},
                        {"reason", c.reason},
                        {"before", json::parse(c.before_json)},
                        {"after", json::parse(c.after_json)}};
  });
  auto o = app::kpi_json(history.kpi);
  o["target_changes"] = std::move(changes);
  return o;
}

}  // namespace kyosei::http
