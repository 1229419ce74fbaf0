#include "storage/plan/plan_store.hpp"

#include <soci/soci.h>

#include <deque>
#include <map>

#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"

namespace kyosei::storage {
namespace {

// SQL for the region id of a row x under a category-year.
constexpr const char* kYearRegion =
    "(SELECT f.region_id FROM category_years y JOIN categories c ON c.id = y.category_id "
    "JOIN fields f ON f.id = c.field_id WHERE y.id = x.category_year_id)";

struct Spec {
  const char* table;
  const char* region_expr;     // SQL for the region id of row x
  const char* key_column;      // "id", "code" for municipalities, "slug" for regions
  const char* sibling_column;  // rows ordered by position among the same value of this
  const char* parent_column;   // set on insert from the parent id; nullptr: none
  bool soft_deleted;           // marked deleted (deleted_at) instead of removed
  bool under_year;             // initiatives and actions: rows of a category-year
};

const Spec& spec(PlanTable t) {
  static const std::map<PlanTable, Spec> kSpecs = {
      {PlanTable::kRegions, {"regions", "x.id", "slug", "id", nullptr, false, false}},
      {PlanTable::kMunicipalities,
       {"municipalities", "x.region_id", "code", "region_id", "region_id", true, false}},
      {PlanTable::kAgreements,
       {"agreements", "x.region_id", "id", "region_id", "region_id", true, false}},
      {PlanTable::kPolicyAreas,
       {"policy_areas", "x.region_id", "id", "region_id", "region_id", false, false}},
      {PlanTable::kFields,
       {"fields", "x.region_id", "id", "policy_area_id", "region_id", true, false}},
      {PlanTable::kCategories,
       {"categories", "(SELECT f.region_id FROM fields f WHERE f.id = x.field_id)", "id",
        "field_id", nullptr, true, false}},
      {PlanTable::kInitiatives,
       {"initiatives", kYearRegion, "id", "category_year_id", "category_year_id", true, true}},
      {PlanTable::kActions,
       {"actions", kYearRegion, "id", "category_year_id", "category_year_id", true, true}},
  };
  return kSpecs.at(t);
}

std::string select_sql(const Spec& s, const std::vector<PlanColumn>& columns) {
  std::string cols = "x.id, x.version";
  for (const auto& c : columns) cols += ", x." + c.name;
  std::string extra;
  if (s.under_year) {
    extra =
        ", (SELECT y.category_id FROM category_years y WHERE y.id = x.category_year_id), "
        "(SELECT y.fiscal_year FROM category_years y WHERE y.id = x.category_year_id)";
  }
  return "SELECT " + cols + extra + " FROM " + s.table + " x WHERE " + s.region_expr + " = :rid" +
         (s.soft_deleted ? " AND x.deleted_at IS NULL" : "");
}

PlanRow read_row(const Spec& s, const std::vector<PlanColumn>& columns, const soci::row& row) {
  PlanRow out;
  out.id = as_int(row, 0);
  out.version = as_int(row, 1);
  std::size_t i = 2;
  for (const auto& c : columns) {
    Cell cell;
    cell.is_int = c.is_int;
    cell.null = row.get_indicator(i) == soci::i_null;
    if (c.is_int)
      cell.i = as_int(row, i);
    else
      cell.s = as_text(row, i);
    out.cells.push_back(std::move(cell));
    ++i;
  }
  if (s.under_year) out.category_year = {as_int(row, i), as_int(row, i + 1)};
  return out;
}

// Values bound by position; a deque keeps their addresses while the statement runs.
struct Bound {
  bool is_int = false;
  long long i = 0;
  std::string s;
  soci::indicator ind = soci::i_ok;
};

Bound bound(const Cell& c) { return {c.is_int, c.i, c.s, c.null ? soci::i_null : soci::i_ok}; }
Bound bound(long long i) { return {true, i, {}, soci::i_ok}; }

void exec(Session& sql, const std::string& q, std::deque<Bound>& values) {
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

}  // namespace

std::optional<RegionRef> find_region(Session& sql, const std::string& slug) {
  std::optional<RegionRef> out;
  cached_rows(
      sql, "SELECT id, published FROM regions WHERE slug = :s",
      [&](const soci::row& row) {
        out = RegionRef{as_int(row, 0), as_int(row, 1) != 0};
      },
      slug);
  return out;
}

std::vector<PlanRow> list_rows(Session& sql, PlanTable table,
                               const std::vector<PlanColumn>& columns, long long region_id) {
  const Spec& s = spec(table);
  std::vector<PlanRow> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << select_sql(s, columns) + " ORDER BY x.position, x.id", soci::use(region_id));
  for (const auto& row : rs) out.push_back(read_row(s, columns, row));
  return out;
}

std::optional<PlanRow> find_row(Session& sql, PlanTable table,
                                const std::vector<PlanColumn>& columns, long long region_id,
                                const std::string& key) {
  const Spec& s = spec(table);
  std::optional<PlanRow> out;
  const std::string q = select_sql(s, columns) + " AND x." + s.key_column + " = :k";
  if (std::string(s.key_column) == "id") {
    long long id = 0;
    try {
      std::size_t used = 0;
      id = std::stoll(key, &used);
      if (used != key.size()) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
    soci::rowset<soci::row> rs = (sql.prepare << q, soci::use(region_id), soci::use(id));
    for (const auto& row : rs) out = read_row(s, columns, row);
  } else {
    soci::rowset<soci::row> rs = (sql.prepare << q, soci::use(region_id), soci::use(key));
    for (const auto& row : rs) out = read_row(s, columns, row);
  }
  return out;
}

long long insert_row(Session& sql, PlanTable table, long long parent_id,
                     const std::vector<std::pair<PlanColumn, Cell>>& values) {
  const Spec& s = spec(table);
  std::string cols;
  std::string params;
  std::deque<Bound> binds;
  long long sibling = parent_id;
  if (s.parent_column != nullptr) {
    cols = s.parent_column;
    params = s.under_year ? ":cy" : ":rid";
    binds.push_back(bound(parent_id));
  }
  for (const auto& [c, v] : values) {
    if (c.name == s.sibling_column) sibling = v.i;
    cols += (cols.empty() ? "" : ", ") + c.name;
    params += (params.empty() ? ":" : ", :") + c.name;
    binds.push_back(bound(v));
  }
  long long position = 0;
  sql << (std::string("SELECT COALESCE(MAX(position), -1) + 1 FROM ") + s.table + " WHERE " +
          s.sibling_column + " = :s"),
      soci::use(sibling), soci::into(position);
  cols += ", position";
  params += ", :position";
  binds.push_back(bound(position));
  exec(sql, std::string("INSERT INTO ") + s.table + " (" + cols + ") VALUES (" + params + ")",
       binds);
  long long id = 0;
  sql << (std::string("SELECT MAX(id) FROM ") + s.table), soci::into(id);
  return id;
}

void update_row(Session& sql, PlanTable table, long long id,
                const std::vector<std::pair<PlanColumn, Cell>>& values) {
  std::string sets = "version = version + 1";
  std::deque<Bound> binds;
  for (const auto& [c, v] : values) {
    sets += ", " + c.name + " = :" + c.name;
    binds.push_back(bound(v));
  }
  binds.push_back(bound(id));
  exec(sql, std::string("UPDATE ") + spec(table).table + " SET " + sets + " WHERE id = :id", binds);
}

void bump_version(Session& sql, PlanTable table, long long id) {
  sql << (std::string("UPDATE ") + spec(table).table + " SET version = version + 1 WHERE id = :id"),
      soci::use(id);
}

void mark_deleted(Session& sql, PlanTable table, long long id, const std::string& at,
                  const std::string& by) {
  sql << (std::string("UPDATE ") + spec(table).table +
          " SET deleted_at = :at, deleted_by = :by, version = version + 1 WHERE id = :id"),
      soci::use(at), soci::use(by), soci::use(id);
}

bool reference_in_region(Session& sql, const std::string& column, long long id,
                         long long region_id) {
  static const std::map<std::string, std::pair<std::string, std::string>> kTargets = {
      {"policy_area_id", {"policy_areas", "x.region_id"}},
      {"field_id", {"fields", "x.deleted_at IS NULL AND x.region_id"}},
      {"initiative_id", {"initiatives", std::string("x.deleted_at IS NULL AND ") + kYearRegion}},
  };
  auto it = kTargets.find(column);
  if (it == kTargets.end()) return true;
  int n = 0;
  sql << ("SELECT COUNT(*) FROM " + it->second.first + " x WHERE x.id = :i AND " +
          it->second.second + " = :r"),
      soci::use(id), soci::use(region_id), soci::into(n);
  return n > 0;
}

std::vector<std::pair<PlanUse, int>> uses_of(Session& sql, PlanTable table, long long id,
                                             const std::string& key, long long region_id) {
  struct Use {
    const char* sql;  // binds :i (the id) or, when by_key, :k (the key) and :r (the region)
    bool by_key;
    PlanUse what;
  };
  static const std::map<PlanTable, std::vector<Use>> kUses = {
      {PlanTable::kFields,
       {{"SELECT COUNT(*) FROM categories WHERE field_id = :i AND deleted_at IS NULL", false,
         PlanUse::kCategories}}},
      {PlanTable::kCategories,
       {{"SELECT COUNT(*) FROM initiatives i JOIN category_years y ON y.id = i.category_year_id "
         "WHERE y.category_id = :i AND i.deleted_at IS NULL",
         false, PlanUse::kInitiatives},
        {"SELECT COUNT(*) FROM actions a JOIN category_years y ON y.id = a.category_year_id "
         "WHERE y.category_id = :i AND a.deleted_at IS NULL",
         false, PlanUse::kActions},
        {"SELECT COUNT(*) FROM kpis WHERE category_id = :i", false, PlanUse::kKpis}}},
      {PlanTable::kInitiatives,
       {{"SELECT COUNT(*) FROM actions WHERE initiative_id = :i AND deleted_at IS NULL", false,
         PlanUse::kActions}}},
      {PlanTable::kAgreements,
       {{"SELECT COUNT(*) FROM action_agreements aa JOIN actions a ON a.id = aa.action_id "
         "JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
         "y.category_id JOIN fields f ON f.id = c.field_id WHERE aa.agreement_title = (SELECT "
         "title FROM agreements WHERE id = :i) AND f.region_id = :r AND a.deleted_at IS NULL",
         false, PlanUse::kAgreementLinks}}},
      {PlanTable::kMunicipalities,
       {{"SELECT COUNT(*) FROM action_participants p JOIN actions a ON a.id = p.action_id "
         "JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
         "y.category_id JOIN fields f ON f.id = c.field_id WHERE p.municipality_code = :k AND "
         "f.region_id = :r AND a.deleted_at IS NULL",
         true, PlanUse::kParticipations},
        {"SELECT COUNT(*) FROM actions a JOIN category_years y ON y.id = a.category_year_id "
         "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id WHERE "
         "a.lead_code = :k AND f.region_id = :r AND a.deleted_at IS NULL",
         true, PlanUse::kLeads},
        {"SELECT COUNT(*) FROM kpi_actuals ka JOIN kpis k ON k.id = ka.kpi_id JOIN categories c "
         "ON c.id = k.category_id JOIN fields f ON f.id = c.field_id WHERE ka.municipality_code = "
         ":k AND f.region_id = :r",
         true, PlanUse::kKpiActuals},
        {"SELECT COUNT(*) FROM agreements WHERE municipality_code = :k AND region_id = :r AND "
         "deleted_at IS NULL",
         true, PlanUse::kAgreements}}},
  };
  std::vector<std::pair<PlanUse, int>> out;
  auto it = kUses.find(table);
  if (it == kUses.end()) return out;
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
    if (n > 0) out.emplace_back(use.what, n);
  }
  return out;
}

// ---- categories ----------------------------------------------------------------------------

std::vector<StageRow> category_stages(Session& sql, long long category_id) {
  return rows_of(
      sql,
      "SELECT stage, from_fiscal_year FROM category_stages WHERE category_id = :c ORDER BY "
      "from_fiscal_year",
      +[](const soci::row& row) {
        return StageRow{as_text(row, 0), as_int(row, 1)};
      },
      category_id);
}

void add_category_stage(Session& sql, long long category_id, const std::string& stage,
                        long long from_fiscal_year) {
  const int fy = static_cast<int>(from_fiscal_year);
  sql << "INSERT INTO category_stages (category_id, stage, from_fiscal_year) VALUES (:c, :s, :f)",
      soci::use(category_id), soci::use(stage), soci::use(fy);
}

bool remove_category_stage(Session& sql, long long category_id, long long fiscal_year) {
  const int fy = static_cast<int>(fiscal_year);
  int n = 0;
  sql << "SELECT COUNT(*) FROM category_stages WHERE category_id = :c AND from_fiscal_year = :f",
      soci::use(category_id), soci::use(fy), soci::into(n);
  if (n == 0) return false;
  sql << "DELETE FROM category_stages WHERE category_id = :c AND from_fiscal_year = :f",
      soci::use(category_id), soci::use(fy);
  return true;
}

std::optional<long long> category_region(Session& sql, long long category_id) {
  long long region = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT f.region_id FROM categories c JOIN fields f ON f.id = c.field_id WHERE c.id = :c "
         "AND c.deleted_at IS NULL",
      soci::use(category_id), soci::into(region, ind);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return region;
}

long long plan_from(Session& sql, long long region_id) {
  long long fy = 0;
  sql << "SELECT plan_from FROM regions WHERE id = :r", soci::use(region_id), soci::into(fy);
  return fy;
}

std::optional<long long> find_category_year(Session& sql, long long category_id,
                                            long long fiscal_year) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM category_years WHERE category_id = :c AND fiscal_year = :y",
      soci::use(category_id), soci::use(fiscal_year), soci::into(id, ind);
  if (sql.got_data() && ind == soci::i_ok) return id;
  return std::nullopt;
}

long long insert_category_year(Session& sql, long long category_id, long long fiscal_year) {
  const int fy = static_cast<int>(fiscal_year);
  sql << "INSERT INTO category_years (category_id, fiscal_year) VALUES (:c, :y)",
      soci::use(category_id), soci::use(fy);
  long long id = 0;
  sql << "SELECT id FROM category_years WHERE category_id = :c AND fiscal_year = :y",
      soci::use(category_id), soci::use(fiscal_year), soci::into(id);
  return id;
}

std::optional<YearRow> load_category_year(Session& sql, long long year_id) {
  std::optional<YearRow> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, version, category_id, fiscal_year, "
                                               "direction, inferred FROM category_years "
                                               "WHERE id = :y",
                                soci::use(year_id));
  for (const auto& row : rs) {
    out = YearRow{as_int(row, 0),
                  as_int(row, 1),
                  as_int(row, 2),
                  as_int(row, 3),
                  as_text(row, 4),
                  as_text(row, 5),
                  {}};
  }
  if (!out) return out;
  soci::rowset<soci::row> ts =
      (sql.prepare
           << "SELECT text FROM category_year_topics WHERE category_year_id = :y ORDER BY position",
       soci::use(year_id));
  for (const auto& row : ts) out->topics.push_back(as_text(row, 0));
  return out;
}

void bump_category_year(Session& sql, long long year_id) {
  sql << "UPDATE category_years SET version = version + 1 WHERE id = :y", soci::use(year_id);
}

std::vector<long long> category_year_ids(Session& sql, long long category_id) {
  std::vector<long long> ids;
  soci::rowset<long long> ys =
      (sql.prepare << "SELECT id FROM category_years WHERE category_id = :c ORDER BY fiscal_year",
       soci::use(category_id));
  for (long long y : ys) ids.push_back(y);
  return ids;
}

void set_year_direction(Session& sql, long long year_id, const std::string& direction) {
  sql << "UPDATE category_years SET direction = :d WHERE id = :y", soci::use(direction),
      soci::use(year_id);
}

void set_year_inferred(Session& sql, long long year_id, const std::string& inferred) {
  sql << "UPDATE category_years SET inferred = :d WHERE id = :y", soci::use(inferred),
      soci::use(year_id);
}

void replace_year_topics(Session& sql, long long year_id, const std::vector<std::string>& topics) {
  sql << "DELETE FROM category_year_topics WHERE category_year_id = :y", soci::use(year_id);
  int pos = 0;
  for (const auto& text : topics) {
    sql << "INSERT INTO category_year_topics (category_year_id, text, position) VALUES (:y, :t, "
           ":p)",
        soci::use(year_id), soci::use(text), soci::use(pos++);
  }
}

// ---- actions -------------------------------------------------------------------------------

std::vector<std::string> action_participants(Session& sql, long long action_id) {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT municipality_code FROM action_participants WHERE action_id = :a "
                      "ORDER BY position",
       soci::use(action_id));
  for (const auto& row : rs) out.push_back(as_text(row, 0));
  return out;
}

namespace {
void insert_participant(Session& sql, long long action_id, const std::string& code, int position) {
  sql << "INSERT INTO action_participants (action_id, municipality_code, position) VALUES (:a, "
         ":m, :p)",
      soci::use(action_id), soci::use(code), soci::use(position);
}
}  // namespace

void replace_participants(Session& sql, long long action_id,
                          const std::vector<std::string>& codes) {
  sql << "DELETE FROM action_participants WHERE action_id = :a", soci::use(action_id);
  int pos = 0;
  for (const auto& code : codes) insert_participant(sql, action_id, code, pos++);
}

bool has_participant(Session& sql, long long action_id, const std::string& code) {
  int present = 0;
  sql << "SELECT COUNT(*) FROM action_participants WHERE action_id = :a AND municipality_code = :m",
      soci::use(action_id), soci::use(code), soci::into(present);
  return present > 0;
}

void add_participant(Session& sql, long long action_id, const std::string& code) {
  int pos = 0;
  sql << "SELECT COALESCE(MAX(position), -1) + 1 FROM action_participants WHERE action_id = :a",
      soci::use(action_id), soci::into(pos);
  insert_participant(sql, action_id, code, pos);
}

void remove_participant(Session& sql, long long action_id, const std::string& code) {
  sql << "DELETE FROM action_participants WHERE action_id = :a AND municipality_code = :m",
      soci::use(action_id), soci::use(code);
}

bool initiative_of_other_year(Session& sql, long long action_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM actions a JOIN initiatives i ON i.id = a.initiative_id "
         "WHERE a.id = :a AND i.category_year_id <> a.category_year_id",
      soci::use(action_id), soci::into(n);
  return n > 0;
}

// ---- regions -------------------------------------------------------------------------------

bool region_published(Session& sql, const std::string& slug) {
  int p = 1;
  sql << "SELECT published FROM regions WHERE slug = :s", soci::use(slug), soci::into(p);
  return p != 0;
}

}  // namespace kyosei::storage
