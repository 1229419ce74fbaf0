#include "storage/plan/edition_store.hpp"

#include <soci/soci.h>

#include "storage/common/row_util.hpp"
#include "storage/plan/carry_over.hpp"

namespace kyosei::storage {
namespace {

const std::string kColumns =
    "id, region_id, number, status, title, decided_on, from_fiscal_year, reasons, changes, "
    "opinion_ids, created_by, created_at, published_by, published_at, version";

EditionRow from_row(const soci::row& row) {
  EditionRow e;
  RowReader r(row);
  r >> e.id >> e.region_id >> e.number >> e.status >> e.title >> e.decided_on >>
      e.from_fiscal_year >> e.reasons_json >> e.changes_json >> e.opinion_ids_json >>
      e.created_by >> e.created_at >> e.published_by >> e.published_at >> e.version;
  if (row.size() > 15) e.dataset = as_text(row, 15);
  return e;
}

std::optional<EditionRow> one(Session& sql, const std::string& where, long long a,
                              std::optional<long long> b = {}) {
  const std::string q = "SELECT " + kColumns + ", dataset FROM plan_editions WHERE " + where;
  std::vector<EditionRow> rows =
      b ? rows_of(sql, q, &from_row, a, *b) : rows_of(sql, q, &from_row, a);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

}  // namespace

std::vector<EditionRow> published_editions(Session& sql, long long region_id, bool with_text) {
  return rows_of(sql,
                 "SELECT " + kColumns + (with_text ? ", dataset" : "") +
                     " FROM plan_editions WHERE region_id = :r AND status = 'published' "
                     "ORDER BY number",
                 &from_row, region_id);
}

std::optional<EditionRow> edition_by_number(Session& sql, long long region_id, long long number) {
  return one(sql, "region_id = :r AND status = 'published' AND number = :n", region_id, number);
}

std::optional<EditionRow> draft_edition(Session& sql, long long region_id) {
  return one(sql, "region_id = :r AND status = 'draft' ORDER BY id", region_id);
}

std::optional<EditionRow> draft_summary(Session& sql, long long region_id) {
  auto rows = rows_of(sql,
                      "SELECT " + kColumns +
                          " FROM plan_editions WHERE region_id = :r AND status = 'draft' "
                          "ORDER BY id",
                      &from_row, region_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_edition(Session& sql, const EditionRow& e) {
  soci::indicator ni = e.number ? soci::i_ok : soci::i_null;
  const long long number = e.number.value_or(0);
  sql << "INSERT INTO plan_editions (region_id, number, status, title, decided_on, "
         "from_fiscal_year, reasons, changes, opinion_ids, dataset, created_by, created_at, "
         "published_by, published_at, version) VALUES (:r, :n, :s, :t, :d, :f, :re, :c, :o, "
         ":ds, :cb, :ca, :pb, :pa, 1)",
      soci::use(e.region_id), soci::use(number, ni), soci::use(e.status), soci::use(e.title),
      soci::use(e.decided_on), soci::use(e.from_fiscal_year), soci::use(e.reasons_json),
      soci::use(e.changes_json), soci::use(e.opinion_ids_json), soci::use(e.dataset),
      soci::use(e.created_by), soci::use(e.created_at), soci::use(e.published_by),
      soci::use(e.published_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM plan_editions WHERE region_id = :r", soci::use(e.region_id),
      soci::into(id);
  return id;
}

void update_draft(Session& sql, const EditionRow& e) {
  sql << "UPDATE plan_editions SET title = :t, decided_on = :d, from_fiscal_year = :f, "
         "reasons = :re, changes = :c, opinion_ids = :o, dataset = :ds, version = version + 1 "
         "WHERE id = :i AND status = 'draft'",
      soci::use(e.title), soci::use(e.decided_on), soci::use(e.from_fiscal_year),
      soci::use(e.reasons_json), soci::use(e.changes_json), soci::use(e.opinion_ids_json),
      soci::use(e.dataset), soci::use(e.id);
}

void publish_edition(Session& sql, long long id, long long number, const std::string& by,
                     const std::string& at) {
  sql << "UPDATE plan_editions SET status = 'published', number = :n, published_by = :b, "
         "published_at = :a, version = version + 1 WHERE id = :i",
      soci::use(number), soci::use(by), soci::use(at), soci::use(id);
}

void delete_edition(Session& sql, long long id) {
  sql << "DELETE FROM plan_editions WHERE id = :i", soci::use(id);
}

void rename_live_item(Session& sql, long long region_id, const LiveRename& r) {
  // The live category year of field › category › fiscal year, as a subquery.
  static constexpr const char* kYear =
      "(SELECT y.id FROM category_years y JOIN categories c ON c.id = y.category_id JOIN fields "
      "f ON f.id = c.field_id WHERE f.region_id = :r AND f.name = :f AND c.name = :c AND "
      "y.fiscal_year = :y AND c.deleted_at IS NULL AND f.deleted_at IS NULL)";
  using L = LiveRename::Level;
  switch (r.level) {
    case L::kField:
      sql << "UPDATE fields SET name = :t, version = version + 1 WHERE region_id = :r AND name "
             "= :o AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fields x WHERE "
             "x.region_id = :r2 AND x.name = :t2)",
          soci::use(r.to, "t"), soci::use(region_id, "r"), soci::use(r.from, "o"),
          soci::use(region_id, "r2"), soci::use(r.to, "t2");
      return;
    case L::kCategory:
      sql << "UPDATE categories SET name = :t, version = version + 1 WHERE name = :o AND "
             "deleted_at IS NULL AND field_id = (SELECT id FROM fields WHERE region_id = :r AND "
             "name = :f AND deleted_at IS NULL) AND NOT EXISTS (SELECT 1 FROM categories x "
             "WHERE x.field_id = categories.field_id AND x.name = :t2)",
          soci::use(r.to, "t"), soci::use(r.from, "o"), soci::use(region_id, "r"),
          soci::use(r.field, "f"), soci::use(r.to, "t2");
      return;
    case L::kInitiative:
      sql << std::string(
                 "UPDATE initiatives SET text = :t, version = version + 1 WHERE text = "
                 ":o AND deleted_at IS NULL AND category_year_id = ") +
                 kYear,
          soci::use(r.to, "t"), soci::use(r.from, "o"), soci::use(region_id, "r"),
          soci::use(r.field, "f"), soci::use(r.category, "c"), soci::use(r.fiscal_year, "y");
      return;
    case L::kAction:
      if (r.initiative.empty()) {
        sql << std::string(
                   "UPDATE actions SET text = :t, version = version + 1 WHERE text = :o "
                   "AND deleted_at IS NULL AND initiative_id IS NULL AND "
                   "category_year_id = ") +
                   kYear,
            soci::use(r.to, "t"), soci::use(r.from, "o"), soci::use(region_id, "r"),
            soci::use(r.field, "f"), soci::use(r.category, "c"), soci::use(r.fiscal_year, "y");
      } else {
        sql << std::string(
                   "UPDATE actions SET text = :t, version = version + 1 WHERE text = :o "
                   "AND deleted_at IS NULL AND initiative_id IN (SELECT i.id FROM "
                   "initiatives i WHERE i.text = :i AND i.deleted_at IS NULL AND "
                   "i.category_year_id = ") +
                   kYear + ")",
            soci::use(r.to, "t"), soci::use(r.from, "o"), soci::use(r.initiative, "i"),
            soci::use(region_id, "r"), soci::use(r.field, "f"), soci::use(r.category, "c"),
            soci::use(r.fiscal_year, "y");
      }
      return;
  }
}

void delete_published_editions(Session& sql, long long region_id) {
  sql << "DELETE FROM plan_editions WHERE region_id = :r AND status = 'published'",
      soci::use(region_id);
}

long long next_edition_number(Session& sql, long long region_id) {
  long long n = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(number) FROM plan_editions WHERE region_id = :r", soci::use(region_id),
      soci::into(n, ind);
  return (ind == soci::i_null ? 0 : n) + 1;
}

std::optional<long long> kpi_id_by_names(Session& sql, long long region_id,
                                         const std::string& field, const std::string& category,
                                         const std::string& name) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(k.id) FROM kpis k JOIN categories c ON c.id = k.category_id JOIN fields f "
         "ON f.id = c.field_id WHERE f.region_id = :r AND f.name = :f AND c.name = :c AND "
         "k.name = :k AND c.deleted_at IS NULL AND f.deleted_at IS NULL",
      soci::use(region_id), soci::use(field), soci::use(category), soci::use(name),
      soci::into(id, ind);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

std::map<std::string, std::string> evaluation_directions(Session& sql, long long region_id,
                                                         int fiscal_year) {
  std::map<std::string, std::string> out;
  for_each_row(
      sql,
      "SELECT f.name, c.name, y.fiscal_year, COALESCE(i.text, ''), a.text, e.next_direction "
      "FROM evaluations e JOIN actions a ON a.id = e.action_id JOIN category_years y ON y.id = "
      "a.category_year_id JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = "
      "c.field_id LEFT JOIN initiatives i ON i.id = a.initiative_id WHERE f.region_id = :r AND "
      "y.fiscal_year = :y AND a.deleted_at IS NULL AND c.deleted_at IS NULL AND f.deleted_at IS "
      "NULL",
      [&](const soci::row& row) {
        out[action_key(as_text(row, 0), as_text(row, 1), static_cast<int>(as_int(row, 2)),
                       as_text(row, 3), as_text(row, 4))] = as_text(row, 5);
      },
      region_id, fiscal_year);
  return out;
}

std::optional<long long> opinion_reflected_edition(Session& sql, long long opinion_id) {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT reflected_edition FROM opinions WHERE id = :i", soci::use(opinion_id),
      soci::into(n, ind);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return n;
}

void set_opinion_reflected_edition(Session& sql, long long opinion_id, long long number) {
  sql << "UPDATE opinions SET reflected_edition = :n WHERE id = :i", soci::use(number),
      soci::use(opinion_id);
}

bool opinion_belongs(Session& sql, long long region_id, long long opinion_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM opinions WHERE id = :i AND region_id = :r", soci::use(opinion_id),
      soci::use(region_id), soci::into(n);
  return n > 0;
}

std::string opinion_status(Session& sql, long long opinion_id) {
  std::string status;
  soci::indicator ind = soci::i_null;
  sql << "SELECT status FROM opinions WHERE id = :i", soci::use(opinion_id),
      soci::into(status, ind);
  if (!sql.got_data() || ind == soci::i_null) return {};
  return status;
}

}  // namespace kyosei::storage
