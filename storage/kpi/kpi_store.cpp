#include "storage/kpi/kpi_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "storage/common/row_util.hpp"
#include "storage/kpi/kpi_columns.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::storage {

std::optional<RegionKpis> load_region_kpis(Session& sql, const std::string& slug) {
  auto region = RegionStore::load_in(sql, slug);
  if (!region) return std::nullopt;
  RegionKpis out;
  sql << "SELECT id, plan_from, plan_to FROM regions WHERE slug = :s", soci::use(slug),
      soci::into(out.region_id), soci::into(out.plan_from), soci::into(out.plan_to);
  out.bands = region->grade_bands;
  out.municipalities = region->municipalities;
  // Row ids in the same order as the region's KPIs (field, category, position).
  std::vector<std::tuple<long long, int, long long, long long>> ids;
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT k.id, k.version, k.category_id, c.field_id FROM kpis k JOIN categories c ON "
              "c.id = "
              "k.category_id "
              "JOIN fields f ON f.id = c.field_id JOIN policy_areas a ON a.id = f.policy_area_id "
              "WHERE f.region_id = :r AND c.deleted_at IS NULL AND f.deleted_at IS NULL "
              "ORDER BY a.position, f.position, c.position, k.position",
       soci::use(out.region_id));
  for (const auto& row : rs)
    ids.emplace_back(as_int(row, 0), static_cast<int>(as_int(row, 1)), as_int(row, 2),
                     as_int(row, 3));
  std::size_t i = 0;
  for (const auto& area : region->policy_areas) {
    for (const auto& field : area.fields) {
      for (const auto& cat : field.categories) {
        for (const auto& k : cat.kpis) {
          if (i >= ids.size()) break;
          StoredKpi s;
          std::tie(s.id, s.version, s.category_id, s.field_id) = ids[i++];
          s.category = cat.name;
          s.field = field.name;
          s.kpi = k;
          for (const auto& y : cat.years) {
            auto& leads = s.leads[y.fiscal_year];
            const auto add = [&](const core::Action& a) {
              if (!a.lead.empty() && std::find(leads.begin(), leads.end(), a.lead) == leads.end())
                leads.push_back(a.lead);
            };
            for (const auto& ini : y.initiatives)
              for (const auto& a : ini.actions) add(a);
            for (const auto& a : y.actions) add(a);
          }
          out.kpis.push_back(std::move(s));
        }
      }
    }
  }
  std::map<long long, StoredKpi*> by_id;
  for (auto& k : out.kpis) by_id[k.id] = &k;
  soci::rowset<soci::row> actuals =
      (sql.prepare << "SELECT z.kpi_id, z.id, z.version, z.fiscal_year, z.municipality_code FROM "
                      "kpi_actuals z "
                      "JOIN kpis k ON k.id = z.kpi_id JOIN categories c ON c.id = k.category_id "
                      "JOIN fields f ON "
                      "f.id = c.field_id WHERE f.region_id = :r",
       soci::use(out.region_id));
  for (const auto& row : actuals) {
    auto it = by_id.find(as_int(row, 0));
    if (it == by_id.end()) continue;
    it->second->actual_rows[{static_cast<int>(as_int(row, 3)), as_text(row, 4)}] =
        StoredActual{as_int(row, 1), static_cast<int>(as_int(row, 2))};
  }
  return out;
}

std::optional<RegionKpis> read_region_kpis(Session& sql, const std::string& slug) {
  soci::transaction tr(sql);
  auto r = load_region_kpis(sql, slug);
  tr.commit();
  return r;
}

StoredActual write_actual(Session& sql, long long kpi_id, long long row_id,
                          const core::KpiActual& a) {
  const std::string value = a.value.text();
  if (row_id == 0) {
    int pos = 0;
    sql << "SELECT COALESCE(MAX(position), -1) + 1 FROM kpi_actuals WHERE kpi_id = :k",
        soci::use(kpi_id), soci::into(pos);
    sql << "INSERT INTO kpi_actuals (kpi_id, fiscal_year, municipality_code, value, note, "
           "entered_by, entered_at, "
           "position) VALUES (:k, :f, :m, :v, :n, :b, :a, :p)",
        soci::use(kpi_id), soci::use(a.fiscal_year), soci::use(a.municipality), soci::use(value),
        soci::use(a.note), soci::use(a.entered_by), soci::use(a.entered_at), soci::use(pos);
    sql << "SELECT id FROM kpi_actuals WHERE kpi_id = :k AND fiscal_year = :f AND "
           "municipality_code = :m",
        soci::use(kpi_id), soci::use(a.fiscal_year), soci::use(a.municipality), soci::into(row_id);
  } else {
    sql << "UPDATE kpi_actuals SET value = :v, note = :n, entered_by = :b, entered_at = :a, "
           "version = version + 1 "
           "WHERE id = :id",
        soci::use(value), soci::use(a.note), soci::use(a.entered_by), soci::use(a.entered_at),
        soci::use(row_id);
  }
  sql << "UPDATE kpis SET version = version + 1 WHERE id = :k", soci::use(kpi_id);
  int version = 0;
  sql << "SELECT version FROM kpi_actuals WHERE id = :i", soci::use(row_id), soci::into(version);
  return {row_id, version};
}

bool category_in_region(Session& sql, long long region_id, long long category_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM categories c JOIN fields f ON f.id = c.field_id WHERE c.id "
         "= :c AND f.region_id = :r AND c.deleted_at IS NULL AND f.deleted_at IS NULL",
      soci::use(category_id), soci::use(region_id), soci::into(n);
  return n > 0;
}

namespace {

TargetChange target_change_from(const soci::row& row) {
  TargetChange c;
  RowReader(row) >> c.id >> c.kpi_id >> c.changed_at >> c.changed_by >> c.reason >> c.before_json >>
      c.after_json;
  return c;
}

}  // namespace

long long write_kpi_definition(Session& sql, long long kpi_id, long long category_id,
                               const core::KpiDefinition& d) {
  long long old_category = 0;
  if (kpi_id != 0) {
    sql << "SELECT category_id FROM kpis WHERE id = :k", soci::use(kpi_id),
        soci::into(old_category);
  }
  int position = 0;
  if (kpi_id == 0 || old_category != category_id) {
    sql << "SELECT COALESCE(MAX(position), -1) + 1 FROM kpis WHERE category_id = :c",
        soci::use(category_id), soci::into(position);
  } else {
    sql << "SELECT position FROM kpis WHERE id = :k", soci::use(kpi_id), soci::into(position);
  }
  {
    // The INSERT and the UPDATE bind the same values in the same order (the UPDATE adds the id).
    KpiDefinitionColumns columns(d);
    soci::statement st(sql);
    columns.bind(st, category_id);
    st.exchange(soci::use(position));
    if (kpi_id != 0) st.exchange(soci::use(kpi_id));
    st.alloc();
    st.prepare(
        kpi_id == 0
            ? "INSERT INTO kpis (category_id, name, unit, direction, baseline_fy, "
              "baseline_value, target_fy, target_value, cumulative, summed, decimal_places, "
              "data_source, sample, inferred, position) VALUES (:c, :n, :u, :d, :bf, :bv, "
              ":tf, :tv, :cu, :su, :dp, :ds, 0, '', :p)"
            : "UPDATE kpis SET category_id = :c, name = :n, unit = :u, direction = :d, "
              "baseline_fy = :bf, baseline_value = :bv, target_fy = :tf, target_value = :tv, "
              "cumulative = :cu, summed = :su, decimal_places = :dp, data_source = :ds, "
              "position = :p, version = version + 1 WHERE id = :k");
    st.define_and_bind();
    st.execute(true);
  }
  if (kpi_id == 0) {
    sql << "SELECT MAX(id) FROM kpis WHERE category_id = :c", soci::use(category_id),
        soci::into(kpi_id);
  } else {
    sql << "DELETE FROM kpi_yearly_targets WHERE kpi_id = :k", soci::use(kpi_id);
  }
  for (const auto& [fy, v] : d.yearly_targets) {
    const std::string text = v.text();
    sql << "INSERT INTO kpi_yearly_targets (kpi_id, fiscal_year, value) VALUES (:k, :f, :v)",
        soci::use(kpi_id), soci::use(fy), soci::use(text);
  }
  return kpi_id;
}

void add_target_change(Session& sql, const TargetChange& c) {
  sql << "INSERT INTO kpi_target_changes (kpi_id, changed_at, changed_by, reason, before_json, "
         "after_json) VALUES (:k, :at, :by, :r, :b, :a)",
      soci::use(c.kpi_id), soci::use(c.changed_at), soci::use(c.changed_by), soci::use(c.reason),
      soci::use(c.before_json), soci::use(c.after_json);
}

std::vector<TargetChange> load_target_changes(Session& sql, long long kpi_id) {
  return rows_of(sql,
                 "SELECT id, kpi_id, changed_at, changed_by, reason, before_json, after_json "
                 "FROM kpi_target_changes WHERE kpi_id = :k ORDER BY id",
                 target_change_from, kpi_id);
}

}  // namespace kyosei::storage
