#include "app/kpi/kpis.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/common/fiscal_year.hpp"
#include "app/common/precondition.hpp"
#include "app/common/text.hpp"
#include "app/kpi/internal.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/period_lock.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/kpi/messages.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using namespace kpi;

int resolve_fy(const storage::RegionKpis& r, const std::optional<std::string>& text,
               const Clock& clock) {
  if (!text) return std::clamp(clock.current_fiscal_year(), r.plan_from, r.plan_to);
  return parse_fy_or_fail(*text);
}

// The region's KPIs read in one transaction, so a concurrent write is seen whole or not at all.
std::optional<storage::RegionKpis> read_kpis(storage::Database& db, const std::string& slug) {
  std::optional<storage::RegionKpis> out;
  db.with_session(
      [&](storage::Session& session) { out = storage::read_region_kpis(session, slug); });
  return out;
}

// The problems of an actual's body; fills `a`.
void read_actual(const json::object& body, const core::KpiDefinition& kpi,
                 const std::string& municipality, core::KpiActual& a,
                 std::vector<FieldError>& errors) {
  const bool summed = kpi.summed;
  if (summed && municipality.empty())
    errors.push_back(field_error("/municipality", msg::kpi::needs_municipality));
  if (!summed && !municipality.empty())
    errors.push_back(field_error("/municipality", msg::kpi::no_town_values));
  for (const auto& [key, v] : body) {
    if (key != "value" && key != "note")
      errors.push_back(field_error("/" + std::string(key), msg::kpi::unknown_field));
  }
  if (!body.contains("value") || !body.at("value").is_string()) {
    errors.push_back(field_error("/value", msg::kpi::value_as_text));
  } else {
    auto d = core::Decimal::parse(std::string(body.at("value").as_string()));
    if (!d.value)
      errors.push_back({"/value", d.error_ja, d.error_en});
    else if (core::is_count_unit(kpi.unit) && *d.value < core::Decimal::of(0))
      errors.push_back(field_error("/value", msg::kpi_rules::negative_count, kpi.unit));
    else
      a.value = *d.value;
  }
  if (body.contains("note")) {
    if (!body.at("note").is_string()) {
      errors.push_back(field_error("/note", msg::kpi::must_be_string));
    } else {
      a.note = std::string(body.at("note").as_string());
      if (auto bad = text_problem("/note", a.note, false)) errors.push_back(*bad);
    }
  }
}

}  // namespace

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
  o["sample_label"] = s.kpi.sample ? json::value(json::string("サンプル")) : json::value(nullptr);
  return o;
}

std::variant<KpiList, Error> Kpis::list(const std::string& slug,
                                        const std::optional<std::string>& fy_text) {
  try {
    auto r = read_kpis(db_, slug);
    if (!r) return region_not_found(slug);
    KpiList out{.fiscal_year = resolve_fy(*r, fy_text, clock_),
                .plan_from = r->plan_from,
                .plan_to = r->plan_to,
                .bands = r->bands};
    const int fy = out.fiscal_year;
    for (int y = std::min(r->plan_from, fy - 2); y <= fy; ++y) out.years.push_back(y);
    std::map<std::string, std::string> town_names;
    for (const auto& m : r->municipalities) town_names[m.code] = m.name;
    for (auto& k : r->kpis) {
      const auto& d = k.kpi.definition;
      KpiListItem item{.achievement = core::achievement_for(d, k.kpi.actuals, fy, r->bands),
                       .projection = core::project(d, k.kpi.actuals, fy, r->plan_to)};
      for (const int y : out.years)
        item.actuals.push_back({y, core::actual_for(d, k.kpi.actuals, y)});
      if (const auto it = k.leads.find(fy); it != k.leads.end()) {
        for (const auto& code : it->second) {
          const auto name = town_names.find(code);
          item.leads.push_back(name == town_names.end() ? code : name->second);
        }
      }
      item.kpi = std::move(k);
      out.items.push_back(std::move(item));
    }
    return out;
  } catch (Abort& a) {
    return a.error;
  }
}

std::vector<KpiAtRisk> kpis_at_risk(const KpiList& list) {
  std::vector<KpiAtRisk> out;
  for (const auto& item : list.items) {
    const auto o = item.projection.outlook;
    if (o != core::Outlook::kCaution && o != core::Outlook::kDifficult) continue;
    const auto& d = item.kpi.kpi.definition;
    out.push_back({item.kpi.id, d.name, d.unit, item.kpi.field, item.kpi.category,
                   item.kpi.kpi.sample, item.projection});
  }
  // 困難 before 要注意; otherwise the list's order (field, category, position).
  std::stable_sort(out.begin(), out.end(), [](const KpiAtRisk& a, const KpiAtRisk& b) {
    return a.projection.outlook == core::Outlook::kDifficult &&
           b.projection.outlook != core::Outlook::kDifficult;
  });
  return out;
}

std::variant<KpiSeries, Error> Kpis::series(const std::string& slug, const std::string& kpi_id) {
  auto r = read_kpis(db_, slug);
  if (!r) return region_not_found(slug);
  const auto* k = find_kpi(*r, kpi_id);
  if (k == nullptr) return kpi_not_found(kpi_id);
  const auto& d = k->kpi.definition;
  int last = std::max(d.target.fiscal_year, r->plan_to);
  for (const auto& a : k->kpi.actuals) last = std::max(last, a.fiscal_year);
  KpiSeries out{.kpi = *k,
                .projection = core::project(d, k->kpi.actuals, core::kMaxFiscalYear, r->plan_to)};
  for (int fy = d.baseline.fiscal_year; fy <= last; ++fy) {
    KpiSeriesYear y{core::achievement_for(d, k->kpi.actuals, fy, r->bands)};
    if (d.summed) {
      std::vector<TownValue> towns;
      for (const auto& m : r->municipalities) {
        TownValue t{m.code, m.name, std::nullopt};
        for (const auto& a : k->kpi.actuals) {
          if (a.fiscal_year == fy && a.municipality == m.code) t.value = a.value.text();
        }
        towns.push_back(std::move(t));
      }
      y.by_municipality = std::move(towns);
    }
    if (fy == d.baseline.fiscal_year) y.baseline = d.baseline.value.text();
    out.years.push_back(std::move(y));
  }
  return out;
}

RecordOutcome Kpis::put_actual(const std::string& slug, const std::string& kpi_id,
                               const std::string& fy_text, const std::string& municipality,
                               const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return put_actual(unit, slug, kpi_id, fy_text, municipality, body, ctx);
  });
}

Record Kpis::put_actual(UnitOfWork& unit, const std::string& slug, const std::string& kpi_id,
                        const std::string& fy_text, const std::string& municipality,
                        const json::object& body, const EditContext& ctx) {
  auto& session = unit.session();
  const auto r = require_kpis(unit, slug);
  const auto* k = find_kpi(r, kpi_id);
  if (k == nullptr) fail(kpi_not_found(kpi_id));
  const int fy = parse_fy_or_fail(fy_text);
  std::vector<FieldError> errors;
  core::KpiActual a;
  a.fiscal_year = fy;
  a.municipality = municipality;
  read_actual(body, k->kpi.definition, municipality, a, errors);
  if (!errors.empty()) fail(kpi_invalid(std::move(errors)));
  a.entered_by = actor_of(ctx);
  a.entered_at = unit.clock().now_utc_iso();
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
    fail(std::move(*e), std::move(rejected));
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
    storage::AuditEntry e;
    e.actor = a.entered_by;
    e.remote = ctx.who != nullptr ? ctx.who->remote : "";
    e.region_slug = slug;
    e.action = (row_id != 0 ? "update" : "create") + std::string("-refused");
    e.record_type = "kpi_actual";
    e.record_id = record_id;
    e.after_json = json::serialize(json::object{{"reason", "period-locked"}});
    fail_if_locked(unit, ctx.who, slug, r.region_id, a.fiscal_year, municipality, k->field_id,
                   k->id, std::move(e));
  }
  const auto stored = storage::write_actual(session, k->id, row_id, a);
  // The same rules as a dataset: decimal places, member towns, sums in range.
  fail_unless_valid(unit, slug, "/value");
  unit.changed(r.region_id, slug, {"kpi_note", stored.id});
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
      {"version", stored.version}};
  storage::AuditEntry e;
  e.actor = a.entered_by;
  e.remote = ctx.who != nullptr ? ctx.who->remote : "";
  e.region_slug = slug;
  e.action = before.empty() ? "create" : "update";
  e.record_type = "kpi_actual";
  e.record_id = record_id;
  e.before_json = before;
  e.after_json = json::serialize(after);
  unit.audit(std::move(e));
  return Record{std::move(after), stored.version};
}

}  // namespace kyosei::app
