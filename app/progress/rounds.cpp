// Data-collection rounds (照会): listing, opening, a town's task list and the moves of a
// town's submission (submit / return / confirm / reopen).

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/common/messages.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/progress.hpp"
#include "app/progress/record_json.hpp"
#include "storage/kpi/kpi_store.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using namespace progress;
using core::SubmissionState;

// Parsed ids from a JSON array of integers (for round scopes).
std::vector<long long> id_list(const json::object& body, const char* key,
                               std::vector<FieldError>& errors) {
  std::vector<long long> out;
  if (!body.contains(key) || body.at(key).is_null()) return out;
  if (!body.at(key).is_array()) {
    errors.push_back(field_error(std::string("/") + key, msg::progress::bad_id_list));
    return out;
  }
  // A scope names some of the region's fields or KPIs; each id is looked up.
  constexpr std::size_t kMaxScopeIds = 500;
  if (body.at(key).as_array().size() > kMaxScopeIds) {
    errors.push_back(field_error(std::string("/") + key, msg::common::too_many_items,
                                 std::to_string(kMaxScopeIds)));
    return out;
  }
  std::size_t i = 0;
  for (const auto& v : body.at(key).as_array()) {
    if (!v.is_int64() || v.as_int64() <= 0) {
      errors.push_back(field_error(std::string("/") + key + "/" + std::to_string(i),
                                   msg::progress::not_positive));
    } else {
      out.push_back(v.as_int64());
    }
    ++i;
  }
  return out;
}

bool in_scope(const std::vector<long long>& scope, long long id) {
  return scope.empty() || std::find(scope.begin(), scope.end(), id) != scope.end();
}

// Summed KPIs of the round's scope (towns enter their own values for these).
std::vector<const storage::StoredKpi*> scoped_town_kpis(const storage::RegionKpis& k,
                                                        const storage::RoundRow& r) {
  std::vector<const storage::StoredKpi*> out;
  for (const auto& s : k.kpis) {
    if (!s.kpi.definition.summed) continue;
    if (!in_scope(r.field_ids, s.field_id)) continue;
    if (!in_scope(r.kpi_ids, s.id)) continue;
    out.push_back(&s);
  }
  return out;
}

struct TaskList {
  json::object body;
  std::vector<FieldError> missing;
};

json::object task_record_json(const storage::ProgressRow& p) {
  return {{"id", p.id},
          {"version", p.version},
          {"status", status_json(p.status)},
          {"result", p.result},
          {"sessions", optional_json(p.sessions)},
          {"participants", optional_json(p.participants)},
          {"cost_yen", optional_json(p.cost_yen)},
          {"sample", p.sample}};
}

json::object task_kpi_json(const storage::StoredKpi& s, const storage::RoundRow& r,
                           const std::string& code, TaskList& t, int& done) {
  json::object o{{"id", s.id},
                 {"name", s.kpi.definition.name},
                 {"unit", s.kpi.definition.unit},
                 {"sample", s.kpi.sample},
                 {"sample_label", sample_label(s.kpi.sample)}};
  auto row = s.actual_rows.find({r.fiscal_year, code});
  if (row != s.actual_rows.end()) {
    ++done;
    for (const auto& a : s.kpi.actuals) {
      if (a.fiscal_year == r.fiscal_year && a.municipality == code) {
        o["value"] = a.value.text();
        o["note"] = a.note;
      }
    }
    o["version"] = row->second.version;
    o["missing"] = false;
  } else {
    o["value"] = nullptr;
    o["version"] = nullptr;
    o["missing"] = true;
    t.missing.push_back(field_error("/kpis/" + std::to_string(s.id), msg::progress::missing_actual,
                                    s.kpi.definition.name));
  }
  return o;
}

TaskList task_list(storage::Session& session, const storage::RoundRow& r, const std::string& slug,
                   const std::string& code) {
  TaskList t;
  std::map<std::pair<long long, std::string>, storage::ProgressRow> records;
  for (auto& p : storage::load_progress(session, r.region_id, r.fiscal_year))
    records[{p.action_id, p.municipality}] = p;
  json::array actions;
  int done = 0;
  int total = 0;
  for (const auto& a : storage::load_actions(session, r.region_id, r.fiscal_year)) {
    if (!in_scope(r.field_ids, a.field_id) || !a.takes_part(code)) continue;
    ++total;
    auto o = action_ref_json(a);
    auto it = records.find({a.id, code});
    if (it != records.end()) {
      ++done;
      o["record"] = task_record_json(it->second);
      o["missing"] = false;
    } else {
      o["record"] = nullptr;
      o["missing"] = true;
      t.missing.push_back(
          field_error("/actions/" + std::to_string(a.id), msg::progress::missing_progress, a.text));
    }
    actions.push_back(std::move(o));
  }
  json::array kpis;
  if (auto k = storage::load_region_kpis(session, slug)) {
    for (const auto* s : scoped_town_kpis(*k, r)) {
      ++total;
      kpis.push_back(task_kpi_json(*s, r, code, t, done));
    }
  }
  t.body = {{"actions", std::move(actions)},
            {"kpis", std::move(kpis)},
            {"done", done},
            {"total", total},
            {"missing_count", total - done}};
  return t;
}

// Per town of the round: how many of its tasks (actions it takes part in, within the
// scope, and the scope's summed KPIs) have a record for the round's year (入力済) and how
// many there are. The same rule as task_list, with everything loaded once.
std::map<std::string, std::pair<int, int>> entered_counts(storage::Session& session,
                                                          const storage::RoundRow& r,
                                                          const std::string& slug) {
  std::map<std::string, std::pair<int, int>> out;
  std::set<std::pair<long long, std::string>> records;
  for (auto& p : storage::load_progress(session, r.region_id, r.fiscal_year))
    records.insert({p.action_id, p.municipality});
  const auto actions = storage::load_actions(session, r.region_id, r.fiscal_year);
  const auto kpis = storage::load_region_kpis(session, slug);
  for (const auto& sub : storage::load_submissions(session, r.id)) {
    const std::string& code = sub.municipality;
    auto& [done, total] = out[code];
    for (const auto& a : actions) {
      if (!in_scope(r.field_ids, a.field_id) || !a.takes_part(code)) continue;
      ++total;
      if (records.contains({a.id, code})) ++done;
    }
    if (kpis) {
      for (const auto* k : scoped_town_kpis(*kpis, r)) {
        ++total;
        if (k->actual_rows.contains({r.fiscal_year, code})) ++done;
      }
    }
  }
  return out;
}

// The round's JSON with each town's 入力済 / 未入力 counts (members only: the rounds routes).
json::object round_with_counts(storage::Session& session, const storage::RoundRow& r,
                               const std::string& slug, const core::Date& today,
                               const TownNames& names) {
  auto o = round_json(round_view(session, r, today), names);
  const auto counts = entered_counts(session, r, slug);
  for (auto& item : o["submissions"].as_array()) {
    auto& sub = item.as_object();
    const std::string code(sub["municipality"].as_object()["code"].as_string());
    const auto it = counts.find(code);
    const auto [done, total] = it == counts.end() ? std::pair<int, int>{0, 0} : it->second;
    sub["entered"] = done;
    sub["missing"] = total - done;
  }
  return o;
}

// The round's fiscal year from the body; problems go to `errors`.
void read_round_year(storage::Session& session, long long region_id, const json::object& body,
                     storage::RoundRow& r, std::vector<FieldError>& errors) {
  if (!body.contains("fiscal_year")) {
    errors.push_back(field_error("/fiscal_year", msg::progress::fiscal_year_required));
    return;
  }
  const auto& v = body.at("fiscal_year");
  std::string text = v.is_int64()    ? std::to_string(v.as_int64())
                     : v.is_string() ? std::string(v.as_string())
                                     : std::string();
  auto p = core::parse_fiscal_year(text);
  const auto& bad = msg::progress::bad_fiscal_year;
  if (!p.year)
    errors.push_back({"/fiscal_year", p.error_ja.empty() ? bad.ja() : p.error_ja,
                      p.error_en.empty() ? bad.en() : p.error_en});
  else if (const auto plan = storage::plan_period(session, region_id);
           *p.year < plan.first || *p.year > plan.second)
    errors.push_back(out_of_plan(*p.year, plan, "/fiscal_year").fields.front());
  else
    r.fiscal_year = *p.year;
}

}  // namespace

std::variant<json::object, Error> Progress::rounds(const std::string& slug,
                                                   const core::Date& today) {
  std::variant<json::object, Error> out = region_not_found(slug);
  db_.with_session([&](storage::Session& session) {
    storage::read_consistently(session, [&] {
      auto region_id = storage::region_id_of(session, slug);
      if (!region_id) return;
      const auto names = town_names(session, *region_id);
      json::array items;
      for (const auto& r : storage::load_rounds(session, *region_id))
        items.push_back(round_with_counts(session, r, slug, today, names));
      out = json::object{{"rounds", std::move(items)}};
    });
  });
  return out;
}

RecordOutcome Progress::round(const std::string& slug, const std::string& round_text,
                              const core::Date& today) {
  RecordOutcome out = Error{};
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const auto r = require_round(session, slug, round_text);
        out = Record{round_with_counts(session, r, slug, today, town_names(session, r.region_id)),
                     r.version};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Progress::open_round(const std::string& slug, const json::object& body,
                                   const EditContext& ctx, const core::Date& today) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return open_round(unit, slug, body, ctx, today);
  });
}

Record Progress::open_round(UnitOfWork& unit, const std::string& slug, const json::object& body,
                            const EditContext& ctx, const core::Date& today) {
  auto& session = unit.session();
  const long long region_id = require_region(session, slug);
  std::vector<FieldError> errors;
  refuse_unknown(body, {"fiscal_year", "title", "deadline", "field_ids", "kpi_ids"}, errors);
  storage::RoundRow r;
  r.region_id = region_id;
  read_round_year(session, region_id, body, r, errors);
  check_text(body, "title", 200, true, r.title, errors);
  std::string deadline;
  check_text(body, "deadline", 10, true, deadline, errors);
  if (!deadline.empty()) {
    auto d = core::parse_date(deadline);
    if (!d)
      errors.push_back(field_error("/deadline", msg::progress::bad_deadline));
    else if (*d < today)
      errors.push_back(field_error("/deadline", msg::progress::deadline_past));
    r.deadline = deadline;
  }
  r.field_ids = id_list(body, "field_ids", errors);
  r.kpi_ids = id_list(body, "kpi_ids", errors);
  // Scope ids must be the region's own.
  for (std::size_t i = 0; i < r.field_ids.size(); ++i) {
    if (!storage::field_in_region(session, region_id, r.field_ids[i]))
      errors.push_back(
          field_error("/field_ids/" + std::to_string(i), msg::progress::not_region_field));
  }
  for (std::size_t i = 0; i < r.kpi_ids.size(); ++i) {
    if (!storage::kpi_in_region(session, region_id, r.kpi_ids[i]))
      errors.push_back(field_error("/kpi_ids/" + std::to_string(i), msg::progress::not_region_kpi));
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
  r.opened_by = actor_of(ctx);
  r.opened_at = unit.clock().now_utc_iso();
  r.sample = ctx.who == nullptr && r.title.find("サンプル") != std::string::npos;
  r.id = storage::insert_round(session, r);
  r.version = 1;
  for (const auto& code : town_codes(session, region_id)) {
    storage::SubmissionRow s;
    s.round_id = r.id;
    s.municipality = code;
    s.state = SubmissionState::kNotSubmitted;
    s.changed_by = r.opened_by;
    s.changed_at = r.opened_at;
    storage::insert_submission(session, s);
  }
  unit.changed_unindexed(region_id, slug);
  auto data = round_json(round_view(session, r, today), town_names(session, region_id));
  auto e = audit_entry(ctx, slug, "create", "round", std::to_string(r.id));
  e.after_json = json::serialize(data);
  unit.audit(std::move(e));
  return Record{std::move(data), r.version};
}

std::variant<json::object, Error> Progress::tasks(const std::string& slug,
                                                  const std::string& round_text,
                                                  const std::string& code, const core::Date& today,
                                                  const Principal* who) {
  std::variant<json::object, Error> out = Error{};
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const auto r = require_round(session, slug, round_text);
        const auto names = town_names(session, r.region_id);
        const auto sub = require_submission(session, r.id, code);
        auto t = task_list(session, r, slug, code);
        t.body["round"] = json::object{{"id", r.id},
                                       {"title", r.title},
                                       {"deadline", r.deadline},
                                       {"fiscal_year", fiscal_year_json(r.fiscal_year)},
                                       {"sample", r.sample},
                                       {"sample_label", sample_label(r.sample)}};
        t.body["municipality"] = town_json(town_of(names, code));
        t.body["submission"] = submission_json(sub, names, overdue(r, sub.state, today));
        t.body["editable"] = core::editable(sub.state, is_secretariat(who, slug));
        out = std::move(t.body);
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Progress::transition(const std::string& slug, const std::string& round_text,
                                   const std::string& code, const std::string& event_text,
                                   const json::object& body, const EditContext& ctx,
                                   const core::Date& today) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return transition(unit, slug, round_text, code, event_text, body, ctx, today);
  });
}

Record Progress::transition(UnitOfWork& unit, const std::string& slug,
                            const std::string& round_text, const std::string& code,
                            const std::string& event_text, const json::object& body,
                            const EditContext& ctx, const core::Date& today) {
  auto& session = unit.session();
  const auto r = require_round(session, slug, round_text);
  auto event = core::submission_event_from(event_text);
  if (!event) fail(error_of(Errc::kNotFound, msg::progress::operation_not_found, event_text));
  auto sub = require_submission(session, r.id, code);
  // Towns hand in; only the secretariat returns, confirms and reopens.
  if (*event != core::SubmissionEvent::kSubmit && !is_secretariat(ctx.who, slug))
    fail(error_of(Errc::kForbidden, msg::progress::secretariat_only));
  std::vector<FieldError> errors;
  refuse_unknown(body, {"reason"}, errors);
  std::string reason;
  const bool needs_reason =
      *event == core::SubmissionEvent::kReturn || *event == core::SubmissionEvent::kReopen;
  check_text(body, "reason", 2000, needs_reason, reason, errors);
  if (!errors.empty()) fail(invalid(std::move(errors)));
  const std::string record_id = std::to_string(r.id) + "/" + code;
  // If-Match is optional here; when sent, it must match the submission's version.
  if (ctx.if_match) {
    if (auto e = precondition_error(ctx, sub.version)) {
      auto rejected = rejected_write(ctx, slug, "submission", record_id, sub.version);
      rejected.action = event_text + "-rejected";
      fail(std::move(*e), std::move(rejected));
    }
  }
  auto next = core::transition(sub.state, *event);
  if (!next) {
    auto rejected = audit_entry(ctx, slug, event_text + "-refused", "submission", record_id);
    rejected.after_json = json::serialize(json::object{{"state", core::code(sub.state)}});
    const auto& m = msg::progress::not_in_state;
    fail(Error{Errc::kConflict, m.ja(core::label(sub.state)), m.en(core::code(sub.state)), {}},
         std::move(rejected));
  }
  if (*event == core::SubmissionEvent::kSubmit) {
    auto t = task_list(session, r, slug, code);
    if (!t.missing.empty()) {
      Error e = invalid(std::move(t.missing));
      e.detail_ja = msg::progress::cannot_submit.ja();
      e.detail_en = msg::progress::cannot_submit.en();
      fail(std::move(e));
    }
  }
  const auto names = town_names(session, r.region_id);
  const auto before = submission_json(sub, names, overdue(r, sub.state, today));
  sub.state = *next;
  sub.reason = needs_reason ? reason : (*event == core::SubmissionEvent::kSubmit ? reason : "");
  sub.changed_by = actor_of(ctx);
  sub.changed_at = unit.clock().now_utc_iso();
  storage::update_submission(session, sub);
  ++sub.version;
  unit.changed_unindexed(r.region_id, slug);
  auto data = submission_json(sub, names, overdue(r, sub.state, today));
  data["round_id"] = r.id;
  auto e = audit_entry(ctx, slug, event_text, "submission", record_id);
  e.before_json = json::serialize(before);
  e.after_json = json::serialize(data);
  unit.audit(std::move(e));
  return Record{std::move(data), sub.version};
}

}  // namespace kyosei::app
