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
  o["graded_by"] = core::code(a.graded_by);
  json::array rates;
  for (const auto m : {core::RateMethod::kProgress, core::RateMethod::kRatio}) {
    const auto& r = m == core::RateMethod::kRatio ? a.ratio : a.progress;
    rates.push_back(json::object{
        {"method", core::code(m)},
        {"label", core::label(m)},
        {"rate", r.percent ? json::value(json::string(r.percent->text())) : json::value(nullptr)},
        {"basis", core::code(r.basis)},
        {"grading", m == a.graded_by}});
  }
  o["rates"] = std::move(rates);
  return o;
}

json::value point_json(const std::optional<core::KpiPoint>& p) {
  if (!p) return nullptr;
  return json::object{{"fiscal_year", p->fiscal_year}, {"value", p->value.text()}};
}

json::value decimal_json(const std::optional<core::Decimal>& d) {
  return d ? json::value(json::string(d->text())) : json::value(nullptr);
}

}  // namespace

json::object projection_json(const core::Projection& p) {
  return {
      {"method", "least-squares"},
      {"min_points", core::kMinProjectionPoints},
      {"caution_percent", core::kCautionPercent},
      {"outlook", json::object{{"code", core::code(p.outlook)}, {"label", core::label(p.outlook)}}},
      {"points", p.points},
      {"to_fiscal_year", app::fiscal_year_json(p.to_fiscal_year)},
      {"value", decimal_json(p.value)},
      {"target", decimal_json(p.target)},
      {"latest", point_json(p.latest)},
      {"start", point_json(p.start)}};
}

json::array to_json(const std::vector<app::KpiAtRisk>& at_risk) {
  return json_array(at_risk, [](const app::KpiAtRisk& k) {
    return json::object{
        {"id", k.id},
        {"name", k.name},
        {"unit", k.unit},
        {"field", k.field},
        {"category", k.category},
        {"sample", k.sample},
        {"sample_label", k.sample ? json::value(json::string("サンプル")) : json::value(nullptr)},
        {"projection", projection_json(k.projection)}};
  });
}

json::object to_json(const app::KpiList& list) {
  json::array items;
  for (const auto& item : list.items) {
    auto o = app::kpi_json(item.kpi);
    o["achievement"] = achievement_json(item.achievement);
    o["actuals"] = json_array(item.actuals, [](const app::KpiYearActual& y) {
      return json::object{{"fiscal_year", app::fiscal_year_json(y.fiscal_year)},
                          {"value", decimal_json(y.actual.value)},
                          {"reported", y.actual.reported}};
    });
    json::array leads;
    for (const auto& l : item.leads) leads.emplace_back(json::string(l));
    o["leads"] = std::move(leads);
    o["projection"] = projection_json(item.projection);
    items.push_back(std::move(o));
  }
  auto bands = json_array(list.bands.bands, [](const auto& b) {
    return json::object{{"grade", b.grade}, {"minimum_percent", b.minimum_percent.text()}};
  });
  json::array years;
  for (const int y : list.years) years.push_back(app::fiscal_year_json(y));
  return {{"fiscal_year", app::fiscal_year_json(list.fiscal_year)},
          {"plan", json::object{{"from", list.plan_from}, {"to", list.plan_to}}},
          {"years", std::move(years)},
          {"grade_bands",
           json::object{{"bands", std::move(bands)},
                        {"below", list.bands.below},
                        {"method", json::object{{"code", core::code(list.bands.method)},
                                                {"label", core::label(list.bands.method)}}}}},
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
  o["projection"] = projection_json(series.projection);
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
