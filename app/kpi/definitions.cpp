// KPI definitions (secretariat): create, update with target-change reasons, and the
// history of target changes.

#include <boost/json.hpp>
#include <set>

#include "app/common/precondition.hpp"
#include "app/common/text.hpp"
#include "app/kpi/internal.hpp"
#include "app/kpi/kpis.hpp"
#include "app/plan/editions.hpp"
#include "core/kpi/messages.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using namespace kpi;

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
    errors.push_back(field_error(ptr, msg::kpi::point_shape));
    return;
  }
  const auto& o = body.at(key).as_object();
  for (const auto& [k, v] : o) {
    if (k != "fiscal_year" && k != "value")
      errors.push_back(field_error(ptr + "/" + std::string(k), msg::kpi::unknown_field));
  }
  auto fy = o.contains("fiscal_year") ? fy_of(o.at("fiscal_year")) : std::nullopt;
  if (!fy)
    errors.push_back(field_error(ptr + "/fiscal_year", msg::kpi::fiscal_year_expected));
  else
    out.fiscal_year = *fy;
  if (!o.contains("value") || !o.at("value").is_string()) {
    errors.push_back(field_error(ptr + "/value", msg::kpi::value_as_text));
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
      errors.push_back(field_error("/" + std::string(k), msg::kpi::unknown_field));
  }
  if (creating) {
    for (const char* k : {"category_id", "name", "direction", "baseline", "target"}) {
      if (!body.contains(k))
        errors.push_back(field_error(std::string("/") + k, msg::kpi::required));
    }
  }
  auto text = [&](const char* key, std::string& out, std::size_t max, bool non_empty,
                  bool is_name = false) {
    if (!body.contains(key)) return;
    const std::string ptr = std::string("/") + key;
    if (!body.at(key).is_string()) {
      errors.push_back(field_error(ptr, msg::kpi::must_be_string));
      return;
    }
    std::string v(body.at(key).as_string());
    if (auto p =
            is_name ? name_problem(ptr, v, non_empty, max) : text_problem(ptr, v, non_empty, max))
      errors.push_back(std::move(*p));
    else
      out = std::move(v);
  };
  auto flag = [&](const char* key, bool& out) {
    if (!body.contains(key)) return;
    if (!body.at(key).is_bool())
      errors.push_back(field_error(std::string("/") + key, msg::kpi::must_be_bool));
    else
      out = body.at(key).as_bool();
  };
  if (body.contains("category_id")) {
    const auto& v = body.at("category_id");
    if (!v.is_int64() || v.as_int64() <= 0)
      errors.push_back(field_error("/category_id", msg::kpi::bad_category_id));
    else
      category_id = v.as_int64();
  }
  text("name", d.name, 400, true, true);
  text("unit", d.unit, 40, false, true);
  text("data_source", d.data_source, 400, false);
  text("reason", reason, 2000, false);
  if (body.contains("direction")) {
    const auto& v = body.at("direction");
    auto dir = v.is_string() ? core::kpi_direction_from(std::string(v.as_string())) : std::nullopt;
    if (!dir)
      errors.push_back(field_error("/direction", msg::kpi::bad_direction));
    else
      d.direction = *dir;
  }
  if (body.contains("baseline")) read_point(body, "baseline", d.baseline, errors);
  if (body.contains("target")) read_point(body, "target", d.target, errors);
  if (body.contains("yearly_targets")) {
    d.yearly_targets.clear();
    if (!body.at("yearly_targets").is_array()) {
      errors.push_back(field_error("/yearly_targets", msg::kpi::yearly_shape));
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
          errors.push_back(field_error("/" + key + "/fiscal_year", msg::kpi::duplicate_year));
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
      errors.push_back(field_error("/decimal_places", msg::kpi::bad_places));
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
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return write_definition(unit, slug, nullptr, body, ctx);
  });
}

RecordOutcome Kpis::update(const std::string& slug, const std::string& kpi_id,
                           const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return write_definition(unit, slug, &kpi_id, body, ctx);
  });
}

Record Kpis::write_definition(UnitOfWork& unit, const std::string& slug, const std::string* kpi_id,
                              const json::object& body, const EditContext& ctx) {
  auto& session = unit.session();
  const auto r = require_kpis(unit, slug);
  const storage::StoredKpi* existing = nullptr;
  if (kpi_id != nullptr) {
    existing = find_kpi(r, *kpi_id);
    if (existing == nullptr) fail(kpi_not_found(*kpi_id));
  }
  // A KPI's definition and targets are plan: while a draft revision exists, they change there.
  fail_if_draft_pending(unit, ctx, slug, r.region_id, kpi_id ? "update" : "create", "kpi",
                        kpi_id ? *kpi_id : "");
  if (existing != nullptr) {
    const std::string current = json::serialize(kpi_json(*existing));
    if (auto e = precondition_error(ctx, existing->version, current)) {
      std::optional<storage::AuditEntry> rejected;
      if (e->code == Errc::kPreconditionFailed)
        rejected = rejected_write(ctx, slug, "kpi", *kpi_id, existing->version, current);
      fail(std::move(*e), std::move(rejected));
    }
  }
  core::KpiDefinition d = existing ? existing->kpi.definition : core::KpiDefinition{};
  long long category_id = existing ? existing->category_id : 0;
  std::string reason;
  std::vector<FieldError> errors;
  apply_definition(body, existing == nullptr, d, category_id, reason, errors);
  if (core::is_count_unit(d.unit)) {
    // A count is never negative (core::is_count_unit); said at the field that was sent.
    const core::Decimal zero = core::Decimal::of(0);
    const auto negative = [&](const char* pointer) {
      errors.push_back(field_error(pointer, msg::kpi_rules::negative_count, d.unit));
    };
    if (d.baseline.value < zero) negative("/baseline/value");
    if (d.target.value < zero) negative("/target/value");
    for (const auto& [fy, v] : d.yearly_targets) {
      if (v < zero) {
        negative("/yearly_targets");
        break;
      }
    }
  }
  if (category_id != 0 && !storage::category_in_region(session, r.region_id, category_id))
    errors.push_back(field_error("/category_id", msg::kpi::not_region_category));
  const bool changed_targets = existing && targets_changed(existing->kpi.definition, d);
  if (changed_targets && reason.find_first_not_of(" \t\n") == std::string::npos)
    errors.push_back(field_error("/reason", msg::kpi::reason_required));
  if (!errors.empty()) fail(kpi_invalid(std::move(errors)));
  const long long id =
      storage::write_kpi_definition(session, existing ? existing->id : 0, category_id, d);
  // The same rules as a dataset (periods, directions, per-town values…).
  fail_unless_valid(unit, slug, "");
  const std::string who = actor_of(ctx);
  const std::string at = unit.clock().now_utc_iso();
  if (changed_targets) {
    storage::add_target_change(
        session, storage::TargetChange{0, id, at, who, reason,
                                       json::serialize(targets_json(existing->kpi.definition)),
                                       json::serialize(targets_json(d))});
  }
  unit.changed(r.region_id, slug, {"kpi", id});
  auto after_r = storage::load_region_kpis(session, slug);
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
  unit.audit(std::move(e));
  return Record{std::move(data), stored->version};
}

std::variant<KpiHistory, Error> Kpis::history(const std::string& slug, const std::string& kpi_id) {
  std::variant<KpiHistory, Error> out = region_not_found(slug);
  db_.with_session([&](storage::Session& session) {
    auto r = storage::read_region_kpis(session, slug);
    if (!r) return;
    const auto* k = find_kpi(*r, kpi_id);
    if (k == nullptr) {
      out = kpi_not_found(kpi_id);
      return;
    }
    out = KpiHistory{*k, storage::load_target_changes(session, k->id)};
  });
  return out;
}

}  // namespace kyosei::app
