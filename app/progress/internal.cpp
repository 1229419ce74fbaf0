#include "app/progress/internal.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/period_lock.hpp"
#include "app/progress/record_json.hpp"

namespace kyosei::app::progress {

namespace json = boost::json;

std::optional<long long> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

Error out_of_plan(int fy, std::pair<int, int> plan, const char* pointer) {
  const auto& m = msg::progress::out_of_plan;
  const std::string ja = m.ja(core::wareki_with_western(fy), core::wareki_label(plan.first),
                              core::wareki_label(plan.second));
  const std::string en =
      m.en(std::to_string(fy), std::to_string(plan.first), std::to_string(plan.second));
  return Error{Errc::kFiscalYearOutOfRange, ja, en, {{pointer, ja, en}}};
}

void check_text(const json::object& body, const char* key, std::size_t max_bytes, bool required,
                std::string& out, std::vector<FieldError>& errors) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) errors.push_back(field_error(ptr, msg::progress::required));
    return;
  }
  if (!body.at(key).is_string()) {
    errors.push_back(field_error(ptr, msg::progress::must_be_string));
    return;
  }
  out = std::string(body.at(key).as_string());
  if (auto p = text_problem(ptr, out, required, max_bytes)) errors.push_back(std::move(*p));
}

void check_count(const json::object& body, const char* key, std::optional<long long>& out,
                 std::vector<FieldError>& errors) {
  if (!body.contains(key) || body.at(key).is_null()) return;
  const auto& v = body.at(key);
  if (!v.is_int64() && !v.is_uint64()) {
    errors.push_back(field_error(std::string("/") + key, msg::progress::count_not_whole));
    return;
  }
  const long long n = v.is_int64() ? v.as_int64() : -1;
  if (n < 0 || n > 1'000'000'000'000LL) {
    errors.push_back(field_error(std::string("/") + key, msg::progress::count_out_of_range));
    return;
  }
  out = n;
}

void refuse_unknown(const json::object& body, std::initializer_list<std::string_view> known,
                    std::vector<FieldError>& errors) {
  for (const auto& [k, v] : body) {
    if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end())
      errors.push_back(field_error("/" + std::string(k), msg::progress::unknown_field));
  }
}

void check_version(const EditContext& ctx, const std::string& slug, const std::string& type,
                   const std::string& record_id, std::optional<long long> current,
                   const std::string& current_json) {
  if (auto e = precondition_error(ctx, current, current_json)) {
    std::optional<storage::AuditEntry> rejected;
    if (current && e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, type, record_id, *current, current_json);
    fail(std::move(*e), std::move(rejected));
  }
}

void fail_if_action_locked(UnitOfWork& unit, const EditContext& ctx, const std::string& slug,
                           long long region_id, const storage::ActionInfo& action,
                           const std::string& code, const std::string& verb,
                           const std::string& type, const std::string& record_id) {
  auto e = audit_entry(ctx, slug, verb + "-refused", type, record_id);
  e.after_json = json::serialize(json::object{
      {"reason", "period-locked"}, {"fiscal_year", action.fiscal_year}, {"municipality", code}});
  fail_if_locked(unit, ctx.who, slug, region_id, action.fiscal_year, code, action.field_id, 0,
                 std::move(e));
}

TownNames town_names(storage::Session& session, long long region_id) {
  TownNames out;
  for (auto& [code, name] : storage::load_towns(session, region_id)) out[code] = name;
  return out;
}

std::vector<std::string> town_codes(storage::Session& session, long long region_id) {
  std::vector<std::string> out;
  for (auto& town : storage::load_towns(session, region_id)) out.push_back(town.first);
  return out;
}

Town town_of(const TownNames& names, const std::string& code) {
  auto it = names.find(code);
  return {code, it == names.end() ? code : it->second};
}

long long require_region(storage::Session& session, const std::string& slug) {
  auto region_id = storage::region_id_of(session, slug);
  if (!region_id) fail(region_not_found(slug));
  return *region_id;
}

storage::ActionInfo require_action(storage::Session& session, long long region_id,
                                   const std::string& action_text) {
  auto action_id = parse_id(action_text);
  auto action = action_id ? storage::load_action(session, region_id, *action_id) : std::nullopt;
  if (!action) fail(error_of(Errc::kNotFound, msg::progress::action_not_found, action_text));
  return *action;
}

storage::RoundRow require_round(storage::Session& session, const std::string& slug,
                                const std::string& round_text) {
  const long long region_id = require_region(session, slug);
  auto id = parse_id(round_text);
  auto r = id ? storage::load_round(session, region_id, *id) : std::nullopt;
  if (!r) fail(error_of(Errc::kNotFound, msg::progress::round_not_found, round_text));
  return *r;
}

storage::SubmissionRow require_submission(storage::Session& session, long long round_id,
                                          const std::string& code) {
  for (auto& s : storage::load_submissions(session, round_id)) {
    if (s.municipality == code) return s;
  }
  fail(error_of(Errc::kNotFound, msg::progress::municipality_not_found, code));
}

std::optional<double> action_percent(const std::vector<const storage::ProgressRow*>& rows) {
  std::vector<core::WeightedValue> parts;
  parts.reserve(rows.size());
  for (const auto* r : rows) parts.push_back({core::status_score(r->status), std::nullopt});
  return core::roll_up(parts);
}

bool overdue(const storage::RoundRow& r, core::SubmissionState s, const core::Date& today) {
  auto d = core::parse_date(r.deadline);
  return d && today > *d &&
         (s == core::SubmissionState::kNotSubmitted || s == core::SubmissionState::kReturned);
}

RoundView round_view(storage::Session& session, const storage::RoundRow& r,
                     const core::Date& today) {
  RoundView v;
  v.round = r;
  v.counts = {{"not_submitted", 0}, {"submitted", 0}, {"returned", 0}, {"confirmed", 0}};
  for (auto& s : storage::load_submissions(session, r.id)) {
    const bool late = overdue(r, s.state, today);
    if (late) ++v.overdue_count;
    if (s.state != core::SubmissionState::kConfirmed) v.complete = false;
    ++v.counts[std::string(core::code(s.state))];
    v.submissions.emplace_back(std::move(s), late);
  }
  return v;
}

json::object submission_json(const storage::SubmissionRow& s, const TownNames& names,
                             bool overdue) {
  return {{"municipality", town_json(town_of(names, s.municipality))},
          {"state", json::object{{"code", core::code(s.state)}, {"label", core::label(s.state)}}},
          {"reason", s.reason},
          {"changed_by", s.changed_by},
          {"changed_at", s.changed_at},
          {"version", s.version},
          {"overdue", overdue}};
}

json::object round_json(const RoundView& v, const TownNames& names) {
  const auto& r = v.round;
  json::array subs;
  for (const auto& [s, late] : v.submissions) subs.push_back(submission_json(s, names, late));
  json::object c;
  for (const auto& [k, n] : v.counts) c[k] = n;
  json::array fields;
  for (auto id : r.field_ids) fields.push_back(id);
  json::array kpis;
  for (auto id : r.kpi_ids) kpis.push_back(id);
  return {{"id", r.id},
          {"version", r.version},
          {"fiscal_year", fiscal_year_json(r.fiscal_year)},
          {"title", r.title},
          {"deadline", r.deadline},
          {"scope", json::object{{"field_ids", std::move(fields)}, {"kpi_ids", std::move(kpis)}}},
          {"state", v.complete ? "complete" : "open"},
          {"counts", std::move(c)},
          {"overdue_count", v.overdue_count},
          {"sample", r.sample},
          {"sample_label", sample_label(r.sample)},
          {"opened_by", r.opened_by},
          {"opened_at", r.opened_at},
          {"submissions", std::move(subs)}};
}

}  // namespace kyosei::app::progress
