#include "http/api/dashboard_json.hpp"

#include <boost/json.hpp>

#include "app/plan/vision.hpp"
#include "app/progress/record_json.hpp"
#include "http/api/kpi_json.hpp"

namespace kyosei::http {
namespace {

namespace json = boost::json;

json::object grades_json(const app::GradeCounts& grades) {
  json::object o;
  for (const auto& [grade, n] : grades.counts()) o[grade] = n;
  return o;
}

json::object counts_json(const std::map<std::string, int>& counts) {
  json::object o;
  for (const auto& [k, n] : counts) o[k] = n;
  return o;
}

json::object state_json(core::SubmissionState s) {
  return {{"code", core::code(s)}, {"label", core::label(s)}};
}

json::value submissions_json(const std::optional<app::RoundStates>& r) {
  if (!r) return nullptr;
  json::array towns;
  for (const auto& t : r->towns) {
    towns.push_back(json::object{{"municipality", app::town_json(t.municipality)},
                                 {"state", state_json(t.state)},
                                 {"overdue", t.overdue}});
  }
  return json::object{{"round_id", r->round_id},
                      {"title", r->title},
                      {"deadline", r->deadline},
                      {"state", r->complete ? "complete" : "open"},
                      {"counts", counts_json(r->counts)},
                      {"sample", r->sample},
                      {"sample_label", app::sample_label(r->sample)},
                      {"towns", std::move(towns)}};
}

}  // namespace

json::object to_json(const app::ProgressDashboard& p) {
  json::array statuses;
  for (const auto& s : p.statuses)
    statuses.push_back(json::object{{"code", s.code}, {"label", s.label}});
  json::array fields;
  for (const auto& f : p.fields) {
    json::array cats;
    for (const auto& c : f.categories) {
      cats.push_back(json::object{{"category_id", c.category_id},
                                  {"category", c.category},
                                  {"progress_percent", app::percent_json(c.progress_percent)}});
    }
    fields.push_back(json::object{{"field_id", f.field_id},
                                  {"field", f.field},
                                  {"actions", f.actions},
                                  {"by_status", counts_json(f.by_status)},
                                  {"progress_percent", app::percent_json(f.progress_percent)},
                                  {"categories", std::move(cats)}});
  }
  json::array deadlines;
  for (const auto& d : p.deadlines) {
    deadlines.push_back(json::object{{"kind", "round"},
                                     {"round_id", d.round_id},
                                     {"label", d.label},
                                     {"date", d.date},
                                     {"past", d.past},
                                     {"overdue_towns", d.overdue_towns}});
  }
  return {{"fiscal_year", p.fiscal_year},
          {"statuses", std::move(statuses)},
          {"fields", std::move(fields)},
          {"progress_percent", app::percent_json(p.progress_percent)},
          {"sample", p.sample},
          {"sample_label", app::sample_label(p.sample)},
          {"submissions", submissions_json(p.submissions)},
          {"deadlines", std::move(deadlines)}};
}

json::object to_json(const app::Dashboard& d) {
  json::array fields;
  for (const auto& f : d.fields) {
    fields.push_back(json::object{{"policy_area", f.policy_area},
                                  {"field", f.field},
                                  {"categories", f.categories},
                                  {"actions", f.actions},
                                  {"kpis", f.kpis},
                                  {"kpi_grades", grades_json(f.kpi_grades)}});
  }
  json::array schedule;
  for (const auto& s : d.schedule) {
    schedule.push_back(
        json::object{{"kind", s.kind},
                     {"label", s.label},
                     {"from_month", s.from_month},
                     {"to_month", s.to_month},
                     {"past", s.past},
                     {"inferred", s.inferred.empty() ? json::value(nullptr)
                                                     : json::value(json::string(s.inferred))}});
  }
  return {{"region", json::object{{"slug", d.slug}, {"name", d.name}}},
          {"fiscal_year", app::fiscal_year_json(d.fiscal_year)},
          {"counts", json::object{{"fields", d.field_count},
                                  {"categories", d.category_count},
                                  {"discussing", d.discussing},
                                  {"candidates", d.candidates},
                                  {"actions", d.actions},
                                  {"kpis", d.kpis}}},
          {"kpi_grades", grades_json(d.kpi_grades)},
          {"sample_kpis", d.sample_kpis},
          {"sample_note",
           d.sample_note ? json::value(json::string(*d.sample_note)) : json::value(nullptr)},
          {"fields", std::move(fields)},
          {"schedule", std::move(schedule)},
          {"change_seq", d.change_seq},
          {"progress", d.progress ? to_json(*d.progress) : json::object()},
          {"kpis_at_risk", to_json(d.kpis_at_risk)}};
}

}  // namespace kyosei::http
