#include "storage/council/workspace_store.hpp"

#include <soci/soci.h>

#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kThreadColumns =
    "SELECT id, region_id, field_id, target, title, created_by, created_at, version FROM "
    "subcommittee_threads ";

ThreadRow thread_from(const soci::row& row) {
  ThreadRow t;
  RowReader(row) >> t.id >> t.region_id >> t.field_id >> t.target >> t.title >> t.created_by >>
      t.created_at >> t.version;
  return t;
}

PostRow post_from(const soci::row& row) {
  PostRow p;
  RowReader(row) >> p.id >> p.thread_id >> p.body >> p.author >> p.author_town >> p.created_at;
  return p;
}

AssessmentRow assessment_from(const soci::row& row) {
  AssessmentRow a;
  RowReader(row) >> a.category_id >> a.fiscal_year >> a.municipality >> a.viewpoint >> a.score >>
      a.note >> a.changed_by >> a.changed_at;
  return a;
}

ProposalRow proposal_from(const soci::row& row) {
  ProposalRow p;
  RowReader(row) >> p.category_id >> p.fiscal_year >> p.reason >> p.marked_by >> p.marked_at;
  return p;
}

long long as_id(const soci::row& row) { return as_int(row, 0); }

}  // namespace

std::vector<ThreadRow> load_threads(Session& sql, long long region_id, long long field_id) {
  if (field_id == 0)
    return rows_of(sql, std::string(kThreadColumns) + "WHERE region_id = :r ORDER BY id DESC",
                   thread_from, region_id);
  return rows_of(
      sql, std::string(kThreadColumns) + "WHERE region_id = :r AND field_id = :f ORDER BY id DESC",
      thread_from, region_id, field_id);
}

std::optional<ThreadRow> load_thread(Session& sql, long long region_id, long long id) {
  auto rows = rows_of(sql, std::string(kThreadColumns) + "WHERE region_id = :r AND id = :i",
                      thread_from, region_id, id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_thread(Session& sql, const ThreadRow& t) {
  sql << "INSERT INTO subcommittee_threads (region_id, field_id, target, title, created_by, "
         "created_at) VALUES (:r, :f, :t, :ti, :by, :at)",
      soci::use(t.region_id), soci::use(t.field_id), soci::use(t.target), soci::use(t.title),
      soci::use(t.created_by), soci::use(t.created_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM subcommittee_threads WHERE region_id = :r", soci::use(t.region_id),
      soci::into(id);
  return id;
}

std::vector<PostRow> load_posts(Session& sql, long long thread_id) {
  return rows_of(sql,
                 "SELECT id, thread_id, body, author, author_town, created_at FROM "
                 "subcommittee_posts WHERE thread_id = :t ORDER BY id",
                 post_from, thread_id);
}

long long insert_post(Session& sql, const PostRow& p) {
  sql << "INSERT INTO subcommittee_posts (thread_id, body, author, author_town, created_at) "
         "VALUES (:t, :b, :a, :w, :at)",
      soci::use(p.thread_id), soci::use(p.body), soci::use(p.author), soci::use(p.author_town),
      soci::use(p.created_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM subcommittee_posts WHERE thread_id = :t", soci::use(p.thread_id),
      soci::into(id);
  return id;
}

std::vector<AssessmentRow> load_assessments(Session& sql, long long category_id, int fiscal_year) {
  return rows_of(sql,
                 "SELECT category_id, fiscal_year, municipality_code, viewpoint, score, note, "
                 "changed_by, changed_at FROM viewpoint_assessments WHERE category_id = :c AND "
                 "fiscal_year = :y ORDER BY municipality_code, viewpoint",
                 assessment_from, category_id, fiscal_year);
}

void replace_assessments(Session& sql, long long category_id, int fiscal_year,
                         const std::string& municipality, const std::vector<AssessmentRow>& rows) {
  sql << "DELETE FROM viewpoint_assessments WHERE category_id = :c AND fiscal_year = :y AND "
         "municipality_code = :m",
      soci::use(category_id), soci::use(fiscal_year), soci::use(municipality);
  for (const auto& a : rows) {
    sql << "INSERT INTO viewpoint_assessments (category_id, fiscal_year, municipality_code, "
           "viewpoint, score, note, changed_by, changed_at) VALUES (:c, :y, :m, :v, :s, :n, :b, "
           ":a)",
        soci::use(category_id), soci::use(fiscal_year), soci::use(municipality),
        soci::use(a.viewpoint), soci::use(a.score), soci::use(a.note), soci::use(a.changed_by),
        soci::use(a.changed_at);
  }
}

std::optional<ProposalRow> load_proposal(Session& sql, long long category_id, int fiscal_year) {
  auto rows = rows_of(sql,
                      "SELECT category_id, fiscal_year, reason, marked_by, marked_at FROM "
                      "revision_proposals WHERE category_id = :c AND fiscal_year = :y",
                      proposal_from, category_id, fiscal_year);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ProposalRow> load_proposals(Session& sql, long long region_id, int fiscal_year) {
  return rows_of(sql,
                 "SELECT category_id, fiscal_year, reason, marked_by, marked_at FROM "
                 "revision_proposals WHERE region_id = :r AND fiscal_year = :y ORDER BY "
                 "category_id",
                 proposal_from, region_id, fiscal_year);
}

void set_proposal(Session& sql, const ProposalRow& p) {
  clear_proposal(sql, p.category_id, p.fiscal_year);
  long long region_id = 0;
  sql << "SELECT f.region_id FROM categories c JOIN fields f ON f.id = c.field_id WHERE c.id = :c",
      soci::use(p.category_id), soci::into(region_id);
  sql << "INSERT INTO revision_proposals (region_id, category_id, fiscal_year, reason, "
         "marked_by, marked_at) VALUES (:r, :c, :y, :re, :b, :a)",
      soci::use(region_id), soci::use(p.category_id), soci::use(p.fiscal_year), soci::use(p.reason),
      soci::use(p.marked_by), soci::use(p.marked_at);
}

void clear_proposal(Session& sql, long long category_id, int fiscal_year) {
  sql << "DELETE FROM revision_proposals WHERE category_id = :c AND fiscal_year = :y",
      soci::use(category_id), soci::use(fiscal_year);
}

std::optional<long long> category_field(Session& sql, long long region_id, long long category_id) {
  auto rows = rows_of(sql,
                      "SELECT c.field_id FROM categories c JOIN fields f ON f.id = c.field_id "
                      "WHERE f.region_id = :r AND c.id = :c AND c.deleted_at IS NULL",
                      as_id, region_id, category_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<long long> action_category(Session& sql, long long region_id, long long action_id) {
  auto rows = rows_of(sql,
                      "SELECT y.category_id FROM actions a JOIN category_years y ON y.id = "
                      "a.category_year_id JOIN categories c ON c.id = y.category_id JOIN fields f "
                      "ON f.id = c.field_id WHERE f.region_id = :r AND a.id = :a AND a.deleted_at "
                      "IS NULL",
                      as_id, region_id, action_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<std::pair<long long, std::string>> field_categories(Session& sql, long long region_id,
                                                                long long field_id) {
  std::vector<std::pair<long long, std::string>> out;
  for_each_row(
      sql,
      "SELECT c.id, c.name FROM categories c JOIN fields f ON f.id = c.field_id WHERE "
      "f.region_id = :r AND c.field_id = :f AND c.deleted_at IS NULL ORDER BY c.position, c.id",
      [&](const soci::row& row) { out.emplace_back(as_int(row, 0), as_text(row, 1)); }, region_id,
      field_id);
  return out;
}

std::optional<long long> category_by_name(Session& sql, long long region_id,
                                          const std::string& name) {
  auto rows = rows_of(sql,
                      "SELECT c.id FROM categories c JOIN fields f ON f.id = c.field_id WHERE "
                      "f.region_id = :r AND c.name = :n AND c.deleted_at IS NULL ORDER BY c.id",
                      as_id, region_id, name);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool has_assessments(Session& sql, long long region_id, int fiscal_year) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM viewpoint_assessments a JOIN categories c ON c.id = a.category_id "
         "JOIN fields f ON f.id = c.field_id WHERE f.region_id = :r AND a.fiscal_year = :y",
      soci::use(region_id), soci::use(fiscal_year), soci::into(n);
  return n > 0;
}

std::string category_stage_in(Session& sql, long long category_id, int fiscal_year) {
  std::string stage;
  for_each_row(
      sql,
      "SELECT stage FROM category_stages WHERE category_id = :c AND from_fiscal_year <= :y ORDER "
      "BY from_fiscal_year",
      [&](const soci::row& row) { stage = as_text(row, 0); }, category_id, fiscal_year);
  return stage;
}

}  // namespace kyosei::storage
