#include "app/council/internal.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/access/permissions.hpp"
#include "app/common/fiscal_year.hpp"
#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/council/messages.hpp"
#include "app/plan/vision.hpp"
#include "core/common/fiscal_year.hpp"
#include "storage/plan/edition_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app::council {

namespace json = boost::json;

Viewer viewer_of(const Principal* who, const std::string& slug) {
  Viewer v;
  if (who == nullptr) {  // the operator's CLI
    v.member = v.secretariat = true;
    return v;
  }
  v.login = who->login;
  if (!who->fully_signed_in()) return v;
  if (who->is_admin) v.member = v.secretariat = true;
  for (const auto* g : who->grants_in(slug)) {
    v.member = true;
    if (g->role == kRoleSecretariat) v.secretariat = true;
    if (g->role == kRoleCouncilMember) v.council_member = true;
    if (g->role == kRoleMunicipalityEditor && !g->municipality_code.empty())
      v.towns.insert(g->municipality_code);
    if (g->role == kRoleSubcommitteeMember)
      v.fields.insert(g->field_ids.begin(), g->field_ids.end());
  }
  return v;
}

std::optional<long long> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

long long require_region(storage::Session& session, const std::string& slug) {
  auto id = storage::region_id_of(session, slug);
  if (!id) fail(region_not_found(slug));
  return *id;
}

namespace {

Error out_of_plan(int fy, std::pair<int, int> plan, const std::string& pointer) {
  const auto& m = msg::council::out_of_plan;
  const std::string ja = m.ja(core::wareki_with_western(fy), core::wareki_label(plan.first),
                              core::wareki_label(plan.second));
  const std::string en =
      m.en(std::to_string(fy), std::to_string(plan.first), std::to_string(plan.second));
  return Error{Errc::kFiscalYearOutOfRange, ja, en, {{pointer, ja, en}}};
}

}  // namespace

int query_fiscal_year(storage::Session& session, long long region_id,
                      const std::optional<std::string>& fy, int current) {
  const auto plan = storage::plan_period(session, region_id);
  const int year = fy ? parse_fy_or_fail(*fy, "fy") : std::clamp(current, plan.first, plan.second);
  if (year < plan.first || year > plan.second) fail(out_of_plan(year, plan, "fy"));
  return year;
}

std::optional<int> query_round(const std::optional<std::string>& round) {
  if (!round) return std::nullopt;
  if (round->size() == 1 && core::valid_opinion_round((*round)[0] - '0')) return (*round)[0] - '0';
  Error e = error_of(Errc::kBadRequest, msg::council::bad_round_query);
  e.fields.push_back(field_error("round", msg::council::bad_round));
  fail(std::move(e));
}

// ---- Input ----------------------------------------------------------------------------------

bool Input::has(const char* key) const { return body.contains(key); }

void Input::refuse_unknown(std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : body) {
    if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end())
      errors.push_back(field_error("/" + std::string(k), msg::council::unknown_field));
  }
}

void Input::text(const char* key, std::size_t max_bytes, bool required, std::string& out) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) errors.push_back(field_error(ptr, msg::council::required));
    return;
  }
  if (!body.at(key).is_string()) {
    errors.push_back(field_error(ptr, msg::council::must_be_string));
    return;
  }
  std::string t(body.at(key).as_string());
  if (auto p = text_problem(ptr, t, required, max_bytes)) {
    errors.push_back(std::move(*p));
    return;
  }
  out = std::move(t);
}

void Input::date(const char* key, bool required, std::string& out) {
  std::string t = out;
  const std::size_t before = errors.size();
  text(key, 10, required, t);
  if (errors.size() != before || !has(key) || (t.empty() && !required)) {
    if (errors.size() == before && has(key)) out = t;
    return;
  }
  if (!core::parse_date(t)) {
    errors.push_back(field_error(std::string("/") + key, msg::council::bad_date));
    return;
  }
  out = t;
}

void Input::time(const char* key, std::string& out) {
  std::string t;
  const std::size_t before = errors.size();
  text(key, 5, false, t);
  if (errors.size() != before || !has(key)) return;
  const bool ok =
      t.empty() || (t.size() == 5 && t[2] == ':' && std::isdigit(t[0]) != 0 &&
                    std::isdigit(t[1]) != 0 && std::isdigit(t[3]) != 0 && std::isdigit(t[4]) != 0 &&
                    std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3, 2)) < 60);
  if (!ok) {
    errors.push_back(field_error(std::string("/") + key, msg::council::bad_time));
    return;
  }
  out = t;
}

void Input::integer(const char* key, bool required, long long min, long long max, long long& out) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) errors.push_back(field_error(ptr, msg::council::required));
    return;
  }
  const auto& v = body.at(key);
  if (!v.is_int64()) {
    errors.push_back(field_error(ptr, msg::council::not_integer));
    return;
  }
  if (v.as_int64() < min || v.as_int64() > max) {
    errors.push_back(
        field_error(ptr, msg::council::out_of_range, std::to_string(min), std::to_string(max)));
    return;
  }
  out = v.as_int64();
}

void Input::optional_count(const char* key, std::optional<long long>& out) {
  if (!body.contains(key)) return;
  if (body.at(key).is_null()) {
    out = std::nullopt;
    return;
  }
  long long n = 0;
  const std::size_t before = errors.size();
  integer(key, true, 0, 100000, n);
  if (errors.size() == before) out = n;
}

void Input::boolean(const char* key, bool& out) {
  if (!body.contains(key)) return;
  if (!body.at(key).is_bool()) {
    errors.push_back(field_error(std::string("/") + key, msg::council::must_be_bool));
    return;
  }
  out = body.at(key).as_bool();
}

void Input::fiscal_year(storage::Session& session, long long region_id, const char* key, int& out) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) {
    errors.push_back(field_error(ptr, msg::council::required));
    return;
  }
  const auto& v = body.at(key);
  const std::string t = v.is_int64()    ? std::to_string(v.as_int64())
                        : v.is_string() ? std::string(v.as_string())
                                        : std::string();
  auto p = core::parse_fiscal_year(t);
  if (!p.year) {
    const auto& m = msg::council::bad_fiscal_year;
    errors.push_back(
        {ptr, p.error_ja.empty() ? m.ja() : p.error_ja, p.error_en.empty() ? m.en() : p.error_en});
    return;
  }
  const auto plan = storage::plan_period(session, region_id);
  if (*p.year < plan.first || *p.year > plan.second) {
    errors.push_back(out_of_plan(*p.year, plan, ptr).fields.front());
    return;
  }
  out = *p.year;
}

void Input::targets(storage::Session& session, long long region_id, const char* key,
                    std::string& out, bool reports) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) return;
  if (!body.at(key).is_array()) {
    errors.push_back(field_error(ptr, msg::council::targets_expected));
    return;
  }
  std::vector<core::OpinionTarget> list;
  std::size_t i = 0;
  for (const auto& v : body.at(key).as_array()) {
    const std::string p = ptr + "/" + std::to_string(i++);
    auto t = v.is_string() ? core::parse_target(std::string(v.as_string())) : std::nullopt;
    if (t && !reports && core::is_report(t->kind)) t.reset();
    if (!t) {
      errors.push_back(
          field_error(p, reports ? msg::council::bad_agenda_target : msg::council::bad_target));
    } else if (!storage::target_name(session, region_id, *t)) {
      errors.push_back(field_error(p,
                                   core::is_report(t->kind) ? msg::council::report_not_in_region
                                                            : msg::council::target_not_in_region,
                                   core::to_string(*t)));
    } else if (std::find(list.begin(), list.end(), *t) == list.end()) {
      list.push_back(*t);
    }
  }
  if (list.size() > 50) errors.push_back(field_error(ptr, msg::council::too_many_targets));
  out = core::join_targets(list);
}

void Input::field_ids(storage::Session& session, long long region_id, const char* key,
                      std::vector<long long>& out) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) return;
  if (!body.at(key).is_array()) {
    errors.push_back(field_error(ptr, msg::council::ids_expected));
    return;
  }
  std::vector<long long> ids;
  std::size_t i = 0;
  for (const auto& v : body.at(key).as_array()) {
    const std::string p = ptr + "/" + std::to_string(i++);
    if (!v.is_int64() || v.as_int64() <= 0 ||
        !storage::field_in_region(session, region_id, v.as_int64())) {
      errors.push_back(field_error(p, msg::council::not_region_field));
    } else if (std::find(ids.begin(), ids.end(), v.as_int64()) == ids.end()) {
      ids.push_back(v.as_int64());
    }
  }
  out = std::move(ids);
}

void Input::bad(const std::string& pointer) {
  errors.push_back(field_error(pointer, msg::council::bad_value));
}

void Input::done() {
  if (!errors.empty()) fail(invalid(std::move(errors)));
}

// ---- who and the audit trail ---------------------------------------------------------------

void check_version(const EditContext& ctx, const std::string& slug, const std::string& type,
                   const std::string& record_id, long long current,
                   const std::string& current_json) {
  if (auto e = precondition_error(ctx, current, current_json)) {
    std::optional<storage::AuditEntry> rejected;
    if (e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, type, record_id, current, current_json);
    fail(std::move(*e), std::move(rejected));
  }
}

void refuse_in_state(const EditContext& ctx, const std::string& slug, const std::string& action,
                     const std::string& type, const std::string& record_id,
                     std::string_view from_code, std::string_view from_label, const std::string& to,
                     const Message& m) {
  auto rejected = audit_entry(ctx, slug, action + "-refused", type, record_id);
  rejected.after_json = json::serialize(json::object{{"from", from_code}, {"to", to}});
  fail(Error{Errc::kConflict, m.ja(from_label), m.en(from_code), {}}, std::move(rejected));
}

void refuse_state(const EditContext& ctx, const std::string& slug, const std::string& action,
                  const std::string& type, const std::string& record_id, std::string_view from_code,
                  std::string_view from_label, std::string_view to_code,
                  std::string_view to_label) {
  auto rejected = audit_entry(ctx, slug, action + "-refused", type, record_id);
  rejected.after_json = json::serialize(json::object{{"from", from_code}, {"to", to_code}});
  const auto& m = msg::council::transition_refused;
  fail(Error{Errc::kConflict, m.ja(from_label, to_label), m.en(from_code, to_code), {}},
       std::move(rejected));
}

// ---- JSON ------------------------------------------------------------------------------------

TownNames town_names(storage::Session& session, long long region_id) {
  TownNames out;
  for (auto& [code, name] : storage::load_towns(session, region_id)) out[code] = name;
  return out;
}

json::value town_value(const TownNames& names, const std::string& code) {
  if (code.empty()) return nullptr;
  auto it = names.find(code);
  return json::object{{"code", code}, {"name", it == names.end() ? code : it->second}};
}

json::array targets_json(storage::Session& session, long long region_id, const std::string& targets,
                         bool member) {
  json::array out;
  for (const auto& t : core::split_targets(targets).value_or(std::vector<core::OpinionTarget>{})) {
    if (!member && core::is_report(t.kind)) continue;
    auto name = storage::target_name(session, region_id, t);
    out.push_back(json::object{
        {"kind", core::code(t.kind)},
        {"kind_label", core::label(t.kind)},
        {"id", t.kind == core::TargetKind::kVision ? json::value(nullptr) : json::value(t.id)},
        {"name", name ? json::value(*name) : json::value(nullptr)}});
  }
  return out;
}

std::string target_names(storage::Session& session, long long region_id,
                         const std::string& targets) {
  std::string out;
  for (const auto& t : core::split_targets(targets).value_or(std::vector<core::OpinionTarget>{})) {
    if (!out.empty()) out += "、";
    auto name = storage::target_name(session, region_id, t);
    out += t.kind == core::TargetKind::kVision
               ? std::string(core::label(t.kind))
               : std::string(core::label(t.kind)) + "「" + name.value_or("") + "」";
  }
  return out;
}

namespace {
json::value sample_label(bool sample) {
  return sample ? json::value(json::string("サンプル")) : json::value(nullptr);
}
json::value optional_text(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}
}  // namespace

json::object member_json(const storage::MemberRow& m, const Viewer& v, const std::string& today) {
  const bool active = m.term_start <= today && (m.term_end.empty() || today <= m.term_end);
  json::object o{{"id", m.id},
                 {"version", m.version},
                 {"name", m.name},
                 {"organisation", m.organisation},
                 {"sector", m.sector},
                 {"role", code_label(m.role)},
                 {"kind", code_label(m.kind)},
                 {"term_start", m.term_start},
                 {"term_end", optional_text(m.term_end)},
                 {"active", active},
                 {"public", m.is_public},
                 {"sample", m.sample},
                 {"sample_label", sample_label(m.sample)}};
  if (v.member) o["user_login"] = optional_text(m.user_login);
  return o;
}

Members members_by_id(storage::Session& session, long long region_id) {
  Members out;
  for (auto& m : storage::load_members(session, region_id)) out[m.id] = std::move(m);
  return out;
}

json::object speaker_json(const storage::RemarkRow& r, const Members& members, const Viewer& v) {
  if (!r.speaker_member_id) return {{"member_id", nullptr}, {"name", r.speaker}};
  auto it = members.find(*r.speaker_member_id);
  if (it == members.end()) return {{"member_id", nullptr}, {"name", r.speaker}};
  if (!v.member && !it->second.is_public)  // a member who is not public is shown by role
    return {{"member_id", nullptr}, {"name", core::label(it->second.role)}};
  return {{"member_id", it->first}, {"name", it->second.name}};
}

json::object remark_json(const storage::RemarkRow& r, const Members& members, const Viewer& v) {
  json::object o{{"id", r.id},
                 {"version", r.version},
                 {"position", r.position},
                 {"speaker", speaker_json(r, members, v)},
                 {"body", r.body},
                 {"sample", r.sample},
                 {"sample_label", sample_label(r.sample)}};
  if (v.secretariat) o["internal_note"] = r.internal_note;
  return o;
}

json::object meeting_json(storage::Session& session, const storage::MeetingRow& m, const Viewer& v,
                          bool detail) {
  json::array fields;
  for (auto id : m.field_ids) {
    auto name = storage::target_name(session, m.region_id, {core::TargetKind::kField, id});
    fields.push_back(json::object{{"id", id}, {"name", name.value_or("")}});
  }
  json::array agenda;
  for (const auto& a : m.agenda)
    agenda.push_back(json::object{
        {"title", a.title}, {"targets", targets_json(session, m.region_id, a.targets, v.member)}});
  json::object o{{"id", m.id},
                 {"version", m.version},
                 {"kind", code_label(m.kind)},
                 {"fields", std::move(fields)},
                 {"fiscal_year", fiscal_year_json(m.fiscal_year)},
                 {"number", m.number},
                 {"title", m.title},
                 {"held_on", m.held_on},
                 {"starts_at", optional_text(m.starts_at)},
                 {"ends_at", optional_text(m.ends_at)},
                 {"place", m.place},
                 {"status", code_label(m.status)},
                 {"minutes_status", code_label(m.minutes)},
                 {"observers", m.observers ? json::value(*m.observers) : json::value(nullptr)},
                 {"agenda", std::move(agenda)},
                 {"sample", m.sample},
                 {"sample_label", sample_label(m.sample)}};
  if (v.secretariat) o["internal_note"] = m.internal_note;
  if (!detail) return o;
  const auto members = members_by_id(session, m.region_id);
  if (v.member) {
    json::array attendance;
    int eligible = 0;
    int present = 0;
    std::map<long long, bool> marked;
    for (const auto& a : storage::load_attendance(session, m.id)) marked[a.member_id] = a.present;
    for (const auto& [id, member] : members) {
      const bool in_term = member.term_start <= m.held_on &&
                           (member.term_end.empty() || m.held_on <= member.term_end);
      auto it = marked.find(id);
      if (member.kind == core::MemberKind::kMember && in_term) {
        ++eligible;
        if (it != marked.end() && it->second) ++present;
      }
      if (it == marked.end()) continue;
      attendance.push_back(json::object{{"member_id", id},
                                        {"name", member.name},
                                        {"kind", code_label(member.kind)},
                                        {"present", it->second}});
    }
    const auto q = core::quorum(eligible, present);
    o["attendance"] = std::move(attendance);
    o["quorum"] = json::object{
        {"members", q.members}, {"present", q.present}, {"required", q.required}, {"met", q.met}};
  }
  json::array remarks;
  // The public reads the minutes once they are published; members read the drafts too.
  if (v.member || m.minutes == core::MinutesStatus::kPublished) {
    for (const auto& r : storage::load_remarks(session, m.id))
      remarks.push_back(remark_json(r, members, v));
  }
  o["remarks"] = std::move(remarks);
  return o;
}

bool visible(const storage::OpinionRow& o, const Viewer& v) { return v.member || o.published; }

bool sees_submitter(const storage::OpinionRow& o, const Viewer& v) {
  if (!v.member) return false;
  return o.source != core::OpinionSource::kPublicComment || v.secretariat;
}

const Message* opinion_move_refused(const storage::OpinionRow& o, const Viewer& v,
                                    core::OpinionStatus to) {
  if (v.secretariat) return nullptr;
  // The assigned town's editors take an opinion up and answer it; the outcome (反映済,
  // 次年度以降検討, 反映しない) is the secretariat's.
  if (o.assigned_to.empty() || !v.towns.contains(o.assigned_to))
    return &msg::council::not_assigned_to_you;
  if (to != core::OpinionStatus::kConsidering && to != core::OpinionStatus::kAnswered)
    return &msg::council::outcome_is_secretariats;
  return nullptr;
}

json::value reflected_edition_json(storage::Session& session, long long opinion_id) {
  const auto n = storage::opinion_reflected_edition(session, opinion_id);
  return n ? json::value(*n) : json::value(nullptr);
}

json::object opinion_json(storage::Session& session, const storage::OpinionRow& o,
                          const TownNames& names, const Viewer& v) {
  json::value klass = nullptr;
  if (auto c = core::comment_class_from(o.comment_class)) klass = code_label(*c);
  json::object out{{"id", o.id},
                   {"version", o.version},
                   {"fiscal_year", fiscal_year_json(o.fiscal_year)},
                   {"round", o.round},
                   {"source", code_label(o.source)},
                   {"meeting_id", o.meeting_id ? json::value(*o.meeting_id) : json::value(nullptr)},
                   {"remark_id", o.remark_id ? json::value(*o.remark_id) : json::value(nullptr)},
                   {"received_on", o.received_on},
                   {"kind", code_label(o.kind)},
                   {"targets", targets_json(session, o.region_id, o.targets)},
                   {"body", o.body},
                   {"assigned_to", town_value(names, o.assigned_to)},
                   {"policy", o.policy},
                   {"answer", o.answer},
                   {"status", code_label(o.status)},
                   {"reason", o.reason},
                   {"comment_class", std::move(klass)},
                   // The edition that reflects it (反映済; issue 13), null otherwise.
                   {"reflected_edition", reflected_edition_json(session, o.id)},
                   {"published", o.published},
                   {"sample", o.sample},
                   {"sample_label", sample_label(o.sample)}};
  if (sees_submitter(o, v)) {
    out["submitter"] = o.submitter;
    out["submitter_member_id"] =
        o.submitter_member_id ? json::value(*o.submitter_member_id) : json::value(nullptr);
  }
  if (v.member) {
    // The moves this viewer may make: the state machine's, narrowed by their role.
    json::array next;
    for (auto s : core::opinion_next_statuses(o.status)) {
      if (opinion_move_refused(o, v, s) == nullptr) next.push_back(json::string(core::code(s)));
    }
    out["next_statuses"] = std::move(next);
    out["answered_by"] = o.answered_by;
    out["answered_at"] = o.answered_at;
    out["created_by"] = o.created_by;
    out["created_at"] = o.created_at;
    out["changed_by"] = o.changed_by;
    out["changed_at"] = o.changed_at;
  }
  if (v.sees_notes_of(o.assigned_to)) out["internal_note"] = o.internal_note;
  return out;
}

}  // namespace kyosei::app::council
