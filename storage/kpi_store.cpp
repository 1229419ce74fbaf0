#include "storage/kpi_store.hpp"

#include <soci/soci.h>

#include "storage/region_store.hpp"
#include "storage/row_util.hpp"

namespace kyosei::storage {

std::optional<RegionKpis> load_region_kpis(soci::session& sql, const std::string& slug) {
  auto region = RegionStore::load_in(sql, slug);
  if (!region) return std::nullopt;
  RegionKpis out;
  sql << "SELECT id, plan_from, plan_to FROM regions WHERE slug = :s", soci::use(slug),
      soci::into(out.region_id), soci::into(out.plan_from), soci::into(out.plan_to);
  out.bands = region->grade_bands;
  out.municipalities = region->municipalities;
  // Row ids in the same order as the region's KPIs (field, category, position).
  std::vector<std::tuple<long long, int, long long>> ids;
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT k.id, k.version, k.category_id FROM kpis k JOIN categories c ON c.id = "
              "k.category_id "
              "JOIN fields f ON f.id = c.field_id JOIN policy_areas a ON a.id = f.policy_area_id "
              "WHERE f.region_id = :r ORDER BY a.position, f.position, c.position, k.position",
       soci::use(out.region_id));
  for (const auto& row : rs)
    ids.emplace_back(as_int(row, 0), static_cast<int>(as_int(row, 1)), as_int(row, 2));
  std::size_t i = 0;
  for (const auto& area : region->policy_areas) {
    for (const auto& field : area.fields) {
      for (const auto& cat : field.categories) {
        for (const auto& k : cat.kpis) {
          if (i >= ids.size()) break;
          StoredKpi s;
          std::tie(s.id, s.version, s.category_id) = ids[i++];
          s.category = cat.name;
          s.field = field.name;
          s.kpi = k;
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

long long write_actual(soci::session& sql, long long kpi_id, long long row_id,
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
  return row_id;
}

}  // namespace kyosei::storage
