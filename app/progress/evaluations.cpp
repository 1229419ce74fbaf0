// Evaluations (評価・検証): the secretariat's grade, comment and next direction per action.

#include <algorithm>
#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/progress.hpp"
#include "app/progress/record_json.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace progress;

RecordOutcome Progress::put_evaluation(const std::string& slug, const std::string& action_text,
                                       const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return put_evaluation(unit, slug, action_text, body, ctx);
  });
}

Record Progress::put_evaluation(UnitOfWork& unit, const std::string& slug,
                                const std::string& action_text, const json::object& body,
                                const EditContext& ctx) {
  auto& session = unit.session();
  auto region = storage::RegionStore::load_in(session, slug);
  if (!region) fail(region_not_found(slug));
  const long long region_id = require_region(session, slug);
  const auto action = require_action(session, region_id, action_text);
  std::vector<FieldError> errors;
  refuse_unknown(body, {"grade", "comment", "next_direction"}, errors);
  storage::EvaluationRow row;
  check_text(body, "grade", 16, true, row.grade, errors);
  std::vector<std::string> grades;
  for (const auto& b : region->grade_bands.bands) grades.push_back(b.grade);
  grades.push_back(region->grade_bands.below);
  if (!row.grade.empty() && std::find(grades.begin(), grades.end(), row.grade) == grades.end()) {
    std::string list;
    for (const auto& g : grades) list += (list.empty() ? "" : ", ") + g;
    errors.push_back(field_error("/grade", msg::progress::bad_grade, list));
  }
  check_text(body, "comment", 4000, false, row.comment, errors);
  check_code(body, "next_direction", core::next_direction_from, row.next,
             msg::progress::bad_next_direction, errors);
  if (!errors.empty()) fail(invalid(std::move(errors)));
  const std::string record_id = std::to_string(action.id);
  auto existing = storage::find_evaluation(session, action.id);
  check_version(ctx, slug, "evaluation", record_id,
                existing ? std::optional<long long>(existing->version) : std::nullopt,
                existing ? json::serialize(evaluation_json(*existing)) : std::string());
  row.id = existing ? existing->id : 0;
  row.action_id = action.id;
  row.entered_by = actor_of(ctx);
  row.entered_at = unit.clock().now_utc_iso();
  storage::write_evaluation(session, row);
  auto stored = storage::find_evaluation(session, action.id);
  unit.changed(region_id, slug, {"evaluation", stored->id});
  auto data = evaluation_json(*stored);
  auto e = audit_entry(ctx, slug, existing ? "update" : "create", "evaluation", record_id);
  if (existing) e.before_json = json::serialize(evaluation_json(*existing));
  e.after_json = json::serialize(data);
  unit.audit(std::move(e));
  return Record{std::move(data), stored->version};
}

}  // namespace kyosei::app
