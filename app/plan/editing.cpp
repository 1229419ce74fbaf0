#include "app/plan/editing.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <deque>
#include <set>

#include "core/plan/validation.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/row_util.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;

// ---- resource definitions --------------------------------------------------------------

enum class T {
  kText,
  kOptText,
  kInt,
  kBool,
  kFy,
  kDate,
  kCode,
  kOptCode,
  kIntList,
  kRef,
  kOptRef,
  kEnum
};

struct F {
  const char* json;
  const char* column;
  T type;
  bool required;   // on create
  bool updatable;  // by PATCH
  std::vector<std::string> allowed = {};
};

struct Def {
  const char* name;
  const char* record_type;
  const char* table;
  const char* region_expr;     // SQL for the region id of row x
  const char* key_column;      // "id", or "code" for municipalities
  const char* sibling_column;  // rows ordered by position among the same value of this
  std::vector<F> fields;
};

constexpr const char* kYearRegion =
    "(SELECT f.region_id FROM category_years y JOIN categories c ON c.id = y.category_id "
    "JOIN fields f ON f.id = c.field_id WHERE y.id = x.category_year_id)";

const std::vector<Def>& defs() {
  static const std::vector<Def> kDefs = {
      {"municipalities",
       "municipality",
       "municipalities",
       "x.region_id",
       "code",
       "region_id",
       {{"code", "code", T::kText, true, false},
        {"name", "name", T::kText, true, true},
        {"kind", "kind", T::kEnum, true, true, {"city", "town", "village", "市", "町", "村"}},
        {"role", "role", T::kEnum, true, true, {"central", "member", "中心市", "構成市町"}},
        {"inferred", "inferred", T::kOptText, false, true}}},
      {"agreements",
       "agreement",
       "agreements",
       "x.region_id",
       "id",
       "region_id",
       {{"kind", "kind", T::kEnum, true, true, {"formation", "other"}},
        {"title", "title", T::kText, true, true},
        {"municipality", "municipality_code", T::kOptCode, false, true},
        {"signed_on", "signed_on", T::kDate, false, true},
        {"resolved_on", "resolved_on", T::kDate, false, true},
        {"note", "note", T::kOptText, false, true},
        {"inferred", "inferred", T::kOptText, false, true}}},
      {"policy-areas",
       "policy_area",
       "policy_areas",
       "x.region_id",
       "id",
       "region_id",
       {{"code", "code", T::kEnum, true, false, {"living", "network", "management"}},
        {"name", "name", T::kText, true, true}}},
      {"fields",
       "field",
       "fields",
       "x.region_id",
       "id",
       "policy_area_id",
       {{"policy_area_id", "policy_area_id", T::kRef, true, true},
        {"name", "name", T::kText, true, true},
        {"inferred", "inferred", T::kOptText, false, true}}},
      {"categories",
       "category",
       "categories",
       "(SELECT f.region_id FROM fields f WHERE f.id = x.field_id)",
       "id",
       "field_id",
       {{"field_id", "field_id", T::kRef, true, true},
        {"name", "name", T::kText, true, true},
        {"note", "note", T::kOptText, false, true},
        {"inferred", "inferred", T::kOptText, false, true}}},
      {"initiatives",
       "initiative",
       "initiatives",
       kYearRegion,
       "id",
       "category_year_id",
       {{"text", "text", T::kText, true, true},
        {"inferred", "inferred", T::kOptText, false, true}}},
      {"actions",
       "action",
       "actions",
       kYearRegion,
       "id",
       "category_year_id",
       {{"initiative_id", "initiative_id", T::kOptRef, false, true},
        {"text", "text", T::kText, true, true},
        {"all_participate", "all_participate", T::kBool, false, true},
        {"lead", "lead_code", T::kOptCode, false, true},
        {"funding", "funding", T::kOptText, false, true},
        {"viewpoints", "viewpoints", T::kIntList, false, true},
        {"inferred", "inferred", T::kOptText, false, true}}},
  };
  return kDefs;
}

const Def* find_def(const std::string& name) {
  for (const auto& d : defs()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

// ---- errors that roll a write back -----------------------------------------------------

struct Abort {
  Error error;
  std::optional<storage::AuditEntry> rejected;  // written after the rollback (412s are audited)
};

Error not_found(const std::string& what) {
  return {Errc::kNotFound, what + " が見つかりません", what + " not found", {}};
}

Error invalid(std::vector<FieldError> fields) {
  return {Errc::kValidationFailed,
          "入力内容に誤りがあります（" + std::to_string(fields.size()) + "件）",
          std::to_string(fields.size()) + " problem(s) in the input", std::move(fields)};
}

// ---- values ----------------------------------------------------------------------------

struct V {
  bool is_int = false;
  long long i = 0;
  std::string s;
  soci::indicator ind = soci::i_ok;
};

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
std::optional<V> convert(const F& f, const json::value& v, std::vector<FieldError>& errors) {
  const std::string ptr = std::string("/") + f.json;
  auto bad = [&](std::string ja, std::string en) {
    errors.push_back({ptr, std::move(ja), std::move(en)});
    return std::optional<V>{};
  };
  V out;
  switch (f.type) {
    case T::kText:
    case T::kOptText:
    case T::kEnum: {
      if (v.is_null() && f.type == T::kOptText) return out;
      if (!v.is_string()) return bad("文字列で指定してください", "must be a string");
      out.s = std::string(v.as_string());
      if (auto problem = text_problem(ptr, out.s, f.type == T::kText)) {
        errors.push_back(*problem);
        return std::nullopt;
      }
      if (f.type == T::kEnum) {
        if (std::find(f.allowed.begin(), f.allowed.end(), out.s) == f.allowed.end()) {
          std::string list;
          for (const auto& a : f.allowed) list += (list.empty() ? "" : ", ") + a;
          return bad("次のいずれかです: " + list, "must be one of: " + list);
        }
        out.s = enum_code(out.s);
      }
      return out;
    }
    case T::kCode:
    case T::kOptCode:
      if (v.is_null() && f.type == T::kOptCode) return out;
      if (!v.is_string())
        return bad("団体コード（5桁の文字列）で指定してください",
                   "must be a five-digit code string");
      out.s = std::string(v.as_string());
      return out;
    case T::kInt:
    case T::kRef:
    case T::kOptRef:
    case T::kFy:
      if (v.is_null() && f.type == T::kOptRef) {
        out.is_int = true;
        out.ind = soci::i_null;
        return out;
      }
      if (!v.is_int64() && !v.is_uint64())
        return bad("整数で指定してください", "must be an integer");
      out.is_int = true;
      out.i = v.is_int64() ? v.as_int64() : static_cast<long long>(v.as_uint64());
      return out;
    case T::kBool:
      if (!v.is_bool()) return bad("true か false で指定してください", "must be true or false");
      out.is_int = true;
      out.i = v.as_bool() ? 1 : 0;
      return out;
    case T::kDate: {
      if (v.is_null()) {
        out.ind = soci::i_null;
        return out;
      }
      if (!v.is_string() || !core::parse_date(std::string(v.as_string()))) {
        return bad("YYYY-MM-DD の実在する日付で指定してください", "must be a real date YYYY-MM-DD");
      }
      out.s = std::string(v.as_string());
      return out;
    }
    case T::kIntList: {
      if (!v.is_array()) return bad("数値の配列で指定してください", "must be an array of numbers");
      for (const auto& e : v.as_array()) {
        if (!e.is_int64())
          return bad("数値の配列で指定してください", "must be an array of numbers");
        out.s += (out.s.empty() ? "" : ",") + std::to_string(e.as_int64());
      }
      return out;
    }
  }
  return out;
}

json::value column_json(const F& f, const soci::row& row, std::size_t i) {
  switch (f.type) {
    case T::kInt:
    case T::kRef:
    case T::kFy: return storage::as_int(row, i);
    case T::kOptRef:
      if (row.get_indicator(i) == soci::i_null) return nullptr;
      return storage::as_int(row, i);
    case T::kBool: return storage::as_int(row, i) != 0;
    case T::kDate:
    case T::kOptCode: {
      const auto s = storage::as_text(row, i);
      if (s.empty()) return nullptr;
      return json::string(s);
    }
    case T::kIntList: {
      json::array a;
      std::stringstream in(storage::as_text(row, i));
      std::string part;
      while (std::getline(in, part, ',')) {
        if (!part.empty()) a.push_back(std::stoll(part));
      }
      return a;
    }
    default: return json::string(storage::as_text(row, i));
  }
}

// ---- the work ---------------------------------------------------------------------------

struct Region {
  long long id = 0;
  bool published = true;
};

std::optional<Region> find_region(soci::session& sql, const std::string& slug) {
  std::optional<Region> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, published FROM regions WHERE slug = :s", soci::use(slug));
  for (const auto& row : rs) out = Region{storage::as_int(row, 0), storage::as_int(row, 1) != 0};
  return out;
}

Error region_not_found(const std::string& slug) {
  return {
      Errc::kRegionNotFound, "圏域「" + slug + "」はありません", "no region '" + slug + "'", {}};
}

// The region, or an Abort with 404 (always engaged when it returns).
std::optional<Region> require_region(soci::session& sql, const std::string& slug) {
  auto r = find_region(sql, slug);
  if (!r) throw Abort{region_not_found(slug)};
  return r;
}

// Records marked deleted (deleted_at) instead of removed; every read skips them.
bool soft_deleted(const Def& d) {
  const std::string name = d.name;
  return name == "municipalities" || name == "agreements" || name == "fields" ||
         name == "categories" || name == "initiatives" || name == "actions";
}

std::string select_sql(const Def& d) {
  std::string cols = "x.id, x.version";
  for (const auto& f : d.fields) cols += std::string(", x.") + f.column;
  std::string extra;
  if (std::string(d.name) == "initiatives" || std::string(d.name) == "actions") {
    extra =
        ", (SELECT y.category_id FROM category_years y WHERE y.id = x.category_year_id), "
        "(SELECT y.fiscal_year FROM category_years y WHERE y.id = x.category_year_id)";
  }
  return "SELECT " + cols + extra + " FROM " + d.table + " x WHERE " + d.region_expr + " = :rid" +
         (soft_deleted(d) ? " AND x.deleted_at IS NULL" : "");
}

json::object row_json(const Def& d, const soci::row& row) {
  json::object o;
  o["id"] = storage::as_int(row, 0);
  o["version"] = storage::as_int(row, 1);
  std::size_t i = 2;
  for (const auto& f : d.fields) o[f.json] = column_json(f, row, i++);
  if (i < row.size()) {
    o["category_id"] = storage::as_int(row, i);
    o["fiscal_year"] = storage::as_int(row, i + 1);
  }
  return o;
}

void add_children(soci::session& sql, const Def& d, json::object& o) {
  const long long id = o.at("id").as_int64();
  const std::string name = d.name;
  if (name == "actions") {
    json::array codes;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT municipality_code FROM action_participants WHERE action_id = :a "
                        "ORDER BY position",
         soci::use(id));
    for (const auto& row : rs) codes.push_back(json::string(storage::as_text(row, 0)));
    o["participants"] = std::move(codes);
  } else if (name == "categories") {
    json::array stages;
    soci::rowset<soci::row> rs =
        (sql.prepare
             << "SELECT stage, from_fiscal_year FROM category_stages WHERE category_id = :c "
                "ORDER BY from_fiscal_year",
         soci::use(id));
    for (const auto& row : rs) {
      stages.push_back(json::object{{"stage", storage::as_text(row, 0)},
                                    {"from_fiscal_year", storage::as_int(row, 1)}});
    }
    o["stages"] = std::move(stages);
  }
}

std::optional<json::object> fetch(soci::session& sql, const Def& d, long long rid,
                                  const std::string& key) {
  std::optional<json::object> out;
  const std::string q = select_sql(d) + " AND x." + d.key_column + " = :k";
  if (std::string(d.key_column) == "id") {
    long long id = 0;
    try {
      std::size_t used = 0;
      id = std::stoll(key, &used);
      if (used != key.size()) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
    soci::rowset<soci::row> rs = (sql.prepare << q, soci::use(rid), soci::use(id));
    for (const auto& row : rs) out = row_json(d, row);
  } else {
    soci::rowset<soci::row> rs = (sql.prepare << q, soci::use(rid), soci::use(key));
    for (const auto& row : rs) out = row_json(d, row);
  }
  if (out) add_children(sql, d, *out);
  return out;
}

void exec(soci::session& sql, const std::string& q, std::deque<V>& values) {
  soci::statement st(sql);
  for (auto& v : values) {
    if (v.is_int)
      st.exchange(soci::use(v.i, v.ind));
    else
      st.exchange(soci::use(v.s, v.ind));
  }
  st.alloc();
  st.prepare(q);
  st.define_and_bind();
  st.execute(true);
}

// Whole-region validation on the uncommitted state; problems roll the write back.
void validate_region(soci::session& sql, const std::string& slug) {
  auto region = storage::RegionStore::load_in(sql, slug);
  if (!region) throw Abort{not_found("region")};
  auto problems = core::validate(*region);
  if (problems.empty()) return;
  std::vector<FieldError> fields;
  for (const auto& p : problems) {
    // The path names the value in the region; its last part is the field the client sent.
    auto cut = p.path.find_last_of('.');
    std::string last = cut == std::string::npos ? p.path : p.path.substr(cut + 1);
    last = last.substr(0, last.find('['));
    fields.push_back(
        {"/" + last, p.message_ja + "（" + p.path + "）", p.message_en + " (" + p.path + ")"});
  }
  throw Abort{invalid(std::move(fields))};
}

// Advances the region's change counter and refreshes its search documents, in the
// transaction of the change.
void bump_region(storage::Database& db, soci::session& sql, long long rid) {
  storage::advance_change_counter(sql, rid);
  std::string slug;
  sql << "SELECT slug FROM regions WHERE id = :r", soci::use(rid), soci::into(slug);
  storage::SearchIndex(db).rebuild(sql, slug);
}

void audit(soci::session& sql, const EditContext& ctx, const std::string& slug,
           const std::string& action, const std::string& type, const std::string& id,
           const std::string& before, const std::string& after) {
  storage::AuditEntry e;
  e.actor = ctx.who != nullptr ? ctx.who->actor() : "system";
  e.remote = ctx.who != nullptr ? ctx.who->remote : "";
  e.region_slug = slug;
  e.action = action;
  e.record_type = type;
  e.record_id = id;
  e.before_json = before;
  e.after_json = after;
  storage::append_audit(sql, std::move(e));
}

void check_precondition(const EditContext& ctx, const json::object& current,
                        const std::string& slug = {}, const std::string& type = {},
                        const std::string& key = {}) {
  const long long version = current.at("version").as_int64();
  const std::string current_json = json::serialize(current);
  if (auto e = precondition_error(ctx, version, current_json)) {
    std::optional<storage::AuditEntry> rejected;
    if (e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, type, key, version, current_json);
    throw Abort{*e, std::move(rejected)};
  }
}

std::optional<json::object> fetch_year(soci::session& sql, long long year_id);

// Resolves (category_id, fiscal_year) to the category-year row, creating it when asked.
long long category_year(soci::session& sql, long long rid, long long category_id, long long fy,
                        bool create, bool* created = nullptr) {
  long long cat_region = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT f.region_id FROM categories c JOIN fields f ON f.id = c.field_id WHERE c.id = :c "
         "AND c.deleted_at IS NULL",
      soci::use(category_id), soci::into(cat_region, ind);
  if (!sql.got_data() || ind == soci::i_null || cat_region != rid) {
    throw Abort{invalid(
        {{"/category_id", "この圏域のカテゴリではありません", "not a category of this region"}})};
  }
  if (fy < core::kMinFiscalYear || fy > core::kMaxFiscalYear) {
    throw Abort{invalid({{"/fiscal_year", "年度が範囲外です", "fiscal year out of range"}})};
  }
  long long id = 0;
  soci::indicator yind = soci::i_null;
  sql << "SELECT id FROM category_years WHERE category_id = :c AND fiscal_year = :y",
      soci::use(category_id), soci::use(fy), soci::into(id, yind);
  if (sql.got_data() && yind == soci::i_ok) return id;
  if (!create) return 0;
  if (created != nullptr) *created = true;
  const int fy_int = static_cast<int>(fy);
  sql << "INSERT INTO category_years (category_id, fiscal_year) VALUES (:c, :y)",
      soci::use(category_id), soci::use(fy_int);
  sql << "SELECT id FROM category_years WHERE category_id = :c AND fiscal_year = :y",
      soci::use(category_id), soci::use(fy), soci::into(id);
  return id;
}

// An action's main initiative must be one of the same category and fiscal year.
void check_initiative_year(soci::session& sql, long long action_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM actions a JOIN initiatives i ON i.id = a.initiative_id "
         "WHERE a.id = :a AND i.category_year_id <> a.category_year_id",
      soci::use(action_id), soci::into(n);
  if (n > 0) {
    throw Abort{
        invalid({{"/initiative_id", "主な取組みは同じカテゴリ・同じ年度のものを指定してください",
                  "the initiative must belong to the action's category and fiscal year"}})};
  }
}

void replace_participants(soci::session& sql, long long action_id, const json::value& v) {
  if (!v.is_array())
    throw Abort{invalid(
        {{"/participants", "団体コードの配列で指定してください", "must be an array of codes"}})};
  sql << "DELETE FROM action_participants WHERE action_id = :a", soci::use(action_id);
  int pos = 0;
  for (const auto& e : v.as_array()) {
    if (!e.is_string())
      throw Abort{invalid(
          {{"/participants", "団体コードの配列で指定してください", "must be an array of codes"}})};
    const std::string code(e.as_string());
    sql << "INSERT INTO action_participants (action_id, municipality_code, position) VALUES (:a, "
           ":m, :p)",
        soci::use(action_id), soci::use(code), soci::use(pos++);
  }
}

template <typename Fn>
auto run_write(storage::Database& db, Fn&& fn) -> RecordOutcome {
  RecordOutcome out = Error{};
  try {
    db.write([&](soci::session& sql) { out = fn(sql); });
  } catch (Abort& a) {
    if (a.rejected) {
      // The losing attempt of a conflict is kept in the audit trail too.
      db.write([&](soci::session& sql) { storage::append_audit(sql, *a.rejected); });
    }
    return a.error;
  } catch (const soci::soci_error& e) {
    const std::string what = e.what();
    if (what.find("UNIQUE") != std::string::npos || what.find("unique") != std::string::npos ||
        what.find("duplicate") != std::string::npos) {
      return Error{Errc::kConflict,
                   "同じ名前（キー）のものが既にあります（削除済みのものも名前を保持します）",
                   "a record with the same key exists (deleted records keep their key)",
                   {}};
    }
    throw;
  }
  return out;
}

}  // namespace

bool Editing::known_resource(const std::string& resource) { return find_def(resource) != nullptr; }

std::optional<bool> Editing::region_published(const std::string& slug) {
  std::optional<bool> out;
  db_.with_session([&](soci::session& sql) {
    if (auto r = find_region(sql, slug)) out = r->published;
  });
  return out;
}

ListOutcome Editing::list(const std::string& slug, const std::string& resource) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  ListOutcome out = json::array{};
  db_.with_session([&](soci::session& sql) {
    auto r = find_region(sql, slug);
    if (!r) {
      out = Error{Errc::kRegionNotFound,
                  "圏域「" + slug + "」はありません",
                  "no region '" + slug + "'",
                  {}};
      return;
    }
    json::array items;
    std::vector<json::object> rows;
    soci::rowset<soci::row> rs =
        (sql.prepare << select_sql(*d) + " ORDER BY x.position, x.id", soci::use(r->id));
    for (const auto& row : rs) rows.push_back(row_json(*d, row));
    for (auto& o : rows) {
      add_children(sql, *d, o);
      items.push_back(std::move(o));
    }
    out = std::move(items);
  });
  return out;
}

RecordOutcome Editing::get(const std::string& slug, const std::string& resource,
                           const std::string& key) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  RecordOutcome out = not_found(std::string(d->record_type) + " " + key);
  db_.with_session([&](soci::session& sql) {
    auto r = find_region(sql, slug);
    if (!r) {
      out = Error{Errc::kRegionNotFound,
                  "圏域「" + slug + "」はありません",
                  "no region '" + slug + "'",
                  {}};
      return;
    }
    if (auto o = fetch(sql, *d, r->id, key)) {
      Record rec;
      rec.version = o->at("version").as_int64();
      rec.data = std::move(*o);
      out = std::move(rec);
    }
  });
  return out;
}

namespace {

// Converts the fields of `body` for a create (all required present) or an update.
// References (policy_area_id, field_id, initiative_id) must name a record of this region.
void check_references(soci::session& sql, long long rid,
                      const std::deque<std::pair<const F*, V>>& values) {
  static const std::map<std::string, std::pair<std::string, std::string>> kTargets = {
      {"policy_area_id", {"policy_areas", "x.region_id"}},
      {"field_id", {"fields", "x.deleted_at IS NULL AND x.region_id"}},
      {"initiative_id", {"initiatives", std::string("x.deleted_at IS NULL AND ") + kYearRegion}},
  };
  std::vector<FieldError> errors;
  for (const auto& [f, v] : values) {
    if ((f->type != T::kRef && f->type != T::kOptRef) || v.ind == soci::i_null) continue;
    auto it = kTargets.find(f->column);
    if (it == kTargets.end()) continue;
    int n = 0;
    sql << ("SELECT COUNT(*) FROM " + it->second.first + " x WHERE x.id = :i AND " +
            it->second.second + " = :r"),
        soci::use(v.i), soci::use(rid), soci::into(n);
    if (n == 0) {
      errors.push_back(
          {std::string("/") + f->json, "この圏域にない参照先です", "not a record of this region"});
    }
  }
  if (!errors.empty()) throw Abort{invalid(std::move(errors))};
}

std::deque<std::pair<const F*, V>> convert_body(
    const Def& d, const json::object& body, bool create,
    std::initializer_list<std::string_view> extra_keys) {
  std::vector<FieldError> errors;
  std::deque<std::pair<const F*, V>> out;
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
      errors.push_back({"/" + key, "不明な項目です", "unknown field"});
      continue;
    }
    if (!create && !f->updatable) {
      errors.push_back({"/" + key, "この項目は変更できません", "this field cannot be changed"});
      continue;
    }
    if (auto val = convert(*f, v, errors)) out.emplace_back(f, std::move(*val));
  }
  if (create) {
    for (const auto& f : d.fields) {
      if (f.required && !body.contains(f.json))
        errors.push_back({std::string("/") + f.json, "入力が必要です", "required"});
    }
  }
  if (!errors.empty()) throw Abort{invalid(std::move(errors))};
  return out;
}

}  // namespace

RecordOutcome Editing::create(const std::string& slug, const std::string& resource,
                              const json::object& body, const EditContext& ctx) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  const std::string name = d->name;
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    const bool under_year = name == "initiatives" || name == "actions";
    auto values = convert_body(
        *d, body, true,
        under_year
            ? std::initializer_list<std::string_view>{"category_id", "fiscal_year", "participants"}
        : name == "categories"
            ? std::initializer_list<std::string_view>{"stage", "from_fiscal_year"}
            : std::initializer_list<std::string_view>{});
    check_references(sql, r->id, values);
    std::string cols;
    std::string params;
    std::deque<V> binds;
    long long sibling = r->id;
    if (under_year) {
      std::vector<FieldError> errors;
      for (const char* k : {"category_id", "fiscal_year"}) {
        if (!body.contains(k) || !body.at(k).is_int64())
          errors.push_back({std::string("/") + k, "整数で指定してください", "required integer"});
      }
      if (!errors.empty()) throw Abort{invalid(std::move(errors))};
      bool year_created = false;
      sibling = category_year(sql, r->id, body.at("category_id").as_int64(),
                              body.at("fiscal_year").as_int64(), true, &year_created);
      if (year_created) {
        // The category's year did not exist yet: its creation is a change of its own.
        audit(sql, ctx, slug, "create", "category_year",
              std::to_string(body.at("category_id").as_int64()) + "/" +
                  std::to_string(body.at("fiscal_year").as_int64()),
              "", json::serialize(*fetch_year(sql, sibling)));
      }
      cols = "category_year_id";
      params = ":cy";
      binds.push_back(V{true, sibling, {}, soci::i_ok});
    } else if (std::string(d->sibling_column) == "region_id" || name == "fields") {
      cols = "region_id";
      params = ":rid";
      binds.push_back(V{true, r->id, {}, soci::i_ok});
    }
    for (auto& [f, v] : values) {
      if (std::string(f->column) == d->sibling_column) sibling = v.i;
      cols += std::string(cols.empty() ? "" : ", ") + f->column;
      params += std::string(params.empty() ? "" : ", ") + ":" + f->column;
      binds.push_back(v);
    }
    long long position = 0;
    sql << (std::string("SELECT COALESCE(MAX(position), -1) + 1 FROM ") + d->table + " WHERE " +
            d->sibling_column + " = :s"),
        soci::use(sibling), soci::into(position);
    cols += ", position";
    params += ", :position";
    binds.push_back(V{true, position, {}, soci::i_ok});
    exec(sql, std::string("INSERT INTO ") + d->table + " (" + cols + ") VALUES (" + params + ")",
         binds);
    std::string key;
    if (std::string(d->key_column) == "code") {
      key = body.at("code").as_string().c_str();
    } else {
      long long id = 0;
      sql << (std::string("SELECT MAX(id) FROM ") + d->table), soci::into(id);
      key = std::to_string(id);
    }
    if (name == "actions" && body.contains("participants"))
      replace_participants(sql, std::stoll(key), body.at("participants"));
    if (name == "actions") check_initiative_year(sql, std::stoll(key));
    if (name == "categories") {
      // A new category starts its lifecycle: 候補 from the plan's first year unless given.
      std::string stage = "candidate";
      if (body.contains("stage")) {
        std::optional<core::Stage> st;
        if (body.at("stage").is_string())
          st = core::stage_from(std::string(body.at("stage").as_string()));
        if (!st) {
          throw Abort{invalid({{"/stage", "候補・協議中・実施・終了のいずれかです",
                                "must be candidate, discussing, active or ended"}})};
        }
        stage = std::string(core::code(*st));
      }
      long long fy = 0;
      sql << "SELECT plan_from FROM regions WHERE id = :r", soci::use(r->id), soci::into(fy);
      if (body.contains("from_fiscal_year")) {
        if (!body.at("from_fiscal_year").is_int64()) {
          throw Abort{invalid({{"/from_fiscal_year", "年度（整数）で指定してください",
                                "must be an integer fiscal year"}})};
        }
        fy = body.at("from_fiscal_year").as_int64();
      }
      const long long cid = std::stoll(key);
      sql << "INSERT INTO category_stages (category_id, stage, from_fiscal_year) VALUES (:c, :s, "
             ":f)",
          soci::use(cid), soci::use(stage), soci::use(fy);
    }
    auto created = fetch(sql, *d, r->id, key);
    if (!created)
      throw Abort{Error{Errc::kValidationFailed,
                        "参照先がこの圏域にありません",
                        "a referenced record is not in this region",
                        {}}};
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, "create", d->record_type, key, "", json::serialize(*created));
    Record rec;
    rec.version = created->at("version").as_int64();
    rec.data = std::move(*created);
    return rec;
  });
}

RecordOutcome Editing::update(const std::string& slug, const std::string& resource,
                              const std::string& key, const json::object& body,
                              const EditContext& ctx) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  const std::string name = d->name;
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, *d, r->id, key);
    if (!before) throw Abort{not_found(std::string(d->record_type) + " " + key)};
    check_precondition(ctx, *before, slug, d->record_type, key);
    auto values =
        convert_body(*d, body, false,
                     name == "actions" ? std::initializer_list<std::string_view>{"participants"}
                                       : std::initializer_list<std::string_view>{});
    check_references(sql, r->id, values);
    std::string sets = "version = version + 1";
    std::deque<V> binds;
    for (auto& [f, v] : values) {
      sets += std::string(", ") + f->column + " = :" + f->column;
      binds.push_back(v);
    }
    const long long id = before->at("id").as_int64();
    binds.push_back(V{true, id, {}, soci::i_ok});
    exec(sql, std::string("UPDATE ") + d->table + " SET " + sets + " WHERE id = :id", binds);
    if (name == "actions" && body.contains("participants"))
      replace_participants(sql, id, body.at("participants"));
    if (name == "actions") check_initiative_year(sql, id);
    auto after = fetch(sql, *d, r->id, key);
    if (!after)
      throw Abort{Error{Errc::kValidationFailed,
                        "参照先がこの圏域にありません",
                        "a referenced record is not in this region",
                        {}}};
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, "update", d->record_type, key, json::serialize(*before),
          json::serialize(*after));
    Record rec;
    rec.version = after->at("version").as_int64();
    rec.data = std::move(*after);
    return rec;
  });
}

namespace {

// A record that other records still use is not deleted (no cascade takes history with it):
// 409 naming what uses it. Parts of a record go with it and stay in the audit entry's
// before-image: an action's participants, photos and agreement links; a category's stages
// and yearly directions/topics (but not its initiatives, actions or KPIs).
void refuse_if_referenced(soci::session& sql, const Def& d, long long region_id, long long id,
                          const std::string& key) {
  struct Use {
    const char* sql;  // binds :i (the id) or, when by_key, :k (the key) and :r (the region)
    bool by_key;
    const char* what_ja;
    const char* what_en;
  };
  static const std::map<std::string, std::vector<Use>> kUses = {
      {"fields",
       {{"SELECT COUNT(*) FROM categories WHERE field_id = :i AND deleted_at IS NULL", false,
         "カテゴリ", "categories"}}},
      {"categories",
       {{"SELECT COUNT(*) FROM initiatives i JOIN category_years y ON y.id = i.category_year_id "
         "WHERE y.category_id = :i AND i.deleted_at IS NULL",
         false, "主な取組み", "main initiatives"},
        {"SELECT COUNT(*) FROM actions a JOIN category_years y ON y.id = a.category_year_id "
         "WHERE y.category_id = :i AND a.deleted_at IS NULL",
         false, "具体的取組", "actions"},
        {"SELECT COUNT(*) FROM kpis WHERE category_id = :i", false, "成果指標（KPI）", "KPIs"}}},
      {"initiatives",
       {{"SELECT COUNT(*) FROM actions WHERE initiative_id = :i AND deleted_at IS NULL", false,
         "具体的取組", "actions"}}},
      {"agreements",
       {{"SELECT COUNT(*) FROM action_agreements aa JOIN actions a ON a.id = aa.action_id "
         "JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
         "y.category_id JOIN fields f ON f.id = c.field_id WHERE aa.agreement_title = (SELECT "
         "title FROM agreements WHERE id = :i) AND f.region_id = :r AND a.deleted_at IS NULL",
         false, "具体的取組（協定の参照）", "actions (agreement links)"}}},
      {"municipalities",
       {{"SELECT COUNT(*) FROM action_participants p JOIN actions a ON a.id = p.action_id "
         "JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
         "y.category_id JOIN fields f ON f.id = c.field_id WHERE p.municipality_code = :k AND "
         "f.region_id = :r AND a.deleted_at IS NULL",
         true, "具体的取組（参加市町）", "actions (as a participant)"},
        {"SELECT COUNT(*) FROM actions a JOIN category_years y ON y.id = a.category_year_id "
         "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id WHERE "
         "a.lead_code = :k AND f.region_id = :r AND a.deleted_at IS NULL",
         true, "具体的取組（幹事市町）", "actions (as the lead)"},
        {"SELECT COUNT(*) FROM kpi_actuals ka JOIN kpis k ON k.id = ka.kpi_id JOIN categories c "
         "ON c.id = k.category_id JOIN fields f ON f.id = c.field_id WHERE ka.municipality_code = "
         ":k AND f.region_id = :r",
         true, "KPI の実績値", "KPI actuals"},
        {"SELECT COUNT(*) FROM agreements WHERE municipality_code = :k AND region_id = :r AND "
         "deleted_at IS NULL",
         true, "協定", "agreements"}}},
  };
  auto it = kUses.find(d.name);
  if (it == kUses.end()) return;
  std::string ja, en;
  for (const auto& use : it->second) {
    int n = 0;
    const std::string text = use.sql;
    if (use.by_key) {
      sql << text, soci::use(key), soci::use(region_id), soci::into(n);
    } else if (text.find(":r") != std::string::npos) {
      sql << text, soci::use(id), soci::use(region_id), soci::into(n);
    } else {
      sql << text, soci::use(id), soci::into(n);
    }
    if (n > 0) {
      ja += std::string(ja.empty() ? "" : "、") + use.what_ja + " " + std::to_string(n) + "件";
      en += std::string(en.empty() ? "" : ", ") + std::to_string(n) + " " + use.what_en;
    }
  }
  if (ja.empty()) return;
  throw Abort{
      Error{Errc::kConflict,
            "まだ使われているため削除できません（" + ja + "）。先にそれらを削除・変更してください",
            "still in use by " + en + ": delete or change those first",
            {}}};
}

}  // namespace

std::optional<Error> Editing::remove(const std::string& slug, const std::string& resource,
                                     const std::string& key, const EditContext& ctx) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  auto out = run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, *d, r->id, key);
    if (!before) throw Abort{not_found(std::string(d->record_type) + " " + key)};
    check_precondition(ctx, *before, slug, d->record_type, key);
    const long long id = before->at("id").as_int64();
    refuse_if_referenced(sql, *d, r->id, id, key);
    if (std::string(d->name) == "categories") {
      // Its yearly directions and topics go with it: they are kept in the before-image.
      json::array years;
      std::vector<long long> ids;
      soci::rowset<long long> ys =
          (sql.prepare
               << "SELECT id FROM category_years WHERE category_id = :c ORDER BY fiscal_year",
           soci::use(id));
      for (long long y : ys) ids.push_back(y);
      for (long long y : ids) {
        if (auto o = fetch_year(sql, y)) years.push_back(std::move(*o));
      }
      (*before)["years"] = std::move(years);
    }
    // Marked, not removed: the row keeps its id (never reused) and history.
    const std::string at = storage::audit_now();
    const std::string by = ctx.who != nullptr ? ctx.who->actor() : "system";
    sql << (std::string("UPDATE ") + d->table +
            " SET deleted_at = :at, deleted_by = :by, version = version + 1 WHERE id = :id"),
        soci::use(at), soci::use(by), soci::use(id);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    // The audit entry keeps the whole record: nothing is deleted without a trace.
    audit(sql, ctx, slug, "delete", d->record_type, key, json::serialize(*before), "");
    return Record{};
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

// ---- region ------------------------------------------------------------------------------

namespace {
const Def& region_def() {
  static const Def kRegion{"regions",
                           "region",
                           "regions",
                           "x.id",
                           "slug",
                           "id",
                           {{"name", "name", T::kText, true, true},
                            {"name_en", "name_en", T::kOptText, false, true},
                            {"kind", "kind", T::kEnum, true, true, {"settlement", "metro-core"}},
                            {"declared_on", "declared_on", T::kDate, false, true},
                            {"vision_title", "vision_title", T::kText, true, true},
                            {"plan_from", "plan_from", T::kFy, true, true},
                            {"plan_to", "plan_to", T::kFy, true, true},
                            {"published", "published", T::kBool, false, true}}};
  return kRegion;
}
}  // namespace

RecordOutcome Editing::get_region(const std::string& slug) {
  RecordOutcome out = Error{
      Errc::kRegionNotFound, "圏域「" + slug + "」はありません", "no region '" + slug + "'", {}};
  db_.with_session([&](soci::session& sql) {
    auto r = find_region(sql, slug);
    if (!r) return;
    if (auto o = fetch(sql, region_def(), r->id, slug)) {
      (*o)["slug"] = slug;
      out = Record{*o, o->at("version").as_int64()};
    }
  });
  return out;
}

RecordOutcome Editing::update_region(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, region_def(), r->id, slug);
    check_precondition(ctx, *before, slug, "region", slug);
    auto values = convert_body(region_def(), body, false, {"slug"});
    std::string sets = "version = version + 1";
    std::deque<V> binds;
    for (auto& [f, v] : values) {
      sets += std::string(", ") + f->column + " = :" + f->column;
      binds.push_back(v);
    }
    binds.push_back(V{true, r->id, {}, soci::i_ok});
    exec(sql, "UPDATE regions SET " + sets + " WHERE id = :id", binds);
    auto after = fetch(sql, region_def(), r->id, slug);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, "update", "region", slug, json::serialize(*before),
          json::serialize(*after));
    (*after)["slug"] = slug;
    return Record{*after, after->at("version").as_int64() + 0};
  });
}

// ---- stages, years, participation ----------------------------------------------------------

RecordOutcome Editing::add_stage(const std::string& slug, const std::string& category_id,
                                 const json::object& body, const EditContext& ctx) {
  const Def& d = *find_def("categories");
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, d, r->id, category_id);
    if (!before) throw Abort{not_found("category " + category_id)};
    check_precondition(ctx, *before, slug, "category", category_id);
    std::vector<FieldError> errors;
    for (const auto& [k, v] : body) {
      if (k != "stage" && k != "from_fiscal_year")
        errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
    }
    std::optional<core::Stage> stage;
    if (!body.contains("stage") || !body.at("stage").is_string() ||
        !(stage = core::stage_from(std::string(body.at("stage").as_string())))) {
      errors.push_back(
          {"/stage",
           "候補・協議中・実施・終了（candidate / discussing / active / ended）のいずれかです",
           "must be candidate, discussing, active or ended"});
    }
    if (!body.contains("from_fiscal_year") || !body.at("from_fiscal_year").is_int64()) {
      errors.push_back(
          {"/from_fiscal_year", "年度（整数）が必要です", "a fiscal year (integer) is required"});
    }
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    const std::string code(core::code(*stage));
    const long long cid = before->at("id").as_int64();
    const int fy = static_cast<int>(body.at("from_fiscal_year").as_int64());
    sql << "INSERT INTO category_stages (category_id, stage, from_fiscal_year) VALUES (:c, :s, :f)",
        soci::use(cid), soci::use(code), soci::use(fy);
    sql << "UPDATE categories SET version = version + 1 WHERE id = :c", soci::use(cid);
    auto after = fetch(sql, d, r->id, category_id);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, "stage-add", "category", category_id, json::serialize(*before),
          json::serialize(*after));
    return Record{*after, after->at("version").as_int64()};
  });
}

RecordOutcome Editing::remove_stage(const std::string& slug, const std::string& category_id,
                                    const std::string& fy_text, const EditContext& ctx) {
  const Def& d = *find_def("categories");
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, d, r->id, category_id);
    if (!before) throw Abort{not_found("category " + category_id)};
    auto fy = core::parse_fiscal_year(fy_text);
    if (!fy.year)
      throw Abort{Error{
          Errc::kInvalidFiscalYear, fy.error_ja, fy.error_en, {{"fy", fy.error_ja, fy.error_en}}}};
    check_precondition(ctx, *before, slug, "category", category_id);
    const long long cid = before->at("id").as_int64();
    int n = 0;
    sql << "SELECT COUNT(*) FROM category_stages WHERE category_id = :c AND from_fiscal_year = :f",
        soci::use(cid), soci::use(*fy.year), soci::into(n);
    if (n == 0) throw Abort{not_found("stage " + fy_text)};
    sql << "DELETE FROM category_stages WHERE category_id = :c AND from_fiscal_year = :f",
        soci::use(cid), soci::use(*fy.year);
    sql << "UPDATE categories SET version = version + 1 WHERE id = :c", soci::use(cid);
    auto after = fetch(sql, d, r->id, category_id);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, "stage-remove", "category", category_id, json::serialize(*before),
          json::serialize(*after));
    return Record{*after, after->at("version").as_int64()};
  });
}

namespace {
std::optional<json::object> fetch_year(soci::session& sql, long long year_id) {
  std::optional<json::object> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, version, category_id, fiscal_year, "
                                               "direction, inferred FROM category_years "
                                               "WHERE id = :y",
                                soci::use(year_id));
  for (const auto& row : rs) {
    out = json::object{
        {"id", storage::as_int(row, 0)},          {"version", storage::as_int(row, 1)},
        {"category_id", storage::as_int(row, 2)}, {"fiscal_year", storage::as_int(row, 3)},
        {"direction", storage::as_text(row, 4)},  {"inferred", storage::as_text(row, 5)}};
  }
  if (!out) return out;
  json::array topics;
  soci::rowset<soci::row> ts =
      (sql.prepare
           << "SELECT text FROM category_year_topics WHERE category_year_id = :y ORDER BY position",
       soci::use(year_id));
  for (const auto& row : ts) topics.push_back(json::string(storage::as_text(row, 0)));
  (*out)["topics"] = std::move(topics);
  return out;
}

long long parse_year_or_abort(const std::string& fy_text) {
  auto fy = core::parse_fiscal_year(fy_text);
  if (!fy.year) {
    throw Abort{Error{fy.out_of_range ? Errc::kFiscalYearOutOfRange : Errc::kInvalidFiscalYear,
                      fy.error_ja,
                      fy.error_en,
                      {{"fy", fy.error_ja, fy.error_en}}}};
  }
  return *fy.year;
}

long long parse_id_or_abort(const std::string& key, const std::string& what) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(key, &used);
    if (used == key.size()) return id;
  } catch (const std::exception&) {
  }
  throw Abort{not_found(what + " " + key)};
}
}  // namespace

RecordOutcome Editing::get_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy_text) {
  try {
    RecordOutcome out = not_found("year");
    db_.with_session([&](soci::session& sql) {
      const auto r = require_region(sql, slug);
      const long long fy = parse_year_or_abort(fy_text);
      const long long cid = parse_id_or_abort(category_id, "category");
      const long long yid = category_year(sql, r->id, cid, fy, false);
      if (yid == 0) throw Abort{not_found("category " + category_id + " year " + fy_text)};
      auto o = fetch_year(sql, yid);
      out = Record{*o, o->at("version").as_int64()};
    });
    return out;
  } catch (Abort& a) {
    if (a.error.code == Errc::kValidationFailed) return not_found("category " + category_id);
    return a.error;
  }
}

RecordOutcome Editing::put_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy_text, const json::object& body,
                                const EditContext& ctx) {
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    const long long fy = parse_year_or_abort(fy_text);
    const long long cid = parse_id_or_abort(category_id, "category");
    std::vector<FieldError> errors;
    for (const auto& [k, v] : body) {
      if (k != "direction" && k != "topics" && k != "inferred" && k != "id" && k != "version" &&
          k != "category_id" && k != "fiscal_year") {
        errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
      }
    }
    for (const char* k : {"direction", "inferred"}) {
      if (body.contains(k) && !body.at(k).is_string())
        errors.push_back({std::string("/") + k, "文字列で指定してください", "must be a string"});
      else if (body.contains(k))
        if (auto bad =
                text_problem(std::string("/") + k, std::string(body.at(k).as_string()), false))
          errors.push_back(*bad);
    }
    if (body.contains("topics")) {
      const auto& t = body.at("topics");
      bool ok = t.is_array();
      if (ok) {
        for (const auto& e : t.as_array()) ok = ok && e.is_string() && !e.as_string().empty();
      }
      if (!ok) {
        errors.push_back({"/topics", "空でない文字列の配列で指定してください",
                          "must be an array of non-empty strings"});
      } else {
        std::size_t i = 0;
        for (const auto& e : t.as_array()) {
          if (auto bad =
                  text_problem("/topics/" + std::to_string(i++), std::string(e.as_string()), true))
            errors.push_back(*bad);
        }
      }
    }
    if (!errors.empty()) throw Abort{invalid(std::move(errors))};
    long long yid = category_year(sql, r->id, cid, fy, false);
    std::string before_text;
    if (yid != 0) {
      auto before = fetch_year(sql, yid);
      check_precondition(ctx, *before, slug, "category_year",
                         category_id + "/" + std::to_string(fy));
      before_text = json::serialize(*before);
      sql << "UPDATE category_years SET version = version + 1 WHERE id = :y", soci::use(yid);
    } else {
      yid = category_year(sql, r->id, cid, fy, true);
    }
    if (body.contains("direction")) {
      const std::string dir(body.at("direction").as_string());
      sql << "UPDATE category_years SET direction = :d WHERE id = :y", soci::use(dir),
          soci::use(yid);
    }
    if (body.contains("inferred")) {
      const std::string inf(body.at("inferred").as_string());
      sql << "UPDATE category_years SET inferred = :d WHERE id = :y", soci::use(inf),
          soci::use(yid);
    }
    if (body.contains("topics")) {
      sql << "DELETE FROM category_year_topics WHERE category_year_id = :y", soci::use(yid);
      int pos = 0;
      for (const auto& e : body.at("topics").as_array()) {
        const std::string text(e.as_string());
        sql << "INSERT INTO category_year_topics (category_year_id, text, position) VALUES (:y, "
               ":t, :p)",
            soci::use(yid), soci::use(text), soci::use(pos++);
      }
    }
    auto after = fetch_year(sql, yid);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, before_text.empty() ? "create" : "update", "category_year",
          category_id + "/" + std::to_string(fy), before_text, json::serialize(*after));
    return Record{*after, after->at("version").as_int64()};
  });
}

RecordOutcome Editing::set_participation(const std::string& slug, const std::string& action_id,
                                         const std::string& code, bool participate,
                                         const EditContext& ctx) {
  const Def& d = *find_def("actions");
  return run_write(db_, [&](soci::session& sql) -> RecordOutcome {
    const auto r = require_region(sql, slug);
    auto before = fetch(sql, d, r->id, action_id);
    if (!before) throw Abort{not_found("action " + action_id)};
    check_precondition(ctx, *before, slug, "action", action_id);
    const long long id = before->at("id").as_int64();
    if (!participate && before->at("all_participate").as_bool()) {
      throw Abort{
          Error{Errc::kConflict,
                "この取組は全市町が参加する取組です。個別の市町は外せません"
                "（先に all_participate を false にして参加市町を指定してください）",
                "every municipality takes part in this action (all_participate): one "
                "cannot leave it; set all_participate to false and list the participants "
                "first",
                {{"/all_participate", "全市町参加の取組です", "all municipalities take part"}}}};
    }
    int present = 0;
    sql << "SELECT COUNT(*) FROM action_participants WHERE action_id = :a AND municipality_code = "
           ":m",
        soci::use(id), soci::use(code), soci::into(present);
    if (participate && present == 0) {
      int pos = 0;
      sql << "SELECT COALESCE(MAX(position), -1) + 1 FROM action_participants WHERE action_id = :a",
          soci::use(id), soci::into(pos);
      sql << "INSERT INTO action_participants (action_id, municipality_code, position) VALUES (:a, "
             ":m, :p)",
          soci::use(id), soci::use(code), soci::use(pos);
    } else if (!participate && present > 0) {
      sql << "DELETE FROM action_participants WHERE action_id = :a AND municipality_code = :m",
          soci::use(id), soci::use(code);
    }
    sql << "UPDATE actions SET version = version + 1 WHERE id = :a", soci::use(id);
    auto after = fetch(sql, d, r->id, action_id);
    validate_region(sql, slug);
    bump_region(db_, sql, r->id);
    audit(sql, ctx, slug, participate ? "participant-add" : "participant-remove", "action",
          action_id, json::serialize(*before), json::serialize(*after));
    return Record{*after, after->at("version").as_int64()};
  });
}

}  // namespace kyosei::app
