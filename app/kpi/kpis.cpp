#include "app/kpi/kpis.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <set>

#include "app/progress/progress.hpp"
#include "app/plan/vision.hpp"
#include "core/progress/progress.hpp"
#include "core/plan/validation.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/progress/progress_store.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;

constexpr std::string_view kSampleLabel = "サンプル";

struct Abort {
  Error error;
  std::optional<storage::AuditEntry> rejected;  // written after the rollback
};

Error region_not_found(const std::string& slug) {
  return {Errc::kRegionNotFound,
          "圏域「" + slug + "」はありません",
          "there is no region '" + slug + "'",
          {}};
}
Error kpi_not_found(const std::string& id) {
  return {Errc::kNotFound, "成果指標 " + id + " はありません", "no KPI " + id, {}};
}
Error invalid(std::vector<FieldError> fields) {
  return {Errc::kValidationFailed, "入力内容に誤りがあります", "the input has problems",
          std::move(fields)};
}

std::string_view target_source(core::TargetSource s) {
  switch (s) {
    case core::TargetSource::kYearly: return "yearly";
    case core::TargetSource::kInterpolated: return "interpolated";
    case core::TargetSource::kFinal: return "final";
  }
  return "";
}

json::object achievement_json(const core::Kpi& k, int fy, const core::GradeBands& bands) {
  const auto a = core::achievement_for(k.definition, k.actuals, fy, bands);
  json::object o{{"fiscal_year", fiscal_year_json(fy)}};
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

json::object kpi_json(const storage::StoredKpi& s) {
  const auto& d = s.kpi.definition;
  json::array yearly;
  for (const auto& [fy, v] : d.yearly_targets)
    yearly.push_back(json::object{{"fiscal_year", fy}, {"value", v.text()}});
  json::object o{
      {"id", s.id},
      {"version", s.version},
      {"field", s.field},
      {"category", s.category},
      {"category_id", s.category_id},
      {"name", d.name},
      {"unit", d.unit},
      {"direction",
       json::object{{"code", core::code(d.direction)}, {"label", core::label(d.direction)}}},
      {"baseline",
       json::object{{"fiscal_year", d.baseline.fiscal_year}, {"value", d.baseline.value.text()}}},
      {"target",
       json::object{{"fiscal_year", d.target.fiscal_year}, {"value", d.target.value.text()}}},
      {"yearly_targets", std::move(yearly)},
      {"cumulative", d.cumulative},
      {"summed", d.summed},
      {"decimal_places", d.decimal_places ? json::value(*d.decimal_places) : json::value(nullptr)},
      {"data_source", d.data_source},
      {"sample", s.kpi.sample}};
  // Invented demo figures say so wherever they are shown.
  o["sample_label"] = s.kpi.sample ? json::value(json::string(kSampleLabel)) : json::value(nullptr);
  return o;
}

int resolve_fy(const storage::RegionKpis& r, const std::optional<std::string>& text) {
  if (!text) return std::clamp(current_fiscal_year(), r.plan_from, r.plan_to);
  auto p = core::parse_fiscal_year(*text);
  if (!p.year) {
    throw Abort{Error{p.out_of_range ? Errc::kFiscalYearOutOfRange : Errc::kInvalidFiscalYear,
                      p.error_ja,
                      p.error_en,
                      {{"fy", p.error_ja, p.error_en}}}};
  }
  return *p.year;
}

const storage::StoredKpi* find_kpi(const storage::RegionKpis& r, const std::string& id) {
  for (const auto& k : r.kpis) {
    if (std::to_string(k.id) == id) return &k;
  }
  return nullptr;
}

// The region's KPIs read in one transaction, so a concurrent write is seen whole or not at all.
std::optional<storage::RegionKpis> load_consistent(soci::session& sql, const std::string& slug) {
  soci::transaction tr(sql);
  auto r = storage::load_region_kpis(sql, slug);
  tr.commit();
  return r;
}

}  // namespace

std::variant<json::object, Error> Kpis::list(const std::string& slug,
                                             const std::optional<std::string>& fy_text) {
  try {
    std::variant<json::object, Error> out = region_not_found(slug);
    db_.with_session([&](soci::session& sql) {
      auto r = load_consistent(sql, slug);
      if (!r) return;
      const int fy = resolve_fy(*r, fy_text);
      json::array items;
      for (const auto& k : r->kpis) {
        auto o = kpi_json(k);
        o["achievement"] = achievement_json(k.kpi, fy, r->bands);
        items.push_back(std::move(o));
      }
      json::array bands;
      for (const auto& b : r->bands.bands)
        bands.push_back(
            json::object{{"grade", b.grade}, {"minimum_percent", b.minimum_percent.text()}});
      out = json::object{
          {"fiscal_year", fiscal_year_json(fy)},
          {"grade_bands", json::object{{"bands", std::move(bands)}, {"below", r->bands.below}}},
          {"items", std::move(items)}};
    });
    return out;
  } catch (Abort& a) {
    return a.error;
  }
}

std::variant<json::object, Error> Kpis::series(const std::string& slug, const std::string& kpi_id) {
  std::variant<json::object, Error> out = region_not_found(slug);
  db_.with_session([&](soci::session& sql) {
    auto r = load_consistent(sql, slug);
    if (!r) return;
    const auto* k = find_kpi(*r, kpi_id);
    if (k == nullptr) {
      out = kpi_not_found(kpi_id);
      return;
    }
    const auto& d = k->kpi.definition;
    int last = std::max(d.target.fiscal_year, r->plan_to);
    for (const auto& a : k->kpi.actuals) last = std::max(last, a.fiscal_year);
    json::array years;
    for (int fy = d.baseline.fiscal_year; fy <= last; ++fy) {
      auto y = achievement_json(k->kpi, fy, r->bands);
      if (d.summed) {
        json::array towns;
        for (const auto& m : r->municipalities) {
          json::value v = nullptr;
          for (const auto& a : k->kpi.actuals) {
            if (a.fiscal_year == fy && a.municipality == m.code) v = json::string(a.value.text());
          }
          towns.push_back(json::object{{"code", m.code}, {"name", m.name}, {"value", v}});
        }
        y["by_municipality"] = std::move(towns);
      }
      if (fy == d.baseline.fiscal_year) y["baseline"] = d.baseline.value.text();
      years.push_back(std::move(y));
    }
    auto o = kpi_json(*k);
    o["years"] = std::move(years);
    out = std::move(o);
  });
  return out;
}

RecordOutcome Kpis::put_actual(const std::string& slug, const std::string& kpi_id,
                               const std::string& fy_text, const std::string& municipality,
                               const json::object& body, const EditContext& ctx) {
  RecordOutcome out = Error{};
  try {
    db_.write([&](soci::session& sql) {
      auto r = storage::load_region_kpis(sql, slug);
      if (!r) throw Abort{region_not_found(slug)};
      const auto* k = find_kpi(*r, kpi_id);
      if (k == nullptr) throw Abort{kpi_not_found(kpi_id)};
      auto p = core::parse_fiscal_year(fy_text);
      if (!p.year) {
        throw Abort{Error{p.out_of_range ? Errc::kFiscalYearOutOfRange : Errc::kInvalidFiscalYear,
                          p.error_ja,
                          p.error_en,
                          {{"fy", p.error_ja, p.error_en}}}};
      }
      std::vector<FieldError> errors;
      if (k->kpi.definition.summed && municipality.empty()) {
        errors.push_back({"/municipality",
                          "市町ごとの合計値の指標です。市町の団体コードを指定してください",
                          "this KPI sums the towns' values: give the municipality"});
      }
      if (!k->kpi.definition.summed && !municipality.empty()) {
        errors.push_back({"/municipality", "この指標は市町別の値を持ちません",
                          "this KPI has no per-town values"});
      }
      for (const auto& [key, v] : body) {
        if (key != "value" && key != "note")
          errors.push_back({"/" + std::string(key), "不明な項目です", "unknown field"});
      }
      core::KpiActual a;
      a.fiscal_year = *p.year;
      a.municipality = municipality;
      if (!body.contains("value") || !body.at("value").is_string()) {
        errors.push_back({"/value", "値を文字列（例: \"123.4\"）で指定してください",
                          "give the value as a string, e.g. \"123.4\""});
      } else {
        auto d = core::Decimal::parse(std::string(body.at("value").as_string()));
        if (!d.value)
          errors.push_back({"/value", d.error_ja, d.error_en});
        else
          a.value = *d.value;
      }
      if (body.contains("note")) {
        if (!body.at("note").is_string()) {
          errors.push_back({"/note", "文字列で指定してください", "must be a string"});
        } else {
          a.note = std::string(body.at("note").as_string());
          if (auto bad = text_problem("/note", a.note, false)) errors.push_back(*bad);
        }
      }
      if (!errors.empty()) throw Abort{invalid(std::move(errors))};
      a.entered_by = ctx.who != nullptr ? ctx.who->actor() : "system";
      a.entered_at = now_utc_iso();
      auto row = k->actual_rows.find({a.fiscal_year, municipality});
      long long row_id = 0;
      std::string before;
      const std::string record_id = std::to_string(k->id) + "/" + std::to_string(a.fiscal_year) +
                                    (municipality.empty() ? "" : "/" + municipality);
      const bool exists = row != k->actual_rows.end();
      if (auto e = precondition_error(
              ctx, exists ? std::optional<long long>(row->second.version) : std::nullopt)) {
        std::optional<storage::AuditEntry> rejected;
        if (exists && e->code == Errc::kPreconditionFailed)
          rejected = rejected_write(ctx, slug, "kpi_actual", record_id, row->second.version);
        throw Abort{*e, std::move(rejected)};
      }
      if (exists) {
        row_id = row->second.id;
        for (const auto& old : k->kpi.actuals) {
          if (old.fiscal_year == a.fiscal_year && old.municipality == municipality) {
            before = json::serialize(json::object{{"value", old.value.text()}, {"note", old.note}});
          }
        }
      }
      // A town's value in a submitted or confirmed period of a data-collection round.
      if (!municipality.empty()) {
        if (auto locked = period_lock(sql, ctx.who, slug, r->region_id, a.fiscal_year, municipality,
                                      k->field_id, k->id)) {
          storage::AuditEntry e;
          e.actor = ctx.who != nullptr ? ctx.who->actor() : "system";
          e.remote = ctx.who != nullptr ? ctx.who->remote : "";
          e.region_slug = slug;
          e.action = (row_id != 0 ? "update" : "create") + std::string("-refused");
          e.record_type = "kpi_actual";
          e.record_id = record_id;
          e.after_json = json::serialize(json::object{{"reason", "period-locked"}});
          throw Abort{*locked, std::move(e)};
        }
      }
      row_id = storage::write_actual(sql, k->id, row_id, a);
      // The same rules as a dataset: decimal places, member towns, sums in range.
      auto region = storage::RegionStore::load_in(sql, slug);
      std::vector<FieldError> problems;
      for (const auto& pr : core::validate(*region)) {
        problems.push_back({"/value", pr.message_ja + "（" + pr.path + "）",
                            pr.message_en + " (" + pr.path + ")"});
      }
      if (!problems.empty()) throw Abort{invalid(std::move(problems))};
      storage::advance_change_counter(sql, r->region_id);
      storage::SearchIndex(db_).rebuild(sql, slug);
      int version = 0;
      sql << "SELECT version FROM kpi_actuals WHERE id = :i", soci::use(row_id),
          soci::into(version);
      json::object after{
          {"kpi_id", k->id},
          {"fiscal_year", a.fiscal_year},
          {"municipality",
           municipality.empty() ? json::value(nullptr) : json::value(json::string(municipality))},
          {"value", a.value.text()},
          {"note", a.note},
          {"entered_by", a.entered_by},
          {"entered_at", a.entered_at},
          {"sample", k->kpi.sample},
          {"version", version}};
      storage::AuditEntry e;
      e.actor = a.entered_by;
      e.remote = ctx.who != nullptr ? ctx.who->remote : "";
      e.region_slug = slug;
      e.action = before.empty() ? "create" : "update";
      e.record_type = "kpi_actual";
      e.record_id = std::to_string(k->id) + "/" + std::to_string(a.fiscal_year) +
                    (municipality.empty() ? "" : "/" + municipality);
      e.before_json = before;
      e.after_json = json::serialize(after);
      storage::append_audit(sql, std::move(e));
      out = Record{std::move(after), version};
    });
  } catch (Abort& a) {
    if (a.rejected) db_.write([&](soci::session& sql) { storage::append_audit(sql, *a.rejected); });
    return a.error;
  }
  return out;
}

// ---- KPI definitions ------------------------------------------------------------------------

namespace {

std::optional<int> fy_of(const json::value& v) {
  std::string text;
  if (v.is_int64())
    text = std::to_string(v.as_int64());
  else if (v.is_string())
    text = std::string(v.as_string());
  else
    return std::nullopt;
  return core::parse_fiscal_year(text).year;
}

void read_point(const json::object& body, const char* key, core::KpiPoint& out,
                std::vector<FieldError>& errors) {
  const std::string ptr = std::string("/") + key;
  if (!body.at(key).is_object()) {
    errors.push_back({ptr, "{\"fiscal_year\": 2024, \"value\": \"12.5\"} の形で指定してください",
                      "give {\"fiscal_year\": 2024, \"value\": \"12.5\"}"});
    return;
  }
  const auto& o = body.at(key).as_object();
  for (const auto& [k, v] : o) {
    if (k != "fiscal_year" && k != "value")
      errors.push_back({ptr + "/" + std::string(k), "不明な項目です", "unknown field"});
  }
  auto fy = o.contains("fiscal_year") ? fy_of(o.at("fiscal_year")) : std::nullopt;
  if (!fy)
    errors.push_back({ptr + "/fiscal_year", "年度（例: 2024 または \"R6\"）を指定してください",
                      "give a fiscal year (e.g. 2024 or \"R6\")"});
  else
    out.fiscal_year = *fy;
  if (!o.contains("value") || !o.at("value").is_string()) {
    errors.push_back({ptr + "/value", "値を文字列（例: \"123.4\"）で指定してください",
                      "give the value as a string, e.g. \"123.4\""});
  } else {
    auto d = core::Decimal::parse(std::string(o.at("value").as_string()));
    if (!d.value)
      errors.push_back({ptr + "/value", d.error_ja, d.error_en});
    else
      out.value = *d.value;
  }
}

// Applies the body's fields to the definition; every problem goes to `errors`.
void apply_definition(const json::object& body, bool creating, core::KpiDefinition& d,
                      long long& category_id, std::string& reason,
                      std::vector<FieldError>& errors) {
  static const std::set<std::string> kKnown = {
      "category_id",    "name",       "unit",   "direction",      "baseline",    "target",
      "yearly_targets", "cumulative", "summed", "decimal_places", "data_source", "reason"};
  for (const auto& [k, v] : body) {
    if (!kKnown.contains(std::string(k)) || (creating && k == "reason"))
      errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
  }
  if (creating) {
    for (const char* k : {"category_id", "name", "direction", "baseline", "target"}) {
      if (!body.contains(k)) errors.push_back({std::string("/") + k, "必須です", "required"});
    }
  }
  auto text = [&](const char* key, std::string& out, std::size_t max, bool non_empty) {
    if (!body.contains(key)) return;
    const std::string ptr = std::string("/") + key;
    if (!body.at(key).is_string()) {
      errors.push_back({ptr, "文字列で指定してください", "must be a string"});
      return;
    }
    std::string v(body.at(key).as_string());
    if (auto p = text_problem(ptr, v, non_empty, max))
      errors.push_back(std::move(*p));
    else
      out = std::move(v);
  };
  auto flag = [&](const char* key, bool& out) {
    if (!body.contains(key)) return;
    if (!body.at(key).is_bool())
      errors.push_back(
          {std::string("/") + key, "true か false で指定してください", "must be true or false"});
    else
      out = body.at(key).as_bool();
  };
  if (body.contains("category_id")) {
    const auto& v = body.at("category_id");
    if (!v.is_int64() || v.as_int64() <= 0)
      errors.push_back({"/category_id", "カテゴリのID（整数）です", "a category id (integer)"});
    else
      category_id = v.as_int64();
  }
  text("name", d.name, 400, true);
  text("unit", d.unit, 40, false);
  text("data_source", d.data_source, 400, false);
  text("reason", reason, 2000, false);
  if (body.contains("direction")) {
    const auto& v = body.at("direction");
    auto dir = v.is_string() ? core::kpi_direction_from(std::string(v.as_string())) : std::nullopt;
    if (!dir)
      errors.push_back({"/direction", "higher・lower・maintain（増加・減少・維持）のいずれかです",
                        "one of higher, lower, maintain"});
    else
      d.direction = *dir;
  }
  if (body.contains("baseline")) read_point(body, "baseline", d.baseline, errors);
  if (body.contains("target")) read_point(body, "target", d.target, errors);
  if (body.contains("yearly_targets")) {
    d.yearly_targets.clear();
    if (!body.at("yearly_targets").is_array()) {
      errors.push_back({"/yearly_targets", "[{\"fiscal_year\", \"value\"}, …] の配列です",
                        "an array of {fiscal_year, value}"});
    } else {
      std::size_t i = 0;
      for (const auto& item : body.at("yearly_targets").as_array()) {
        const std::string key = "yearly_targets/" + std::to_string(i++);
        json::object wrapper{{key, item}};
        core::KpiPoint p;
        const std::size_t before = errors.size();
        read_point(wrapper, key.c_str(), p, errors);
        if (errors.size() != before) continue;
        if (d.yearly_targets.contains(p.fiscal_year)) {
          errors.push_back({"/" + key + "/fiscal_year", "同じ年度が重複しています",
                            "the same fiscal year appears twice"});
        }
        d.yearly_targets[p.fiscal_year] = p.value;
      }
    }
  }
  flag("cumulative", d.cumulative);
  flag("summed", d.summed);
  if (body.contains("decimal_places")) {
    const auto& v = body.at("decimal_places");
    if (v.is_null())
      d.decimal_places.reset();
    else if (!v.is_int64() || v.as_int64() < 0 || v.as_int64() > 6)
      errors.push_back({"/decimal_places", "0〜6の整数か null です", "an integer 0-6, or null"});
    else
      d.decimal_places = static_cast<int>(v.as_int64());
  }
}

bool targets_changed(const core::KpiDefinition& a, const core::KpiDefinition& b) {
  return a.baseline != b.baseline || a.target != b.target || a.yearly_targets != b.yearly_targets;
}

json::object targets_json(const core::KpiDefinition& d) {
  json::array yearly;
  for (const auto& [fy, v] : d.yearly_targets)
    yearly.push_back(json::object{{"fiscal_year", fy}, {"value", v.text()}});
  return {{"baseline", json::object{{"fiscal_year", d.baseline.fiscal_year},
                                    {"value", d.baseline.value.text()}}},
          {"target",
           json::object{{"fiscal_year", d.target.fiscal_year}, {"value", d.target.value.text()}}},
          {"yearly_targets", std::move(yearly)}};
}

}  // namespace

RecordOutcome Kpis::create(const std::string& slug, const json::object& body,
                           const EditContext& ctx) {
  return write_definition(slug, nullptr, body, ctx);
}

RecordOutcome Kpis::update(const std::string& slug, const std::string& kpi_id,
                           const json::object& body, const EditContext& ctx) {
  return write_definition(slug, &kpi_id, body, ctx);
}

RecordOutcome Kpis::write_definition(const std::string& slug, const std::string* kpi_id,
                                     const json::object& body, const EditContext& ctx) {
  RecordOutcome out = Error{};
  try {
    db_.write([&](soci::session& sql) {
      auto r = storage::load_region_kpis(sql, slug);
      if (!r) throw Abort{region_not_found(slug)};
      const storage::StoredKpi* existing = nullptr;
      if (kpi_id != nullptr) {
        existing = find_kpi(*r, *kpi_id);
        if (existing == nullptr) throw Abort{kpi_not_found(*kpi_id)};
        const std::string current = json::serialize(kpi_json(*existing));
        if (auto e = precondition_error(ctx, existing->version, current)) {
          std::optional<storage::AuditEntry> rejected;
          if (e->code == Errc::kPreconditionFailed)
            rejected = rejected_write(ctx, slug, "kpi", *kpi_id, existing->version, current);
          throw Abort{*e, std::move(rejected)};
        }
      }
      core::KpiDefinition d = existing ? existing->kpi.definition : core::KpiDefinition{};
      long long category_id = existing ? existing->category_id : 0;
      std::string reason;
      std::vector<FieldError> errors;
      apply_definition(body, existing == nullptr, d, category_id, reason, errors);
      if (category_id != 0) {
        int n = 0;
        sql << "SELECT COUNT(*) FROM categories c JOIN fields f ON f.id = c.field_id WHERE c.id "
               "= :c AND f.region_id = :r AND c.deleted_at IS NULL AND f.deleted_at IS NULL",
            soci::use(category_id), soci::use(r->region_id), soci::into(n);
        if (n == 0)
          errors.push_back({"/category_id", "この圏域のカテゴリではありません",
                            "not a category of this region"});
      }
      const bool changed_targets = existing && targets_changed(existing->kpi.definition, d);
      if (changed_targets && reason.find_first_not_of(" \t\n") == std::string::npos) {
        errors.push_back({"/reason", "基準値・目標値を変更するときは理由が必要です",
                          "changing the baseline or a target needs a reason"});
      }
      if (!errors.empty()) throw Abort{invalid(std::move(errors))};
      const long long id =
          storage::write_kpi_definition(sql, existing ? existing->id : 0, category_id, d);
      // The same rules as a dataset (periods, directions, per-town values…).
      auto region = storage::RegionStore::load_in(sql, slug);
      std::vector<FieldError> problems;
      for (const auto& pr : core::validate(*region)) {
        problems.push_back(
            {"", pr.message_ja + "（" + pr.path + "）", pr.message_en + " (" + pr.path + ")"});
      }
      if (!problems.empty()) throw Abort{invalid(std::move(problems))};
      const std::string who = ctx.who != nullptr ? ctx.who->actor() : "system";
      const std::string at = now_utc_iso();
      if (changed_targets) {
        storage::add_target_change(
            sql, storage::TargetChange{0, id, at, who, reason,
                                       json::serialize(targets_json(existing->kpi.definition)),
                                       json::serialize(targets_json(d))});
      }
      storage::advance_change_counter(sql, r->region_id);
      storage::SearchIndex(db_).rebuild(sql, slug);
      auto after_r = storage::load_region_kpis(sql, slug);
      const auto* stored = find_kpi(*after_r, std::to_string(id));
      auto data = kpi_json(*stored);
      storage::AuditEntry e;
      e.actor = who;
      e.remote = ctx.who != nullptr ? ctx.who->remote : "";
      e.region_slug = slug;
      e.action = existing ? "update" : "create";
      e.record_type = "kpi";
      e.record_id = std::to_string(id);
      if (existing) e.before_json = json::serialize(kpi_json(*existing));
      json::object after = data;
      if (changed_targets) after["target_change_reason"] = reason;
      e.after_json = json::serialize(after);
      storage::append_audit(sql, std::move(e));
      out = Record{std::move(data), stored->version};
    });
  } catch (Abort& a) {
    if (a.rejected) db_.write([&](soci::session& sql) { storage::append_audit(sql, *a.rejected); });
    return a.error;
  }
  return out;
}

std::variant<json::object, Error> Kpis::history(const std::string& slug,
                                                const std::string& kpi_id) {
  std::variant<json::object, Error> out = region_not_found(slug);
  db_.with_session([&](soci::session& sql) {
    auto r = load_consistent(sql, slug);
    if (!r) return;
    const auto* k = find_kpi(*r, kpi_id);
    if (k == nullptr) {
      out = kpi_not_found(kpi_id);
      return;
    }
    json::array changes;
    for (const auto& c : storage::load_target_changes(sql, k->id)) {
      changes.push_back(json::object{{"id", c.id},
                                     {"changed_at", c.changed_at},
                                     {"changed_by", c.changed_by},
                                     {"reason", c.reason},
                                     {"before", json::parse(c.before_json)},
                                     {"after", json::parse(c.after_json)}});
    }
    auto o = kpi_json(*k);
    o["target_changes"] = std::move(changes);
    out = std::move(o);
  });
  return out;
}

}  // namespace kyosei::app
