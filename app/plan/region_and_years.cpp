// The editing use cases beyond the resource tables: the region's own fields, a category's
// lifecycle stages and yearly content, and an action's participants.

#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/plan/editing.hpp"
#include "app/plan/messages.hpp"
#include "app/plan/resources.hpp"
#include "app/progress/period_lock.hpp"
#include "core/plan/region.hpp"
#include "core/plan/validation.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using storage::PlanTable;
using namespace plan_edits::detail;

namespace {

// At most this many topics in one category year.
constexpr std::size_t kMaxTopics = 100;

// The problems of a year's body (direction, topics, inferred); fails with 422.
void check_year_body(const json::object& body) {
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body) {
    if (k != "direction" && k != "topics" && k != "inferred" && k != "id" && k != "version" &&
        k != "category_id" && k != "fiscal_year") {
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
    }
  }
  for (const char* k : {"direction", "inferred"}) {
    if (body.contains(k) && !body.at(k).is_string())
      errors.push_back(field_error(std::string("/") + k, msg::plan::must_be_string));
    else if (body.contains(k))
      if (auto bad = text_problem(std::string("/") + k, std::string(body.at(k).as_string()), false))
        errors.push_back(*bad);
  }
  if (body.contains("topics")) {
    const auto& t = body.at("topics");
    bool ok = t.is_array();
    if (ok) {
      for (const auto& e : t.as_array()) ok = ok && e.is_string() && !e.as_string().empty();
    }
    if (!ok) {
      errors.push_back(field_error("/topics", msg::plan::must_be_topics));
    } else if (t.as_array().size() > kMaxTopics) {
      errors.push_back(
          field_error("/topics", msg::common::too_many_items, std::to_string(kMaxTopics)));
    } else {
      std::size_t i = 0;
      for (const auto& e : t.as_array()) {
        if (auto bad =
                text_problem("/topics/" + std::to_string(i++), std::string(e.as_string()), true))
          errors.push_back(*bad);
      }
    }
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
}

// The category's stages changed (`action`): its version advances and the edit is finished.
Record stages_changed(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                      long long region_id, const std::string& category_id,
                      const json::object& before, const std::string& action) {
  storage::Session& sql = u.session();
  storage::bump_version(sql, PlanTable::kCategories, before.at("id").as_int64());
  auto after = *fetch(sql, *find_def("categories"), region_id, category_id);
  finish_edit(u, ctx, slug, region_id,
              {action, "category", category_id, json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

// The grading as the API shows it, with the region's version.
json::object grading_json(const core::GradeBands& g, long long version) {
  json::array bands;
  for (const auto& b : g.bands)
    bands.push_back(
        json::object{{"grade", b.grade}, {"minimum_percent", b.minimum_percent.text()}});
  return json::object{{"bands", std::move(bands)},
                      {"below", g.below},
                      {"method", std::string(core::code(g.method))},
                      {"version", version}};
}

// A JSON pointer for a path of core::validate_grade_bands ("bands[1].grade" → "/bands/1/grade").
std::string pointer_of(const std::string& path) {
  std::string out = "/";
  for (char c : path) {
    if (c == '[' || c == '.') {
      out += '/';
    } else if (c != ']') {
      out += c;
    }
  }
  return out;
}

// The grading of a PUT body: every field required; fails with 422 naming each bad field.
core::GradeBands grading_of(const json::object& body) {
  std::vector<FieldError> errors;
  core::GradeBands g;
  for (const auto& [k, v] : body) {
    if (k != "bands" && k != "below" && k != "method" && k != "version")
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
  }
  const auto text_at = [&](const json::object& o, const char* key, const std::string& pointer,
                           std::string& into) {
    if (!o.contains(key)) {
      errors.push_back(field_error(pointer, msg::plan::required));
    } else if (!o.at(key).is_string()) {
      errors.push_back(field_error(pointer, msg::plan::must_be_string));
    } else {
      into = std::string(o.at(key).as_string());
      if (auto bad = name_problem(pointer, into, false, 64)) errors.push_back(*bad);
    }
  };
  if (!body.contains("bands") || !body.at("bands").is_array()) {
    errors.push_back(field_error("/bands", msg::plan::grading_bands_list));
  } else {
    const auto& list = body.at("bands").as_array();
    for (std::size_t i = 0; i < list.size() && i <= core::kMaxBands; ++i) {
      const std::string at = "/bands/" + std::to_string(i);
      if (!list[i].is_object()) {
        errors.push_back(field_error(at, msg::plan::grading_band_object));
        continue;
      }
      const auto& o = list[i].as_object();
      core::GradeBand band;
      for (const auto& [k, v] : o) {
        if (k != "grade" && k != "minimum_percent")
          errors.push_back(field_error(at + "/" + std::string(k), msg::plan::unknown_field));
      }
      text_at(o, "grade", at + "/grade", band.grade);
      const std::string pct = at + "/minimum_percent";
      if (!o.contains("minimum_percent") ||
          !(o.at("minimum_percent").is_string() || o.at("minimum_percent").is_int64())) {
        errors.push_back(field_error(pct, msg::plan::grading_percent));
      } else {
        const auto& m = o.at("minimum_percent");
        const std::string text =
            m.is_string() ? std::string(m.as_string()) : std::to_string(m.as_int64());
        auto d = core::Decimal::parse(text);
        if (!d.value) {
          errors.push_back({pct, d.error_ja, d.error_en});
        } else {
          band.minimum_percent = *d.value;
        }
      }
      g.bands.push_back(std::move(band));
    }
    if (list.size() > core::kMaxBands) g.bands.resize(core::kMaxBands + 1);
  }
  text_at(body, "below", "/below", g.below);
  std::optional<core::RateMethod> method;
  if (!body.contains("method") || !body.at("method").is_string() ||
      !(method = core::rate_method_from(std::string(body.at("method").as_string())))) {
    errors.push_back(field_error("/method", msg::plan::grading_method));
  } else {
    g.method = *method;
  }
  if (errors.empty()) {
    // The domain's rules (order, range, distinct grades), each at its field.
    for (const auto& p : core::validate_grade_bands(g))
      errors.push_back({pointer_of(p.path), p.message_ja, p.message_en});
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
  return g;
}

// The three policy areas of a new region, by kind: those of the national guidelines for a
// 定住自立圏; a 連携中枢都市圏's three roles in the same three slots. Names can be edited.
std::vector<core::PolicyArea> policy_areas_for(core::RegionKind kind) {
  if (kind == core::RegionKind::kMetroCore) {
    return {{"living", "圏域全体の生活関連機能サービスの向上", {}},
            {"network", "高次の都市機能の集積・強化", {}},
            {"management", "圏域全体の経済成長のけん引", {}}};
  }
  return {{"living", "生活機能の強化", {}},
          {"network", "結び付きやネットワークの強化", {}},
          {"management", "圏域マネジメント能力の強化", {}}};
}

// A JSON pointer for a path of core::validate ("vision.from_fiscal_year" → the API's field).
std::string region_pointer(const std::string& path) {
  static const std::map<std::string, std::string> kFields = {
      {"vision.title", "/vision_title"},           {"vision.from_fiscal_year", "/plan_from"},
      {"vision.to_fiscal_year", "/plan_to"},       {"municipalities[0].code", "/central/code"},
      {"municipalities[0].name", "/central/name"}, {"municipalities", "/central"}};
  auto it = kFields.find(path);
  return it != kFields.end() ? it->second : pointer_of(path);
}

// The region a POST body describes; fails with 422 naming each bad field.
core::Region region_of(const json::object& body) {
  std::vector<FieldError> errors;
  core::Region r;
  static const std::set<std::string> kKeys = {"slug",    "name",         "name_en",
                                              "kind",    "vision_title", "plan_from",
                                              "plan_to", "declared_on",  "central"};
  for (const auto& [k, v] : body) {
    if (!kKeys.contains(std::string(k)))
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
  }
  const auto text = [&](const json::object& o, const char* key, const std::string& pointer,
                        bool required, std::string& into) {
    if (!o.contains(key) || o.at(key).is_null()) {
      if (required) errors.push_back(field_error(pointer, msg::plan::required));
      return;
    }
    if (!o.at(key).is_string()) {
      errors.push_back(field_error(pointer, msg::plan::must_be_string));
      return;
    }
    into = std::string(o.at(key).as_string());
    if (auto bad = name_problem(pointer, into, required, 400)) errors.push_back(*bad);
  };
  const auto year = [&](const char* key, int& into) {
    const std::string pointer = std::string("/") + key;
    if (!body.contains(key)) {
      errors.push_back(field_error(pointer, msg::plan::fiscal_year_required));
    } else if (!body.at(key).is_int64()) {
      errors.push_back(field_error(pointer, msg::plan::fiscal_year_integer));
    } else {
      const auto y = body.at(key).as_int64();
      if (y < core::kMinFiscalYear || y > core::kMaxFiscalYear)
        errors.push_back(
            field_error(pointer, msg::plan::fiscal_year_out_of_range, std::to_string(y)));
      else
        into = static_cast<int>(y);
    }
  };
  text(body, "slug", "/slug", true, r.slug);
  text(body, "name", "/name", true, r.name);
  text(body, "name_en", "/name_en", false, r.name_en);
  text(body, "vision_title", "/vision_title", true, r.vision.title);
  std::string kind;
  text(body, "kind", "/kind", true, kind);
  if (!kind.empty()) {
    if (auto k = core::region_kind_from(kind))
      r.kind = *k;
    else
      errors.push_back(field_error("/kind", msg::plan::must_be_one_of, "settlement, metro-core"));
  }
  year("plan_from", r.vision.from_fiscal_year);
  year("plan_to", r.vision.to_fiscal_year);
  std::string declared;
  text(body, "declared_on", "/declared_on", false, declared);
  if (!declared.empty()) {
    r.declared_on = core::parse_date(declared);
    if (!r.declared_on) errors.push_back(field_error("/declared_on", msg::plan::must_be_date));
  }
  core::Municipality central;
  central.role = core::MunicipalityRole::kCentral;
  central.kind = core::MunicipalityKind::kCity;
  if (!body.contains("central") || !body.at("central").is_object()) {
    errors.push_back(field_error("/central", msg::plan::central_object));
  } else {
    const auto& c = body.at("central").as_object();
    for (const auto& [k, v] : c) {
      if (k != "code" && k != "name" && k != "kind")
        errors.push_back(field_error("/central/" + std::string(k), msg::plan::unknown_field));
    }
    std::string code;
    text(c, "code", "/central/code", true, code);
    if (!code.empty()) {
      auto normal = core::normalize_local_government_code(code);
      if (!normal || normal->size() != 5)
        errors.push_back(field_error("/central/code", msg::plan::must_be_code));
      else
        central.code = *normal;
    }
    text(c, "name", "/central/name", true, central.name);
    std::string mkind;
    text(c, "kind", "/central/kind", false, mkind);
    if (!mkind.empty()) {
      if (auto k = core::municipality_kind_from(mkind))
        central.kind = *k;
      else
        errors.push_back(
            field_error("/central/kind", msg::plan::must_be_one_of, "city, town, village"));
    }
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
  r.municipalities.push_back(std::move(central));
  r.policy_areas = policy_areas_for(r.kind);
  r.source = "web";
  for (const auto& p : core::validate(r))
    errors.push_back({region_pointer(p.path), p.message_ja, p.message_en});
  if (!errors.empty()) fail(invalid(std::move(errors)));
  return r;
}

}  // namespace

// ---- region ------------------------------------------------------------------------------

RecordOutcome Editing::create_region(const json::object& body, const EditContext& ctx) {
  return run_unit<Record>(db_, clock_, [&](UnitOfWork& u) {
    storage::Session& sql = u.session();
    const auto region = region_of(body);
    if (storage::find_region(sql, region.slug))
      fail(error_of(Errc::kConflict, msg::plan::region_exists, region.slug));
    storage::RegionStore store(u.database());
    const auto entry = audit_entry(ctx, region.slug, {"create", "region", region.slug, "", ""});
    const auto saved = store.save_in(sql, region, storage::RegionStore::SaveMode::kCreateOnly,
                                     {entry.actor, storage::audit_now()});
    if (!saved.saved) fail(error_of(Errc::kConflict, msg::plan::region_exists, region.slug));
    const auto r = require_region(sql, region.slug);
    // Private until the secretariat publishes it.
    storage::update_row(
        sql, PlanTable::kRegions, r.id,
        columns_of(convert_body(region_def(), json::object{{"published", false}}, false)));
    auto after = *fetch(sql, region_def(), r.id, region.slug);
    after["slug"] = region.slug;
    u.changed(r.id, region.slug);
    u.audit(audit_entry(ctx, region.slug,
                        {"create", "region", region.slug, "", json::serialize(after)}));
    return record_of(std::move(after));
  });
}

RecordOutcome Editing::get_grading(const std::string& slug) {
  RecordOutcome out = error_of(Errc::kRegionNotFound, msg::plan::no_region, slug);
  db_.with_session([&](storage::Session& sql) {
    auto r = storage::find_region(sql, slug);
    if (!r) return;
    if (auto o = fetch(sql, region_def(), r->id, slug)) {
      out = record_of(
          grading_json(storage::load_grade_bands(sql, r->id), o->at("version").as_int64()));
    }
  });
  return out;
}

RecordOutcome Editing::put_grading(const std::string& slug, const json::object& body,
                                   const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::put_grading(u, slug, body, ctx);
  });
}

RecordOutcome Editing::get_region(const std::string& slug) {
  RecordOutcome out = error_of(Errc::kRegionNotFound, msg::plan::no_region, slug);
  db_.with_session([&](storage::Session& sql) {
    auto r = storage::find_region(sql, slug);
    if (!r) return;
    if (auto o = fetch(sql, region_def(), r->id, slug)) {
      (*o)["slug"] = slug;
      out = record_of(std::move(*o));
    }
  });
  return out;
}

namespace plan_edits {

Record update_region(UnitOfWork& u, const std::string& slug, const json::object& body,
                     const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = *fetch(sql, region_def(), r.id, slug);
  check_precondition(ctx, before, slug, "region", slug);
  auto values = convert_body(region_def(), body, false, {"slug"});
  storage::update_row(sql, PlanTable::kRegions, r.id, columns_of(values));
  auto after = *fetch(sql, region_def(), r.id, slug);
  finish_edit(u, ctx, slug, r.id,
              {"update", "region", slug, json::serialize(before), json::serialize(after)});
  after["slug"] = slug;
  return record_of(std::move(after));
}

Record put_grading(UnitOfWork& u, const std::string& slug, const json::object& body,
                   const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  const auto region = *fetch(sql, region_def(), r.id, slug);
  const long long version = region.at("version").as_int64();
  const auto before = grading_json(storage::load_grade_bands(sql, r.id), version);
  check_precondition(ctx, before, slug, "region", slug);
  const auto bands = grading_of(body);
  storage::save_grade_bands(sql, r.id, bands);
  storage::bump_version(sql, PlanTable::kRegions, r.id);
  auto after = grading_json(storage::load_grade_bands(sql, r.id), version + 1);
  finish_edit(u, ctx, slug, r.id,
              {"grading", "region", slug, json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

// ---- stages, years, participation ----------------------------------------------------------

Record add_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                 const json::object& body, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, *find_def("categories"), r.id, category_id, "category " + category_id);
  check_precondition(ctx, before, slug, "category", category_id);
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body) {
    if (k != "stage" && k != "from_fiscal_year")
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
  }
  std::optional<core::Stage> stage;
  if (!body.contains("stage") || !body.at("stage").is_string() ||
      !(stage = core::stage_from(std::string(body.at("stage").as_string())))) {
    errors.push_back(field_error("/stage", msg::plan::stage_choice_with_codes));
  }
  if (!body.contains("from_fiscal_year") || !body.at("from_fiscal_year").is_int64())
    errors.push_back(field_error("/from_fiscal_year", msg::plan::fiscal_year_required));
  if (!errors.empty()) fail(invalid(std::move(errors)));
  storage::add_category_stage(sql, before.at("id").as_int64(), std::string(core::code(*stage)),
                              body.at("from_fiscal_year").as_int64());
  return stages_changed(u, ctx, slug, r.id, category_id, before, "stage-add");
}

Record remove_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                    const std::string& fy_text, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, *find_def("categories"), r.id, category_id, "category " + category_id);
  auto fy = core::parse_fiscal_year(fy_text);
  if (!fy.year)
    fail(Error{
        Errc::kInvalidFiscalYear, fy.error_ja, fy.error_en, {{"fy", fy.error_ja, fy.error_en}}});
  check_precondition(ctx, before, slug, "category", category_id);
  if (!storage::remove_category_stage(sql, before.at("id").as_int64(), *fy.year))
    fail(not_found("stage " + fy_text));
  return stages_changed(u, ctx, slug, r.id, category_id, before, "stage-remove");
}

Record put_year(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                const std::string& fy_text, const json::object& body, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  const long long fy = parse_year_or_fail(fy_text);
  const long long cid = parse_id_or_fail(category_id, "category");
  check_year_body(body);
  const std::string record_id = category_id + "/" + std::to_string(fy);
  long long yid = category_year(sql, r.id, cid, fy, false);
  std::string before_text;
  if (yid != 0) {
    auto before = *fetch_year(sql, yid);
    check_precondition(ctx, before, slug, "category_year", record_id);
    before_text = json::serialize(before);
    storage::bump_category_year(sql, yid);
  } else {
    yid = category_year(sql, r.id, cid, fy, true);
  }
  if (body.contains("direction"))
    storage::set_year_direction(sql, yid, std::string(body.at("direction").as_string()));
  if (body.contains("inferred"))
    storage::set_year_inferred(sql, yid, std::string(body.at("inferred").as_string()));
  if (body.contains("topics")) {
    std::vector<std::string> topics;
    for (const auto& e : body.at("topics").as_array()) topics.emplace_back(e.as_string());
    storage::replace_year_topics(sql, yid, topics);
  }
  auto after = *fetch_year(sql, yid);
  finish_edit(u, ctx, slug, r.id,
              {before_text.empty() ? "create" : "update", "category_year", record_id, before_text,
               json::serialize(after)});
  return record_of(std::move(after));
}

Record set_participation(UnitOfWork& u, const std::string& slug, const std::string& action_id,
                         const std::string& code, bool participate, const EditContext& ctx) {
  const Def& d = *find_def("actions");
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, d, r.id, action_id, "action " + action_id);
  check_precondition(ctx, before, slug, "action", action_id);
  const long long id = before.at("id").as_int64();
  if (!participate && before.at("all_participate").as_bool()) {
    Error e = error_of(Errc::kConflict, msg::plan::all_take_part);
    e.fields.push_back(field_error("/all_participate", msg::plan::all_take_part_field));
    fail(std::move(e));
  }
  // Joining or leaving changes what the town reports for the action's year: the period
  // lock of data-collection rounds applies as it does to the town's progress records.
  if (const auto action = storage::load_action(sql, r.id, id)) {
    auto refusal =
        audit_entry(ctx, slug,
                    {participate ? "participant-add-refused" : "participant-remove-refused",
                     "action", action_id, json::serialize(before), ""});
    refusal.after_json = json::serialize(json::object{
        {"reason", "period-locked"}, {"fiscal_year", action->fiscal_year}, {"municipality", code}});
    fail_if_locked(u, ctx.who, slug, r.id, action->fiscal_year, code, action->field_id, 0,
                   std::move(refusal));
  }
  const bool present = storage::has_participant(sql, id, code);
  if (participate && !present)
    storage::add_participant(sql, id, code);
  else if (!participate && present)
    storage::remove_participant(sql, id, code);
  storage::bump_version(sql, PlanTable::kActions, id);
  auto after = *fetch(sql, d, r.id, action_id);
  finish_edit(u, ctx, slug, r.id,
              {participate ? "participant-add" : "participant-remove", "action", action_id,
               json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

}  // namespace plan_edits

RecordOutcome Editing::get_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy_text) {
  try {
    RecordOutcome out = not_found("year");
    db_.with_session([&](storage::Session& sql) {
      const auto r = require_region(sql, slug);
      const long long fy = parse_year_or_fail(fy_text);
      const long long cid = parse_id_or_fail(category_id, "category");
      const long long yid = category_year(sql, r.id, cid, fy, false);
      if (yid == 0) fail(not_found("category " + category_id + " year " + fy_text));
      out = record_of(*fetch_year(sql, yid));
    });
    return out;
  } catch (Abort& a) {
    if (a.error.code == Errc::kValidationFailed) return not_found("category " + category_id);
    return std::move(a.error);
  }
}

RecordOutcome Editing::update_region(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::update_region(u, slug, body, ctx);
  });
}

RecordOutcome Editing::add_stage(const std::string& slug, const std::string& category_id,
                                 const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::add_stage(u, slug, category_id, body, ctx);
  });
}

RecordOutcome Editing::remove_stage(const std::string& slug, const std::string& category_id,
                                    const std::string& fy, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::remove_stage(u, slug, category_id, fy, ctx);
  });
}

RecordOutcome Editing::put_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy, const json::object& body,
                                const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::put_year(u, slug, category_id, fy, body, ctx);
  });
}

RecordOutcome Editing::set_participation(const std::string& slug, const std::string& action_id,
                                         const std::string& code, bool participate,
                                         const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::set_participation(u, slug, action_id, code, participate, ctx);
  });
}

}  // namespace kyosei::app
