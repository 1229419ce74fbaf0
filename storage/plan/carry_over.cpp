#include "storage/plan/carry_over.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "core/council/council.hpp"
#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

constexpr std::string_view kSep = " › ";

// INSERT … SELECT … RETURNING id with `uses` bound in order.
template <typename... Uses>
long long insert_copy(soci::session& sql, const std::string& stmt, const Uses&... uses) {
  long long id = 0;
  soci::statement st(sql);
  (st.exchange(uses), ...);
  st.exchange(soci::into(id));
  st.alloc();
  st.prepare(stmt + " RETURNING id");
  st.define_and_bind();
  st.execute(true);
  return id;
}

// key → ids of the new region's live items, in order (the same key may occur twice).
using KeyIds = std::map<std::string, std::vector<long long>>;

KeyIds new_actions(soci::session& sql, long long region) {
  KeyIds out;
  for_each_row(
      sql,
      "SELECT a.id, f.name, c.name, y.fiscal_year, COALESCE(i.text, ''), a.text FROM actions a "
      "JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
      "y.category_id JOIN fields f ON f.id = c.field_id LEFT JOIN initiatives i ON i.id = "
      "a.initiative_id WHERE f.region_id = :r ORDER BY a.id",
      [&](const soci::row& row) {
        out[action_key(as_text(row, 1), as_text(row, 2), static_cast<int>(as_int(row, 3)),
                       as_text(row, 4), as_text(row, 5))]
            .push_back(as_int(row, 0));
      },
      region);
  return out;
}

KeyIds new_kpis(soci::session& sql, long long region) {
  KeyIds out;
  for_each_row(
      sql,
      "SELECT k.id, f.name, c.name, k.name FROM kpis k JOIN categories c ON c.id = k.category_id "
      "JOIN fields f ON f.id = c.field_id WHERE f.region_id = :r ORDER BY k.id",
      [&](const soci::row& row) {
        out[kpi_key(as_text(row, 1), as_text(row, 2), as_text(row, 3))].push_back(as_int(row, 0));
      },
      region);
  return out;
}

// Takes the next new id for `key`, if any is left.
std::optional<long long> take(KeyIds& ids, const std::string& key) {
  auto it = ids.find(key);
  if (it == ids.end() || it->second.empty()) return std::nullopt;
  const long long id = it->second.front();
  it->second.erase(it->second.begin());
  return id;
}

// Soft-deleted copies of the old rows an archived item hangs under, made once each.
class Archive {
 public:
  Archive(soci::session& sql, long long to, const RegionStore::ReplaceStamp& stamp)
      : sql_(sql), to_(to), at_(stamp.at), by_(stamp.by.empty() ? "load --replace" : stamp.by) {}

  long long action(long long old_action) {
    long long old_year = 0;
    long long old_initiative = 0;
    soci::indicator ini_ind = soci::i_null;
    sql_ << "SELECT category_year_id, initiative_id FROM actions WHERE id = :a",
        soci::use(old_action), soci::into(old_year), soci::into(old_initiative, ini_ind);
    const long long y = year(old_year);
    const long long ini = ini_ind == soci::i_null ? 0 : initiative(old_initiative, y);
    soci::indicator new_ini_ind = ini == 0 ? soci::i_null : soci::i_ok;
    const long long id = insert_copy(
        sql_,
        "INSERT INTO actions (category_year_id, initiative_id, text, all_participate, lead_code, "
        "funding, viewpoints, inferred, position, deleted_at, deleted_by) SELECT :y, :i, text, "
        "all_participate, lead_code, funding, viewpoints, inferred, position, "
        "COALESCE(deleted_at, :at), CASE WHEN deleted_at IS NULL THEN :by ELSE deleted_by END "
        "FROM actions WHERE id = :a",
        soci::use(y), soci::use(ini, new_ini_ind), soci::use(at_), soci::use(by_),
        soci::use(old_action));
    sql_ << "INSERT INTO action_participants (action_id, municipality_code, position) SELECT :n, "
            "municipality_code, position FROM action_participants WHERE action_id = :o",
        soci::use(id), soci::use(old_action);
    sql_ << "INSERT INTO action_photos (action_id, caption, inferred, position) SELECT :n, "
            "caption, inferred, position FROM action_photos WHERE action_id = :o",
        soci::use(id), soci::use(old_action);
    sql_ << "INSERT INTO action_agreements (action_id, agreement_title, position) SELECT :n, "
            "agreement_title, position FROM action_agreements WHERE action_id = :o",
        soci::use(id), soci::use(old_action);
    return id;
  }

  long long kpi(long long old_kpi) {
    long long old_category = 0;
    sql_ << "SELECT category_id FROM kpis WHERE id = :k", soci::use(old_kpi),
        soci::into(old_category);
    const long long c = category(old_category);
    const long long id = insert_copy(
        sql_,
        "INSERT INTO kpis (category_id, name, unit, direction, baseline_fy, baseline_value, "
        "target_fy, target_value, cumulative, summed, decimal_places, data_source, sample, "
        "inferred, position) SELECT :c, name, unit, direction, baseline_fy, baseline_value, "
        "target_fy, target_value, cumulative, summed, decimal_places, data_source, sample, "
        "inferred, position FROM kpis WHERE id = :k",
        soci::use(c), soci::use(old_kpi));
    sql_ << "INSERT INTO kpi_yearly_targets (kpi_id, fiscal_year, value) SELECT :n, fiscal_year, "
            "value FROM kpi_yearly_targets WHERE kpi_id = :o",
        soci::use(id), soci::use(old_kpi);
    sql_ << "INSERT INTO kpi_actuals (kpi_id, fiscal_year, municipality_code, value, note, "
            "entered_by, entered_at, position) SELECT :n, fiscal_year, municipality_code, value, "
            "note, entered_by, entered_at, position FROM kpi_actuals WHERE kpi_id = :o",
        soci::use(id), soci::use(old_kpi);
    return id;
  }

 private:
  long long year(long long old_year) {
    if (auto it = years_.find(old_year); it != years_.end()) return it->second;
    long long old_category = 0;
    sql_ << "SELECT category_id FROM category_years WHERE id = :y", soci::use(old_year),
        soci::into(old_category);
    const long long c = category(old_category);
    const long long id =
        insert_copy(sql_,
                    "INSERT INTO category_years (category_id, fiscal_year, direction, inferred) "
                    "SELECT :c, fiscal_year, direction, inferred FROM category_years WHERE id = :y",
                    soci::use(c), soci::use(old_year));
    return years_[old_year] = id;
  }

  long long initiative(long long old_initiative, long long new_year) {
    if (auto it = initiatives_.find(old_initiative); it != initiatives_.end()) return it->second;
    const long long id = insert_copy(
        sql_,
        "INSERT INTO initiatives (category_year_id, text, inferred, position, deleted_at, "
        "deleted_by) SELECT :y, text, inferred, position, :at, :by FROM initiatives WHERE id = :i",
        soci::use(new_year), soci::use(at_), soci::use(by_), soci::use(old_initiative));
    return initiatives_[old_initiative] = id;
  }

  // The archived category is always a soft-deleted copy: every read skips what is under it.
  long long category(long long old_category) {
    if (auto it = categories_.find(old_category); it != categories_.end()) return it->second;
    long long old_field = 0;
    sql_ << "SELECT field_id FROM categories WHERE id = :c", soci::use(old_category),
        soci::into(old_field);
    const long long f = field(old_field);
    const long long id = insert_copy(
        sql_,
        "INSERT INTO categories (field_id, name, note, inferred, position, deleted_at, "
        "deleted_by) SELECT :f, name, note, inferred, position, :at, :by FROM categories WHERE "
        "id = :c",
        soci::use(f), soci::use(at_), soci::use(by_), soci::use(old_category));
    return categories_[old_category] = id;
  }

  // The new region's field of the same name, else a soft-deleted copy.
  long long field(long long old_field) {
    if (auto it = fields_.find(old_field); it != fields_.end()) return it->second;
    std::string name, area_code;
    sql_ << "SELECT f.name, a.code FROM fields f JOIN policy_areas a ON a.id = f.policy_area_id "
            "WHERE f.id = :f",
        soci::use(old_field), soci::into(name), soci::into(area_code);
    long long id = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MIN(id) FROM fields WHERE region_id = :r AND name = :n AND deleted_at IS NULL",
        soci::use(to_), soci::use(name), soci::into(id, ind);
    if (ind == soci::i_null) {
      const long long area = policy_area(area_code, old_field);
      id = insert_copy(sql_,
                       "INSERT INTO fields (region_id, policy_area_id, name, inferred, position, "
                       "deleted_at, deleted_by) SELECT :r, :a, name, inferred, position, :at, :by "
                       "FROM fields WHERE id = :f",
                       soci::use(to_), soci::use(area), soci::use(at_), soci::use(by_),
                       soci::use(old_field));
    }
    return fields_[old_field] = id;
  }

  // The new region's policy area with the same code, else a copy of the old one (policy
  // areas have no deleted mark; it holds only soft-deleted fields).
  long long policy_area(const std::string& code, long long old_field) {
    long long id = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MIN(id) FROM policy_areas WHERE region_id = :r AND code = :c", soci::use(to_),
        soci::use(code), soci::into(id, ind);
    if (ind != soci::i_null) return id;
    return insert_copy(sql_,
                       "INSERT INTO policy_areas (region_id, code, name, position) SELECT :r, "
                       "a.code, a.name, a.position FROM policy_areas a JOIN fields f ON "
                       "f.policy_area_id = a.id WHERE f.id = :f",
                       soci::use(to_), soci::use(old_field));
  }

  soci::session& sql_;
  long long to_;
  std::string at_;
  std::string by_;
  std::map<long long, long long> years_, initiatives_, categories_, fields_;
};

// "3,7,9" with every id found in `map` replaced (ids not in it stay: they match nothing),
// sorted again.
std::string remap_ids(const std::string& text, const std::map<long long, long long>& map) {
  std::vector<long long> ids;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) continue;
    const long long id = std::stoll(part);
    const auto it = map.find(id);
    ids.push_back(it == map.end() ? id : it->second);
  }
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// Old live field id → new field id, by name; old KPI id → new KPI id, by key.
std::map<long long, long long> field_map(soci::session& sql, long long from, long long to) {
  std::map<std::string, long long> by_name;
  for_each_row(
      sql, "SELECT id, name FROM fields WHERE region_id = :r AND deleted_at IS NULL",
      [&](const soci::row& row) { by_name.emplace(as_text(row, 1), as_int(row, 0)); }, to);
  std::map<long long, long long> out;
  for_each_row(
      sql, "SELECT id, name FROM fields WHERE region_id = :r",
      [&](const soci::row& row) {
        if (auto it = by_name.find(as_text(row, 1)); it != by_name.end()) {
          out[as_int(row, 0)] = it->second;
        }
      },
      from);
  return out;
}

// Where the council's targets (and agenda items) move: old plan item id → new id, per kind.
struct TargetMoves {
  std::map<long long, long long> field, category, action, kpi;
};

// Old item ids (live ones first, then by id) mapped to the new region's live items of the
// same key, in order; new ids in `used` are not taken again. `old_sql` and `new_sql` select
// (id, key) for the region bound as :r; `moves` keeps what it holds already.
void match_by_key(soci::session& sql, const std::string& old_sql, long long from,
                  const std::string& new_sql, long long to, std::map<long long, long long>& moves) {
  KeyIds fresh;
  for_each_row(
      sql, new_sql, [&](const soci::row& row) { fresh[as_text(row, 1)].push_back(as_int(row, 0)); },
      to);
  std::set<long long> used;
  for (const auto& [o, n] : moves) used.insert(n);
  for (auto& [key, ids] : fresh)
    std::erase_if(ids, [&](long long id) { return used.contains(id); });
  for_each_row(
      sql, old_sql,
      [&](const soci::row& row) {
        const long long id = as_int(row, 0);
        if (moves.contains(id)) return;
        if (auto n = take(fresh, as_text(row, 1))) moves[id] = *n;
      },
      from);
}

// The key of a category and of an item under it, built in SQL: field › category (› …).
constexpr const char* kCategoryKey = "f.name || ' › ' || c.name";

TargetMoves target_moves(soci::session& sql, long long from, long long to,
                         const std::map<long long, long long>& fields,
                         const std::map<long long, long long>& actions,
                         const std::map<long long, long long>& kpis) {
  TargetMoves m;
  m.field = fields;
  m.action = actions;
  m.kpi = kpis;
  const std::string live = " AND c.deleted_at IS NULL AND f.deleted_at IS NULL";
  const std::string cat_from =
      std::string("SELECT c.id, ") + kCategoryKey +
      " FROM categories c JOIN fields f ON f.id = c.field_id WHERE f.region_id = :r";
  match_by_key(sql,
               cat_from +
                   " ORDER BY CASE WHEN c.deleted_at IS NULL AND f.deleted_at IS NULL "
                   "THEN 0 ELSE 1 END, c.id",
               from, cat_from + live + " ORDER BY c.id", to, m.category);
  // Actions: the key of action_key, computed here in C++ for both sides.
  auto action_rows = [&](long long region, bool only_live) {
    std::vector<std::pair<long long, std::string>> out;
    for_each_row(
        sql,
        "SELECT a.id, f.name, c.name, y.fiscal_year, COALESCE(i.text, ''), a.text, CASE WHEN "
        "a.deleted_at IS NULL AND c.deleted_at IS NULL AND f.deleted_at IS NULL THEN 0 ELSE 1 "
        "END FROM actions a JOIN category_years y ON y.id = a.category_year_id JOIN categories c "
        "ON c.id = y.category_id JOIN fields f ON f.id = c.field_id LEFT JOIN initiatives i ON "
        "i.id = a.initiative_id WHERE f.region_id = :r ORDER BY 7, a.id",
        [&](const soci::row& row) {
          if (only_live && as_int(row, 6) != 0) return;
          out.emplace_back(as_int(row, 0), action_key(as_text(row, 1), as_text(row, 2),
                                                      static_cast<int>(as_int(row, 3)),
                                                      as_text(row, 4), as_text(row, 5)));
        },
        region);
    return out;
  };
  {
    KeyIds fresh;
    std::set<long long> used;
    for (const auto& [o, n] : m.action) used.insert(n);
    for (const auto& [id, key] : action_rows(to, true)) {
      if (!used.contains(id)) fresh[key].push_back(id);
    }
    for (const auto& [id, key] : action_rows(from, false)) {
      if (m.action.contains(id)) continue;
      if (auto n = take(fresh, key)) m.action[id] = *n;
    }
  }
  const std::string kpi_from = std::string("SELECT k.id, ") + kCategoryKey +
                               " || ' › ' || k.name FROM kpis k JOIN categories c ON c.id = "
                               "k.category_id JOIN fields f ON f.id = c.field_id "
                               "WHERE f.region_id = :r";
  match_by_key(sql,
               kpi_from +
                   " ORDER BY CASE WHEN c.deleted_at IS NULL AND f.deleted_at IS NULL "
                   "THEN 0 ELSE 1 END, k.id",
               from, kpi_from + live + " ORDER BY k.id", to, m.kpi);
  return m;
}

// A stored target list with every plan item re-pointed (items that are gone keep their
// old id, which names nothing any more: their name reads as unknown).
std::string remap_targets(const std::string& text, const TargetMoves& m) {
  auto list = core::split_targets(text);
  if (!list) return text;
  for (auto& t : *list) {
    const std::map<long long, long long>* map = nullptr;
    switch (t.kind) {
      case core::TargetKind::kVision:
      case core::TargetKind::kRound:  // reports stay with the region they were written in
      case core::TargetKind::kCouncilMaterial: break;
      case core::TargetKind::kField: map = &m.field; break;
      case core::TargetKind::kCategory: map = &m.category; break;
      case core::TargetKind::kAction: map = &m.action; break;
      case core::TargetKind::kKpi: map = &m.kpi; break;
    }
    if (map == nullptr) continue;
    if (auto it = map->find(t.id); it != map->end()) t.id = it->second;
  }
  return core::join_targets(*list);
}

// Re-points the targets of `table` (id, targets) rows selected by `where` (:r = from).
void repoint_targets(soci::session& sql, const std::string& table, const std::string& where,
                     long long from, const TargetMoves& m) {
  std::vector<std::pair<long long, std::string>> rows;
  for_each_row(
      sql, "SELECT id, targets FROM " + table + " WHERE " + where + " AND targets <> ''",
      [&](const soci::row& row) { rows.emplace_back(as_int(row, 0), as_text(row, 1)); }, from);
  for (const auto& [id, targets] : rows) {
    const std::string moved = remap_targets(targets, m);
    if (moved == targets) continue;
    sql << "UPDATE " + table + " SET targets = :t WHERE id = :i", soci::use(moved), soci::use(id);
  }
}

}  // namespace

std::string action_key(std::string_view field, std::string_view category, int fiscal_year,
                       std::string_view initiative, std::string_view text) {
  std::string key;
  for (auto part : {field, category}) (key += part) += kSep;
  key += std::to_string(fiscal_year);
  if (!initiative.empty()) (key += kSep) += initiative;
  (key += kSep) += text;
  return key;
}

std::string kpi_key(std::string_view field, std::string_view category, std::string_view name) {
  std::string key(field);
  ((key += kSep) += category) += kSep;
  return key += name;
}

std::vector<ItemRecords> items_with_records(soci::session& sql, long long region_id) {
  std::vector<ItemRecords> out;
  for_each_row(
      sql,
      "SELECT a.id, f.name, c.name, y.fiscal_year, COALESCE(i.text, ''), a.text, "
      "CASE WHEN a.deleted_at IS NULL AND i.deleted_at IS NULL AND c.deleted_at IS NULL AND "
      "f.deleted_at IS NULL THEN 1 ELSE 0 END, "
      "(SELECT COUNT(*) FROM progress_records p WHERE p.action_id = a.id), "
      "(SELECT COUNT(*) FROM evaluations e WHERE e.action_id = a.id), "
      "(SELECT COUNT(*) FROM evidence_files v JOIN progress_records p ON p.id = v.progress_id "
      "WHERE p.action_id = a.id AND v.deleted_at IS NULL) "
      "FROM actions a JOIN category_years y ON y.id = a.category_year_id JOIN categories c ON "
      "c.id = y.category_id JOIN fields f ON f.id = c.field_id LEFT JOIN initiatives i ON i.id = "
      "a.initiative_id WHERE f.region_id = :r AND (EXISTS (SELECT 1 FROM progress_records p "
      "WHERE p.action_id = a.id) OR EXISTS (SELECT 1 FROM evaluations e WHERE e.action_id = "
      "a.id)) ORDER BY 7 DESC, a.id",
      [&](const soci::row& row) {
        ItemRecords r;
        r.kind = ItemRecords::Kind::kAction;
        r.id = as_int(row, 0);
        r.key = action_key(as_text(row, 1), as_text(row, 2), static_cast<int>(as_int(row, 3)),
                           as_text(row, 4), as_text(row, 5));
        r.live = as_int(row, 6) != 0;
        r.progress = as_int(row, 7);
        r.evaluations = as_int(row, 8);
        r.evidence = as_int(row, 9);
        out.push_back(std::move(r));
      },
      region_id);
  for_each_row(
      sql,
      "SELECT k.id, f.name, c.name, k.name, CASE WHEN c.deleted_at IS NULL AND f.deleted_at IS "
      "NULL THEN 1 ELSE 0 END, (SELECT COUNT(*) FROM kpi_actuals z WHERE z.kpi_id = k.id), "
      "(SELECT COUNT(*) FROM kpi_target_changes t WHERE t.kpi_id = k.id) FROM kpis k JOIN "
      "categories c ON c.id = k.category_id JOIN fields f ON f.id = c.field_id WHERE f.region_id "
      "= :r AND (EXISTS (SELECT 1 FROM kpi_actuals z WHERE z.kpi_id = k.id) OR EXISTS (SELECT 1 "
      "FROM kpi_target_changes t WHERE t.kpi_id = k.id)) ORDER BY 5 DESC, k.id",
      [&](const soci::row& row) {
        ItemRecords r;
        r.kind = ItemRecords::Kind::kKpi;
        r.id = as_int(row, 0);
        r.key = kpi_key(as_text(row, 1), as_text(row, 2), as_text(row, 3));
        r.live = as_int(row, 4) != 0;
        r.kpi_actuals = as_int(row, 5);
        r.target_changes = as_int(row, 6);
        out.push_back(std::move(r));
      },
      region_id);
  return out;
}

std::vector<ItemRecords> items_with_records(soci::session& sql, const std::string& slug) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM regions WHERE slug = :s", soci::use(slug), soci::into(id, ind);
  if (!sql.got_data() || ind == soci::i_null) return {};
  return items_with_records(sql, id);
}

void carry_over(soci::session& sql, long long from, long long to,
                const RegionStore::ReplaceStamp& stamp) {
  const auto items = items_with_records(sql, from);
  KeyIds actions = new_actions(sql, to);
  KeyIds kpis = new_kpis(sql, to);
  Archive archive(sql, to, stamp);
  std::map<long long, long long> kpi_moves;
  // Every move of a plan item, archived copies included (the council's targets follow).
  std::map<long long, long long> action_targets, kpi_targets;
  for (const auto& item : items) {
    if (item.kind == ItemRecords::Kind::kAction) {
      auto target = take(actions, item.key);
      if (target && item.evaluations > 0) {
        int taken = 0;
        sql << "SELECT COUNT(*) FROM evaluations WHERE action_id = :a", soci::use(*target),
            soci::into(taken);
        if (taken > 0) target.reset();  // one evaluation per action: keep this one apart
      }
      const long long to_action = target ? *target : archive.action(item.id);
      action_targets[item.id] = to_action;
      sql << "UPDATE progress_records SET action_id = :n WHERE action_id = :o",
          soci::use(to_action), soci::use(item.id);
      sql << "UPDATE evaluations SET action_id = :n WHERE action_id = :o", soci::use(to_action),
          soci::use(item.id);
    } else {
      // A KPI that is still there takes its actuals from the file; one that is gone keeps
      // them in its soft-deleted copy.
      const auto target = take(kpis, item.key);
      const long long to_kpi = target ? *target : archive.kpi(item.id);
      sql << "UPDATE kpi_target_changes SET kpi_id = :n WHERE kpi_id = :o", soci::use(to_kpi),
          soci::use(item.id);
      if (target) kpi_moves[item.id] = to_kpi;
      kpi_targets[item.id] = to_kpi;
    }
  }
  // Rounds move with the region; their scope names field and KPI ids.
  const auto fields = field_map(sql, from, to);
  {
    KeyIds all_kpis = new_kpis(sql, to);
    for_each_row(
        sql,
        "SELECT k.id, f.name, c.name, k.name FROM kpis k JOIN categories c ON c.id = k.category_id "
        "JOIN fields f ON f.id = c.field_id WHERE f.region_id = :r ORDER BY k.id",
        [&](const soci::row& row) {
          const auto key = kpi_key(as_text(row, 1), as_text(row, 2), as_text(row, 3));
          if (!kpi_moves.contains(as_int(row, 0))) {
            if (auto id = take(all_kpis, key)) kpi_moves[as_int(row, 0)] = *id;
          }
        },
        from);
  }
  std::vector<std::tuple<long long, std::string, std::string>> rounds;
  for_each_row(
      sql, "SELECT id, field_ids, kpi_ids FROM rounds WHERE region_id = :r",
      [&](const soci::row& row) {
        rounds.emplace_back(as_int(row, 0), as_text(row, 1), as_text(row, 2));
      },
      from);
  for (const auto& [id, field_ids, kpi_ids] : rounds) {
    const std::string f = remap_ids(field_ids, fields);
    const std::string k = remap_ids(kpi_ids, kpi_moves);
    sql << "UPDATE rounds SET region_id = :r, field_ids = :f, kpi_ids = :k WHERE id = :i",
        soci::use(to), soci::use(f), soci::use(k), soci::use(id);
  }
  // The council's register, meetings and opinions belong to the region, not to the plan:
  // they move with it (a meeting's field scope by name, like a round's). Their agenda and
  // opinion targets name plan items by id: each is re-pointed to the new item of the same
  // key (a field by name, a category by field › name, an action and a KPI by the keys
  // above; an item kept as a soft-deleted copy to that copy) (ADR 0013).
  const auto moves = target_moves(sql, from, to, fields, action_targets, kpi_targets);
  repoint_targets(sql, "opinions", "region_id = :r", from, moves);
  repoint_targets(sql, "meeting_agenda_items",
                  "meeting_id IN (SELECT id FROM meetings WHERE region_id = :r)", from, moves);
  for (const char* table : {"council_members", "opinions", "plan_editions"}) {
    sql << std::string("UPDATE ") + table + " SET region_id = :t WHERE region_id = :f",
        soci::use(to), soci::use(from);
  }
  std::vector<std::pair<long long, std::string>> meetings;
  for_each_row(
      sql, "SELECT id, field_ids FROM meetings WHERE region_id = :r",
      [&](const soci::row& row) { meetings.emplace_back(as_int(row, 0), as_text(row, 1)); }, from);
  for (const auto& [id, field_ids] : meetings) {
    const std::string f = remap_ids(field_ids, fields);
    sql << "UPDATE meetings SET region_id = :r, field_ids = :f WHERE id = :i", soci::use(to),
        soci::use(f), soci::use(id);
  }
  // The year's schedule and the notices belong to the region: they move with it.
  for (const char* table : {"schedule_milestones", "notices"}) {
    sql << std::string("UPDATE ") + table + " SET region_id = :t WHERE region_id = :f",
        soci::use(to), soci::use(from);
  }
  // The subcommittee workspace names plan items by id: a thread its field and its target (a
  // category or an action), an assessment and a proposal their category. Each is re-pointed
  // to the new item of the same key, like the council's targets (ADR 0013).
  std::vector<std::tuple<long long, long long, std::string>> threads;
  for_each_row(
      sql, "SELECT id, field_id, target FROM subcommittee_threads WHERE region_id = :r",
      [&](const soci::row& row) {
        threads.emplace_back(as_int(row, 0), as_int(row, 1), as_text(row, 2));
      },
      from);
  for (const auto& [id, field_id, target] : threads) {
    const auto f = fields.find(field_id);
    const long long field = f == fields.end() ? field_id : f->second;
    const std::string moved = remap_targets(target, moves);
    sql << "UPDATE subcommittee_threads SET region_id = :r, field_id = :f, target = :t "
           "WHERE id = :i",
        soci::use(to), soci::use(field), soci::use(moved), soci::use(id);
  }
  for (const auto& [old_id, new_id] : moves.category) {
    sql << "UPDATE viewpoint_assessments SET category_id = :n WHERE category_id = :o",
        soci::use(new_id), soci::use(old_id);
    sql << "UPDATE revision_proposals SET category_id = :n WHERE category_id = :o AND "
           "region_id = :f",
        soci::use(new_id), soci::use(old_id), soci::use(from);
  }
  sql << "UPDATE revision_proposals SET region_id = :t WHERE region_id = :f", soci::use(to),
      soci::use(from);
  // Subcommittee members' grants name field ids of the region.
  std::string slug;
  sql << "SELECT slug FROM regions WHERE id = :r", soci::use(to), soci::into(slug);
  std::vector<std::pair<long long, std::string>> grants;
  for_each_row(
      sql, "SELECT id, field_ids FROM user_roles WHERE region_slug = :s AND field_ids <> ''",
      [&](const soci::row& row) { grants.emplace_back(as_int(row, 0), as_text(row, 1)); }, slug);
  for (const auto& [id, field_ids] : grants) {
    const std::string f = remap_ids(field_ids, fields);
    sql << "UPDATE user_roles SET field_ids = :f WHERE id = :i", soci::use(f), soci::use(id);
  }
}

}  // namespace kyosei::storage
