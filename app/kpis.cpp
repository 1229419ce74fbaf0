#include "app/kpis.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>

#include "app/vision.hpp"
#include "core/validation.hpp"
#include "storage/audit_store.hpp"
#include "storage/kpi_store.hpp"
#include "storage/region_store.hpp"
#include "storage/search.hpp"

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

json::object fy_json(int fy) {
  return {{"year", fy},
          {"label", core::wareki_label(fy)},
          {"short", core::wareki_short(fy)},
          {"display", core::wareki_with_western(fy)}};
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
  json::object o{{"fiscal_year", fy_json(fy)}};
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

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
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
          {"fiscal_year", fy_json(fy)},
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
      a.entered_at = now_iso();
      auto row = k->actual_rows.find({a.fiscal_year, municipality});
      long long row_id = 0;
      std::string before;
      if (row != k->actual_rows.end()) {
        row_id = row->second.id;
        if (!ctx.if_match) {
          throw Abort{Error{Errc::kPreconditionRequired,
                            "If-Match に現在の版を指定してください",
                            "send If-Match with the current version",
                            {}}};
        }
        if (*ctx.if_match != row->second.version) {
          Error e{Errc::kPreconditionFailed,
                  "他の人が先に更新しました",
                  "someone else saved first",
                  {}};
          e.current_etag = "\"v" + std::to_string(row->second.version) + "\"";
          // The losing attempt is kept in the audit trail, with the record it aimed at.
          storage::AuditEntry rejected;
          rejected.actor = ctx.who != nullptr ? ctx.who->actor() : "system";
          rejected.remote = ctx.who != nullptr ? ctx.who->remote : "";
          rejected.region_slug = slug;
          rejected.action = "update-rejected";
          rejected.record_type = "kpi_actual";
          rejected.record_id = std::to_string(k->id) + "/" + std::to_string(a.fiscal_year) +
                               (municipality.empty() ? "" : "/" + municipality);
          rejected.after_json = "{\"if_match\":" + std::to_string(*ctx.if_match) + "}";
          throw Abort{e, rejected};
        }
        for (const auto& old : k->kpi.actuals) {
          if (old.fiscal_year == a.fiscal_year && old.municipality == municipality) {
            before = json::serialize(json::object{{"value", old.value.text()}, {"note", old.note}});
          }
        }
      } else if (ctx.if_match) {
        throw Abort{Error{Errc::kPreconditionFailed,
                          "まだ登録されていない値です（If-Match は不要）",
                          "there is no value yet: send no If-Match",
                          {}}};
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
      sql << "UPDATE regions SET change_seq = change_seq + 1 WHERE id = :r",
          soci::use(r->region_id);
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

}  // namespace kyosei::app
