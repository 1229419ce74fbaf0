#include "app/plan/resources.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <sstream>

#include "app/common/fiscal_year.hpp"
#include "app/common/messages.hpp"
#include "app/common/precondition.hpp"
#include "app/common/text.hpp"
#include "app/plan/messages.hpp"
#include "core/plan/validation.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app::plan_edits::detail {

namespace json = boost::json;
using storage::PlanTable;

// ---- resource definitions --------------------------------------------------------------

namespace {

const std::vector<Def>& defs() {
  // Fields that several resources share, spelled once.
  static const F kName{"name", "name", T::kText, true, true};
  static const F kText{"text", "text", T::kText, true, true};
  static const F kNote{"note", "note", T::kOptText, false, true};
  static const F kInferred{"inferred", "inferred", T::kOptText, false, true};
  static const std::vector<Def> kDefs = {
      {"municipalities",
       "municipality",
       PlanTable::kMunicipalities,
       {{"code", "code", T::kText, true, false},
        kName,
        {"kind", "kind", T::kEnum, true, true, {"city", "town", "village", "市", "町", "村"}},
        {"role", "role", T::kEnum, true, true, {"central", "member", "中心市", "構成市町"}},
        kInferred}},
      {"agreements",
       "agreement",
       PlanTable::kAgreements,
       {{"kind", "kind", T::kEnum, true, true, {"formation", "other"}},
        {"title", "title", T::kText, true, true},
        {"municipality", "municipality_code", T::kOptCode, false, true},
        {"signed_on", "signed_on", T::kDate, false, true},
        {"resolved_on", "resolved_on", T::kDate, false, true},
        kNote,
        kInferred}},
      {"policy-areas",
       "policy_area",
       PlanTable::kPolicyAreas,
       {{"code", "code", T::kEnum, true, false, {"living", "network", "management"}}, kName}},
      {"fields",
       "field",
       PlanTable::kFields,
       {{"policy_area_id", "policy_area_id", T::kRef, true, true}, kName, kInferred}},
      {"categories",
       "category",
       PlanTable::kCategories,
       {{"field_id", "field_id", T::kRef, true, true}, kName, kNote, kInferred}},
      {"initiatives", "initiative", PlanTable::kInitiatives, {kText, kInferred}},
      {"actions",
       "action",
       PlanTable::kActions,
       {{"initiative_id", "initiative_id", T::kOptRef, false, true},
        kText,
        {"all_participate", "all_participate", T::kBool, false, true},
        {"lead", "lead_code", T::kOptCode, false, true},
        {"funding", "funding", T::kOptText, false, true},
        {"viewpoints", "viewpoints", T::kIntList, false, true},
        kInferred}},
  };
  return kDefs;
}

bool int_column(T type) {
  return type == T::kInt || type == T::kRef || type == T::kOptRef || type == T::kFy ||
         type == T::kBool;
}

}  // namespace

std::vector<storage::PlanColumn> Def::columns() const {
  std::vector<storage::PlanColumn> out;
  for (const auto& f : fields) out.push_back({f.column, int_column(f.type)});
  return out;
}

const Def* find_def(const std::string& name) {
  for (const auto& d : defs()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const Def& region_def() {
  static const Def kRegion{
      "regions",
      "region",
      PlanTable::kRegions,
      {{"name", "name", T::kText, true, true},
       {"name_en", "name_en", T::kOptText, false, true},
       {"kind", "kind", T::kEnum, true, true, {"settlement", "metro-core"}},
       {"declared_on", "declared_on", T::kDate, false, true},
       {"vision_title", "vision_title", T::kText, true, true},
       {"plan_from", "plan_from", T::kFy, true, true},
       {"plan_to", "plan_to", T::kFy, true, true},
       {"published", "published", T::kBool, false, true},
       {"kpi_rate_method", "kpi_rate_method", T::kEnum, false, true, {"progress", "ratio"}}}};
  return kRegion;
}

// ---- values ----------------------------------------------------------------------------

namespace {

std::string enum_code(const std::string& v) {
  static const std::map<std::string, std::string> kLabels = {{"市", "city"},
                                                             {"町", "town"},
                                                             {"村", "village"},
                                                             {"中心市", "central"},
                                                             {"構成市町", "member"}};
  auto it = kLabels.find(v);
  return it == kLabels.end() ? v : it->second;
}

// Converts one JSON value for field `f`; adds a FieldError and returns nullopt when bad.
std::optional<storage::Cell> convert(const F& f, const json::value& v,
                                     std::vector<FieldError>& errors) {
  const std::string ptr = std::string("/") + f.json;
  auto bad = [&](const Message& m, const std::string& arg = {}) {
    errors.push_back(field_error(ptr, m, arg));
    return std::optional<storage::Cell>{};
  };
  storage::Cell out;
  switch (f.type) {
    case T::kText:
    case T::kOptText:
    case T::kEnum: {
      if (v.is_null() && f.type == T::kOptText) return out;
      if (!v.is_string()) return bad(msg::plan::must_be_string);
      out.s = std::string(v.as_string());
      // Names (and the texts that name an initiative or action) hold no format controls.
      const std::string_view key = f.json;
      const bool is_name = key == "name" || key == "name_en" || key == "text" || key == "title" ||
                           key == "vision_title";
      if (auto problem = is_name ? name_problem(ptr, out.s, f.type == T::kText)
                                 : text_problem(ptr, out.s, f.type == T::kText)) {
        errors.push_back(*problem);
        return std::nullopt;
      }
      if (f.type == T::kEnum) {
        if (std::find(f.allowed.begin(), f.allowed.end(), out.s) == f.allowed.end()) {
          std::string list;
          for (const auto& a : f.allowed) list += (list.empty() ? "" : ", ") + a;
          return bad(msg::plan::must_be_one_of, list);
        }
        out.s = enum_code(out.s);
      }
      return out;
    }
    case T::kCode:
    case T::kOptCode:
      if (v.is_null() && f.type == T::kOptCode) return out;
      if (!v.is_string()) return bad(msg::plan::must_be_code);
      out.s = std::string(v.as_string());
      return out;
    case T::kInt:
    case T::kRef:
    case T::kOptRef:
    case T::kFy:
      out.is_int = true;
      if (v.is_null() && f.type == T::kOptRef) {
        out.null = true;
        return out;
      }
      if (!v.is_int64() && !v.is_uint64()) return bad(msg::plan::must_be_integer);
      out.i = v.is_int64() ? v.as_int64() : static_cast<long long>(v.as_uint64());
      return out;
    case T::kBool:
      if (!v.is_bool()) return bad(msg::plan::must_be_bool);
      out.is_int = true;
      out.i = v.as_bool() ? 1 : 0;
      return out;
    case T::kDate: {
      if (v.is_null()) {
        out.null = true;
        return out;
      }
      if (!v.is_string() || !core::parse_date(std::string(v.as_string())))
        return bad(msg::plan::must_be_date);
      out.s = std::string(v.as_string());
      return out;
    }
    case T::kIntList: {
      if (!v.is_array()) return bad(msg::plan::must_be_numbers);
      for (const auto& e : v.as_array()) {
        if (!e.is_int64()) return bad(msg::plan::must_be_numbers);
        out.s += (out.s.empty() ? "" : ",") + std::to_string(e.as_int64());
      }
      return out;
    }
  }
  return out;
}

json::value cell_json(const F& f, const storage::Cell& c) {
  switch (f.type) {
    case T::kInt:
    case T::kRef:
    case T::kFy: return c.i;
    case T::kOptRef:
      if (c.null) return nullptr;
      return c.i;
    case T::kBool: return c.i != 0;
    case T::kDate:
    case T::kOptCode:
      if (c.s.empty()) return nullptr;
      return json::string(c.s);
    case T::kIntList: {
      json::array a;
      std::stringstream in(c.s);
      std::string part;
      while (std::getline(in, part, ',')) {
        if (!part.empty()) a.push_back(std::stoll(part));
      }
      return a;
    }
    default: return json::string(c.s);
  }
}

json::object row_json(const Def& d, const storage::PlanRow& row) {
  json::object o;
  o["id"] = row.id;
  o["version"] = row.version;
  for (std::size_t i = 0; i < d.fields.size(); ++i) {
    o[d.fields[i].json] = cell_json(d.fields[i], row.cells[i]);
  }
  if (row.category_year) {
    o["category_id"] = row.category_year->first;
    o["fiscal_year"] = row.category_year->second;
  }
  return o;
}

}  // namespace

Values convert_body(const Def& d, const json::object& body, bool create,
                    std::initializer_list<std::string_view> extra_keys) {
  std::vector<FieldError> errors;
  Values out;
  for (const auto& [k, v] : body) {
    const std::string key(k);
    const F* f = nullptr;
    for (const auto& candidate : d.fields) {
      if (key == candidate.json) f = &candidate;
    }
    bool extra = false;
    for (auto e : extra_keys) extra = extra || e == key;
    if (extra || key == "id" || key == "version") continue;
    if (f == nullptr) {
      errors.push_back(field_error("/" + key, msg::plan::unknown_field));
      continue;
    }
    if (!create && !f->updatable) {
      errors.push_back(field_error("/" + key, msg::plan::cannot_change));
      continue;
    }
    if (auto val = convert(*f, v, errors)) out.emplace_back(f, std::move(*val));
  }
  if (create) {
    for (const auto& f : d.fields) {
      if (f.required && !body.contains(f.json))
        errors.push_back(field_error(std::string("/") + f.json, msg::plan::required));
    }
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
  return out;
}

std::vector<std::pair<storage::PlanColumn, storage::Cell>> columns_of(const Values& values) {
  std::vector<std::pair<storage::PlanColumn, storage::Cell>> out;
  for (const auto& [f, v] : values) out.emplace_back(storage::PlanColumn{f->column, v.is_int}, v);
  return out;
}

void check_references(storage::Session& sql, long long region_id, const Values& values) {
  std::vector<FieldError> errors;
  for (const auto& [f, v] : values) {
    if ((f->type != T::kRef && f->type != T::kOptRef) || v.null) continue;
    if (!storage::reference_in_region(sql, f->column, v.i, region_id))
      errors.push_back(field_error(std::string("/") + f->json, msg::plan::not_in_region));
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
}

// ---- reads -----------------------------------------------------------------------------

Error not_found(const std::string& what) {
  return error_of(Errc::kNotFound, msg::common::not_found, what);
}

storage::RegionRef require_region(storage::Session& sql, const std::string& slug) {
  auto r = storage::find_region(sql, slug);
  if (!r) fail(error_of(Errc::kRegionNotFound, msg::plan::no_region, slug));
  return *r;
}

json::object record_json(storage::Session& sql, const Def& d, const storage::PlanRow& row) {
  json::object o = row_json(d, row);
  if (d.table == PlanTable::kActions) {
    json::array codes;
    for (auto& code : storage::action_participants(sql, row.id))
      codes.push_back(json::string(code));
    o["participants"] = std::move(codes);
  } else if (d.table == PlanTable::kCategories) {
    json::array stages;
    for (const auto& s : storage::category_stages(sql, row.id)) {
      stages.push_back(json::object{{"stage", s.stage}, {"from_fiscal_year", s.from_fiscal_year}});
    }
    o["stages"] = std::move(stages);
  }
  return o;
}

std::optional<json::object> fetch(storage::Session& sql, const Def& d, long long region_id,
                                  const std::string& key) {
  auto row = storage::find_row(sql, d.table, d.columns(), region_id, key);
  if (!row) return std::nullopt;
  return record_json(sql, d, *row);
}

json::object require(storage::Session& sql, const Def& d, long long region_id,
                     const std::string& key, const std::string& what) {
  auto o = fetch(sql, d, region_id, key);
  if (!o) fail(not_found(what));
  return std::move(*o);
}

std::optional<json::object> fetch_year(storage::Session& sql, long long year_id) {
  auto y = storage::load_category_year(sql, year_id);
  if (!y) return std::nullopt;
  json::array topics;
  for (const auto& t : y->topics) topics.push_back(json::string(t));
  return json::object{{"id", y->id},
                      {"version", y->version},
                      {"category_id", y->category_id},
                      {"fiscal_year", y->fiscal_year},
                      {"direction", y->direction},
                      {"inferred", y->inferred},
                      {"topics", std::move(topics)}};
}

long long category_year(storage::Session& sql, long long region_id, long long category_id,
                        long long fy, bool create, bool* created) {
  if (storage::category_region(sql, category_id) != region_id)
    fail(invalid({field_error("/category_id", msg::plan::not_a_category)}));
  if (fy < core::kMinFiscalYear || fy > core::kMaxFiscalYear)
    fail(invalid({field_error("/fiscal_year", msg::plan::fiscal_year_out_of_range)}));
  if (auto id = storage::find_category_year(sql, category_id, fy)) return *id;
  if (!create) return 0;
  if (created != nullptr) *created = true;
  return storage::insert_category_year(sql, category_id, fy);
}

// ---- the steps of every edit -------------------------------------------------------------

void check_precondition(const EditContext& ctx, const json::object& current,
                        const std::string& slug, const std::string& type, const std::string& key) {
  const long long version = current.at("version").as_int64();
  const std::string current_json = json::serialize(current);
  if (auto e = precondition_error(ctx, version, current_json)) {
    std::optional<storage::AuditEntry> rejected;
    if (e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, type, key, version, current_json);
    fail(*e, std::move(rejected));
  }
}

namespace {
// Whole-region validation on the uncommitted state; problems roll the write back.
void validate_region(storage::Session& sql, const std::string& slug) {
  auto region = storage::RegionStore::load_in(sql, slug);
  if (!region) fail(not_found("region"));
  auto problems = core::validate(*region);
  if (problems.empty()) return;
  std::vector<FieldError> fields;
  for (const auto& p : problems) {
    // The path names the value in the region; its last part is the field the client sent.
    auto cut = p.path.find_last_of('.');
    std::string last = cut == std::string::npos ? p.path : p.path.substr(cut + 1);
    last = last.substr(0, last.find('['));
    fields.push_back({"/" + last, msg::plan::problem_at.ja(p.message_ja, p.path),
                      msg::plan::problem_at.en(p.message_en, p.path)});
  }
  fail(invalid(std::move(fields)));
}
}  // namespace

storage::AuditEntry audit_entry(const EditContext& ctx, const std::string& slug, Change change) {
  storage::AuditEntry e;
  e.actor = actor_of(ctx);
  e.remote = ctx.who != nullptr ? ctx.who->remote : "";
  e.region_slug = slug;
  e.action = std::move(change.action);
  e.record_type = std::move(change.record_type);
  e.record_id = std::move(change.record_id);
  e.before_json = std::move(change.before_json);
  e.after_json = std::move(change.after_json);
  return e;
}

namespace {
// What an edit of `record_type` `record_id` changes in the search index (ADR 0009).
void mark_changed(UnitOfWork& u, const std::string& slug, long long region_id,
                  const std::string& record_type, const std::string& record_id) {
  // Records without searchable text of their own or beneath them.
  if (record_type == "region" || record_type == "municipality" || record_type == "agreement" ||
      record_type == "policy_area") {
    u.changed_unindexed(region_id, slug);
    return;
  }
  // A category year is named "category/fiscal year": its category holds what it changes.
  const std::string id_text =
      record_type == "category_year" ? record_id.substr(0, record_id.find('/')) : record_id;
  long long id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(id_text, &used);
    if (used != id_text.size()) id = 0;
  } catch (const std::exception&) {
    id = 0;
  }
  std::string kind;
  if (record_type == "field" || record_type == "category" || record_type == "initiative" ||
      record_type == "action") {
    kind = record_type;
  } else if (record_type == "category_year") {
    kind = "category";
  }
  if (kind.empty() || id == 0) {
    u.changed(region_id, slug);  // not known here: rebuild the region's documents
    return;
  }
  u.changed(region_id, slug, {kind, id});
}
}  // namespace

void finish_edit(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                 long long region_id, Change change) {
  validate_region(u.session(), slug);
  mark_changed(u, slug, region_id, change.record_type, change.record_id);
  u.audit(audit_entry(ctx, slug, std::move(change)));
}

Record record_of(json::object o) {
  const long long version = o.at("version").as_int64();
  return Record{std::move(o), version};
}

long long parse_year_or_fail(const std::string& fy_text) { return parse_fy_or_fail(fy_text); }

long long parse_id_or_fail(const std::string& key, const std::string& what) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(key, &used);
    if (used == key.size()) return id;
  } catch (const std::exception&) {
  }
  fail(not_found(what + " " + key));
}

}  // namespace kyosei::app::plan_edits::detail
