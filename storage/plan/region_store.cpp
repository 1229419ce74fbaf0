#include "storage/plan/region_store.hpp"

#include <soci/soci.h>

#include <map>
#include <sstream>

#include "storage/audit/audit_store.hpp"
#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"
#include "storage/kpi/kpi_columns.hpp"
#include "storage/plan/carry_over.hpp"
#include "storage/plan/grading_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::storage {
namespace {

using core::Region;

std::string date_text(const std::optional<core::Date>& d) { return d ? core::to_string(*d) : ""; }

std::optional<core::Date> date_from(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return core::parse_date(s);
}

// Stored decimals were validated on the way in; a damaged one reads as 0.
core::Decimal decimal_from(const std::string& text) {
  return core::Decimal::parse(text).value.value_or(core::Decimal{});
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (int x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

std::vector<int> split_ints(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (!part.empty()) out.push_back(std::stoi(part));
  }
  return out;
}

long long insert_returning(soci::session& sql, const std::string& stmt,
                           const std::function<void(soci::statement&)>& bind) {
  long long id = 0;
  soci::statement st(sql);
  bind(st);
  st.exchange(soci::into(id));
  st.alloc();
  st.prepare(stmt + " RETURNING id");
  st.define_and_bind();
  st.execute(true);
  return id;
}

// INSERTs one row with the `uses` bound in order and returns its id.
template <typename... Uses>
long long insert_row(soci::session& sql, const std::string& stmt, const Uses&... uses) {
  return insert_returning(sql, stmt, [&](soci::statement& st) { (st.exchange(uses), ...); });
}

// Grade bands as "A>=100;B>=80;C>=50;below=D"; "" stands for the default bands.
// The grading method is a column of its own (kpi_rate_method).
std::string encode_bands(const core::GradeBands& b) {
  const auto d = core::default_grade_bands();
  if (b.bands == d.bands && b.below == d.below) return {};
  std::string out;
  for (const auto& band : b.bands) out += band.grade + ">=" + band.minimum_percent.text() + ";";
  return out + "below=" + b.below;
}

core::GradeBands decode_bands(const std::string& text) {
  if (text.empty()) return core::default_grade_bands();
  core::GradeBands b;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ';')) {
    if (part.rfind("below=", 0) == 0) {
      b.below = part.substr(6);
    } else if (auto eq = part.find(">="); eq != std::string::npos) {
      auto d = core::Decimal::parse(part.substr(eq + 2));
      b.bands.push_back({part.substr(0, eq), d.value.value_or(core::Decimal{})});
    }
  }
  return b;
}

class Writer {
 public:
  explicit Writer(soci::session& sql) : sql_(sql) {}

  void write(const Region& r) {
    const std::string kind(core::code(r.kind));
    const std::string declared = date_text(r.declared_on);
    soci::indicator declared_ind = declared.empty() ? soci::i_null : soci::i_ok;
    region_id_ = insert_row(
        sql_,
        "INSERT INTO regions (slug, kind, name, name_en, declared_on, source, vision_title, "
        "plan_from, plan_to) VALUES (:slug, :kind, :name, :name_en, :declared, :source, :title, "
        ":pf, :pt)",
        soci::use(r.slug), soci::use(kind), soci::use(r.name), soci::use(r.name_en),
        soci::use(declared, declared_ind), soci::use(r.source), soci::use(r.vision.title),
        soci::use(r.vision.from_fiscal_year), soci::use(r.vision.to_fiscal_year));
    const std::string bands = encode_bands(r.grade_bands);
    const std::string method(core::code(r.grade_bands.method));
    sql_ << "UPDATE regions SET grade_bands = :b, kpi_rate_method = :m WHERE id = :id",
        soci::use(bands), soci::use(method), soci::use(region_id_);
    int pos = 0;
    for (const auto& m : r.municipalities) {
      const std::string k(core::code(m.kind));
      const std::string role(core::code(m.role));
      sql_ << "INSERT INTO municipalities (region_id, code, name, kind, role, inferred, position) "
              "VALUES (:r, :c, :n, :k, :ro, :i, :p)",
          soci::use(region_id_), soci::use(m.code), soci::use(m.name), soci::use(k),
          soci::use(role), soci::use(m.inferred), soci::use(pos++);
    }
    pos = 0;
    for (const auto& a : r.agreements) {
      const std::string signed_on = date_text(a.signed_on);
      const std::string resolved_on = date_text(a.resolved_on);
      soci::indicator si = signed_on.empty() ? soci::i_null : soci::i_ok;
      soci::indicator ri = resolved_on.empty() ? soci::i_null : soci::i_ok;
      sql_ << "INSERT INTO agreements (region_id, kind, title, municipality_code, signed_on, "
              "resolved_on, note, inferred, position) VALUES (:r, :k, :t, :m, :s, :re, :n, :i, :p)",
          soci::use(region_id_), soci::use(a.kind), soci::use(a.title), soci::use(a.municipality),
          soci::use(signed_on, si), soci::use(resolved_on, ri), soci::use(a.note),
          soci::use(a.inferred), soci::use(pos++);
    }
    int area_pos = 0;
    for (const auto& area : r.policy_areas) {
      const long long area_id = insert_row(
          sql_,
          "INSERT INTO policy_areas (region_id, code, name, position) VALUES (:r, :c, :n, :p)",
          soci::use(region_id_), soci::use(area.code), soci::use(area.name), soci::use(area_pos));
      ++area_pos;
      int field_pos = 0;
      for (const auto& f : area.fields) write_field(area_id, f, field_pos++);
    }
    for (const auto& v : r.viewpoints) {
      sql_ << "INSERT INTO viewpoints (region_id, number, text) VALUES (:r, :n, :t)",
          soci::use(region_id_), soci::use(v.number), soci::use(v.text);
    }
    pos = 0;
    for (const auto& c : r.cycle) {
      sql_ << "INSERT INTO cycle_steps (region_id, position, name, role) VALUES (:r, :p, :n, :ro)",
          soci::use(region_id_), soci::use(pos++), soci::use(c.name), soci::use(c.role);
    }
    pos = 0;
    for (const auto& s : r.schedule) {
      sql_ << "INSERT INTO schedule_items (region_id, fiscal_year, kind, label, from_month, "
              "to_month, inferred, position) VALUES (:r, :fy, :k, :l, :fm, :tm, :i, :p)",
          soci::use(region_id_), soci::use(s.fiscal_year), soci::use(s.kind), soci::use(s.label),
          soci::use(s.from_month), soci::use(s.to_month), soci::use(s.inferred), soci::use(pos++);
    }
  }

 private:
  void write_field(long long area_id, const core::Field& f, int position) {
    const long long field_id =
        insert_row(sql_,
                   "INSERT INTO fields (region_id, policy_area_id, name, inferred, position) "
                   "VALUES (:r, :a, :n, :i, :p)",
                   soci::use(region_id_), soci::use(area_id), soci::use(f.name),
                   soci::use(f.inferred), soci::use(position));
    int cat_pos = 0;
    for (const auto& c : f.categories) {
      const int cp = cat_pos++;
      const long long cat_id =
          insert_row(sql_,
                     "INSERT INTO categories (field_id, name, note, inferred, position) "
                     "VALUES (:f, :n, :no, :i, :p)",
                     soci::use(field_id), soci::use(c.name), soci::use(c.note),
                     soci::use(c.inferred), soci::use(cp));
      for (const auto& s : c.stages) {
        const std::string stage(core::code(s.stage));
        sql_ << "INSERT INTO category_stages (category_id, stage, from_fiscal_year) "
                "VALUES (:c, :s, :fy)",
            soci::use(cat_id), soci::use(stage), soci::use(s.from_fiscal_year);
      }
      int kpi_pos = 0;
      for (const auto& k : c.kpis) write_kpi(cat_id, k, kpi_pos++);
      for (const auto& y : c.years) write_year(cat_id, y);
    }
  }

  void write_kpi(long long cat_id, const core::Kpi& k, int position) {
    const auto& d = k.definition;
    KpiDefinitionColumns columns(d);
    const int sample = k.sample ? 1 : 0;
    const long long kpi_id =
        insert_returning(sql_,
                         "INSERT INTO kpis (category_id, name, unit, direction, baseline_fy, "
                         "baseline_value, target_fy, "
                         "target_value, cumulative, summed, decimal_places, data_source, sample, "
                         "inferred, position) VALUES "
                         "(:c, :n, :u, :d, :bf, :bv, :tf, :tv, :cu, :su, :dp, :ds, :sa, :i, :p)",
                         [&](soci::statement& st) {
                           columns.bind(st, cat_id);
                           st.exchange(soci::use(sample));
                           st.exchange(soci::use(k.inferred));
                           st.exchange(soci::use(position));
                         });
    for (const auto& [fy, v] : d.yearly_targets) {
      const std::string text = v.text();
      sql_ << "INSERT INTO kpi_yearly_targets (kpi_id, fiscal_year, value) VALUES (:k, :f, :v)",
          soci::use(kpi_id), soci::use(fy), soci::use(text);
    }
    int pos = 0;
    for (const auto& a : k.actuals) {
      const std::string text = a.value.text();
      sql_ << "INSERT INTO kpi_actuals (kpi_id, fiscal_year, municipality_code, value, note, "
              "entered_by, "
              "entered_at, position) VALUES (:k, :f, :m, :v, :n, :b, :a, :p)",
          soci::use(kpi_id), soci::use(a.fiscal_year), soci::use(a.municipality), soci::use(text),
          soci::use(a.note), soci::use(a.entered_by), soci::use(a.entered_at), soci::use(pos++);
    }
  }

  void write_year(long long cat_id, const core::CategoryYear& y) {
    const long long year_id = insert_row(
        sql_,
        "INSERT INTO category_years (category_id, fiscal_year, direction, inferred) "
        "VALUES (:c, :fy, :d, :i)",
        soci::use(cat_id), soci::use(y.fiscal_year), soci::use(y.direction), soci::use(y.inferred));
    int pos = 0;
    for (const auto& t : y.topics) {
      sql_ << "INSERT INTO category_year_topics (category_year_id, text, position) VALUES (:y, :t, "
              ":p)",
          soci::use(year_id), soci::use(t), soci::use(pos++);
    }
    int action_pos = 0;
    int ini_pos = 0;
    for (const auto& ini : y.initiatives) {
      const int ip = ini_pos++;
      const long long ini_id = insert_row(
          sql_,
          "INSERT INTO initiatives (category_year_id, text, inferred, position) "
          "VALUES (:y, :t, :i, :p)",
          soci::use(year_id), soci::use(ini.text), soci::use(ini.inferred), soci::use(ip));
      for (const auto& a : ini.actions) write_action(year_id, ini_id, a, action_pos++);
    }
    for (const auto& a : y.actions) write_action(year_id, 0, a, action_pos++);
  }

  void write_action(long long year_id, long long ini_id, const core::Action& a, int position) {
    const int all = a.all_participate ? 1 : 0;
    const std::string vps = join_ints(a.viewpoints);
    soci::indicator ini_ind = ini_id == 0 ? soci::i_null : soci::i_ok;
    const long long action_id = insert_row(
        sql_,
        "INSERT INTO actions (category_year_id, initiative_id, text, all_participate, lead_code, "
        "funding, viewpoints, inferred, position) VALUES (:y, :ini, :t, :a, :l, :f, :v, :i, :p)",
        soci::use(year_id), soci::use(ini_id, ini_ind), soci::use(a.text), soci::use(all),
        soci::use(a.lead), soci::use(a.funding), soci::use(vps), soci::use(a.inferred),
        soci::use(position));
    int pos = 0;
    for (const auto& p : a.participants) {
      sql_ << "INSERT INTO action_participants (action_id, municipality_code, position) "
              "VALUES (:a, :m, :p)",
          soci::use(action_id), soci::use(p), soci::use(pos++);
    }
    pos = 0;
    for (const auto& ph : a.photos) {
      sql_ << "INSERT INTO action_photos (action_id, caption, inferred, position) "
              "VALUES (:a, :c, :i, :p)",
          soci::use(action_id), soci::use(ph.caption), soci::use(ph.inferred), soci::use(pos++);
    }
    pos = 0;
    for (const auto& t : a.agreements) {
      sql_ << "INSERT INTO action_agreements (action_id, agreement_title, position) "
              "VALUES (:a, :t, :p)",
          soci::use(action_id), soci::use(t), soci::use(pos++);
    }
  }

  soci::session& sql_;
  long long region_id_ = 0;
};

// Child rows read per parent id, each with its own id.
template <typename Child>
using ChildRows = std::map<long long, std::vector<std::pair<long long, Child>>>;

// Moves the children into their parents' `member` vectors (reserved first, so that the
// pointers stay valid) and indexes the stored children by their own id.
template <typename Parent, typename Child>
void attach(ChildRows<Child>& by_parent, const std::map<long long, Parent*>& parents,
            std::vector<Child> Parent::*member, std::map<long long, Child*>& index) {
  for (auto& [parent_id, list] : by_parent) {
    auto& children = parents.at(parent_id)->*member;
    children.reserve(list.size());
    for (auto& [id, child] : list) {
      children.push_back(std::move(child));
      index[id] = &children.back();
    }
  }
}

// Reads one region with one query per table (no per-row queries).
class Reader {
 public:
  Reader(soci::session& sql, long long region_id) : sql_(sql), rid_(region_id) {}

  Region read() {
    Region r;
    {
      each(
          "SELECT slug, kind, name, name_en, declared_on, source, vision_title, plan_from, "
          "plan_to, grade_bands, kpi_rate_method FROM regions WHERE id = :id",
          [&](const soci::row& row) {
            r.slug = as_text(row, 0);
            r.kind =
                core::region_kind_from(as_text(row, 1)).value_or(core::RegionKind::kSettlement);
            r.name = as_text(row, 2);
            r.name_en = as_text(row, 3);
            r.declared_on = date_from(as_text(row, 4));
            r.source = as_text(row, 5);
            r.vision.title = as_text(row, 6);
            r.vision.from_fiscal_year = static_cast<int>(as_int(row, 7));
            r.vision.to_fiscal_year = static_cast<int>(as_int(row, 8));
            r.grade_bands = decode_bands(as_text(row, 9));
            r.grade_bands.method =
                core::rate_method_from(as_text(row, 10)).value_or(core::RateMethod::kProgress);
          });
    }
    each(
        "SELECT code, name, kind, role, inferred FROM municipalities WHERE region_id = :id "
        "AND deleted_at IS NULL ORDER BY position",
        [&](const soci::row& row) {
          std::string kind;
          std::string role;
          core::Municipality& m = r.municipalities.emplace_back();
          RowReader(row) >> m.code >> m.name >> kind >> role >> m.inferred;
          m.kind = core::municipality_kind_from(kind).value_or(core::MunicipalityKind::kTown);
          m.role = core::municipality_role_from(role).value_or(core::MunicipalityRole::kMember);
        });
    each(
        "SELECT kind, title, municipality_code, signed_on, resolved_on, note, inferred "
        "FROM agreements WHERE region_id = :id AND deleted_at IS NULL ORDER BY position",
        [&](const soci::row& row) {
          core::Agreement& a = r.agreements.emplace_back();
          std::string signed_on;
          std::string resolved_on;
          RowReader(row) >> a.kind >> a.title >> a.municipality >> signed_on >> resolved_on >>
              a.note >> a.inferred;
          a.signed_on = date_from(signed_on);
          a.resolved_on = date_from(resolved_on);
        });
    read_vision_tree(r);
    each("SELECT number, text FROM viewpoints WHERE region_id = :id ORDER BY number",
         [&](const soci::row& row) {
           r.viewpoints.push_back({static_cast<int>(as_int(row, 0)), as_text(row, 1)});
         });
    each("SELECT name, role FROM cycle_steps WHERE region_id = :id ORDER BY position",
         [&](const soci::row& row) {
           r.cycle.push_back({as_text(row, 0), as_text(row, 1)});
         });
    each(
        "SELECT fiscal_year, kind, label, from_month, to_month, inferred FROM schedule_items "
        "WHERE region_id = :id ORDER BY position",
        [&](const soci::row& row) {
          core::ScheduleItem s;
          s.fiscal_year = static_cast<int>(as_int(row, 0));
          s.kind = as_text(row, 1);
          s.label = as_text(row, 2);
          s.from_month = static_cast<int>(as_int(row, 3));
          s.to_month = static_cast<int>(as_int(row, 4));
          s.inferred = as_text(row, 5);
          r.schedule.push_back(std::move(s));
        });
    return r;
  }

 private:
  template <typename F>
  void each(const std::string& query, F&& f) {
    for_each_row(sql_, query, std::forward<F>(f), rid_);
  }

  // Reads the rows "id, parent id, <child columns>" of `query`, fills each child from its own
  // columns with `fill`, and attaches the children to their parents (see attach).
  template <typename Parent, typename Child, typename Fill>
  void read_children(const std::string& query, Fill fill,
                     const std::map<long long, Parent*>& parents,
                     std::vector<Child> Parent::*member, std::map<long long, Child*>& index) {
    ChildRows<Child> by_parent;
    each(query, [&](const soci::row& row) {
      long long id = 0;
      long long parent_id = 0;
      Child child;
      RowReader in(row);
      in >> id >> parent_id;
      fill(in, child);
      by_parent[parent_id].emplace_back(id, std::move(child));
    });
    attach(by_parent, parents, member, index);
  }

  void read_vision_tree(Region& r) {
    std::map<long long, core::PolicyArea*> areas;
    std::map<long long, core::Field*> fields;
    std::map<long long, core::Category*> categories;
    std::map<long long, core::CategoryYear*> years;
    std::map<long long, std::pair<core::CategoryYear*, std::size_t>> initiatives;
    std::map<long long, core::Action*> actions;

    // Pointers stay valid: each level is read completely before the next level is added.
    std::vector<std::pair<long long, core::PolicyArea>> area_rows;
    each("SELECT id, code, name FROM policy_areas WHERE region_id = :id ORDER BY position",
         [&](const soci::row& row) {
           core::PolicyArea a;
           a.code = as_text(row, 1);
           a.name = as_text(row, 2);
           r.policy_areas.push_back(std::move(a));
           area_rows.emplace_back(as_int(row, 0), core::PolicyArea{});
         });
    for (std::size_t i = 0; i < area_rows.size(); ++i)
      areas[area_rows[i].first] = &r.policy_areas[i];

    std::vector<std::pair<long long, long long>> field_ids;  // (area, field)
    read_children(
        "SELECT id, policy_area_id, name, inferred FROM fields WHERE region_id = :id AND "
        "deleted_at IS NULL ORDER BY position",
        [](RowReader& in, core::Field& f) { in >> f.name >> f.inferred; }, areas,
        &core::PolicyArea::fields, fields);

    read_children(
        "SELECT c.id, c.field_id, c.name, c.note, c.inferred FROM categories c "
        "JOIN fields f ON f.id = c.field_id WHERE f.region_id = :id AND c.deleted_at IS NULL "
        "AND f.deleted_at IS NULL ORDER BY c.position",
        [](RowReader& in, core::Category& c) { in >> c.name >> c.note >> c.inferred; }, fields,
        &core::Field::categories, categories);

    each(
        "SELECT s.category_id, s.stage, s.from_fiscal_year FROM category_stages s "
        "JOIN categories c ON c.id = s.category_id JOIN fields f ON f.id = c.field_id "
        "WHERE f.region_id = :id AND c.deleted_at IS NULL AND f.deleted_at IS NULL "
        "ORDER BY s.category_id, s.from_fiscal_year",
        [&](const soci::row& row) {
          core::StageChange s;
          s.stage = core::stage_from(as_text(row, 1)).value_or(core::Stage::kCandidate);
          s.from_fiscal_year = static_cast<int>(as_int(row, 2));
          categories.at(as_int(row, 0))->stages.push_back(s);
        });

    // KPIs: reserve per category first so that pointers stay valid.
    struct KpiRow {
      long long id, category_id;
      core::Kpi kpi;
    };
    std::vector<KpiRow> kpi_rows;
    each(
        "SELECT k.id, k.category_id, k.name, k.unit, k.direction, k.baseline_fy, k.baseline_value, "
        "k.target_fy, k.target_value, k.cumulative, k.summed, k.decimal_places, k.data_source, "
        "k.sample, "
        "k.inferred FROM kpis k JOIN categories c ON c.id = k.category_id JOIN fields f ON f.id = "
        "c.field_id WHERE f.region_id = :id AND c.deleted_at IS NULL AND f.deleted_at IS NULL "
        "ORDER BY k.category_id, k.position",
        [&](const soci::row& row) {
          core::Kpi k;
          auto& d = k.definition;
          d.name = as_text(row, 2);
          d.unit = as_text(row, 3);
          d.direction =
              core::kpi_direction_from(as_text(row, 4)).value_or(core::KpiDirection::kHigher);
          d.baseline = {static_cast<int>(as_int(row, 5)), decimal_from(as_text(row, 6))};
          d.target = {static_cast<int>(as_int(row, 7)), decimal_from(as_text(row, 8))};
          d.cumulative = as_int(row, 9) != 0;
          d.summed = as_int(row, 10) != 0;
          if (row.get_indicator(11) != soci::i_null)
            d.decimal_places = static_cast<int>(as_int(row, 11));
          d.data_source = as_text(row, 12);
          k.sample = as_int(row, 13) != 0;
          k.inferred = as_text(row, 14);
          kpi_rows.push_back({as_int(row, 0), as_int(row, 1), std::move(k)});
        });
    std::map<long long, core::Kpi*> kpis;
    {
      std::map<long long, std::size_t> counts;
      for (const auto& kr : kpi_rows) ++counts[kr.category_id];
      for (auto& [cat_id, n] : counts) categories.at(cat_id)->kpis.reserve(n);
      for (auto& kr : kpi_rows) {
        auto* cat = categories.at(kr.category_id);
        cat->kpis.push_back(std::move(kr.kpi));
        kpis[kr.id] = &cat->kpis.back();
      }
    }
    const std::string kpi_join =
        " JOIN kpis k ON k.id = z.kpi_id JOIN categories c ON c.id = k.category_id JOIN fields f "
        "ON "
        "f.id = c.field_id WHERE f.region_id = :id AND c.deleted_at IS NULL AND f.deleted_at IS "
        "NULL ";
    each("SELECT z.kpi_id, z.fiscal_year, z.value FROM kpi_yearly_targets z" + kpi_join +
             "ORDER BY z.kpi_id",
         [&](const soci::row& row) {
           kpis.at(as_int(row, 0))->definition.yearly_targets[static_cast<int>(as_int(row, 1))] =
               decimal_from(as_text(row, 2));
         });
    each(
        "SELECT z.kpi_id, z.fiscal_year, z.municipality_code, z.value, z.note, z.entered_by, "
        "z.entered_at "
        "FROM kpi_actuals z" +
            kpi_join + "ORDER BY z.kpi_id, z.position",
        [&](const soci::row& row) {
          core::KpiActual a;
          a.fiscal_year = static_cast<int>(as_int(row, 1));
          a.municipality = as_text(row, 2);
          a.value = decimal_from(as_text(row, 3));
          a.note = as_text(row, 4);
          a.entered_by = as_text(row, 5);
          a.entered_at = as_text(row, 6);
          kpis.at(as_int(row, 0))->actuals.push_back(std::move(a));
        });

    read_children(
        "SELECT y.id, y.category_id, y.fiscal_year, y.direction, y.inferred FROM category_years y "
        "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
        "WHERE f.region_id = :id AND c.deleted_at IS NULL AND f.deleted_at IS NULL "
        "ORDER BY y.fiscal_year",
        [](RowReader& in, core::CategoryYear& y) {
          in >> y.fiscal_year >> y.direction >> y.inferred;
        },
        categories, &core::Category::years, years);

    const std::string year_join =
        " JOIN category_years y ON y.id = x.category_year_id JOIN categories c ON c.id = "
        "y.category_id JOIN fields f ON f.id = c.field_id WHERE f.region_id = :id "
        "AND c.deleted_at IS NULL AND f.deleted_at IS NULL ";
    each(
        "SELECT x.category_year_id, x.text FROM category_year_topics x" + year_join +
            "ORDER BY x.category_year_id, x.position",
        [&](const soci::row& row) { years.at(as_int(row, 0))->topics.push_back(as_text(row, 1)); });

    std::map<long long, std::size_t> ini_counts;
    std::vector<std::tuple<long long, long long, core::Initiative>> ini_rows;
    each("SELECT x.id, x.category_year_id, x.text, x.inferred FROM initiatives x" + year_join +
             "AND x.deleted_at IS NULL ORDER BY x.category_year_id, x.position",
         [&](const soci::row& row) {
           core::Initiative ini;
           ini.text = as_text(row, 2);
           ini.inferred = as_text(row, 3);
           ini_rows.emplace_back(as_int(row, 0), as_int(row, 1), std::move(ini));
         });
    for (auto& [id, year_id, ini] : ini_rows) ++ini_counts[year_id];
    for (auto& [year_id, n] : ini_counts) years.at(year_id)->initiatives.reserve(n);
    for (auto& [id, year_id, ini] : ini_rows) {
      auto* y = years.at(year_id);
      y->initiatives.push_back(std::move(ini));
      initiatives[id] = {y, y->initiatives.size() - 1};
    }

    // Actions: reserve per container first so that pointers stay valid.
    struct ActionRow {
      long long id, year_id, ini_id;
      core::Action action;
    };
    std::vector<ActionRow> action_rows;
    each(
        "SELECT x.id, x.category_year_id, x.initiative_id, x.text, x.all_participate, x.lead_code, "
        "x.funding, x.viewpoints, x.inferred FROM actions x" +
            year_join + "AND x.deleted_at IS NULL ORDER BY x.category_year_id, x.position",
        [&](const soci::row& row) {
          core::Action a;
          a.text = as_text(row, 3);
          a.all_participate = as_int(row, 4) != 0;
          a.lead = as_text(row, 5);
          a.funding = as_text(row, 6);
          a.viewpoints = split_ints(as_text(row, 7));
          a.inferred = as_text(row, 8);
          action_rows.push_back({as_int(row, 0), as_int(row, 1), as_int(row, 2), std::move(a)});
        });
    std::map<std::vector<core::Action>*, std::size_t> action_counts;
    auto container = [&](const ActionRow& ar) -> std::vector<core::Action>* {
      if (ar.ini_id != 0) {
        auto [y, idx] = initiatives.at(ar.ini_id);
        return &y->initiatives[idx].actions;
      }
      return &years.at(ar.year_id)->actions;
    };
    for (const auto& ar : action_rows) ++action_counts[container(ar)];
    for (auto& [vec, n] : action_counts) vec->reserve(n);
    for (auto& ar : action_rows) {
      auto* vec = container(ar);
      vec->push_back(std::move(ar.action));
      actions[ar.id] = &vec->back();
    }

    const std::string action_join =
        " JOIN actions x ON x.id = z.action_id JOIN category_years y ON y.id = x.category_year_id "
        "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
        "WHERE f.region_id = :id AND x.deleted_at IS NULL AND c.deleted_at IS NULL ";
    each("SELECT z.action_id, z.municipality_code FROM action_participants z" + action_join +
             "ORDER BY z.action_id, z.position",
         [&](const soci::row& row) {
           actions.at(as_int(row, 0))->participants.push_back(as_text(row, 1));
         });
    each("SELECT z.action_id, z.caption, z.inferred FROM action_photos z" + action_join +
             "ORDER BY z.action_id, z.position",
         [&](const soci::row& row) {
           actions.at(as_int(row, 0))->photos.push_back({as_text(row, 1), as_text(row, 2)});
         });
    each("SELECT z.action_id, z.agreement_title FROM action_agreements z" + action_join +
             "ORDER BY z.action_id, z.position",
         [&](const soci::row& row) {
           actions.at(as_int(row, 0))->agreements.push_back(as_text(row, 1));
         });
  }

  soci::session& sql_;
  long long rid_;
};

std::optional<long long> region_id(soci::session& sql, const std::string& slug) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM regions WHERE slug = :s", soci::use(slug), soci::into(id, ind);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

RegionSummary summary_from(const soci::row& row) {
  RegionSummary s;
  s.slug = as_text(row, 0);
  s.kind = core::region_kind_from(as_text(row, 1)).value_or(core::RegionKind::kSettlement);
  s.name = as_text(row, 2);
  s.name_en = as_text(row, 3);
  s.vision_title = as_text(row, 4);
  s.plan_from = static_cast<int>(as_int(row, 5));
  s.plan_to = static_cast<int>(as_int(row, 6));
  s.change_seq = as_int(row, 7);
  s.published = as_int(row, 9) != 0;
  s.municipality_count = static_cast<int>(as_int(row, 8));
  s.version = as_int(row, 10);
  return s;
}

const char* kSummarySelect =
    "SELECT r.slug, r.kind, r.name, r.name_en, r.vision_title, r.plan_from, r.plan_to, "
    "r.change_seq, (SELECT COUNT(*) FROM municipalities m WHERE m.region_id = r.id AND "
    "m.deleted_at IS NULL), r.published, r.version "
    "FROM regions "
    "r ";

}  // namespace

RegionStore::SaveResult RegionStore::save(const Region& region, SaveMode mode,
                                          const std::function<void()>& before_commit) {
  SaveResult result;
  db_.write([&](soci::session& sql) {
    result = save_in(sql, region, mode, {"store", audit_now()});
    if (result.saved && before_commit) before_commit();
  });
  return result;
}

RegionStore::SaveResult RegionStore::save_in(soci::session& sql, const Region& region,
                                             SaveMode mode, const ReplaceStamp& replace) {
  SaveResult result;
  long long previous_seq = 0;
  int published = 1;
  const auto old_id = region_id(sql, region.slug);
  if (old_id) {
    result.existed = true;
    if (mode == SaveMode::kCreateOnly) return result;  // nothing written
    sql << "SELECT change_seq, published FROM regions WHERE id = :id", soci::use(*old_id),
        soci::into(previous_seq), soci::into(published);
    // The old rows stay under another slug until their records have moved (ADR 0008).
    const std::string parked = region.slug + "~replaced~" + std::to_string(*old_id);
    sql << "UPDATE regions SET slug = :s WHERE id = :id", soci::use(parked), soci::use(*old_id);
  }
  Writer(sql).write(region);
  if (old_id) {
    const auto new_id = region_id(sql, region.slug);
    carry_over(sql, *old_id, *new_id, replace);
    sql << "DELETE FROM regions WHERE id = :id", soci::use(*old_id);
  }
  // The change counter keeps growing across replacements, so caches never see an old value.
  // Publication is not part of the dataset: a replacement keeps the region's state.
  const long long seq = previous_seq + 1;
  sql << "UPDATE regions SET change_seq = :c, published = :p WHERE slug = :s", soci::use(seq),
      soci::use(published), soci::use(region.slug);
  SearchIndex(db_).rebuild(sql, region.slug);
  result.saved = true;
  return result;
}

std::optional<Region> RegionStore::load(const std::string& slug) {
  std::optional<Region> out;
  db_.with_session([&](soci::session& sql) {
    // One read transaction: a concurrent replacement is seen entirely or not at all.
    soci::transaction tr(sql);
    if (auto id = region_id(sql, slug)) out = Reader(sql, *id).read();
    tr.commit();
  });
  return out;
}

std::optional<Region> RegionStore::load_in(soci::session& sql, const std::string& slug) {
  if (auto id = region_id(sql, slug)) return Reader(sql, *id).read();
  return std::nullopt;
}

std::vector<RegionSummary> RegionStore::list() {
  std::vector<RegionSummary> out;
  db_.with_session([&](soci::session& sql) {
    soci::rowset<soci::row> rs = sql.prepare << (std::string(kSummarySelect) + "ORDER BY r.slug");
    for (const auto& row : rs) out.push_back(summary_from(row));
  });
  return out;
}

std::optional<RegionSummary> RegionStore::summary(const std::string& slug) {
  std::optional<RegionSummary> out;
  static const std::string query = std::string(kSummarySelect) + "WHERE r.slug = :s";
  db_.with_session([&](soci::session& sql) {
    cached_rows(
        sql, query, [&](const soci::row& row) { out = summary_from(row); }, slug);
  });
  return out;
}

void advance_change_counter(soci::session& sql, long long region_id) {
  cached_exec(sql, "UPDATE regions SET change_seq = change_seq + 1 WHERE id = :r", region_id);
}

core::GradeBands load_grade_bands(soci::session& sql, long long region_id) {
  std::string bands;
  std::string method;
  soci::indicator bands_ind = soci::i_ok;
  soci::indicator method_ind = soci::i_ok;
  sql << "SELECT grade_bands, kpi_rate_method FROM regions WHERE id = :id",
      soci::into(bands, bands_ind), soci::into(method, method_ind), soci::use(region_id);
  auto out = decode_bands(bands_ind == soci::i_ok ? bands : std::string());
  out.method = core::rate_method_from(method_ind == soci::i_ok ? method : std::string())
                   .value_or(core::RateMethod::kProgress);
  return out;
}

void save_grade_bands(soci::session& sql, long long region_id, const core::GradeBands& bands) {
  const std::string text = encode_bands(bands);
  const std::string method(core::code(bands.method));
  sql << "UPDATE regions SET grade_bands = :b, kpi_rate_method = :m WHERE id = :id",
      soci::use(text), soci::use(method), soci::use(region_id);
}

}  // namespace kyosei::storage
