#include "app/progress/record_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "app/plan/vision.hpp"

namespace kyosei::app {

namespace json = boost::json;

json::value sample_label(bool sample) {
  return sample ? json::value(json::string("サンプル")) : json::value(nullptr);
}

json::value optional_json(const std::optional<long long>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object town_json(const Town& town) { return {{"code", town.code}, {"name", town.name}}; }

json::object status_json(core::ProgressStatus s) {
  return {{"code", core::code(s)}, {"label", core::label(s)}};
}

json::object evidence_json(const storage::EvidenceRow& e) {
  return {{"id", e.id},
          {"file_name", e.file_name},
          {"media_type", e.media_type},
          {"size_bytes", e.size_bytes},
          {"sha256", e.sha256},
          {"uploaded_by", e.uploaded_by},
          {"uploaded_at", e.uploaded_at}};
}

json::object progress_json(const ProgressRecord& record) {
  const auto& p = record.row;
  json::array files;
  for (const auto& e : record.evidence) files.push_back(evidence_json(e));
  return {{"id", p.id},
          {"version", p.version},
          {"action_id", p.action_id},
          {"fiscal_year", fiscal_year_json(record.fiscal_year)},
          {"municipality", town_json(record.municipality)},
          {"status", status_json(p.status)},
          {"result", p.result},
          {"sessions", optional_json(p.sessions)},
          {"participants", optional_json(p.participants)},
          {"cost_yen", optional_json(p.cost_yen)},
          {"sample", p.sample},
          {"sample_label", sample_label(p.sample)},
          {"entered_by", p.entered_by},
          {"entered_at", p.entered_at},
          {"evidence", std::move(files)}};
}

json::object evaluation_json(const storage::EvaluationRow& e) {
  return {{"id", e.id},
          {"version", e.version},
          {"action_id", e.action_id},
          {"grade", e.grade},
          {"comment", e.comment},
          {"next_direction",
           json::object{{"code", core::code(e.next)}, {"label", core::label(e.next)}}},
          {"sample", e.sample},
          {"sample_label", sample_label(e.sample)},
          {"entered_by", e.entered_by},
          {"entered_at", e.entered_at}};
}

json::object action_ref_json(const storage::ActionInfo& a) {
  json::array parts;
  for (const auto& c : a.participants) parts.push_back(json::string(c));
  return {
      {"id", a.id},
      {"text", a.text},
      {"fiscal_year", a.fiscal_year},
      {"field_id", a.field_id},
      {"field", a.field},
      {"category_id", a.category_id},
      {"category", a.category},
      {"initiative_id", a.initiative_id == 0 ? json::value(nullptr) : json::value(a.initiative_id)},
      {"initiative", a.initiative},
      {"all_participate", a.all_participate},
      {"participants", std::move(parts)}};
}

json::value percent_json(std::optional<double> percent) {
  if (!percent) return nullptr;
  return std::round(*percent * 10.0) / 10.0;
}

}  // namespace kyosei::app
