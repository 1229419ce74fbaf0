// Progress records (取組状況): the list of a fiscal year and one town's record of an action.

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/common/messages.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/progress.hpp"
#include "app/progress/record_json.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace progress;

std::variant<ProgressList, Error> Progress::list(const std::string& slug,
                                                 const std::optional<std::string>& fy_text,
                                                 const std::optional<std::string>& municipality) {
  try {
    std::variant<ProgressList, Error> out = region_not_found(slug);
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        auto region_id = storage::region_id_of(session, slug);
        if (!region_id) return;
        const auto plan = storage::plan_period(session, *region_id);
        const int fy = fy_text ? parse_fy_or_fail(*fy_text, "fy")
                               : std::clamp(clock_.current_fiscal_year(), plan.first, plan.second);
        if (fy < plan.first || fy > plan.second) fail(out_of_plan(fy, plan, "fy"));
        const auto names = town_names(session, *region_id);
        if (municipality && !names.contains(*municipality)) {
          Error e = error_of(Errc::kBadRequest, msg::progress::not_member_code);
          e.fields.push_back(field_error("municipality", msg::progress::member_code_expected));
          fail(std::move(e));
        }
        std::map<long long, std::vector<storage::ProgressRow>> by_action;
        for (auto& p : storage::load_progress(session, *region_id, fy))
          by_action[p.action_id].push_back(std::move(p));
        auto evidence = storage::load_region_evidence(session, *region_id, fy);
        std::map<long long, storage::EvaluationRow> evals;
        for (auto& e : storage::load_evaluations(session, *region_id, fy)) evals[e.action_id] = e;
        ProgressList list;
        list.fiscal_year = fy;
        for (auto& a : storage::load_actions(session, *region_id, fy)) {
          if (municipality && !a.takes_part(*municipality)) continue;
          ProgressItem item;
          std::vector<const storage::ProgressRow*> rows;
          std::vector<core::ProgressStatus> statuses;
          for (const auto& p : by_action[a.id]) {
            rows.push_back(&p);
            statuses.push_back(p.status);
            if (municipality && p.municipality != *municipality) continue;
            item.records.push_back(
                {p, a.fiscal_year, town_of(names, p.municipality), evidence[p.id]});
          }
          item.status = core::combined_status(statuses);
          item.progress_percent = action_percent(rows);
          if (auto e = evals.find(a.id); e != evals.end()) item.evaluation = e->second;
          item.action = std::move(a);
          list.items.push_back(std::move(item));
        }
        out = std::move(list);
      });
    });
    return out;
  } catch (Abort& a) {
    return a.error;
  }
}

RecordOutcome Progress::put_progress(const std::string& slug, const std::string& action_text,
                                     const std::string& code, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return put_progress(unit, slug, action_text, code, body, ctx);
  });
}

Record Progress::put_progress(UnitOfWork& unit, const std::string& slug,
                              const std::string& action_text, const std::string& code,
                              const json::object& body, const EditContext& ctx) {
  auto& session = unit.session();
  const long long region_id = require_region(session, slug);
  const auto action = require_action(session, region_id, action_text);
  const auto names = town_names(session, region_id);
  if (!names.contains(code))
    fail(error_of(Errc::kNotFound, msg::progress::municipality_not_found, code));
  std::vector<FieldError> errors;
  if (!action.takes_part(code)) {
    const auto& m = msg::progress::not_taking_part;
    errors.push_back({"/municipality", names.at(code) + m.ja(), m.en()});
  }
  refuse_unknown(body, {"status", "result", "sessions", "participants", "cost_yen"}, errors);
  storage::ProgressRow row;
  check_code(body, "status", core::progress_status_from, row.status, msg::progress::bad_status,
             errors);
  check_text(body, "result", 4000, false, row.result, errors);
  check_count(body, "sessions", row.sessions, errors);
  check_count(body, "participants", row.participants, errors);
  check_count(body, "cost_yen", row.cost_yen, errors);
  if (!errors.empty()) fail(invalid(std::move(errors)));

  const std::string record_id = std::to_string(action.id) + "/" + code;
  const Town town = town_of(names, code);
  auto existing = storage::find_progress(session, action.id, code);
  // The record's evidence is read once: this write does not change it.
  const auto evidence = existing ? storage::load_evidence(session, existing->id)
                                 : std::vector<storage::EvidenceRow>{};
  check_version(
      ctx, slug, "progress_record", record_id,
      existing ? std::optional<long long>(existing->version) : std::nullopt,
      existing ? json::serialize(progress_json({*existing, action.fiscal_year, town, evidence}))
               : std::string());
  // A confirmed period is locked; a submitted one waits for the secretariat's review.
  fail_if_action_locked(unit, ctx, slug, region_id, action, code, "update", "progress_record",
                        record_id);
  row.id = existing ? existing->id : 0;
  row.action_id = action.id;
  row.municipality = code;
  row.sample = false;
  row.entered_by = actor_of(ctx);
  row.entered_at = unit.clock().now_utc_iso();
  row.id = storage::write_progress(session, row);
  unit.changed(region_id, slug, {"progress", row.id});
  // An update stores exactly `row` with the next version; a new record is read back for the
  // version the database gave it.
  std::optional<storage::ProgressRow> stored;
  if (existing) {
    stored = row;
    stored->version = existing->version + 1;
  } else {
    stored = storage::find_progress(session, action.id, code);
  }
  auto data = progress_json({*stored, action.fiscal_year, town, evidence});
  auto e = audit_entry(ctx, slug, existing ? "update" : "create", "progress_record", record_id);
  if (existing)
    e.before_json = json::serialize(progress_json({*existing, action.fiscal_year, town, {}}));
  e.after_json = json::serialize(data);
  unit.audit(std::move(e));
  return Record{std::move(data), stored->version};
}

}  // namespace kyosei::app
