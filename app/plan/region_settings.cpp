// The region settings of the web (ADR 0019): the KPI grading and new regions. See
// region_settings.hpp.

#include "app/plan/region_settings.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/plan/editions.hpp"
#include "app/plan/messages.hpp"
#include "app/plan/resources.hpp"
#include "core/plan/messages.hpp"
#include "core/plan/region.hpp"
#include "core/plan/validation.hpp"
#include "storage/plan/grading_store.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using storage::PlanTable;
using namespace plan_edits::detail;

namespace {

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
    for (std::size_t i = 0; i < list.size(); ++i) {
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
        errors.push_back(field_error(pointer, msg::plan::fiscal_year_out_of_range));
      else
        into = static_cast<int>(y);
    }
  };
  text(body, "slug", "/slug", true, r.slug);
  // The slug's rule (core::validate's) here too, so that it is named with the other fields.
  if (!r.slug.empty() &&
      (r.slug.size() > 64 || !std::all_of(r.slug.begin(), r.slug.end(), [](char c) {
         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
       })))
    errors.push_back(field_error("/slug", msg::plan_rules::slug_format));
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
      // Six digits whose last is not the check digit of the first five: a typing error
      // somewhere in the code, said as such.
      const bool digits = code.find_first_not_of("0123456789") == std::string::npos;
      if (normal && normal->size() == 5)
        central.code = *normal;
      else if (code.size() == 6 && digits)
        errors.push_back(field_error("/central/code", msg::plan::code_check_digit));
      else
        errors.push_back(field_error("/central/code", msg::plan::must_be_code));
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

Record put_grading_in(UnitOfWork& u, const std::string& slug, const json::object& body,
                      const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  const auto region = *fetch(sql, region_def(), r.id, slug);
  const long long version = region.at("version").as_int64();
  const auto before = grading_json(storage::load_grade_bands(sql, r.id), version);
  fail_if_draft_pending(u, ctx, slug, r.id, "grading", "region", slug);
  check_precondition(ctx, before, slug, "region", slug);
  const auto bands = grading_of(body);
  storage::save_grade_bands(sql, r.id, bands);
  storage::bump_version(sql, PlanTable::kRegions, r.id);
  auto after = grading_json(storage::load_grade_bands(sql, r.id), version + 1);
  finish_edit(u, ctx, slug, r.id,
              {"grading", "region", slug, json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

}  // namespace

RecordOutcome RegionSettings::create_region(const json::object& body, const EditContext& ctx) {
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

RecordOutcome RegionSettings::get_grading(const std::string& slug) {
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

RecordOutcome RegionSettings::put_grading(const std::string& slug, const json::object& body,
                                          const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug,
                                 [&](UnitOfWork& u) { return put_grading_in(u, slug, body, ctx); });
}

}  // namespace kyosei::app
