#include "app/progress/progress.hpp"

#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <set>

#include "app/common/file_type.hpp"
#include "app/common/hash.hpp"
#include "app/dashboard/dashboard.hpp"
#include "app/plan/vision.hpp"
#include "core/kpi/kpi.hpp"
#include "core/progress/progress.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/progress/progress_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using core::ProgressStatus;
using core::SubmissionState;

constexpr std::string_view kSampleLabel = "サンプル";

// An error that rolls the write back; `rejected` is audited afterwards.
struct Abort {
  Error error;
  std::optional<storage::AuditEntry> rejected;
};

Error region_not_found(const std::string& slug) {
  return {Errc::kRegionNotFound,
          "圏域「" + slug + "」はありません",
          "there is no region '" + slug + "'",
          {}};
}
Error not_found(const std::string& ja, const std::string& en) {
  return {Errc::kNotFound, ja + " はありません", en + " not found", {}};
}
Error invalid(std::vector<FieldError> fields) {
  return {Errc::kValidationFailed,
          "入力内容に誤りがあります（" + std::to_string(fields.size()) + "件）",
          std::to_string(fields.size()) + " problem(s) in the input", std::move(fields)};
}
Error conflict(const std::string& ja, const std::string& en) {
  return {Errc::kConflict, ja, en, {}};
}

json::value sample_label(bool sample) {
  return sample ? json::value(json::string(kSampleLabel)) : json::value(nullptr);
}

json::value opt_json(const std::optional<long long>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

std::optional<long long> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

int parse_fy_or_throw(const std::string& text, const char* pointer) {
  auto p = core::parse_fiscal_year(text);
  if (!p.year) {
    throw Abort{Error{p.out_of_range ? Errc::kFiscalYearOutOfRange : Errc::kInvalidFiscalYear,
                      p.error_ja,
                      p.error_en,
                      {{pointer, p.error_ja, p.error_en}}}};
  }
  return *p.year;
}

// Text rules shared by every free-text field here.
void check_text(const json::object& body, const char* key, std::size_t max_bytes, bool required,
                std::string& out, std::vector<FieldError>& errors) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) errors.push_back({ptr, "入力が必要です", "required"});
    return;
  }
  if (!body.at(key).is_string()) {
    errors.push_back({ptr, "文字列で指定してください", "must be a string"});
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
    errors.push_back({std::string("/") + key, "0以上の整数で指定してください",
                      "must be a whole number of 0 or more"});
    return;
  }
  const long long n = v.is_int64() ? v.as_int64() : -1;
  if (n < 0 || n > 1'000'000'000'000LL) {
    errors.push_back({std::string("/") + key, "0以上、1兆以下の整数で指定してください",
                      "must be between 0 and 10^12"});
    return;
  }
  out = n;
}

void refuse_unknown(const json::object& body, std::initializer_list<std::string_view> known,
                    std::vector<FieldError>& errors) {
  for (const auto& [k, v] : body) {
    if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end())
      errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
  }
}

bool is_secretariat(const Principal* who, const std::string& slug) {
  if (who == nullptr) return true;  // the operator's CLI
  if (who->is_admin) return true;
  for (const auto& r : who->roles) {
    if (r.region_slug == slug && r.role == kRoleSecretariat) return true;
  }
  return false;
}

storage::AuditEntry audit_entry(const EditContext& ctx, const std::string& slug, std::string action,
                                std::string type, std::string id) {
  storage::AuditEntry e;
  e.actor = ctx.who != nullptr ? ctx.who->actor() : "system";
  e.remote = ctx.who != nullptr ? ctx.who->remote : "";
  e.region_slug = slug;
  e.action = std::move(action);
  e.record_type = std::move(type);
  e.record_id = std::move(id);
  return e;
}

// The If-Match rule (app::precondition_error) for a record that may not exist yet; a 412
// is audited against the record.
void check_version(const EditContext& ctx, const std::string& slug, const std::string& type,
                   const std::string& record_id, std::optional<long long> current,
                   const std::string& current_json = {}) {
  if (auto e = precondition_error(ctx, current, current_json)) {
    std::optional<storage::AuditEntry> rejected;
    if (current && e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, type, record_id, *current, current_json);
    throw Abort{*e, std::move(rejected)};
  }
}

json::object municipality_json(const std::map<std::string, std::string>& names,
                               const std::string& code) {
  auto it = names.find(code);
  return {{"code", code}, {"name", it == names.end() ? code : it->second}};
}

std::map<std::string, std::string> municipality_names(soci::session& sql, long long region_id) {
  std::map<std::string, std::string> out;
  for (auto& [code, name] : storage::load_towns(sql, region_id)) out[code] = name;
  return out;
}

std::vector<std::string> municipality_codes(soci::session& sql, long long region_id) {
  std::vector<std::string> out;
  for (auto& town : storage::load_towns(sql, region_id)) out.push_back(town.first);
  return out;
}

json::object status_json(ProgressStatus s) {
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

json::object progress_json(const storage::ProgressRow& p, const storage::ActionInfo& a,
                           const std::map<std::string, std::string>& names,
                           const std::vector<storage::EvidenceRow>& evidence) {
  json::array files;
  for (const auto& e : evidence) files.push_back(evidence_json(e));
  return {{"id", p.id},
          {"version", p.version},
          {"action_id", p.action_id},
          {"fiscal_year", fiscal_year_json(a.fiscal_year)},
          {"municipality", municipality_json(names, p.municipality)},
          {"status", status_json(p.status)},
          {"result", p.result},
          {"sessions", opt_json(p.sessions)},
          {"participants", opt_json(p.participants)},
          {"cost_yen", opt_json(p.cost_yen)},
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

// Action progress in percent: the mean of its towns' status scores (中止 left out).
std::optional<double> action_percent(const std::vector<const storage::ProgressRow*>& rows) {
  std::vector<core::WeightedValue> parts;
  parts.reserve(rows.size());
  for (const auto* r : rows) parts.push_back({core::status_score(r->status), std::nullopt});
  return core::roll_up(parts);
}

json::value percent_json(std::optional<double> p) {
  if (!p) return nullptr;
  return std::round(*p * 10.0) / 10.0;
}

// Parsed ids from a JSON array of integers (for round scopes).
std::vector<long long> id_list(const json::object& body, const char* key,
                               std::vector<FieldError>& errors) {
  std::vector<long long> out;
  if (!body.contains(key) || body.at(key).is_null()) return out;
  if (!body.at(key).is_array()) {
    errors.push_back(
        {std::string("/") + key, "整数の配列で指定してください", "must be an array of integers"});
    return out;
  }
  std::size_t i = 0;
  for (const auto& v : body.at(key).as_array()) {
    if (!v.is_int64() || v.as_int64() <= 0) {
      errors.push_back({std::string("/") + key + "/" + std::to_string(i), "正の整数です",
                        "must be a positive integer"});
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

bool overdue(const storage::RoundRow& r, SubmissionState s, const core::Date& today) {
  auto d = core::parse_date(r.deadline);
  return d && today > *d &&
         (s == SubmissionState::kNotSubmitted || s == SubmissionState::kReturned);
}

json::object submission_json(const storage::SubmissionRow& s, const storage::RoundRow& r,
                             const std::map<std::string, std::string>& names,
                             const core::Date& today) {
  return {{"municipality", municipality_json(names, s.municipality)},
          {"state", json::object{{"code", core::code(s.state)}, {"label", core::label(s.state)}}},
          {"reason", s.reason},
          {"changed_by", s.changed_by},
          {"changed_at", s.changed_at},
          {"version", s.version},
          {"overdue", overdue(r, s.state, today)}};
}

json::object round_json(soci::session& sql, const storage::RoundRow& r,
                        const std::map<std::string, std::string>& names, const core::Date& today) {
  json::array subs;
  std::map<std::string, int> counts{
      {"not_submitted", 0}, {"submitted", 0}, {"returned", 0}, {"confirmed", 0}};
  int overdue_count = 0;
  bool complete = true;
  for (const auto& s : storage::load_submissions(sql, r.id)) {
    auto o = submission_json(s, r, names, today);
    if (o.at("overdue").as_bool()) ++overdue_count;
    if (s.state != SubmissionState::kConfirmed) complete = false;
    ++counts[std::string(core::code(s.state))];
    subs.push_back(std::move(o));
  }
  json::object c;
  for (const auto& [k, v] : counts) c[k] = v;
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
          {"state", complete ? "complete" : "open"},
          {"counts", std::move(c)},
          {"overdue_count", overdue_count},
          {"sample", r.sample},
          {"sample_label", sample_label(r.sample)},
          {"opened_by", r.opened_by},
          {"opened_at", r.opened_at},
          {"submissions", std::move(subs)}};
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

TaskList task_list(soci::session& sql, const storage::RoundRow& r, const std::string& slug,
                   const std::string& code) {
  TaskList t;
  std::map<std::pair<long long, std::string>, storage::ProgressRow> records;
  for (auto& p : storage::load_progress(sql, r.region_id, r.fiscal_year))
    records[{p.action_id, p.municipality}] = p;
  json::array actions;
  int done = 0;
  int total = 0;
  for (const auto& a : storage::load_actions(sql, r.region_id, r.fiscal_year)) {
    if (!in_scope(r.field_ids, a.field_id) || !a.takes_part(code)) continue;
    ++total;
    auto o = action_ref_json(a);
    auto it = records.find({a.id, code});
    if (it != records.end()) {
      ++done;
      o["record"] = json::object{{"id", it->second.id},
                                 {"version", it->second.version},
                                 {"status", status_json(it->second.status)},
                                 {"result", it->second.result},
                                 {"sessions", opt_json(it->second.sessions)},
                                 {"participants", opt_json(it->second.participants)},
                                 {"cost_yen", opt_json(it->second.cost_yen)},
                                 {"sample", it->second.sample}};
      o["missing"] = false;
    } else {
      o["record"] = nullptr;
      o["missing"] = true;
      t.missing.push_back({"/actions/" + std::to_string(a.id), "取組状況が未入力です: " + a.text,
                           "no progress record yet: " + a.text});
    }
    actions.push_back(std::move(o));
  }
  json::array kpis;
  if (auto k = storage::load_region_kpis(sql, slug)) {
    for (const auto* s : scoped_town_kpis(*k, r)) {
      ++total;
      json::object o{{"id", s->id},
                     {"name", s->kpi.definition.name},
                     {"unit", s->kpi.definition.unit},
                     {"sample", s->kpi.sample},
                     {"sample_label", sample_label(s->kpi.sample)}};
      auto row = s->actual_rows.find({r.fiscal_year, code});
      if (row != s->actual_rows.end()) {
        ++done;
        for (const auto& a : s->kpi.actuals) {
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
        t.missing.push_back({"/kpis/" + std::to_string(s->id),
                             "成果指標の実績が未入力です: " + s->kpi.definition.name,
                             "no actual yet: " + s->kpi.definition.name});
      }
      kpis.push_back(std::move(o));
    }
  }
  t.body = {{"actions", std::move(actions)},
            {"kpis", std::move(kpis)},
            {"done", done},
            {"total", total},
            {"missing_count", total - done}};
  return t;
}

// Allowed evidence types (as sniffed) and a display name for messages.
const std::map<std::string, std::string>& allowed_types() {
  static const std::map<std::string, std::string> kTypes = {
      {"image/jpeg", "JPEG"},
      {"image/png", "PNG"},
      {"image/gif", "GIF"},
      {"image/webp", "WebP"},
      {"application/pdf", "PDF"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (xlsx)"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (docx)"},
      {"text/plain", "text"},
      {"text/csv", "CSV"}};
  return kTypes;
}

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string from_base64(const std::string& text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

template <typename F>
auto run_write(storage::Database& db, F&& body) -> RecordOutcome {
  RecordOutcome out = Error{};
  try {
    db.write([&](soci::session& sql) { out = body(sql); });
  } catch (Abort& a) {
    if (a.rejected) {
      db.write([&](soci::session& sql) { storage::append_audit(sql, std::move(*a.rejected)); });
    }
    return a.error;
  }
  return out;
}

Error out_of_plan(int fy, std::pair<int, int> plan, const char* pointer) {
  const std::string ja = core::wareki_with_western(fy) + "は計画期間（" +
                         core::wareki_label(plan.first) + "〜" + core::wareki_label(plan.second) +
                         "）の外です";
  const std::string en = "FY" + std::to_string(fy) + " is outside the plan period " +
                         std::to_string(plan.first) + "-" + std::to_string(plan.second);
  return Error{Errc::kFiscalYearOutOfRange, ja, en, {{pointer, ja, en}}};
}

// The region's round named by `round_text`; 404 (thrown) for an unknown region or round.
storage::RoundRow require_round(soci::session& sql, const std::string& slug,
                                const std::string& round_text) {
  auto region_id = storage::region_id_of(sql, slug);
  if (!region_id) throw Abort{region_not_found(slug)};
  auto id = parse_id(round_text);
  auto r = id ? storage::load_round(sql, *region_id, *id) : std::nullopt;
  if (!r) throw Abort{not_found("照会 " + round_text, "round " + round_text)};
  return *r;
}

// A town's submission in a round; 404 (thrown) when the town is not one of the round's.
storage::SubmissionRow require_submission(soci::session& sql, long long round_id,
                                          const std::string& code) {
  for (auto& s : storage::load_submissions(sql, round_id)) {
    if (s.municipality == code) return s;
  }
  throw Abort{not_found("構成市町 " + code, "member municipality " + code)};
}

// Throws the 409 period-locked error, audited as "<verb>-refused", when the period is locked.
void throw_if_locked(soci::session& sql, const EditContext& ctx, const std::string& slug,
                     long long region_id, const storage::ActionInfo& action,
                     const std::string& code, const std::string& verb, const std::string& type,
                     const std::string& record_id) {
  auto locked =
      period_lock(sql, ctx.who, slug, region_id, action.fiscal_year, code, action.field_id, 0);
  if (!locked) return;
  auto e = audit_entry(ctx, slug, verb + "-refused", type, record_id);
  e.after_json = json::serialize(json::object{
      {"reason", "period-locked"}, {"fiscal_year", action.fiscal_year}, {"municipality", code}});
  throw Abort{*locked, std::move(e)};
}

}  // namespace

std::optional<Error> period_lock(soci::session& sql, const Principal* who, const std::string& slug,
                                 long long region_id, int fiscal_year,
                                 const std::string& municipality, long long field_id,
                                 long long kpi_id) {
  auto state = storage::period_state(sql, region_id, fiscal_year, municipality, field_id, kpi_id);
  if (!state || core::editable(*state, is_secretariat(who, slug))) return std::nullopt;
  if (*state == SubmissionState::kConfirmed) {
    return Error{Errc::kLocked,
                 core::wareki_label(fiscal_year) + "の" + municipality +
                     "の報告は確定済みです。事務局が再開するまで変更できません",
                 "the period is confirmed and locked until the secretariat reopens it",
                 {}};
  }
  return Error{Errc::kLocked,
               "提出済みです。事務局が差し戻すまで変更できません",
               "submitted: changes wait until the secretariat returns it",
               {}};
}

// ---- progress records and evaluations ---------------------------------------------------

std::variant<json::object, Error> Progress::list(const std::string& slug,
                                                 const std::optional<std::string>& fy_text,
                                                 const std::optional<std::string>& municipality) {
  try {
    std::variant<json::object, Error> out = region_not_found(slug);
    db_.with_session([&](soci::session& sql) {
      soci::transaction tr(sql);
      auto region_id = storage::region_id_of(sql, slug);
      if (!region_id) return;
      const auto plan = storage::plan_period(sql, *region_id);
      const int fy = fy_text ? parse_fy_or_throw(*fy_text, "fy")
                             : std::clamp(current_fiscal_year(), plan.first, plan.second);
      if (fy < plan.first || fy > plan.second) throw Abort{out_of_plan(fy, plan, "fy")};
      const auto names = municipality_names(sql, *region_id);
      if (municipality && !names.contains(*municipality)) {
        throw Abort{Error{Errc::kBadRequest,
                          "構成市町の団体コードではありません",
                          "not a member municipality's code",
                          {{"municipality", "構成市町の団体コード（5桁）",
                            "a member municipality's five-digit code"}}}};
      }
      std::map<long long, std::vector<storage::ProgressRow>> by_action;
      for (auto& p : storage::load_progress(sql, *region_id, fy))
        by_action[p.action_id].push_back(std::move(p));
      auto evidence = storage::load_region_evidence(sql, *region_id, fy);
      std::map<long long, storage::EvaluationRow> evals;
      for (auto& e : storage::load_evaluations(sql, *region_id, fy)) evals[e.action_id] = e;
      json::array items;
      for (const auto& a : storage::load_actions(sql, *region_id, fy)) {
        if (municipality && !a.takes_part(*municipality)) continue;
        auto o = action_ref_json(a);
        json::array records;
        std::vector<const storage::ProgressRow*> rows;
        std::vector<ProgressStatus> statuses;
        for (const auto& p : by_action[a.id]) {
          rows.push_back(&p);
          statuses.push_back(p.status);
          if (municipality && p.municipality != *municipality) continue;
          records.push_back(progress_json(p, a, names, evidence[p.id]));
        }
        auto combined = core::combined_status(statuses);
        o["records"] = std::move(records);
        o["status"] = combined ? json::value(status_json(*combined)) : json::value(nullptr);
        o["progress_percent"] = percent_json(action_percent(rows));
        auto e = evals.find(a.id);
        o["evaluation"] =
            e == evals.end() ? json::value(nullptr) : json::value(evaluation_json(e->second));
        items.push_back(std::move(o));
      }
      tr.commit();
      out = json::object{{"fiscal_year", fiscal_year_json(fy)}, {"items", std::move(items)}};
    });
    return out;
  } catch (Abort& a) {
    return a.error;
  }
}

RecordOutcome Progress::put_progress(const std::string& slug, const std::string& action_text,
                                     const std::string& code, const json::object& body,
                                     const EditContext& ctx) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) throw Abort{region_not_found(slug)};
    auto action_id = parse_id(action_text);
    auto action = action_id ? storage::load_action(sql, *region_id, *action_id) : std::nullopt;
    if (!action) throw Abort{not_found("取組 " + action_text, "action " + action_text)};
    const auto names = municipality_names(sql, *region_id);
    if (!names.contains(code))
      throw Abort{not_found("構成市町 " + code, "member municipality " + code)};
    std::vector<FieldError> errors;
    if (!action->takes_part(code)) {
      errors.push_back({"/municipality", names.at(code) + "はこの取組に参加していません",
                        "this municipality does not take part in the action"});
    }
    refuse_unknown(body, {"status", "result", "sessions", "participants", "cost_yen"}, errors);
    storage::ProgressRow row;
    std::string status_text;
    check_text(body, "status", 64, true, status_text, errors);
    if (!status_text.empty()) {
      if (auto s = core::progress_status_from(status_text))
        row.status = *s;
      else
        errors.push_back({"/status",
                          "予定・実施中・実施済・延期・中止（planned, in_progress, done, "
                          "postponed, cancelled）のいずれかです",
                          "one of planned, in_progress, done, postponed, cancelled"});
    }
    check_text(body, "result", 4000, false, row.result, errors);
    check_count(body, "sessions", row.sessions, errors);
    check_count(body, "participants", row.participants, errors);
    check_count(body, "cost_yen", row.cost_yen, errors);
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};

    const std::string record_id = std::to_string(action->id) + "/" + code;
    auto existing = storage::find_progress(sql, action->id, code);
    check_version(ctx, slug, "progress_record", record_id,
                  existing ? std::optional<long long>(existing->version) : std::nullopt,
                  existing
                      ? json::serialize(progress_json(*existing, *action, names,
                                                      storage::load_evidence(sql, existing->id)))
                      : std::string());
    // A confirmed period is locked; a submitted one waits for the secretariat's review.
    throw_if_locked(sql, ctx, slug, *region_id, *action, code, "update", "progress_record",
                    record_id);
    row.id = existing ? existing->id : 0;
    row.action_id = action->id;
    row.municipality = code;
    row.sample = false;
    row.entered_by = ctx.who != nullptr ? ctx.who->actor() : "system";
    row.entered_at = now_utc_iso();
    row.id = storage::write_progress(sql, row);
    storage::advance_change_counter(sql, *region_id);
    storage::SearchIndex(db_).rebuild(sql, slug);
    auto stored = storage::find_progress(sql, action->id, code);
    auto data = progress_json(*stored, *action, names, storage::load_evidence(sql, stored->id));
    auto e = audit_entry(ctx, slug, existing ? "update" : "create", "progress_record", record_id);
    if (existing) e.before_json = json::serialize(progress_json(*existing, *action, names, {}));
    e.after_json = json::serialize(data);
    storage::append_audit(sql, std::move(e));
    return Record{std::move(data), stored->version};
  });
}

RecordOutcome Progress::put_evaluation(const std::string& slug, const std::string& action_text,
                                       const json::object& body, const EditContext& ctx) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    auto region = storage::RegionStore::load_in(sql, slug);
    auto region_id = storage::region_id_of(sql, slug);
    if (!region || !region_id) throw Abort{region_not_found(slug)};
    auto action_id = parse_id(action_text);
    auto action = action_id ? storage::load_action(sql, *region_id, *action_id) : std::nullopt;
    if (!action) throw Abort{not_found("取組 " + action_text, "action " + action_text)};
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
      errors.push_back({"/grade", "圏域の評価区分（" + list + "）のいずれかです",
                        "one of the region's grades: " + list});
    }
    check_text(body, "comment", 4000, false, row.comment, errors);
    std::string next;
    check_text(body, "next_direction", 64, true, next, errors);
    if (!next.empty()) {
      if (auto n = core::next_direction_from(next))
        row.next = *n;
      else
        errors.push_back({"/next_direction",
                          "継続・拡充・見直し・終了（continue, expand, review, end）のいずれかです",
                          "one of continue, expand, review, end"});
    }
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    const std::string record_id = std::to_string(action->id);
    auto existing = storage::find_evaluation(sql, action->id);
    check_version(ctx, slug, "evaluation", record_id,
                  existing ? std::optional<long long>(existing->version) : std::nullopt,
                  existing ? json::serialize(evaluation_json(*existing)) : std::string());
    row.id = existing ? existing->id : 0;
    row.action_id = action->id;
    row.entered_by = ctx.who != nullptr ? ctx.who->actor() : "system";
    row.entered_at = now_utc_iso();
    storage::write_evaluation(sql, row);
    storage::advance_change_counter(sql, *region_id);
    storage::SearchIndex(db_).rebuild(sql, slug);
    auto stored = storage::find_evaluation(sql, action->id);
    auto data = evaluation_json(*stored);
    auto e = audit_entry(ctx, slug, existing ? "update" : "create", "evaluation", record_id);
    if (existing) e.before_json = json::serialize(evaluation_json(*existing));
    e.after_json = json::serialize(data);
    storage::append_audit(sql, std::move(e));
    return Record{std::move(data), stored->version};
  });
}

// ---- evidence ----------------------------------------------------------------------------

RecordOutcome Progress::add_evidence(const std::string& slug, const std::string& action_text,
                                     const std::string& code, const std::string& file_name,
                                     const std::string& bytes, const EditContext& ctx) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) throw Abort{region_not_found(slug)};
    auto action_id = parse_id(action_text);
    auto action = action_id ? storage::load_action(sql, *region_id, *action_id) : std::nullopt;
    if (!action) throw Abort{not_found("取組 " + action_text, "action " + action_text)};
    if (!municipality_names(sql, *region_id).contains(code))
      throw Abort{not_found("構成市町 " + code, "member municipality " + code)};
    auto record = storage::find_progress(sql, action->id, code);
    if (!record) {
      throw Abort{conflict("先に取組状況を登録してください",
                           "enter the progress record before adding evidence")};
    }
    std::vector<FieldError> errors;
    const bool bad_name =
        file_name.empty() || file_name.size() > 200 ||
        file_name.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos ||
        std::any_of(file_name.begin(), file_name.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (bad_name) {
      errors.push_back({"name",
                        "ファイル名（200バイト以内、/ \\ や制御文字なし）を指定してください",
                        "give a file name (up to 200 bytes, no slashes or control characters)"});
    }
    if (bytes.empty()) errors.push_back({"", "ファイルが空です", "the file is empty"});
    if (bytes.size() > kMaxEvidenceBytes) {
      throw Abort{Error{
          Errc::kPayloadTooLarge, "ファイルは8MiBまでです", "files are limited to 8 MiB", {}}};
    }
    std::string type;
    if (!bytes.empty()) {
      type = sniff_media_type(bytes);
      if (!allowed_types().contains(type)) {
        std::string list;
        for (const auto& [t, n] : allowed_types()) list += (list.empty() ? "" : ", ") + n;
        errors.push_back(
            {"",
             "この種類のファイルは登録できません（内容の判定: " +
                 (type.empty() ? std::string("不明") : type) + "）。" + list + " のみです",
             "this kind of file is not accepted (content looks like " +
                 (type.empty() ? std::string("unknown") : type) + "); allowed: " + list});
      }
    }
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    throw_if_locked(sql, ctx, slug, *region_id, *action, code, "create", "evidence",
                    std::to_string(action->id) + "/" + code);
    storage::EvidenceRow row;
    row.progress_id = record->id;
    row.file_name = file_name;
    row.media_type = type;
    row.size_bytes = static_cast<long long>(bytes.size());
    row.sha256 = sha256_hex(bytes);
    row.uploaded_by = ctx.who != nullptr ? ctx.who->actor() : "system";
    row.uploaded_at = now_utc_iso();
    row.id = storage::insert_evidence(sql, row, to_base64(bytes));
    storage::advance_change_counter(sql, *region_id);
    auto data = evidence_json(row);
    data["action_id"] = action->id;
    data["municipality"] = code;
    auto e = audit_entry(ctx, slug, "create", "evidence", std::to_string(row.id));
    e.after_json = json::serialize(data);  // the metadata; the bytes are identified by sha256
    storage::append_audit(sql, std::move(e));
    return Record{std::move(data), 1};
  });
}

std::variant<EvidenceFile, Error> Progress::evidence(const std::string& slug,
                                                     const std::string& evidence_text) {
  std::variant<EvidenceFile, Error> out =
      not_found("証拠ファイル " + evidence_text, "evidence file " + evidence_text);
  db_.with_session([&](soci::session& sql) {
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) {
      out = region_not_found(slug);
      return;
    }
    auto id = parse_id(evidence_text);
    if (!id) return;
    auto found = storage::get_evidence(sql, *id);
    if (!found) return;
    // Only the region's own files are served through its path.
    if (!storage::load_action(sql, *region_id, found->first.action_id)) return;
    out = EvidenceFile{found->first.file_name, found->first.media_type, from_base64(found->second),
                       found->first.sha256};
  });
  return out;
}

std::optional<Error> Progress::remove_evidence(const std::string& slug,
                                               const std::string& action_text,
                                               const std::string& code,
                                               const std::string& evidence_text,
                                               const EditContext& ctx) {
  auto out = run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) throw Abort{region_not_found(slug)};
    auto id = parse_id(evidence_text);
    auto found = id ? storage::get_evidence(sql, *id) : std::nullopt;
    auto action_id = parse_id(action_text);
    if (!found || !action_id || found->first.action_id != *action_id ||
        found->first.municipality != code ||
        !storage::load_action(sql, *region_id, found->first.action_id)) {
      throw Abort{not_found("証拠ファイル " + evidence_text, "evidence file " + evidence_text)};
    }
    auto action = storage::load_action(sql, *region_id, *action_id);
    throw_if_locked(sql, ctx, slug, *region_id, *action, code, "delete", "evidence", evidence_text);
    const std::string who = ctx.who != nullptr ? ctx.who->actor() : "system";
    // Soft delete: the row (and its bytes) stay for the history; reads no longer show it.
    storage::delete_evidence(sql, *id, who, now_utc_iso());
    storage::advance_change_counter(sql, *region_id);
    auto e = audit_entry(ctx, slug, "delete", "evidence", evidence_text);
    e.before_json = json::serialize(evidence_json(found->first));
    storage::append_audit(sql, std::move(e));
    return Record{};
  });
  if (const auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

// ---- rounds --------------------------------------------------------------------------------

std::variant<json::object, Error> Progress::rounds(const std::string& slug,
                                                   const core::Date& today) {
  std::variant<json::object, Error> out = region_not_found(slug);
  db_.with_session([&](soci::session& sql) {
    soci::transaction tr(sql);
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) return;
    const auto names = municipality_names(sql, *region_id);
    json::array items;
    for (const auto& r : storage::load_rounds(sql, *region_id))
      items.push_back(round_json(sql, r, names, today));
    tr.commit();
    out = json::object{{"rounds", std::move(items)}};
  });
  return out;
}

RecordOutcome Progress::round(const std::string& slug, const std::string& round_text,
                              const core::Date& today) {
  RecordOutcome out = Error{};
  try {
    db_.with_session([&](soci::session& sql) {
      soci::transaction tr(sql);
      const auto r = require_round(sql, slug, round_text);
      out = Record{round_json(sql, r, municipality_names(sql, r.region_id), today), r.version};
      tr.commit();
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Progress::open_round(const std::string& slug, const json::object& body,
                                   const EditContext& ctx, const core::Date& today) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) throw Abort{region_not_found(slug)};
    std::vector<FieldError> errors;
    refuse_unknown(body, {"fiscal_year", "title", "deadline", "field_ids", "kpi_ids"}, errors);
    storage::RoundRow r;
    r.region_id = *region_id;
    if (!body.contains("fiscal_year")) {
      errors.push_back({"/fiscal_year", "年度が必要です（例: 2025 または \"R7\"）",
                        "the fiscal year is required (e.g. 2025 or \"R7\")"});
    } else {
      const auto& v = body.at("fiscal_year");
      std::string text = v.is_int64()    ? std::to_string(v.as_int64())
                         : v.is_string() ? std::string(v.as_string())
                                         : std::string();
      auto p = core::parse_fiscal_year(text);
      if (!p.year)
        errors.push_back({"/fiscal_year", p.error_ja.empty() ? "年度の形式が違います" : p.error_ja,
                          p.error_en.empty() ? "not a fiscal year" : p.error_en});
      else if (const auto plan = storage::plan_period(sql, *region_id);
               *p.year < plan.first || *p.year > plan.second)
        errors.push_back(out_of_plan(*p.year, plan, "/fiscal_year").fields.front());
      else
        r.fiscal_year = *p.year;
    }
    check_text(body, "title", 200, true, r.title, errors);
    std::string deadline;
    check_text(body, "deadline", 10, true, deadline, errors);
    if (!deadline.empty()) {
      auto d = core::parse_date(deadline);
      if (!d)
        errors.push_back(
            {"/deadline", "YYYY-MM-DD の実在する日付です", "must be a real date YYYY-MM-DD"});
      else if (*d < today)
        errors.push_back({"/deadline", "締切が過去の日付です", "the deadline is in the past"});
      r.deadline = deadline;
    }
    r.field_ids = id_list(body, "field_ids", errors);
    r.kpi_ids = id_list(body, "kpi_ids", errors);
    // Scope ids must be the region's own.
    for (std::size_t i = 0; i < r.field_ids.size(); ++i) {
      if (!storage::field_in_region(sql, *region_id, r.field_ids[i]))
        errors.push_back({"/field_ids/" + std::to_string(i), "この圏域の分野ではありません",
                          "not a field of this region"});
    }
    for (std::size_t i = 0; i < r.kpi_ids.size(); ++i) {
      if (!storage::kpi_in_region(sql, *region_id, r.kpi_ids[i]))
        errors.push_back({"/kpi_ids/" + std::to_string(i), "この圏域の成果指標ではありません",
                          "not a KPI of this region"});
    }
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    r.opened_by = ctx.who != nullptr ? ctx.who->actor() : "system";
    r.opened_at = now_utc_iso();
    r.sample = ctx.who == nullptr && r.title.find(kSampleLabel) != std::string::npos;
    r.id = storage::insert_round(sql, r);
    r.version = 1;
    for (const auto& code : municipality_codes(sql, *region_id)) {
      storage::SubmissionRow s;
      s.round_id = r.id;
      s.municipality = code;
      s.state = SubmissionState::kNotSubmitted;
      s.changed_by = r.opened_by;
      s.changed_at = r.opened_at;
      storage::insert_submission(sql, s);
    }
    storage::advance_change_counter(sql, *region_id);
    auto data = round_json(sql, r, municipality_names(sql, *region_id), today);
    auto e = audit_entry(ctx, slug, "create", "round", std::to_string(r.id));
    e.after_json = json::serialize(data);
    storage::append_audit(sql, std::move(e));
    return Record{std::move(data), r.version};
  });
}

std::variant<json::object, Error> Progress::tasks(const std::string& slug,
                                                  const std::string& round_text,
                                                  const std::string& code, const core::Date& today,
                                                  const Principal* who) {
  std::variant<json::object, Error> out = Error{};
  try {
    db_.with_session([&](soci::session& sql) {
      soci::transaction tr(sql);
      const auto r = require_round(sql, slug, round_text);
      const auto names = municipality_names(sql, r.region_id);
      const auto sub = require_submission(sql, r.id, code);
      auto t = task_list(sql, r, slug, code);
      t.body["round"] = json::object{{"id", r.id},
                                     {"title", r.title},
                                     {"deadline", r.deadline},
                                     {"fiscal_year", fiscal_year_json(r.fiscal_year)},
                                     {"sample", r.sample},
                                     {"sample_label", sample_label(r.sample)}};
      t.body["municipality"] = municipality_json(names, code);
      t.body["submission"] = submission_json(sub, r, names, today);
      t.body["editable"] = core::editable(sub.state, is_secretariat(who, slug));
      tr.commit();
      out = std::move(t.body);
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
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_round(sql, slug, round_text);
    auto event = core::submission_event_from(event_text);
    if (!event) throw Abort{not_found("操作 " + event_text, "operation " + event_text)};
    auto sub = require_submission(sql, r.id, code);
    // Towns hand in; only the secretariat returns, confirms and reopens.
    if (*event != core::SubmissionEvent::kSubmit && !is_secretariat(ctx.who, slug)) {
      throw Abort{Error{Errc::kForbidden,
                        "差戻し・確定・再開は事務局が行います",
                        "only the secretariat returns, confirms or reopens",
                        {}}};
    }
    std::vector<FieldError> errors;
    refuse_unknown(body, {"reason"}, errors);
    std::string reason;
    const bool needs_reason =
        *event == core::SubmissionEvent::kReturn || *event == core::SubmissionEvent::kReopen;
    check_text(body, "reason", 2000, needs_reason, reason, errors);
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    const std::string record_id = std::to_string(r.id) + "/" + code;
    // If-Match is optional here; when sent, it must match the submission's version.
    if (ctx.if_match) {
      if (auto e = precondition_error(ctx, sub.version)) {
        auto rejected = rejected_write(ctx, slug, "submission", record_id, sub.version);
        rejected.action = event_text + "-rejected";
        throw Abort{*e, std::move(rejected)};
      }
    }
    auto next = core::transition(sub.state, *event);
    if (!next) {
      auto rejected = audit_entry(ctx, slug, event_text + "-refused", "submission", record_id);
      rejected.after_json = json::serialize(json::object{{"state", core::code(sub.state)}});
      throw Abort{conflict(std::string("「") + std::string(core::label(sub.state)) +
                               "」の報告にはこの操作はできません",
                           std::string("not possible while the submission is ") +
                               std::string(core::code(sub.state))),
                  std::move(rejected)};
    }
    if (*event == core::SubmissionEvent::kSubmit) {
      auto t = task_list(sql, r, slug, code);
      if (!t.missing.empty()) {
        Error e = invalid(std::move(t.missing));
        e.detail_ja = "未入力の項目があるため提出できません";
        e.detail_en = "cannot submit: some items are still missing";
        throw Abort{e};
      }
    }
    const auto names = municipality_names(sql, r.region_id);
    const auto before = submission_json(sub, r, names, today);
    sub.state = *next;
    sub.reason = needs_reason ? reason : (*event == core::SubmissionEvent::kSubmit ? reason : "");
    sub.changed_by = ctx.who != nullptr ? ctx.who->actor() : "system";
    sub.changed_at = now_utc_iso();
    storage::update_submission(sql, sub);
    ++sub.version;
    storage::advance_change_counter(sql, r.region_id);
    auto data = submission_json(sub, r, names, today);
    data["round_id"] = r.id;
    auto e = audit_entry(ctx, slug, event_text, "submission", record_id);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(data);
    storage::append_audit(sql, std::move(e));
    return Record{std::move(data), sub.version};
  });
}

// ---- dashboard -----------------------------------------------------------------------------

json::object Progress::dashboard(const std::string& slug, int fy, const core::Date& today) {
  json::object out;
  db_.with_session([&](soci::session& sql) {
    soci::transaction tr(sql);
    auto region_id = storage::region_id_of(sql, slug);
    if (!region_id) return;
    std::map<long long, std::vector<storage::ProgressRow>> by_action;
    for (auto& p : storage::load_progress(sql, *region_id, fy))
      by_action[p.action_id].push_back(std::move(p));
    bool any_sample = false;
    for (const auto& [id, rows] : by_action)
      for (const auto& p : rows) any_sample = any_sample || p.sample;

    // Field → category → initiative (or the category itself for loose actions) → action.
    struct FieldAcc {
      long long id = 0;
      std::string name;
      std::map<std::string, int> counts;
      std::map<long long, std::map<long long, std::vector<std::optional<double>>>> tree;
      std::map<long long, std::string> category_names;
    };
    std::vector<FieldAcc> fields;
    for (const auto& a : storage::load_actions(sql, *region_id, fy)) {
      if (fields.empty() || fields.back().id != a.field_id) {
        fields.push_back({});
        fields.back().id = a.field_id;
        fields.back().name = a.field;
        for (auto s : core::kAllProgressStatuses)
          fields.back().counts[std::string(core::code(s))] = 0;
        fields.back().counts["not_reported"] = 0;
      }
      auto& f = fields.back();
      std::vector<ProgressStatus> statuses;
      std::vector<const storage::ProgressRow*> rows;
      for (const auto& p : by_action[a.id]) {
        statuses.push_back(p.status);
        rows.push_back(&p);
      }
      auto combined = core::combined_status(statuses);
      ++f.counts[combined ? std::string(core::code(*combined)) : "not_reported"];
      // Loose actions form their own group under the category (key -id).
      const long long group = a.initiative_id != 0 ? a.initiative_id : -a.category_id;
      f.tree[a.category_id][group].push_back(action_percent(rows));
      f.category_names[a.category_id] = a.category;
    }
    json::array field_items;
    std::vector<core::WeightedValue> all_fields;
    for (auto& f : fields) {
      json::object counts;
      int total = 0;
      for (const auto& [k, v] : f.counts) {
        counts[k] = v;
        total += v;
      }
      json::array cats;
      std::vector<core::WeightedValue> cat_values;
      for (auto& [cat_id, groups] : f.tree) {
        std::vector<core::WeightedValue> group_values;
        for (auto& [g, actions] : groups) {
          std::vector<core::WeightedValue> parts;
          for (auto p : actions) parts.push_back({p, std::nullopt});
          group_values.push_back({core::roll_up(parts), std::nullopt});
        }
        auto cp = core::roll_up(group_values);
        cat_values.push_back({cp, std::nullopt});
        cats.push_back(json::object{{"category_id", cat_id},
                                    {"category", f.category_names[cat_id]},
                                    {"progress_percent", percent_json(cp)}});
      }
      auto fp = core::roll_up(cat_values);
      all_fields.push_back({fp, std::nullopt});
      field_items.push_back(json::object{{"field_id", f.id},
                                         {"field", f.name},
                                         {"actions", total},
                                         {"by_status", std::move(counts)},
                                         {"progress_percent", percent_json(fp)},
                                         {"categories", std::move(cats)}});
    }
    json::array status_labels;
    for (auto s : core::kAllProgressStatuses) status_labels.push_back(status_json(s));
    status_labels.push_back(json::object{{"code", "not_reported"}, {"label", "未報告"}});

    // Submissions by town: the fiscal year's latest round.
    json::value submissions = nullptr;
    json::array deadlines;
    const auto names = municipality_names(sql, *region_id);
    for (const auto& r : storage::load_rounds(sql, *region_id)) {
      auto rj = round_json(sql, r, names, today);
      if (r.fiscal_year == fy && submissions.is_null()) {
        // The dashboard is public for a published region: states only, no reasons or
        // logins (those are for the region's members, in GET …/rounds).
        json::array towns;
        for (const auto& t : rj.at("submissions").as_array()) {
          towns.push_back(json::object{{"municipality", t.at("municipality")},
                                       {"state", t.at("state")},
                                       {"overdue", t.at("overdue")}});
        }
        submissions = json::object{{"round_id", r.id},
                                   {"title", r.title},
                                   {"deadline", r.deadline},
                                   {"state", rj.at("state")},
                                   {"counts", rj.at("counts")},
                                   {"sample", r.sample},
                                   {"sample_label", sample_label(r.sample)},
                                   {"towns", std::move(towns)}};
      }
      if (rj.at("state") == "open") {
        auto d = core::parse_date(r.deadline);
        deadlines.push_back(json::object{{"kind", "round"},
                                         {"round_id", r.id},
                                         {"label", r.title},
                                         {"date", r.deadline},
                                         {"past", d && *d < today},
                                         {"overdue_towns", rj.at("overdue_count")}});
      }
    }
    std::sort(deadlines.begin(), deadlines.end(), [](const json::value& a, const json::value& b) {
      return a.at("date").as_string() < b.at("date").as_string();
    });
    tr.commit();
    out = json::object{{"fiscal_year", fy},
                       {"statuses", std::move(status_labels)},
                       {"fields", std::move(field_items)},
                       {"progress_percent", percent_json(core::roll_up(all_fields))},
                       {"sample", any_sample},
                       {"sample_label", sample_label(any_sample)},
                       {"submissions", std::move(submissions)},
                       {"deadlines", std::move(deadlines)}};
  });
  return out;
}

// ---- demo ----------------------------------------------------------------------------------

std::variant<int, Error> Progress::load_demo(const std::string& slug, int fy,
                                             const std::string& actor) {
  int written = 0;
  try {
    db_.write([&](soci::session& sql) {
      auto region_id = storage::region_id_of(sql, slug);
      if (!region_id) throw Abort{region_not_found(slug)};
      if (storage::count_rounds(sql, *region_id) > 0) {
        throw Abort{conflict("この圏域にはすでに照会があります（サンプルは空の圏域にだけ入れます）",
                             "the region already has rounds; sample data goes only into an "
                             "empty one")};
      }
      const auto codes = municipality_codes(sql, *region_id);
      const auto actions = storage::load_actions(sql, *region_id, fy);
      // Deterministic variety: statuses cycle by action and town.
      const ProgressStatus cycle[] = {ProgressStatus::kDone, ProgressStatus::kInProgress,
                                      ProgressStatus::kDone, ProgressStatus::kPlanned,
                                      ProgressStatus::kDone, ProgressStatus::kPostponed};
      // The first three towns have reported; the others are left for the open round.
      const std::size_t reporting = std::min<std::size_t>(3, codes.size());
      std::size_t n = 0;
      std::string at = now_utc_iso();
      for (const auto& a : actions) {
        for (std::size_t t = 0; t < reporting; ++t) {
          if (!a.takes_part(codes[t])) continue;
          storage::ProgressRow p;
          p.action_id = a.id;
          p.municipality = codes[t];
          p.status = cycle[(n++) % std::size(cycle)];
          p.result = "（サンプル）" + std::string(core::label(p.status)) +
                     "。実績値は説明用の架空のものです。";
          if (p.status == ProgressStatus::kDone || p.status == ProgressStatus::kInProgress) {
            p.sessions = static_cast<long long>(1 + n % 4);
            p.participants = static_cast<long long>(12 + (n * 7) % 40);
            p.cost_yen = static_cast<long long>(50000 * (1 + n % 5));
          }
          p.sample = true;
          p.entered_by = actor;
          p.entered_at = at;
          storage::write_progress(sql, p);
          ++written;
        }
      }
      std::size_t k = 0;
      const char* grades[] = {"A", "B", "A", "C"};
      const core::NextDirection nexts[] = {
          core::NextDirection::kContinue, core::NextDirection::kExpand,
          core::NextDirection::kContinue, core::NextDirection::kReview};
      for (const auto& a : actions) {
        if (k >= 4) break;
        storage::EvaluationRow e;
        e.action_id = a.id;
        e.grade = grades[k];
        e.next = nexts[k];
        e.comment = "（サンプル）説明用の評価です。";
        e.sample = true;
        e.entered_by = actor;
        e.entered_at = at;
        storage::write_evaluation(sql, e);
        ++k;
      }
      storage::RoundRow r;
      r.region_id = *region_id;
      r.fiscal_year = fy;
      r.title = core::wareki_label(fy) + " 取組状況・成果指標の照会（サンプル）";
      // Open, so four weeks from today (in Japan).
      const auto today = today_in_japan();
      const auto due =
          std::chrono::sys_days(std::chrono::year_month_day(
              std::chrono::year(today.year), std::chrono::month(static_cast<unsigned>(today.month)),
              std::chrono::day(static_cast<unsigned>(today.day)))) +
          std::chrono::days(28);
      const std::chrono::year_month_day ymd(due);
      r.deadline = core::to_string(core::Date{static_cast<int>(ymd.year()),
                                              static_cast<int>(static_cast<unsigned>(ymd.month())),
                                              static_cast<int>(static_cast<unsigned>(ymd.day()))});
      r.sample = true;
      r.opened_by = actor;
      r.opened_at = at;
      r.id = storage::insert_round(sql, r);
      for (std::size_t t = 0; t < codes.size(); ++t) {
        storage::SubmissionRow s;
        s.round_id = r.id;
        s.municipality = codes[t];
        s.state = t == 0 ? SubmissionState::kSubmitted : SubmissionState::kNotSubmitted;
        s.changed_by = actor;
        s.changed_at = at;
        storage::insert_submission(sql, s);
      }
      storage::advance_change_counter(sql, *region_id);
      storage::SearchIndex(db_).rebuild(sql, slug);
      storage::AuditEntry e;
      e.actor = actor;
      e.region_slug = slug;
      e.action = "create";
      e.record_type = "sample-progress";
      e.record_id = std::to_string(fy);
      e.after_json = json::serialize(json::object{
          {"progress_records", written}, {"evaluations", k}, {"round_id", r.id}, {"sample", true}});
      storage::append_audit(sql, std::move(e));
    });
  } catch (Abort& a) {
    return a.error;
  }
  return written;
}

}  // namespace kyosei::app
